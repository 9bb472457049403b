"""The files a build produces, typed: what each is, where it goes, and what it holds.

The engine hands a site generator a list of :class:`Output`; each has its path in the site
(under ``docs/``) and its content. The generator decides what to do with each kind: render
a :class:`GeneratedPage` as it renders its own Markdown pages, copy a :class:`JsonFile` or
:class:`StaticAsset` as it is. A new kind of file (a calendar, a schema, an image) is one
more subclass here and one more entry in :meth:`inside_track.outputs.pages.Guide.outputs`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Output:
    """A file that exists only in the build: its path in the site and its content."""

    uri: str
    content: str | bytes

    @property
    def data(self) -> bytes:
        """The content as the bytes of the file (text is UTF-8)."""
        return self.content.encode("utf-8") if isinstance(self.content, str) else self.content


@dataclass(frozen=True)
class GeneratedPage(Output):
    """A Markdown page, to be rendered like the site's own pages."""

    content: str
    title: str
    sanitized: bool = False
    """Built only from sanitized fragments and escaped labels: nothing for an audit to find."""
    html: tuple[str, ...] = ()
    """The page's blocks of finished HTML, in order, each found as it is in ``content``
    between blank lines: whole block-level elements that Markdown would pass through
    unchanged. A generator may place them as they are instead of parsing them again."""


@dataclass(frozen=True)
class JsonFile(Output):
    """A JSON document served as it is, such as ``checklists.json``."""


@dataclass(frozen=True)
class StaticAsset(Output):
    """A file for the browser (stylesheet, script) served as it is; a site's own file of the
    same path replaces it."""


@dataclass(frozen=True)
class CalendarFile(Output):
    """An iCalendar file (``.ics``) served as it is: a checklist's plan for a calendar
    application, made at build time for pages read without their script."""

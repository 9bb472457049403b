"""The Jinja environment that turns playbooks into Markdown, created once per build.

Templates live in ``inside_track/templates``; a site may put files of the same name in its
own template folder to override any of them.

Every value a template prints passes through :func:`markdown_safe`, which escapes ``<``:
that is autoescaping for Markdown output. Playbook text keeps its Markdown (emphasis,
links), while a tag, an event-handler attribute or an autolink can never become live HTML,
even if one slipped past validation. Full HTML escaping would turn apostrophes in titles
into ``&#39;`` in navigation and search, so it is not used here.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

TEMPLATE_PACKAGE = ("inside_track", "templates")


class Renderer:
    """Renders named templates; knows which page it is rendering so links come out relative."""

    def __init__(self, override_dirs: Sequence[Path] = ()) -> None:
        loaders: list[jinja2.BaseLoader] = [
            jinja2.FileSystemLoader([str(d) for d in override_dirs])] if override_dirs else []
        loaders.append(jinja2.PackageLoader(*TEMPLATE_PACKAGE))
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=False,
            finalize=markdown_safe,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters["oneline"] = oneline
        self.env.filters["attr_id"] = attr_id
        self.env.filters["html"] = html_text

    def render(self, template: str, page_uri: str, **context: Any) -> str:
        """Render ``template`` for the page at ``page_uri`` (a path under ``docs/``)."""

        def link(target: str) -> str:
            return relative_link(page_uri, target)

        return self.env.get_template(template).render(link=link, page_uri=page_uri, **context)


def relative_link(from_uri: str, to_uri: str) -> str:
    """A link from one page (``a/b.md``) to another (``c/d.md#x``), as MkDocs resolves it."""
    target, _, anchor = to_uri.partition("#")
    relative = _relpath(target, posixpath.dirname(from_uri) or ".") if target else ""
    return f"{relative}#{anchor}" if anchor else relative


@functools.lru_cache(maxsize=65536)
def _relpath(target: str, base: str) -> str:
    """``posixpath.relpath``, remembered: pages in one folder link to the same few targets."""
    return posixpath.relpath(target, base)


def markdown_safe(value: Any) -> Any:
    """Neutralise raw HTML in a value printed into Markdown (trusted ``Markup`` passes)."""
    if isinstance(value, Markup) or value is None or isinstance(value, int | float):
        return value
    return str(value).replace("<", "&lt;")


def oneline(text: str) -> Markup:
    """Safe text folded onto one line, for table cells and list items."""
    return Markup(" ".join(markdown_safe(text).split()).replace("|", "&#124;"))


def html_text(text: str) -> Markup:
    """Text for a raw HTML block, where Markdown does not run: fully HTML-escaped."""
    return Markup.escape(" ".join(str(text).split()))


def attr_id(text: str) -> str:
    """A value safe to use in an HTML id or data attribute (ids are validated already)."""
    return _NOT_IN_ID.sub("", text)  # \w is what str.isalnum() accepts, and "_"


_NOT_IN_ID = re.compile(r"[^\w-]")

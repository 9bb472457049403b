"""The Jinja environment that turns playbooks into Markdown, created once per build.

Templates live in ``inside_track/templates``; a site may put files of the same name in its
own template folder to override any of them.

Every value a template prints passes through :func:`markdown_safe`, which escapes ``<``:
that is autoescaping for Markdown output. Playbook text keeps its Markdown (emphasis,
links), while a tag, an event-handler attribute or an autolink can never become live HTML,
even if one slipped past validation. Full HTML escaping would turn apostrophes in titles
into ``&#39;`` in navigation and search, so it is not used here. Templates that produce HTML
(named ``*.html``, ``*.html.j2``, ``*.xml``, ``*.xml.j2``) are autoescaped the usual way.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2
from jinja2.nodes import EvalContext
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
            autoescape=jinja2.select_autoescape(("html", "htm", "xml", "html.j2", "xml.j2"),
                                                default_for_string=False, default=False),
            finalize=_finalize,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters["oneline"] = oneline
        self.env.filters["attr_id"] = attr_id

    def render(self, template: str, page_uri: str, **context: Any) -> str:
        """Render ``template`` for the page at ``page_uri`` (a path under ``docs/``)."""

        def link(target: str) -> str:
            return relative_link(page_uri, target)

        return self.env.get_template(template).render(link=link, page_uri=page_uri, **context)


def relative_link(from_uri: str, to_uri: str) -> str:
    """A link from one page (``a/b.md``) to another (``c/d.md#x``), as MkDocs resolves it."""
    target, _, anchor = to_uri.partition("#")
    base = posixpath.dirname(from_uri) or "."
    relative = posixpath.relpath(target, base) if target else ""
    return f"{relative}#{anchor}" if anchor else relative


@jinja2.pass_eval_context
def _finalize(eval_ctx: EvalContext, value: Any) -> Any:
    """HTML templates are autoescaped by Jinja; Markdown templates get :func:`markdown_safe`."""
    return value if eval_ctx.autoescape else markdown_safe(value)


def markdown_safe(value: Any) -> Any:
    """Neutralise raw HTML in a value printed into Markdown (trusted ``Markup`` passes)."""
    if isinstance(value, Markup) or value is None or isinstance(value, int | float):
        return value
    return str(value).replace("<", "&lt;")


def oneline(text: str) -> Markup:
    """Safe text folded onto one line, for table cells and list items."""
    return Markup(" ".join(markdown_safe(text).split()).replace("|", "&#124;"))


def attr_id(text: str) -> str:
    """A value safe to use in an HTML id or data attribute (ids are validated already)."""
    return "".join(ch for ch in text if ch.isalnum() or ch in "-_")

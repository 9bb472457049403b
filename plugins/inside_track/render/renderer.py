"""The Jinja environment that turns playbooks into Markdown, created once per build.

Templates live in ``inside_track/templates``; a site may put files of the same name in its
own template folder to override any of them.

Every value a template prints passes through :func:`markdown_safe`, which escapes ``<``:
that is autoescaping for Markdown output. Playbook text keeps its Markdown (emphasis,
links), while a tag, an event-handler attribute or an autolink can never become live HTML,
even if one slipped past validation. Full HTML escaping would turn apostrophes in titles
into ``&#39;`` in navigation and search, so it is not used here. Templates that produce HTML
(named ``*.html``, ``*.html.j2``, ``*.xml``, ``*.xml.j2``) are autoescaped the usual way,
and place playbook text as sanitized fragments (the ``fragment`` and ``inline`` filters,
:mod:`inside_track.render.fragments`). A title inside Markdown link text or a heading goes
through the ``label`` filter, which writes Markdown's syntax characters as references.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import jinja2
from jinja2.nodes import EvalContext
from markupsafe import Markup

from ..model.safety import INLINE_PAGE_LINK, REFERENCE_PAGE_LINK, link_scheme
from .fragments import URL_MARK, fragment, inline

TEMPLATE_PACKAGE = ("inside_track.render", "templates")
MARKDOWN_EXTENSIONS = ("admonition", "attr_list", "md_in_html", "tables", "toc")
"""The Python-Markdown extensions the generated pages are written for: ``!!!`` notes,
``{: .class }`` attribute lists, Markdown inside HTML blocks (``markdown="block"``), tables,
and heading anchors (which playbook links may name)."""
_PAGE_SCHEME = "inside-track-page:"
_PAGE_LINK = re.compile(_PAGE_SCHEME + r"([^\s()<>\"'\]]+)")
_URL_LINK = re.compile(URL_MARK + r"([^\s<>\"']+)")


class Renderer:
    """Renders named templates, with every link to a page relative to the page rendered."""

    def __init__(self, override_dirs: Sequence[Path] = (), directory_urls: bool = True) -> None:
        self.directory_urls = directory_urls
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
        self.env.filters["html"] = html_text
        self.env.filters["href"] = href
        self.env.globals["url"] = url
        self.env.filters["label"] = label
        self.env.filters["fragment"] = fragment
        self.env.filters["inline"] = inline

    def macro(self, template: str, name: str) -> Callable[..., Markup]:
        """A macro of ``template``, to call from Python: its output keeps its links marked,
        so one rendering can serve every page (:meth:`render` makes them relative)."""
        return getattr(self.env.get_template(template).module, name)

    def render(self, template: str, page_uri: str, **context: Any) -> str:
        """Render ``template`` for the page at ``page_uri`` (a path under ``docs/``)."""

        text = self.env.get_template(template).render(link=link, url=url, page_uri=page_uri,
                                                      **context)
        if URL_MARK in text:
            text = _URL_LINK.sub(lambda m: site_href(page_uri, m[1], self.directory_urls), text)
        return _PAGE_LINK.sub(lambda m: page_href(page_uri, m[1]), text)


def link(target: str) -> Markup:
    """Template function: a link to a page (path under ``docs/``) from the page rendered.

    Links are marked while a page renders and made relative once it is done, so that text
    printed twice (a macro's output passes through :func:`markdown_safe` again) keeps
    every link as written.
    """
    return Markup(f"{_PAGE_SCHEME}{target}")


def url(target: str) -> Markup:
    """Template function: a link to a page (path under ``docs/``) for finished HTML.

    Markdown links are resolved by the site generator; links in HTML are not, so these are
    made relative to the address the page is served at (:func:`site_href`).
    """
    return Markup(f"{URL_MARK}{target}")


def site_path(uri: str, directory_urls: bool) -> str:
    """The address of the page at ``uri`` (``a/b.md``), as MkDocs serves it, from the root."""
    path = uri[:-3] if uri.endswith(".md") else uri
    if not directory_urls:
        return path + ".html"
    if path in ("index", "README") or path.endswith(("/index", "/README")):
        path = path.rsplit("/", 1)[0] if "/" in path else ""
    return f"{path}/" if path else ""


def site_href(from_uri: str, to_uri: str, directory_urls: bool = True) -> str:
    """A link in finished HTML from one page to another (``c/d.md#x``), relative."""
    target, _, anchor = to_uri.partition("#")
    suffix = f"#{anchor}" if anchor else ""
    if not target:
        return suffix or "#"
    source = site_path(from_uri, directory_urls)
    destination = site_path(posixpath.normpath(target), directory_urls)
    base = source[:-1] if source.endswith("/") else posixpath.dirname(source)
    relative = _relpath(destination or ".", base or ".")
    if destination.endswith("/") or not destination:
        relative = "./" if relative == "." else relative + "/"
    return relative + suffix


def relative_link(from_uri: str, to_uri: str) -> str:
    """A link from one page (``a/b.md``) to another (``c/d.md#x``), as MkDocs resolves it."""
    target, _, anchor = to_uri.partition("#")
    relative = _relpath(target, posixpath.dirname(from_uri) or ".") if target else ""
    return f"{relative}#{anchor}" if anchor else relative


@jinja2.pass_eval_context
def _finalize(eval_ctx: EvalContext, value: Any) -> Any:
    """HTML templates are autoescaped by Jinja; Markdown templates get :func:`markdown_safe`."""
    return value if eval_ctx.autoescape else markdown_safe(value)


@functools.lru_cache(maxsize=65536)
def _relpath(target: str, base: str) -> str:
    """``posixpath.relpath``, remembered: pages in one folder link to the same few targets."""
    return posixpath.relpath(target, base)


def markdown_safe(value: Any) -> Any:
    """Neutralise raw HTML in a value printed into Markdown (trusted ``Markup`` passes).

    Links in playbook text name pages by their path under ``docs/`` once loaded
    (:func:`inside_track.library.links.rebase_links`). They are marked here and made relative to
    the page once it is rendered (:meth:`Renderer.render`): a value may pass through here
    twice (inside a macro's output), so the mark must be idempotent.
    """
    if isinstance(value, Markup) or value is None or isinstance(value, int | float):
        return value
    text = str(value).replace("<", "&lt;")
    if ".md" in text:
        text = INLINE_PAGE_LINK.sub(_mark_page_link, text)
        text = REFERENCE_PAGE_LINK.sub(_mark_page_link, text)
    return text


def _mark_page_link(match: re.Match[str]) -> str:
    target = match[2]
    if not target.partition("#")[0] or link_scheme(target) is not None:
        return match[0]  # an anchor on the page itself, or an address
    return f"{match[1]}{_PAGE_SCHEME}{target}"


def page_href(page_uri: str, target: str) -> str:
    """A page link from playbook data (a path under ``docs/``) as seen from ``page_uri``."""
    path, _, anchor = target.partition("#")
    return relative_link(page_uri, posixpath.normpath(path) + (f"#{anchor}" if anchor else ""))


def href(target: str) -> Markup:
    """Template filter for a link address from playbook data: pages are marked as in text."""
    url = markdown_safe(target)
    return Markup(url if link_scheme(url) is not None else f"{_PAGE_SCHEME}{url}")


def label(text: str) -> Markup:
    """A title or short label for Markdown link text, a heading or a table cell.

    Characters that open or close Markdown syntax become character references, so a label
    cannot end the template's link (``](``), join its attribute list (``{:``), split a table
    cell or start a tag; the reader still sees them as written.
    """
    return Markup(" ".join(str(text).split()).translate(_LABEL_ESCAPES))


_LABEL_ESCAPES = {ord(c): f"&#{ord(c)};" for c in "&<>[]{}|\\`\""}


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

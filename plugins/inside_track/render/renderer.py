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

import dataclasses
import functools
import html
import posixpath
import re
import types
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path
from typing import Any

import jinja2
from jinja2.nodes import EvalContext
from markupsafe import Markup
from pydantic import BaseModel

from ..model.markdown_config import PAGE_EXTENSIONS
from ..model.safety import INLINE_PAGE_LINK, REFERENCE_PAGE_LINK, link_scheme
from .fragments import URL_MARK, fragment, inline

TEMPLATE_PACKAGE = ("inside_track.render", "templates")
MARKDOWN_EXTENSIONS = PAGE_EXTENSIONS
"""The Python-Markdown extensions the generated pages are written for."""
_PAGE_SCHEME = "inside-track-page:"
_PAGE_LINK = re.compile(_PAGE_SCHEME + r"([^\s()<>\"'\]]+)")
_URL_LINK = re.compile(URL_MARK + r"([^\s<>\"']+)")
_ANY_LINK = re.compile(f"{_URL_LINK.pattern}|{_PAGE_LINK.pattern}")


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
        self._templates: dict[str, jinja2.Template] = {}
        self._macros: dict[tuple[str, str], Callable[..., Markup]] = {}
        self._once: dict[tuple[str, Hashable], Markup] = {}
        self._pieces: dict[str, tuple[list[str], list[tuple[bool, str]]]] = {}
        self._placed: dict[tuple[str, tuple[str, ...]], str] = {}
        self._overridden = set(loaders[0].list_templates()) if override_dirs else set()
        self.overrides_stamp = hash(tuple(sorted(
            (str(path), path.stat().st_mtime_ns) for folder in override_dirs if folder.is_dir()
            for path in folder.rglob("*") if path.is_file())))
        """Changes when a template of the site's own changes (a server's rebuilds)."""

    def macro(self, template: str, name: str) -> Callable[..., Markup]:
        """A macro of ``template``, to call from Python: its output keeps its links marked,
        so one rendering can serve every page (:meth:`render` makes them relative)."""
        found = self._macros.get((template, name))
        if found is None:
            found = self._macros[(template, name)] = getattr(self._template(template).module,
                                                             name)
        return found

    def render(self, template: str, page_uri: str, **context: Any) -> str:
        """Render ``template`` for the page at ``page_uri`` (a path under ``docs/``)."""
        text = self._template(template).render(link=link, url=url, page_uri=page_uri,
                                               **context)
        return self.resolve(text, page_uri)

    def render_once(self, template: str, **context: Any) -> Markup:
        """``template`` rendered once for each distinct ``context``, its links left marked.

        For the parts many pages share (a checklist's phase section, its timeline): the
        same planned content on a thousand pages is rendered once, then placed with its
        links made relative to each page (:meth:`resolve`). Contexts are told apart by
        their content (:func:`content_key`); the template sees nothing else, so a part
        cannot depend on its page without failing loudly (undefined names are errors).
        """
        key = (template, content_key(context))
        found = self._once.get(key)
        if found is None:
            found = self._once[key] = Markup(self._template(template).render(
                link=link, url=url, **context))
        return found

    def place(self, part: str, page_uri: str) -> str:
        """A part many pages share (:meth:`render_once`), its links made relative to the
        page at ``page_uri``.

        The part is cut at its marks once; each page then only works out its addresses,
        and pages that get the same addresses (every company's checklist links to the same
        guide pages) share one placed text.
        """
        if URL_MARK not in part and _PAGE_SCHEME not in part:
            return part
        pieces = self._pieces.get(part)
        if pieces is None:
            pieces = self._pieces[part] = _split_marks(part)
        hrefs = tuple(self._href(page_uri, is_url, target) for is_url, target in pieces[1])
        placed = self._placed.get((part, hrefs))
        if placed is None:
            placed = self._placed[(part, hrefs)] = _join(pieces[0], hrefs)
        return placed

    def resolve(self, text: str, page_uri: str) -> str:
        """``text`` with its link marks made relative to the page at ``page_uri``."""
        if URL_MARK not in text and _PAGE_SCHEME not in text:
            return text
        literals, marks = _split_marks(text)
        return _join(literals, [self._href(page_uri, is_url, target)
                                for is_url, target in marks])

    def _href(self, page_uri: str, is_url: bool, target: str) -> str:
        return (site_href(page_uri, target, self.directory_urls) if is_url
                else page_href(page_uri, target))

    def is_packaged(self, name: str) -> bool:
        """Whether the template ``name`` is the packaged one: no override folder has it."""
        return name not in self._overridden

    def _template(self, name: str) -> jinja2.Template:
        """A template, looked up once per build (Jinja checks its loaders on every call)."""
        found = self._templates.get(name)
        if found is None:
            found = self._templates[name] = self.env.get_template(name)
        return found


def content_key(value: Any) -> Hashable:
    """A key that tells two render contexts apart by what they hold.

    Plain values count by value; data classes, and models without an id (a span of
    months), field by field; sequences and mappings item by item. A model with an id (a
    playbook, a step) and any other object count by identity: the library holds them for
    the whole build, so no identity is reused while a cache lives.
    """
    how = _HOW.get(type(value))
    if how is None:
        how = _HOW[type(value)] = _how(type(value))
    if how is _PLAIN:
        return value
    if how is _NUMBER:
        return (type(value), value)  # 1 and 1.0 are equal, but print differently
    if how is _IDENTITY:
        return (id, id(value))
    if how is _ITEMS:
        return (type(value), *(content_key(item) for item in value))
    if how is _MAPPING:
        return (dict, *((k, content_key(v)) for k, v in value.items()))
    if how is _MODEL:
        return (type(value), *(content_key(item) for item in value.__dict__.values()))
    return (type(value), *(content_key(getattr(value, name)) for name in how))


_PLAIN, _NUMBER, _IDENTITY, _ITEMS, _MAPPING, _MODEL = (
    ("plain",), ("number",), ("identity",), ("items",), ("mapping",), ("model",))
_HOW: dict[type, tuple[str, ...]] = {}
"""How :func:`content_key` reads each type met: worked out once per type; a data class
maps to its field names."""


def _how(cls: type) -> tuple[str, ...]:
    if cls is type(None) or issubclass(cls, str):
        return _PLAIN
    if issubclass(cls, int | float):
        return _NUMBER
    if dataclasses.is_dataclass(cls):
        return tuple(f.name for f in dataclasses.fields(cls))
    if issubclass(cls, list | tuple):
        return _ITEMS
    if issubclass(cls, dict):
        return _MAPPING
    if issubclass(cls, BaseModel):
        return _IDENTITY if "id" in cls.model_fields else _MODEL
    if callable(cls) and getattr(cls, "__hash__", None) is not None and (
            issubclass(cls, types.FunctionType | types.MethodType | types.BuiltinFunctionType)):
        return _PLAIN  # a function or a method: equal when it is the same one
    return _IDENTITY


def _join(literals: list[str], hrefs: Sequence[str]) -> str:
    """The literal pieces of a text with an address between each two."""
    joined = [literals[0]]
    for href, literal in zip(hrefs, literals[1:], strict=True):
        joined += (href, literal)
    return "".join(joined)


def _split_marks(text: str) -> tuple[list[str], list[tuple[bool, str]]]:
    """``text`` cut at its link marks: the literal pieces, and each mark (URL or page) with
    its target, in order; the pieces are one more than the marks."""
    literals: list[str] = []
    marks: list[tuple[bool, str]] = []
    at = 0
    for match in _ANY_LINK.finditer(text):
        literals.append(text[at:match.start()])
        marks.append((match[1] is not None, match[1] if match[1] is not None else match[2]))
        at = match.end()
    literals.append(text[at:])
    return literals, marks


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
    made relative to the address the page is served at (:func:`site_href`). The target is
    escaped like any value: a page path never changes by it, but text that skipped
    validation cannot leave the attribute it is placed in.
    """
    return Markup(URL_MARK) + Markup.escape(target)


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
    if link_scheme(relative) is not None:  # a path that would read as an address
        relative = "./" + relative
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
    """Text for a raw HTML block, where Markdown does not run: fully HTML-escaped, after
    reading its character references once, as Markdown would (``&amp;`` shows ``&``)."""
    return Markup.escape(html.unescape(" ".join(str(text).split())))


def attr_id(text: str) -> str:
    """A value safe to use in an HTML id or data attribute (ids are validated already)."""
    return _NOT_IN_ID.sub("", text)  # \w is what str.isalnum() accepts, and "_"


_NOT_IN_ID = re.compile(r"[^\w-]")

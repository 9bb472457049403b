"""What playbook text may contain: Markdown, and nothing that turns into live markup.

Playbooks come from many contributors and forks, and their text lands in pages that readers
open. The policy, enforced when playbooks load (see ``docs/reference/safety.md``):

- raw HTML (tags, comments, processing instructions) and ``<…>`` autolinks are refused;
- Markdown attribute lists (``{: onclick=…}``), which would let text set any HTML attribute,
  are refused;
- every link and image target, including reference definitions, must be relative or use
  ``http``, ``https`` or ``mailto`` — checked the way a browser reads it, after decoding
  character references and dropping tabs and line breaks (``java&#115;cript:`` and
  ``java<TAB>script:`` are ``javascript:`` to a browser);
- a relative target names a page (``.md``, optional ``#anchor``) as seen from the
  playbook's own page, never from the site's root (:func:`check_page_path`);
- titles and labels, which also reach the page title and navigation, may not start a tag
  with ``<`` even as a character reference.

Rather than guess how Markdown will read a piece of text, the checks render it with
the parser that renders it (:mod:`.markdown_config`), and inspect the HTML that comes out.
:func:`audit_html` applies the same inspection to finished pages, as a last line of defence.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from collections.abc import Iterator
from html.parser import HTMLParser

from .markdown_config import text_markdown

SAFE_SCHEMES = ("http", "https", "mailto")
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "cite", "poster", "data",
                            "background", "srcset", "xlink:href", "ping"})
_RAW_HTML = re.compile(r"</?[A-Za-z!?]")
_TAG_START = re.compile(r"<[A-Za-z!?/]")
_AUTOLINK = re.compile(r"<[^\s<>]*[:@][^\s<>]*>")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_URL_NOISE = re.compile(r"[\t\n\r]")


MAX_NESTING = 8
"""Lists and quotes inside each other; Python-Markdown nests by recursion."""
MAX_BRACKETS = 400
"""Opening brackets in one text: link parsing looks ahead from each, so cost grows with
their square."""
_CONTAINER = re.compile(r"[ \t]*(?:[-*+][ \t]+|\d{1,9}[.)][ \t]+|>[ \t]?)")
MAX_LINES = 200
"""Lines in one text. Some constructs cost more than linear time in the number of lines
(Python-Markdown rescans for each unmatched code fence); the bound keeps that small."""
MAX_BLOCK_LINES = 40
"""Lines in one block, a run of lines without a blank line between them. Python-Markdown
splits a block at each heading, rule or setext underline inside it and scans the rest
again, so a block's cost grows with its lines times its length; a blank line ends it."""


_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Control characters (a YAML file may write them escaped, ``"\\a"``) and bidirectional
overrides, which make text read differently from what it says."""


_REFERENCE = re.compile(r"&#(?:[xX]([0-9A-Fa-f]{1,8})|([0-9]{1,10}));?")
"""A numeric character reference as a browser reads it, the final ``;`` optional."""
RESERVED_MARKS = ("inside-track-url:", "inside-track-page:")
"""Prefixes the build writes into pages to mark its own links, and then rewrites; text may
not hold them, or a word in it would become a link (kept in step with ``render/``)."""
_RESERVED = re.compile("|".join(map(re.escape, RESERVED_MARKS)), re.IGNORECASE)


def check_limits(text: str) -> None:
    """Refuse text whose Markdown would nest too deeply or take more than linear time, and
    characters a reader cannot see, written as themselves or as character references."""
    if (invisible := _INVISIBLE.search(text)) is not None:
        raise UnsafeText(f"contains the invisible character U+{ord(invisible[0]):04X}; "
                         "remove it (text is shown as written, without control characters "
                         "or direction overrides)")
    for decoded in _decodings(text):
        _check_references(decoded)
        if (reserved := _RESERVED.search(decoded)):
            raise UnsafeText(f"contains '{reserved[0]}', which the build uses to mark its "
                             "own links; reword it (for example without the colon)")
    brackets = text.count("[")
    if brackets > MAX_BRACKETS:
        raise UnsafeText(f"has {brackets:,} '[' characters; a text may have at most "
                         f"{MAX_BRACKETS} (write long bracketed content as a list instead)")
    for number, line in enumerate(text.splitlines(), 1):
        depth, position = 0, 0
        while (container := _CONTAINER.match(line, position)) and container.end() > position:
            depth += 1
            position = container.end()
        indent = len(line) - len(line.lstrip(" \t"))
        depth = max(depth, indent // 4)
        if depth > MAX_NESTING:
            raise UnsafeText(f"line {number} nests lists or quotes {depth} levels deep; at "
                             f"most {MAX_NESTING} levels are allowed")


def check_blocks(text: str) -> None:
    """Refuse Markdown whose rendering would take more than linear time: too many lines, or
    too many in one block (see :data:`MAX_BLOCK_LINES`)."""
    lines = text.split("\n")
    if len(lines) > MAX_LINES:
        raise UnsafeText(f"has {len(lines):,} lines; a text may have at most {MAX_LINES} "
                         "(move long material to a guide page and link to it)")
    start = run = 0
    for number, line in enumerate(lines, 1):
        if line.strip(" \t"):
            start, run = (start or number), run + 1
            if run > MAX_BLOCK_LINES:
                raise UnsafeText(f"lines {start}-{number} form one block, with no blank line "
                                 f"between them; a block may have at most {MAX_BLOCK_LINES} "
                                 "lines (put blank lines between paragraphs, headings, rules "
                                 "and lists)")
        else:
            start = run = 0


def _decodings(text: str, rounds: int = 3) -> Iterator[str]:
    """``text`` and what it becomes decoded once, twice...: a page decodes text once, and a
    theme decodes a title again for ``<title>``. A few rounds cover them, in linear time."""
    yield text
    for _ in range(rounds):
        if "&" not in text:
            return
        decoded = html.unescape(text)
        if decoded == text:
            return
        yield (text := decoded)


def _check_references(text: str) -> None:
    """Character references decode to characters on the page: ``&#x202E;`` is the
    direction override itself, ``&#1;`` a control character."""
    if "&#" not in text:
        return
    for match in _REFERENCE.finditer(text):
        digits = match[1] or match[2]
        code = int(digits, 16 if match[1] else 10)
        if code <= 0x10FFFF and _INVISIBLE.match(chr(code)):
            raise UnsafeText(f"'{match[0]}' writes the invisible character U+{code:04X}; "
                             "remove it (text is shown without control characters or "
                             "direction overrides)")


RESERVED_PAGE_IDS = frozenset({"index"})
"""Names a kind's folder already gives a page of its own: its index (``paths/index.md``)."""


def check_page_id(playbook_id: str) -> str:
    """A playbook's id names its page (``paths/<id>.md``): it may not take over another."""
    if playbook_id in RESERVED_PAGE_IDS:
        raise UnsafeText(f"'{playbook_id}' is the name of the index page of this kind's "
                         "folder, which a playbook with this id would replace; choose "
                         "another id")
    return playbook_id


class UnsafeText(ValueError):
    """Playbook text that could become live markup; the message says how to fix it."""


@functools.lru_cache(maxsize=1 << 17)
def check_text(text: str) -> str:
    """Return ``text`` if it is safe Markdown for a page, else raise :class:`UnsafeText`.

    Remembered: forks repeat the same texts in many playbooks, and ``serve`` loads them again
    on every rebuild; each distinct text is checked once per process, and rendered only
    when it has a ``[`` or ``{``, without which no link or attribute list can form.
    """
    check_limits(text)
    check_blocks(text)
    autolink = _AUTOLINK.search(text)
    if autolink:
        raise UnsafeText(f"autolinks like '{_short(autolink.group())}' are not allowed; write "
                         "[text](address) instead")
    if _RAW_HTML.search(text):
        raise UnsafeText("raw HTML is not allowed in playbook text; write Markdown instead "
                         "(use '&lt;' for a literal '<')")
    if "[" not in text and "{" not in text:
        # Without them no link, image, reference or attribute list can form (autolinks
        # and raw HTML are refused above), so there is nothing for rendering to find.
        return text
    rendered, references = _render(text, attr_list=True)
    if "{" in text and _has_attribute_list(text, rendered):
        raise UnsafeText("attribute lists like '{: ...}' are not allowed in playbook text; "
                         "write '\\{' for a literal '{' at the end of a line or after a link")
    urls = [*_urls(rendered), *references]
    for url in urls:
        check_url(url)
    if "\t" in text:  # Markdown expands tabs to spaces; a browser would drop them instead
        check_text(text.replace("\t", ""))
    for url in urls:
        if link_scheme(url) is None:
            check_page_path(url)
    return text


@functools.lru_cache(maxsize=1 << 16)
def check_label(text: str) -> str:
    """A title or short label: safe text that also cannot carry ``<`` as ``&lt;`` or alike;
    returned with its character references decoded (``&amp;`` as ``&``).

    Titles reach the page's ``<title>`` and the navigation, where the theme strips tags and
    decodes character references before printing them, and headings and links, where
    Markdown decodes them too. Decoded once here, a label means the same characters in every
    place, each of which escapes them for itself; a reference written twice over
    (``&amp;amp;``) would read one way in a heading and another in ``<title>``, so it is
    refused.
    """
    check_text(text)
    if _TAG_START.search(fully_unescaped(text)):
        raise UnsafeText("titles and labels may not contain a tag, not even written with "
                         "'&lt;'; a '<' followed by a space is fine")
    if "&" not in text:
        return text
    decoded = html.unescape(text)
    if html.unescape(decoded) != decoded:
        raise UnsafeText("titles and labels may write a character once as a reference "
                         "('&amp;' for '&'), not twice over ('&amp;amp;'); write the "
                         "character itself")
    return decoded


def check_url(url: str) -> str:
    """Refuse a link target that a browser would run or treat as inline content."""
    scheme = link_scheme(url)
    if scheme is not None and scheme not in SAFE_SCHEMES:
        raise UnsafeText(f"link '{_short(url)}' uses the '{scheme}:' scheme; only http, https, "
                         "mailto and relative links are allowed")
    return url


def check_page_path(url: str) -> str:
    """A relative link in playbook text names a page of the guide, as seen from the
    playbook's own page (``paths/transfer.md`` for a path ``transfer``): so
    ``../guide/timeline.md#the-phases``, or ``#anchor`` for the playbook's page itself.

    Playbook pages are one folder below ``docs/``. The same text also appears on other
    pages (a step is on every checklist that has it); the build rewrites its links there.
    """
    path = url.split("#", 1)[0]
    if not url.strip() or url == "#":
        raise UnsafeText(f"link '{_short(url)}' has no address")
    if path.startswith(("/", "\\")) or "?" in path:
        raise UnsafeText(f"link '{_short(url)}' starts from the site's root, which breaks "
                         "when the guide is served from a folder; write it relative to the "
                         "playbook's page, e.g. '../guide/timeline.md'")
    if path and not path.endswith(".md"):
        raise UnsafeText(f"link '{_short(url)}' is relative but does not name a page (ending "
                         "in .md); link anything else with its full https:// address")
    if path and posixpath.normpath(posixpath.join("playbooks", path)).startswith(".."):
        raise UnsafeText(f"link '{_short(url)}' leads out of the site; from a playbook's page, "
                         "the guide's pages are at '../guide/…'")
    return url


def resolve_page_link(page_uri: str, target: str) -> str:
    """A relative link written on ``page_uri`` as a path under ``docs/`` (anchor kept)."""
    path, _, anchor = target.partition("#")
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page_uri), path)) \
        if path else page_uri
    return resolved + (f"#{anchor}" if anchor else "")


INLINE_PAGE_LINK = re.compile(r"(\]\(\s*<?)((?:[^\s()<>]+?\.md)?(?:#[^\s()<>]*)?)(?=[\s)>])")
REFERENCE_PAGE_LINK = re.compile(
    r"^( {0,3}\[[^\]]+\]:[ \t]*<?)((?:[^\s<>]+?\.md)?(?:#\S*)?)(?=[\s>]|$)", re.MULTILINE)


def rebase_page_links(text: str, page_uri: str) -> str:
    """``text`` with its relative page links rewritten as paths under ``docs/``."""
    if ".md" not in text and "#" not in text:
        return text

    def rebase(match: re.Match[str]) -> str:
        target = match[2]
        if not target or link_scheme(target) is not None:
            return match[0]
        return match[1] + resolve_page_link(page_uri, target)

    rebased = REFERENCE_PAGE_LINK.sub(rebase, INLINE_PAGE_LINK.sub(rebase, text))
    return text if rebased == text else rebased


def page_links(text: str) -> list[str]:
    """The relative (page) link targets in valid playbook text, in order."""
    rendered, references = _render(text, attr_list=False)
    return [url for url in [*_urls(rendered), *references] if link_scheme(url) is None]


def link_scheme(url: str) -> str | None:
    """The scheme of ``url`` as a browser reads it (lowercase), or ``None`` if relative."""
    cleaned = _URL_NOISE.sub("", html.unescape(url)).strip("\x00\x01\x02\x03\x04\x05\x06\x07"
                                                          "\x08\x0b\x0c\x0e\x0f\x10\x11\x12"
                                                          "\x13\x14\x15\x16\x17\x18\x19\x1a"
                                                          "\x1b\x1c\x1d\x1e\x1f ")
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def safe_title(text: str) -> str:
    """A title that stays text wherever a theme prints it (navigation, ``<title>``, search).

    Themes print page titles as HTML, and MkDocs' themes put ``page.title | striptags`` in
    ``<title>``, which decodes character references: so a safe title has no ``<`` that
    starts a tag, however many times it is decoded.
    """
    return _TAG_START.sub(lambda m: "‹" + m[0][1:], fully_unescaped(text))


def fully_unescaped(text: str) -> str:
    """``text`` with character references decoded until none is left (``&amp;lt;`` → ``<``)."""
    for _ in range(len(text)):
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return text


def audit_html(content: str) -> list[str]:
    """Live markup in rendered page content: script-like tags, event handlers, unsafe links."""
    auditor = _Auditor()
    auditor.feed(content)
    auditor.close()
    return auditor.findings


# --- rendering ------------------------------------------------------------------------------

def _render(text: str, attr_list: bool) -> tuple[str, list[str]]:
    md = text_markdown(attr_list=attr_list)
    md.reset()
    try:
        rendered = md.convert(text)
        references = [url for url, _title in md.references.values()]
    finally:
        md.reset()
    return rendered, references


def _has_attribute_list(text: str, rendered: str) -> bool:
    """Whether attr_list changes the output, in text's own place or as a heading/table cell."""
    if rendered != _render(text, attr_list=False)[0]:
        return True
    heading = "# " + " ".join(text.split())
    return _render(heading, attr_list=True)[0] != _render(heading, attr_list=False)[0]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [value for name, value in attrs if name in URL_ATTRIBUTES and value]


def _urls(rendered: str) -> list[str]:
    parser = _Links()
    parser.feed(rendered)
    parser.close()
    return parser.urls


# Elements that run code or load a document of their own, or change where links go.
_LIVE_TAGS = frozenset({"script", "iframe", "object", "embed", "frame", "frameset", "base",
                        "meta"})
# A <script> of one of these types is a data block: browsers never run it.
_DATA_TYPES = frozenset({"application/json", "application/ld+json"})


class _Auditor(HTMLParser):
    def __init__(self, strict: bool = False, tags: bool = True) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[str] = []
        self.strict = strict
        self.tags = tags

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        data_block = tag == "script" and (dict(attrs).get("type") or "").strip().lower() \
            in _DATA_TYPES
        if self.tags and tag in _LIVE_TAGS and not data_block:
            self.findings.append(f"a <{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.findings.append(f"an event handler attribute '{name}' on <{tag}>")
            elif self.strict and name in FORBIDDEN_ATTRIBUTES:
                self.findings.append(f"a '{name}' attribute on <{tag}>")
            elif name in URL_ATTRIBUTES and value:
                scheme = link_scheme(value)
                if scheme is not None and scheme not in SAFE_SCHEMES:
                    self.findings.append(f"a '{scheme}:' link in <{tag} {name}>")

    handle_startendtag = handle_starttag


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


# --- the allow-list for HTML made from playbook text ----------------------------------------

ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "em", "strong", "code", "pre", "a", "ul", "ol", "li", "blockquote",
    "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "dl", "dt",
    "dd", "div", "span", "details", "summary", "del", "sup", "sub", "abbr",
})
"""Every element that playbook text may become; anything else is dropped, keeping its text."""
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
    "details": {"open"},
}
"""Attributes by element. No ``style``, no event handler (``on*``), no ``autofocus``, no
``id`` (a text cannot take over an anchor of the page)."""
ADMONITION_TYPES = frozenset({"note", "abstract", "info", "tip", "success", "question",
                              "warning", "failure", "danger", "bug", "example", "quote"})
ALLOWED_CLASSES: dict[str, set[str]] = {
    "div": {"admonition", *ADMONITION_TYPES},
    "details": set(ADMONITION_TYPES),
    "p": {"admonition-title"},
    "code": {f"language-{name}" for name in ("text", "yaml", "json", "python", "shell",
                                             "bash", "sql", "markdown")},
}
"""Classes by element: the admonition styles of the theme, and code languages."""
FORBIDDEN_ATTRIBUTES = ("style", "autofocus")
"""Attributes no page may carry from playbook text; with every ``on*`` handler."""


def sanitize(html_text: str) -> str:
    """``html_text`` reduced to :data:`ALLOWED_TAGS`, their attributes, classes and schemes."""
    import nh3  # imported here: only the build renders text

    return nh3.clean(html_text, tags=set(ALLOWED_TAGS), attributes=ALLOWED_ATTRIBUTES,
                     allowed_classes=ALLOWED_CLASSES, url_schemes=set(SAFE_SCHEMES),
                     clean_content_tags={"script", "style"}, link_rel=None,
                     strip_comments=True)


def audit_page(content: str, whole_page: bool = False) -> list[str]:
    """What in finished page content breaks the allow-list for attributes and links.

    Pages also hold the templates' own markup (``class``, ``id``, ``data-*``); what no page
    may hold, whoever wrote it, is a ``style``, an ``autofocus``, an event handler or a link
    with another scheme, nor, in a page's content, live markup (:func:`audit_html`). A
    ``whole_page`` (the theme's frame around the content) may load the theme's scripts.
    """
    auditor = _Auditor(strict=True, tags=not whole_page)
    auditor.feed(content)
    auditor.close()
    return auditor.findings


def audit_failure(page: str, content: str, whole_page: bool = False) -> str | None:
    """Why a page may not be published (see :func:`audit_page`), or None if it may."""
    findings = audit_page(content, whole_page)
    if not findings:
        return None
    return (f"inside-track: page '{page}' would contain {', '.join(sorted(set(findings)))}; "
            "playbook text must not bypass validation, and templates must escape what they "
            "print")

"""Read built HTML the way a browser would, to find markup that could run."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster"}


@dataclass
class Live:
    """What in one HTML document could run: scripts, handlers, script-like links."""

    scripts: list[tuple[tuple[tuple[str, str | None], ...], str]] = field(default_factory=list)
    handlers: list[str] = field(default_factory=list)
    bad_links: list[str] = field(default_factory=list)
    other_tags: list[str] = field(default_factory=list)


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.live = Live()
        self._script: tuple[tuple[str, str | None], ...] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self._script, self._text = tuple(attrs), []
        elif tag in ("iframe", "object", "embed", "img") and any(
                name.startswith("on") for name, _ in attrs):
            self.live.other_tags.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.live.handlers.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and value:
                # as a browser reads it: entities decoded (by the parser), tabs/newlines dropped
                cleaned = re.sub(r"[\t\n\r]", "", value).strip("\x00\x20").lower()
                scheme = _SCHEME.match(cleaned)
                if scheme and scheme.group(1) not in ("http", "https", "mailto"):
                    self.live.bad_links.append(f"<{tag} {name}={value!r}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.live.scripts.append((self._script, "".join(self._text)))
            self._script = None


def scan(html: str) -> Live:
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner.live


def html_pages(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): p.read_text(encoding="utf-8")
            for p in sorted(site.rglob("*.html"))}


DATA_TYPES = {"application/json", "application/ld+json"}


def is_data_block(attrs: tuple[tuple[str, str | None], ...]) -> bool:
    """A ``<script>`` browsers never run: JSON for a page's own script to read."""
    return (dict(attrs).get("type") or "").strip().lower() in DATA_TYPES


def script_signature(live: Live) -> list[tuple[tuple[str, str | None], ...]]:
    """The theme's scripts, by attributes (``src`` reduced to its file name)."""
    return [tuple((k, v.rsplit("/", 1)[-1] if k == "src" and v else v) for k, v in attrs)
            for attrs, _ in live.scripts if not is_data_block(attrs)]


def assert_no_live_markup(site: Path, baseline_page: str, marker: str = "alert") -> None:
    """No page of ``site`` has a handler, a script link, or a script the theme does not add.

    ``baseline_page`` is any page of a clean build of the same theme: every page carries the
    same scripts, and none of their inline code may carry the planted ``marker``.
    """
    expected = script_signature(scan(baseline_page))
    assert expected, "the baseline page has no theme scripts; is it a built page?"
    pages = html_pages(site)
    assert pages
    for name, page in pages.items():
        live = scan(page)
        assert not live.handlers, (name, live.handlers)
        assert not live.bad_links, (name, live.bad_links)
        assert not live.other_tags, (name, live.other_tags)
        assert script_signature(live) == expected, (name, live.scripts)
        assert all(marker not in text for attrs, text in live.scripts
                   if not is_data_block(attrs)), (name, live.scripts)

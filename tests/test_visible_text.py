"""What a reader sees on every built page holds no Markdown or template syntax.

A Markdown construct that did not apply (an attribute list after the wrong block, a list
with no blank line before it) or a template expression that slipped through is printed
as it stands: ``{: .it-cta }``, ``{{ value }}``, a sentence starting with ``- ``. Each
page is read as a browser shows it, with an HTML parser: its text outside ``<script>``,
``<style>`` and code (where a page may quote syntax on purpose), block by block.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, Build, run_build

HIDDEN = {"script", "style", "template", "noscript"}
"""Elements whose text is not shown on the page."""
QUOTED = {"code", "pre", "kbd", "samp"}
"""Elements that show text exactly as written, syntax included."""
BLOCKS = {"p", "li", "div", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt",
          "blockquote", "figcaption", "caption", "label", "summary", "details", "section",
          "article", "header", "footer", "nav", "main", "aside", "ul", "ol", "table", "tr",
          "br", "hr", "title", "desc", "text", "option", "button", "a"}
"""Elements that end a run of text: a sentence never runs across them."""
VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "col", "area", "base"}

SYNTAX = re.compile(r"\{:|\{\{|\{%|%\}|\}\}")
LIST_MARKER = re.compile(r"(?:^|[.!?:;])\s*[-*] \S")
"""A list marker where a sentence starts: at the start of a block, or after a full stop."""


class VisibleText(HTMLParser):
    """The runs of text a reader sees, one per block, outside quoted and hidden elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._run: list[str] = []
        self._hidden = 0
        self._quoted = 0

    def _flush(self) -> None:
        text = " ".join("".join(self._run).split())
        if text:
            self.blocks.append(text)
        self._run = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            if tag in BLOCKS:
                self._flush()
            return
        if tag in HIDDEN:
            self._hidden += 1
        elif tag in QUOTED:
            self._quoted += 1
            self._run.append(" ")
        elif tag in BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in QUOTED:
            self._quoted = max(0, self._quoted - 1)
            self._run.append(" ")
        elif tag in BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._hidden and not self._quoted:
            self._run.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def visible_blocks(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return parser.blocks


def leftovers(blocks: list[str]) -> list[str]:
    """The blocks that show Markdown or template syntax, each with what was found."""
    found = []
    for block in blocks:
        if match := SYNTAX.search(block):
            found.append(f"{match[0]!r} in: {block[:160]}")
        elif match := LIST_MARKER.search(block):
            found.append(f"a literal list marker in: {block[:160]}")
    return found


def test_the_reader_recognises_leftover_syntax_and_ignores_quoted_code() -> None:
    page = ("<html><head><title>T</title><script>var a = '{{x}}';</script></head><body>"
            "<p>Three questions.\n{: .it-cta }</p>"
            "<p>Goal: set it.- Then do another thing.</p>"
            "<p>Hello {{ name }}</p>"
            "<ul><li>A proper item</li></ul>"
            "<p>Write <code>{: .class }</code> after a paragraph - like this.</p>"
            "<pre><code>- a line\n{% raw %}</code></pre></body></html>")
    found = leftovers(visible_blocks(page))
    assert len(found) == 3, found
    assert "'{:' in: Three questions." in found[0]
    assert "list marker" in found[1]
    assert "'{{' in: Hello" in found[2]


SITES = {
    "guide": ROOT,
    "acme": ROOT / "examples" / "acme",
}


@pytest.fixture(scope="module", params=sorted(SITES))
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Build:
    target = tmp_path_factory.mktemp(request.param) / "site"
    build = run_build(SITES[request.param], "--site-dir", str(target))
    assert build.returncode == 0, build.log
    return Build(build.returncode, build.log, target)


@pytest.mark.slow
def test_no_page_shows_markdown_or_template_syntax(site: Build) -> None:
    pages = sorted(site.site.rglob("*.html"))
    assert len(pages) > 50
    problems = []
    for page in pages:
        for found in leftovers(visible_blocks(page.read_text(encoding="utf-8"))):
            problems.append(f"{page.relative_to(site.site)}: {found}")
    assert not problems, "\n".join(problems[:30])


@pytest.mark.slow
def test_the_search_index_holds_no_markdown_or_template_syntax(site: Build) -> None:
    docs = json.loads((site.site / "search" / "search_index.json").read_text())["docs"]
    problems = []
    for doc in docs:
        blocks = visible_blocks(f"<p>{doc['title']}</p><div>{doc['text']}</div>")
        problems += [f"{doc['location']}: {found}" for found in leftovers(blocks)]
    assert not problems, "\n".join(problems[:30])


@pytest.mark.slow
def test_each_page_offers_the_checklist_call_to_action_at_most_once(site: Build) -> None:
    for page in sorted(Path(site.site).rglob("*.html")):
        assert page.read_text(encoding="utf-8").count('class="it-cta"') <= 1, page

"""Markup injection: labels and text that try to close a template's syntax stay inert.

Each case is text that passes validation on its own and used to become live markup once a
template pasted it into Markdown: a manager's answer that closes the responses table's link
and adds ``autofocus onfocus=…``, a title that joins a heading's attribute list with a
``style``, titles that close a link in the chooser or a checklist page.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from conftest import Build, run_build
from inside_track.model import safety
from inside_track.render.fragments import fragment, inline
from inside_track.render.renderer import label

SAYS = 'Sounds interesting](https://example.org/){ autofocus onfocus="alert(document.domain)" } [x'
SCRIPT_LINK = "x](javascript:alert(1)) [y"
STYLE_TITLE = 'Scope expansion {: style="background:url(https://evil.example/px.png)"'
LINK_STYLE_TITLE = 'Transfer](#x){ style="color:red" } [y'


class Attributes(HTMLParser):
    """Every (element, attribute, value) of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [(tag, name, value or "") for name, value in attrs]


def forbidden(html: str) -> list[tuple[str, str, str]]:
    parser = Attributes()
    parser.feed(html)
    return [(tag, name, value) for tag, name, value in parser.found
            if name in ("style", "autofocus") or name.startswith("on")
            or (name in ("href", "src") and safety.link_scheme(value)
                not in (None, *safety.SAFE_SCHEMES))]


def replace_line(path: Path, key: str, value: str) -> None:
    text = path.read_text(encoding="utf-8")
    quoted = "'" + value.replace("'", "''") + "'"
    text, count = re.subn(rf"^{key}: .*$", f"{key}: {quoted}", text, count=1, flags=re.M)
    assert count == 1, (path, key)
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    import shutil

    from conftest import FIXTURES

    project = tmp_path_factory.mktemp("hostile") / "minimal"
    shutil.copytree(FIXTURES / "minimal", project)
    books = project / "playbooks"
    replace_line(books / "plan.yml", "says", SAYS)
    replace_line(books / "plan.yml", "title", SCRIPT_LINK)
    replace_line(books / "phase-b.yml", "title", STYLE_TITLE)
    replace_line(books / "large.yml", "title", STYLE_TITLE)
    replace_line(books / "transfer.yml", "title", LINK_STYLE_TITLE)
    index = project / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8")
                     + "\n<!-- inside-track: table manager-responses -->\n\n"
                       "<!-- inside-track: table paths -->\n\n"
                       "<!-- inside-track: table phases -->\n", encoding="utf-8")
    build = run_build(project)
    assert build.returncode == 0, build.log
    return build


@pytest.mark.slow
def test_no_page_gets_an_attribute_or_script_link_from_hostile_labels(hostile_site: Build
                                                                       ) -> None:
    pages = sorted(hostile_site.site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        assert forbidden(page.read_text(encoding="utf-8")) == [], page


@pytest.mark.slow
def test_the_hostile_labels_show_as_written(hostile_site: Build) -> None:
    index = html.unescape(hostile_site.read("index.html"))
    assert SAYS in index
    checklist = next(p for p in hostile_site.site.glob("checklists/**/index.html")
                     if "phase-manager-conversation" in p.read_text(encoding="utf-8"))
    assert STYLE_TITLE in html.unescape(checklist.read_text(encoding="utf-8"))


@pytest.mark.parametrize("text", [SAYS, SCRIPT_LINK, STYLE_TITLE, LINK_STYLE_TITLE])
def test_labels_cannot_open_or_close_markdown_syntax(text: str) -> None:
    escaped = label(text)
    assert not set("[]{}<>|`") & set(escaped)
    site = markdown.Markdown(extensions=["attr_list", "tables"])  # as the site reads pages
    link = site.convert(f"[{escaped}](x.md)")
    assert forbidden(link) == [] and link.count("<a ") == 1
    heading = site.reset().convert(f"## {escaped} {{: #phase-x }}")
    assert forbidden(heading) == [] and '<h2 id="phase-x">' in heading


@pytest.mark.parametrize("markup", [
    '<a href="javascript:alert(1)" onclick="x" autofocus style="color:red">a</a>',
    '<p style="background:url(https://evil.example/px.png)">p</p><img src=x onerror=y>',
    '<script>alert(1)</script><iframe src="https://a"></iframe><div id="answers">x</div>',
])
def test_sanitizer_keeps_only_the_allow_list(markup: str) -> None:
    clean = safety.sanitize(markup)
    assert forbidden(clean) == []
    assert not re.search(r"<(script|iframe|img)|\sid=", clean)


def test_fragments_keep_markdown_and_mark_page_links() -> None:
    rendered = fragment("See [the timeline](guide/timeline.md#phases), *now*.\n\n- a\n- b")
    assert '<a href="inside-track-url:guide/timeline.md#phases">the timeline</a>' in rendered
    assert "<em>now</em>" in rendered and "<li>a</li>" in rendered
    assert inline("One *line*\nof text") == "One <em>line</em> of text"


def test_page_audit_refuses_style_autofocus_and_handlers() -> None:
    found = safety.audit_page('<p style="x">a</p><input autofocus><b onclick="y">b</b>')
    assert found == ["a 'style' attribute on <p>", "a 'autofocus' attribute on <input>",
                     "an event handler attribute 'onclick' on <b>"]
    assert safety.audit_page('<script src="theme.js"></script>', whole_page=True) == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab :/#!*_`()<>&;\\\n\t|-=.1@\"'~^")),
               max_size=80))
def test_text_without_brackets_or_braces_renders_no_link_or_attribute(text: str) -> None:
    """Why validation need not render such text: whatever Markdown makes of it, no link,
    image, reference or attribute list comes out once raw HTML and autolinks are refused."""
    assume(not safety._RAW_HTML.search(text) and not safety._AUTOLINK.search(text))
    rendered, references = safety._render(text, attr_list=True)
    assert safety._urls(rendered) == [] and references == []
    assert not safety._has_attribute_list(text, rendered)


@pytest.mark.parametrize(("written", "read"), [
    ("Smith &amp; Sons", "Smith & Sons"),
    ("Caf&eacute; &#169; 2024", "Café © 2024"),
    ("a &lt; b", "a < b"),
    ("No references", "No references"),
])
def test_a_label_is_read_with_its_character_references_decoded(written: str, read: str) -> None:
    assert safety.check_label(written) == read
    assert html.unescape(label(safety.check_label(written))) == read  # a heading shows it


@pytest.mark.parametrize("written", ["Smith &amp;amp; Sons", "&amp;copy; 2024"])
def test_a_label_encoded_twice_over_is_refused(written: str) -> None:
    with pytest.raises(safety.UnsafeText, match="not twice over"):
        safety.check_label(written)


@pytest.mark.parametrize("reference", ["&#x202E;", "&#x202e", "&#8238;", "&#1;", "&#x7f;",
                                       "&#x9B;", "&amp;#x202E;", "&#X2066;"])
def test_invisible_characters_written_as_references_are_refused(reference: str) -> None:
    with pytest.raises(safety.UnsafeText, match="invisible character U\\+"):
        safety.check_text(f"Read this {reference} carefully.")


def test_the_build_s_own_link_marks_are_refused_in_text() -> None:
    """Every mark the renderer rewrites in a page is one validation refuses."""
    from inside_track.render import renderer

    marks = {renderer.URL_MARK, renderer._PAGE_SCHEME}
    assert marks <= set(safety.RESERVED_MARKS)
    for mark in marks:
        for written in (mark, mark.upper(), mark.replace(":", "&#58;")):
            with pytest.raises(safety.UnsafeText, match="mark its own links"):
                safety.check_text(f"See {written}guide/index.md")


@pytest.mark.parametrize(("markdown_text", "shown"), [
    ("Move to the ML &amp; data team.", "Move to the ML & data team."),
    ("Write &amp;lt; for a less-than sign.", "Write &lt; for a less-than sign."),
    ("a <b>tag</b> & more", "a <b>tag</b> & more"),
])
def test_text_in_raw_html_reads_as_markdown_shows_it(markdown_text: str, shown: str) -> None:
    """A summary in the chooser's HTML shows the characters its page shows: references
    read once, everything else escaped."""
    from inside_track.render.renderer import html_text

    printed = html_text(markdown_text)
    assert html.unescape(printed) == shown
    assert "<" not in printed

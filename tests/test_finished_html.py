"""Checklist pages are finished HTML: built only from sanitized fragments, and handed to
MkDocs past Markdown, which would only pass their blocks through.

The plugin build is compared with the plain build of the export, byte for byte, in
``test_export.py``; here: that Markdown really is skipped, that what is skipped is what
Markdown leaves as it is, and that no playbook text can make a checklist page carry live
markup, which is why those pages need no audit.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import markdown
import pytest
from pydantic import BaseModel

from conftest import FIXTURES, ROOT
from injection import scan
from inside_track.adapters.mkdocs.verbatim import STAND_IN, put_back, stand_ins
from inside_track.library.loader import Library, load_playbooks
from inside_track.model import safety
from inside_track.outputs.pages import Guide, passes_markdown
from inside_track.render.renderer import MARKDOWN_EXTENSIONS, Renderer

SITE_EXTENSIONS = [*MARKDOWN_EXTENSIONS, "pymdownx.details", "pymdownx.superfences"]
SITE_CONFIGS = {"toc": {"permalink": True}}


def convert(text: str) -> str:
    body = text.split("---\n", 2)[2] if text.startswith("---\n") else text
    return markdown.Markdown(extensions=SITE_EXTENSIONS, extension_configs=SITE_CONFIGS
                             ).convert(body)


@pytest.fixture(scope="module")
def fork_guide() -> Guide:
    return Guide(load_playbooks([ROOT / "playbooks",
                                 ROOT / "examples" / "acme" / "company-playbooks"]), Renderer())


def test_every_checklist_page_lists_its_blocks_and_markdown_leaves_each_as_it_is(
        fork_guide: Guide) -> None:
    pages = [page for page in fork_guide.pages() if page.sanitized]
    assert len(pages) == len(fork_guide.checklist_pages)
    for page in pages:
        assert page.html, page.uri
        standing = stand_ins(page.content, page.html)
        assert standing is not None, page.uri
        assert "it-item" not in standing and "<svg" not in standing  # Markdown reads no block
        for block in page.html:
            assert convert(block) == block, page.uri
        # the page made from stand-ins is the page Markdown makes of the whole text
        assert put_back(convert(standing), page.html) == convert(page.content), page.uri


def test_what_markdown_would_change_is_not_handed_past_it() -> None:
    for changed in ("<div>a</div>\n\n\n<p>b</p>", "<div>\ta</div>", "<div>a\n  \nb</div>",
                    '<div markdown="1">*a*</div>', "<p>a\r\nb</p>"):
        assert not passes_markdown(changed), changed
        assert convert(changed) != changed  # so the premise holds: Markdown changes it
    assert passes_markdown('<div class="x">\n<p>a &amp; b</p>\n</div>\n\n<p>c</p>')


def test_a_block_that_is_not_found_alone_or_a_lost_stand_in_means_parsing_the_page() -> None:
    assert stand_ins("# T\n\n<p>a</p>\n\n## H\n", ("<p>a</p>",)) == \
        f"# T\n\n{STAND_IN.format(0)}\n\n## H\n"
    assert stand_ins("# T\n\nx <p>a</p>\n", ("<p>a</p>",)) is None  # inside a paragraph
    assert stand_ins("# T\n\n<p>b</p>\n", ("<p>a</p>",)) is None
    assert stand_ins("<p>a</p>\n\n<p>b</p>\n", ("<p>b</p>", "<p>a</p>")) is None  # order
    assert put_back(f"<h1>T</h1>\n{STAND_IN.format(0)}", ("<p>a</p>",)) == "<h1>T</h1>\n<p>a</p>"
    assert put_back("<h1>T</h1>\n<p>changed</p>", ("<p>a</p>",)) is None


def test_the_plugin_build_never_parses_a_checklist_block(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "guide"
    shutil.copytree(FIXTURES / "guide", project)
    read: list[str] = []
    original = markdown.Markdown.convert

    def spy(self: markdown.Markdown, source: str) -> str:
        read.append(source)
        return original(self, source)

    monkeypatch.setattr(markdown.Markdown, "convert", spy)
    build_guide(project, tmp_path / "site")
    assert any("data-inside-track-block" in source for source in read)
    assert not any('class="it-item"' in source for source in read)
    page = (tmp_path / "site" / "checklists" / "acme" / "transfer" / "index.html").read_text()
    assert 'class="it-item"' in page and "data-inside-track-block" not in page


def build_guide(project: Path, site: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True))


@pytest.mark.parametrize(("anchor", "found"), [("it-start-date-help", True),
                                               ("no-such-anchor", False)])
def test_links_into_a_checklist_block_are_checked_like_any_anchor(
        tmp_path: Path, anchor: str, found: bool) -> None:
    """MkDocs checks a link's anchor against the ids it saw while parsing; the ids inside
    the blocks it did not parse are added for the pages that links name."""
    from mkdocs.exceptions import Abort

    project = tmp_path / "guide"
    shutil.copytree(FIXTURES / "guide", project)
    index = project / "docs" / "index.md"
    index.write_text(index.read_text() + f"\n[Plan](checklists/acme/transfer.md#{anchor})\n")
    if found:
        build_guide(project, tmp_path / "site")
    else:
        with pytest.raises(Abort):
            build_guide(project, tmp_path / "site")


def test_element_ids_are_read_only_from_pages_that_links_name_with_an_anchor(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from inside_track.adapters.mkdocs import plugin

    project = tmp_path / "guide"
    shutil.copytree(FIXTURES / "guide", project)
    read: list[str] = []
    original = plugin.element_ids

    def spy(html: str) -> set[str]:
        read.append(html)
        return original(html)

    monkeypatch.setattr(plugin, "element_ids", spy)
    build_guide(project, tmp_path / "site")
    pages = {p.relative_to(tmp_path / "site").as_posix() for p in (tmp_path / "site").rglob(
        "*.html")}
    assert read  # the fixture's playbooks link to a guide page's section
    assert len(read) < len(pages) / 4
    assert not any('class="it-item"' in html for html in read)  # no checklist page


HOSTILE = ('<script>alert(1)</script> <img src=x onerror=alert(2)> [a](javascript:alert(3)) '
           '**b**{: onclick="alert(4)" } </p><iframe src="https://evil.example"></iframe> '
           '" onmouseover="alert(5) &lt;script&gt;alert(6)&lt;/script&gt; '
           '<a href="javascript:alert(7)">c</a> {: #x onfocus=alert(8) }')


def poisoned(library: Library) -> Library:
    """``library`` with every text of every playbook, at any depth, replaced by
    :data:`HOSTILE`, past validation (``model_construct``); ids and the references made
    of them stay, so the planner still finds its way."""
    ids = set(_ids(library.all()))

    def poison(value: Any) -> Any:
        if isinstance(value, str):
            return value if value in ids else HOSTILE
        if isinstance(value, list):
            return [poison(item) for item in value]
        if isinstance(value, tuple):
            return tuple(poison(item) for item in value)
        if isinstance(value, dict):
            return {key: poison(item) for key, item in value.items()}
        if isinstance(value, BaseModel):
            fields = {name: (item if name in ("kind", "id", "url") else poison(item))
                      for name, item in value.__dict__.items()}
            return type(value).model_construct(**fields)
        return value

    for kind, shelf in library.shelves.items():
        library.shelves[kind] = [poison(playbook) for playbook in shelf]
    return library


def _ids(value: Any) -> list[str]:
    """Every id in ``value``: of playbooks, steps, scripts, signs, at any depth."""
    if isinstance(value, list | tuple):
        return [found for item in value for found in _ids(item)]
    if isinstance(value, dict):
        return [found for item in value.values() for found in _ids(item)]
    if isinstance(value, BaseModel):
        own = [value.id] if isinstance(getattr(value, "id", None), str) else []
        return own + [found for item in value.__dict__.values() for found in _ids(item)]
    return []


def test_checklist_pages_cannot_carry_live_markup_whatever_the_playbooks_say() -> None:
    """Why the plugin does not audit checklist pages: every text on them reaches the page
    as a sanitized fragment or escaped, even text that skipped validation."""
    library = poisoned(load_playbooks([FIXTURES / "guide" / "playbooks"]))
    guide = Guide(library, Renderer())
    pages = [page for page in guide.pages() if page.sanitized]
    assert pages
    for page in pages:
        html = convert(page.content)
        assert "alert(1)" in html, page.uri  # the text is on the page, as text
        assert safety.audit_failure(page.uri, html) is None, page.uri
        live = scan(html)
        assert (live.handlers, live.bad_links, live.other_tags) == ([], [], []), page.uri
        scripts = [attrs for attrs, _ in live.scripts]
        assert scripts == [(("type", "application/json"), ("id", "it-plan-data"))], page.uri

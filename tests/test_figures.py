"""Every figure says where it comes from: the article the guide is built on, or the guide.

Durations and waits in the playbooks are data with a ``source`` (``article`` or
``estimate``); a path's total names its source in ``total_timeline_source``. Pages print
"the guide's estimate" beside the guide's own figures, so none of them reads as the
article's. Figures written into prose are held to the same line: a range of months or
weeks that the article does not give must say, in the same paragraph, that it is an
estimate.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel

from conftest import ROOT, Build
from inside_track.library.loader import load_playbooks

ARTICLE = next((folder / "shared" / "source" / "article.md" for folder in ROOT.parents
                if (folder / "shared" / "source" / "article.md").exists()),
               ROOT.parent / "shared" / "source" / "article.md")
"""The article the guide is built on, kept beside the repository (not shipped with it)."""


def unsourced(value: object, where: str) -> Iterator[str]:
    """Each figure under ``value`` with no source, by its place in the playbook.

    A model with a ``source`` field is a figure and needs it set; a field named
    ``<name>_source`` gives the source of the field ``<name>`` and needs setting whenever
    that field is. New figure types follow the same convention and are checked too.
    """
    if isinstance(value, BaseModel):
        fields = type(value).model_fields
        if "source" in fields and value.source is None:  # type: ignore[attr-defined]
            yield where
        for name in fields:
            if name.endswith("_source") and name.removesuffix("_source") in fields \
                    and getattr(value, name.removesuffix("_source")) is not None \
                    and getattr(value, name) is None:
                yield f"{where}.{name.removesuffix('_source')}"
            yield from unsourced(getattr(value, name), f"{where}.{name}")
    elif isinstance(value, list | tuple):
        for n, item in enumerate(value):
            yield from unsourced(item, f"{where}[{n}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from unsourced(item, f"{where}.{key}")


def unsourced_in(folder: Path) -> list[str]:
    library = load_playbooks([folder])
    return [found for playbook in library.all()
            for found in unsourced(playbook, f"{playbook.kind} {playbook.id}")]


def test_every_figure_in_the_guides_playbooks_names_its_source() -> None:
    library = load_playbooks([ROOT / "playbooks"])
    figures = [p for p in library.all() if p.kind in ("phase", "path")
               or getattr(p, "waits", None)]
    assert len(figures) >= 10
    assert unsourced_in(ROOT / "playbooks") == []


@pytest.mark.parametrize(("kind", "cut", "found"), [
    ("phases/scope-expansion.yml", ", source: article}", "phase scope-expansion.span"),
    ("paths/internal-transfer.yml", "total_timeline_source: article\n",
     "path internal-transfer.total_timeline"),
    ("manager-responses/revisit-later.yml", ", source: article}",
     "manager-response revisit-later.waits[0].months"),
])
def test_a_figure_without_a_source_is_refused(tmp_path: Path, kind: str, cut: str,
                                               found: str) -> None:
    copy = tmp_path / "playbooks"
    shutil.copytree(ROOT / "playbooks", copy)
    path = copy / kind
    text = path.read_text(encoding="utf-8")
    assert cut in text
    path.write_text(text.replace(cut, "}" if cut.endswith("}") else "", 1), encoding="utf-8")
    assert unsourced_in(copy) == [found]


# --- figures in prose ------------------------------------------------------------------------

NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18}
_NUMBER = r"(\d+|" + "|".join(NUMBERS) + r")"
RANGE = re.compile(rf"\b{_NUMBER}(?: to | or |-|–){_NUMBER}[ -](month|week|quarter)s?\b",
                   re.IGNORECASE)
"""A range of time written out: "6 to 9 months", "two to four weeks", "12 or 18 months"."""


def ranges(text: str) -> list[tuple[str, tuple[int, int, str]]]:
    """Each range in ``text`` as written, and as numbers with its unit."""
    def number(word: str) -> int:
        return int(word) if word.isdigit() else NUMBERS[word.lower()]
    return [(m[0], (number(m[1]), number(m[2]), m[3].lower())) for m in RANGE.finditer(text)]


def blocks(markdown: str) -> list[str]:
    """Paragraphs, list items and tables: the places a figure and its source must share."""
    found = []
    for block in re.split(r"\n\s*\n", markdown):
        if block.lstrip().startswith("|"):
            found.append(block)
        else:
            found += re.split(r"\n(?=\s*(?:[-*]|\d+\.) )", block)
    return found


def prose_of(playbook: object) -> Iterator[str]:
    """Every piece of text a playbook shows readers (labels, paragraphs, steps, cases)."""
    if isinstance(playbook, str):
        yield playbook
    elif isinstance(playbook, BaseModel):
        fields = type(playbook).model_fields
        for name in fields:
            if getattr(playbook, f"{name}_source", None) == "estimate" or (
                    name == "duration" and getattr(getattr(playbook, "span", None), "source",
                                                   None) == "estimate"):
                continue  # a figure with its source as data, marked where it is shown
            if name not in ("id", "kind", "see", "phase") or \
                    isinstance(getattr(playbook, name), str):
                yield from prose_of(getattr(playbook, name))
    elif isinstance(playbook, list | tuple):
        for item in playbook:
            yield from prose_of(item)
    elif isinstance(playbook, dict):
        for item in playbook.values():
            yield from prose_of(item)


def unmarked(texts: list[tuple[str, str]], article: set[tuple[int, int, str]]) -> list[str]:
    """Ranges the article does not give, in a block that does not call them an estimate."""
    found = []
    for where, text in texts:
        for block in blocks(text):
            for written, value in ranges(block):
                if value not in article and "estimate" not in block.lower():
                    found.append(f"{where}: {written!r} in: {' '.join(block.split())[:120]}")
    return found


@pytest.fixture(scope="module")
def article_ranges() -> set[tuple[int, int, str]]:
    if not ARTICLE.exists():
        pytest.skip("the source article is not beside the repository")
    return {value for _, value in ranges(ARTICLE.read_text(encoding="utf-8"))}


def test_ranges_are_read_in_words_and_figures() -> None:
    assert [v for _, v in ranges("It takes two to four weeks, then 6-9 months or 12 or 18 "
                                 "months, then a three-to-four quarter wait")] == \
        [(2, 4, "week"), (6, 9, "month"), (12, 18, "month")]
    text = [("x", "Often 12 or 18 months.\n\nRoughly 6 to 10 weeks (the guide's estimate).")]
    assert unmarked(text, {(6, 9, "month")}) == ["x: '12 or 18 months' in: Often 12 or 18 months."]


def test_the_article_has_the_ranges_the_guide_relies_on(article_ranges) -> None:
    assert {(6, 9, "month"), (4, 8, "month"), (6, 12, "month"), (2, 4, "week")} <= article_ranges


def test_prose_in_playbooks_marks_every_range_the_article_does_not_give(article_ranges) -> None:
    library = load_playbooks([ROOT / "playbooks"])
    texts = [(f"{p.kind} {p.id}", text) for p in library.all() for text in prose_of(p)]
    assert len(texts) > 100
    assert unmarked(texts, article_ranges) == []


def test_guide_pages_mark_every_range_the_article_does_not_give(article_ranges) -> None:
    pages = sorted((ROOT / "docs" / "guide").glob("*.md"))
    texts = [(str(page.relative_to(ROOT)), page.read_text(encoding="utf-8")) for page in pages
             if page.stem != "worked-example"]  # a story, dated by its own calendar
    assert unmarked(texts, article_ranges) == []


# --- on the pages ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(real_site: Build) -> Build:
    return real_site


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&rsquo;", "'").split())


@pytest.mark.slow
def test_pages_mark_the_guides_estimates_and_only_those(site: Build) -> None:
    library = load_playbooks([ROOT / "playbooks"])
    checked = 0
    for path in library.paths:
        text = _text(site.read(f"paths/{path.id}/index.html"))
        line = text.split("Typical total timeline:", 1)[1][:len(path.total_timeline) + 40]
        marked = "the guide's estimate" in line
        assert marked == (path.total_timeline_source == "estimate"), path.id
        checked += marked
    for phase in library.phases:
        text = _text(site.read(f"phases/{phase.id}/index.html"))
        line = text.split("Typical duration:", 1)[1][:120]
        assert ("the guide's estimate" in line) == (phase.span.source == "estimate"), phase.id
    assert checked >= 1  # some figure of the guide's own is shown, and marked
    about = _text(site.read("about/index.html"))
    assert "Where the figures come from" in about


@pytest.mark.slow
def test_checklists_mark_the_waits_the_guide_estimates_and_only_those(site: Build) -> None:
    """A wait's months on a checklist say whose figure they are, as the playbook does."""
    library = load_playbooks([ROOT / "playbooks"])
    waits = {wait.title: wait.months.source for playbook in library.all()
             for wait in getattr(playbook, "waits", [])}
    marked = 0
    for page in sorted((site.site / "checklists").rglob("index.html")):
        # the page's words, not the timeline figure's text alternative, which names each
        # phase's months in short
        text = _text(re.sub(r"<figure\b.*?</figure>", "", page.read_text(encoding="utf-8"),
                            flags=re.S))
        for title, source in waits.items():
            for at in (m.end() for m in re.finditer(re.escape(title), text)):
                near = text[max(0, at - len(title) - 60):at + 60]
                if "month" not in near:
                    continue  # the title said elsewhere on the page, not with its months
                assert ("the guide's estimate" in near) == (source == "estimate"), \
                    (page, title)
                marked += source == "estimate"
    assert marked, "some checklist shows a wait the guide estimates"

"""The guide's content: every section reachable, every figure of the source on the site,
the lists the source lost written out, and no sentence of the source pasted in."""

from __future__ import annotations

import json
import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, Build

ARTICLE = next((folder / "shared" / "source" / "article.md" for folder in ROOT.parents
                if (folder / "shared" / "source" / "article.md").exists()),
               ROOT.parent / "shared" / "source" / "article.md")
"""The article the guide is built on, kept beside the repository (in a folder above it)."""


@pytest.fixture(scope="module")
def site(real_site: Build) -> Build:
    return real_site


class _Links(HTMLParser):
    """Collect the hrefs inside the primary navigation."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        if tag == "nav" and "md-nav--primary" in classes:
            self.depth = 1
        elif tag == "nav" and self.depth:
            self.depth += 1
        if tag == "a" and self.depth and (href := dict(attrs).get("href")):
            self.hrefs.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self.depth:
            self.depth -= 1


def nav_targets(site: Build) -> set[str]:
    parser = _Links()
    parser.feed(site.read("index.html"))
    return {href.split("#")[0].strip("./").removesuffix("/") for href in parser.hrefs}


def search_docs(site: Build) -> list[dict[str, str]]:
    return json.loads(site.read("search/search_index.json"))["docs"]


FORK_PAGES = {"for-forks", "fork", "publish", "reference/playbooks", "reference/safety",
              "benchmarks"}
"""Pages for people who maintain a fork: out of the readers' navigation, linked from the
footer's "For forks" page."""


@pytest.mark.slow
def test_every_guide_page_and_playbook_is_in_the_navigation(site: Build) -> None:
    targets = nav_targets(site)
    pages = [p.relative_to(ROOT / "docs").with_suffix("") for p in (ROOT / "docs").rglob("*.md")]
    for page in pages:
        expected = "" if page.name == "index" and page.parent == Path(".") else str(page)
        if expected in FORK_PAGES:
            assert expected not in targets, page
        else:
            assert expected.removesuffix("/index") in targets, page
    for playbook in (ROOT / "playbooks").rglob("*.yml"):
        assert f"{playbook.parent.name}/{playbook.stem}" in targets, playbook


@pytest.mark.slow
def test_pages_for_forks_are_reached_from_the_footer_and_rank_last(site: Build) -> None:
    footer = site.read("index.html").split('class="md-footer"', 1)[1]
    assert 'href="for-forks/"' in footer
    hub = site.read("for-forks/index.html")
    for page in FORK_PAGES - {"for-forks"}:
        assert f'href="../{page}/"' in hub, page
    boosts = {doc["location"]: doc.get("boost") for doc in search_docs(site)}
    assert all(boosts[f"{page}/"] < 0.5 for page in FORK_PAGES)
    assert all((boosts[doc] or 1) >= 0.5 for doc in boosts
               if doc.startswith("guide/") and "#" not in doc)


@pytest.mark.slow
def test_every_page_is_in_the_search_index(site: Build) -> None:
    locations = {doc["location"].split("#")[0] for doc in search_docs(site)}
    for html in site.site.rglob("index.html"):
        location = str(html.parent.relative_to(site.site))
        location = "" if location == "." else f"{location}/"
        assert location in locations, location


FIGURES: list[str | tuple[str, ...]] = [
    "40%", "sub-20", "p99", "multi-armed bandit", "3 ML experiments",
    "6 to 12 months", "6 to 9 months", "4 to 8 months", "3 to 6 month", "12 to 24 months",
    "2 to 4 weeks", "2 to 4 months", "Ongoing from month 1", "Month 3 to 5",
    "1 to 3 months", "30 minutes", "two to three quarters", "first quarter", "next two quarters",
    "at least 2", "Formal headcount approval", "between two managers", "twice-yearly",
    "four or five systems upstream",
    # words any page could hold count only together, as the source puts them
    ("40%", "weekly", "daily"), ("3 ML experiments", "Q3"), ("upstream", "hours", "days"),
]
"""The source's facts: a text, or words that must occur near one another (a fact in a
sentence of its own, such as "retrains daily instead of weekly")."""
NEAR = 200
"""How close, in characters, the words of one fact must be."""


def near(text: str, words: tuple[str, ...], window: int = NEAR) -> bool:
    """Whether every word occurs within ``window`` characters of some occurrence of the first."""
    start = text.find(words[0])
    while start != -1:
        nearby = text[max(0, start - window):start + window]
        if all(word in nearby for word in words[1:]):
            return True
        start = text.find(words[0], start + 1)
    return False


def test_near_needs_the_words_together() -> None:
    assert near("cut it by 40%, so it retrains daily instead of weekly", ("40%", "weekly", "daily"))
    assert not near("40%" + " " * NEAR + "weekly and daily", ("40%", "weekly", "daily"))


@pytest.mark.slow
@pytest.mark.parametrize("figure", FIGURES, ids=str)
def test_each_fact_of_the_source_is_searchable(site: Build, figure: str | tuple[str, ...]) -> None:
    text = " ".join(doc["text"] + " " + doc["title"] for doc in search_docs(site))
    text = text.replace("\u2011", "-").replace("&nbsp;", " ").lower()
    if isinstance(figure, tuple):
        assert near(text, tuple(word.lower() for word in figure)), f"{figure!r} not together"
        return
    found = figure.lower() in text or figure.replace(" ", "-").lower() in text
    assert found, f"{figure!r} is not on the site"


LOST_LISTS = {
    "guide/bridge-roles.md": "Roles that lead into ML engineering",
    "guide/find-the-overlap.md": "Signs you're already doing ML engineering",
    "guide/ml-team-relationships.md": "Relationships, not announcements",
    "guide/institutional-knowledge.md": "What you know after 12 to 24 months",
}


def _items_under(markdown: str, heading: str) -> int:
    section = markdown.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    return len(re.findall(r"^(?:[-*]|\d+\.) ", section, re.MULTILINE))


@pytest.mark.parametrize("page", sorted(LOST_LISTS))
def test_each_lost_list_has_at_least_five_entries(page: str) -> None:
    markdown = (ROOT / "docs" / page).read_text(encoding="utf-8")
    assert _items_under(markdown, LOST_LISTS[page]) >= 5


def test_own_more_territory_and_readiness_lists_have_five_entries() -> None:
    overlap = (ROOT / "docs" / "guide" / "find-the-overlap.md").read_text(encoding="utf-8")
    assert _items_under(overlap, "Own more of the territory") >= 5
    phase = (ROOT / "playbooks" / "phases" / "manager-conversation.yml").read_text()
    readiness = phase.split("readiness:", 1)[1].split("otherwise:", 1)[0]
    assert len(re.findall(r"^\s+- id: ", readiness, re.MULTILINE)) >= 5


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("’", "'"))


@pytest.mark.skipif(not ARTICLE.exists(), reason="the source article is not beside the repo")
def test_no_sentence_of_the_source_is_pasted_in() -> None:
    """No run of 10 words from the article's prose appears in our pages or playbooks.

    Table rows and the quoted weak/strong examples are data the guide carries on purpose,
    so only the article's prose paragraphs are compared.
    """
    prose = [line for line in ARTICLE.read_text(encoding="utf-8").split("---", 1)[1].splitlines()
             if line and not line.startswith(("|", "“", '"'))]
    runs = set()
    for line in prose:
        words = _words(line)
        runs |= {" ".join(words[i:i + 10]) for i in range(len(words) - 9)}
    sources = [*(ROOT / "docs").rglob("*.md"), *(ROOT / "playbooks").rglob("*.yml")]
    pasted = []
    for source in sources:
        words = _words(source.read_text(encoding="utf-8"))
        for i in range(len(words) - 9):
            if " ".join(words[i:i + 10]) in runs:
                pasted.append(f"{source.relative_to(ROOT)}: {' '.join(words[i:i + 10])}")
    assert not pasted, "\n".join(pasted[:20])


# --- material beyond the source: worked example, templates, hard cases, new guide pages ----

NEW_GUIDE_PAGES = ("guide/worked-example", "guide/levels-and-pay", "guide/practice-projects",
                   "guide/ml-evaluation")


class _Hrefs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a" and (href := dict(attrs).get("href")):
            self.hrefs.append(href)


def linked_from(page: Path, site_dir: Path) -> set[str]:
    """The pages (as 'folder/name') that ``page`` links to, resolved from its address."""
    parser = _Hrefs()
    parser.feed(page.read_text(encoding="utf-8"))
    found = set()
    for href in parser.hrefs:
        if "://" in href or href.startswith(("#", "mailto:")):
            continue
        target = (page.parent / href.split("#")[0]).resolve()
        if target.is_relative_to(site_dir.resolve()):
            found.add(str(target.relative_to(site_dir.resolve())).removesuffix("/index.html"))
    return found


def checklist_links(site: Build) -> dict[str, set[str]]:
    """Each generated checklist page (as 'checklists/...') and the pages it links to."""
    return {str(page.parent.relative_to(site.site)): linked_from(page, site.site)
            for page in (site.site / "checklists").rglob("index.html")
            if page.parent != site.site / "checklists"}


def new_pages() -> list[str]:
    pages = list(NEW_GUIDE_PAGES)
    for folder in ("templates", "hard-cases"):
        pages += [f"{folder}/{p.stem}" for p in sorted((ROOT / "playbooks" / folder).glob("*.yml"))]
    return pages


@pytest.mark.slow
def test_each_new_page_exists_and_is_linked_from_a_checklist(site: Build) -> None:
    links = checklist_links(site)
    assert len(links) > 30
    pages = new_pages()
    for folder in ("templates", "hard-cases"):
        assert len([p for p in pages if p.startswith(f"{folder}/")]) == \
            len(list((ROOT / "playbooks" / folder).glob("*.yml")))
    for page in pages:
        assert (site.site / page / "index.html").is_file(), page
        assert any(page in targets for targets in links.values()), page


@pytest.mark.slow
def test_the_worked_example_is_linked_from_the_checklist_it_follows(site: Build) -> None:
    links = checklist_links(site)
    followed = "checklists/large-process/internal-transfer/development-plan"
    assert "guide/worked-example" in links[followed]
    small = "checklists/small-relationship/role-evolution/development-plan"
    assert "guide/worked-example" in links[small]  # the shorter example's situation


def test_levels_and_practice_pages_reach_every_internal_checklist_they_serve() -> None:
    from inside_track.library.loader import load_playbooks
    from inside_track.plan.checklists import plan_all

    internal = {"internal-transfer", "role-evolution", "evolution-then-transfer"}
    served = {"guide/levels-and-pay.md": "ml-team", "guide/practice-projects.md": "model-owner"}
    checked = 0
    for checklist in plan_all(load_playbooks([ROOT / "playbooks"])):
        s = checklist.situation
        for page, needs in served.items():
            if s.path.id in internal and needs in s.company_type.has:
                checked += 1
                assert any((i.step.see or "").startswith(page) for i in checklist.items), \
                    (s.slug, page)
    assert checked > 20


@pytest.mark.slow
def test_each_template_page_offers_its_text_to_copy_without_scripts(site: Build) -> None:
    for path in sorted((ROOT / "playbooks" / "templates").glob("*.yml")):
        page = site.read(f"templates/{path.stem}/index.html")
        block = re.search(r'<div class="it-template copy"[^>]*>\s*<p[^>]*>[^<]*</p>\s*'
                          r'<pre class="it-template__text"><code>(.*?)</code></pre>', page,
                          re.DOTALL)
        assert block, path.stem
        first_line = path.read_text(encoding="utf-8").split("text: |\n", 1)[1].splitlines()[0]
        assert escape(first_line.strip(), quote=False) in block[1], path.stem


@pytest.mark.slow
def test_checklists_say_what_to_do_if_a_hard_case_happens_in_each_phase(site: Build) -> None:
    page = site.read("checklists/large-process/internal-transfer/development-plan/index.html")
    sections = dict(re.findall(r'<h3 id="if-([a-z-]+)">If this happens</h3>\s*<ul>(.*?)</ul>',
                               page, re.DOTALL))
    assert "manager-says-no" not in sections.get("manager-conversation", "")  # it said yes
    assert "minimum-tenure" in sections["landscape-mapping"]
    for case in ("turned-down-after-evaluation", "lower-level-offer", "no-matching-level"):
        assert case in sections["transfer-or-formalization"], case
    assert "turned-down-after-evaluation" not in sections.get("manager-conversation", "")
    ahead = site.read("checklists/large-process/internal-transfer/not-yet/index.html")
    ahead_sections = dict(re.findall(r'<h3 id="if-([a-z-]+)">If this happens</h3>\s*<ul>'
                                     r'(.*?)</ul>', ahead, re.DOTALL))
    assert "manager-says-no" in ahead_sections["manager-conversation"]
    for case in ("manager-blocks-release", "headcount-frozen"):
        assert case in ahead_sections["transfer-or-formalization"], case
    assert "scope-change-keeps-slipping" not in " ".join(ahead_sections.values())
    evolution = " ".join(dict(re.findall(
        r'<h3 id="if-([a-z-]+)">If this happens</h3>\s*<ul>(.*?)</ul>',
        site.read("checklists/large-process/role-evolution/vague/index.html"),
        re.DOTALL)).values())
    assert "scope-change-keeps-slipping" in evolution
    assert "manager-blocks-release" not in evolution
    external = site.read("checklists/no-ml/external/plan/index.html")
    assert "If this happens" not in external  # no internal move to go wrong


def test_the_worked_example_keeps_to_the_months_of_the_checklist_it_follows() -> None:
    from inside_track.library.loader import load_playbooks
    from inside_track.plan.checklists import plan_all

    [checklist] = [c for c in plan_all(load_playbooks([ROOT / "playbooks"]))
                   if c.situation.slug == "large-process/internal-transfer/development-plan"]
    span = {p.phase.id: (p.start_month, p.end_month) for p in checklist.phases}
    text = " ".join((ROOT / "docs" / "guide" / "worked-example.md").read_text(
        encoding="utf-8").split())
    expected = [
        "landscape mapping from month {:g} to {:g}".format(*span["landscape-mapping"]),
        "scope expansion from month {:g} to {:g}".format(*span["scope-expansion"]),
        "relationship building from month {:g} onwards".format(
            span["relationship-building"][0]),
        "manager conversation between months {:g} and {:g}".format(
            *span["manager-conversation"]),
        "transfer between months {:g} and {:g}".format(*span["transfer-or-formalization"]),
        f"Phase 5, transfer: months {span['transfer-or-formalization'][0]:g} to "
        f"{span['transfer-or-formalization'][1]:g}",
    ]
    for words in expected:
        assert words in text, words
    assert checklist.total is not None
    total = f"top of the checklist's {checklist.total.min:g} to {checklist.total.max:g} months"
    assert total in text


def test_every_transfer_checklist_links_to_the_evaluation_page_and_its_self_assessment(
        site: Build) -> None:
    transfers = {page: targets for page, targets in checklist_links(site).items()
                 if page.split("/")[2] in ("internal-transfer", "evolution-then-transfer")}
    assert len(transfers) >= 10
    for page, targets in transfers.items():
        assert "guide/ml-evaluation" in targets, page
        assert 'ml-evaluation/#self-assessment"' in site.read(f"{page}/index.html"), page
    evaluation = site.read("guide/ml-evaluation/index.html")
    for area in ("System design", "Evaluation and experiment design", "Choosing a model",
                 "Self-assessment"):
        assert f">{area}<" in evaluation, area


def test_the_readiness_check_is_dated_before_the_phase_of_its_gate() -> None:
    """The step that schedules the readiness check sits in a phase that comes before the one
    whose gate it schedules, so the reader sets the date before they meet the gate."""
    from inside_track.library.loader import load_playbooks
    from inside_track.plan.checklists import plan_all

    checked = 0
    for checklist in plan_all(load_playbooks([ROOT / "playbooks"])):
        gates = [p.phase.order for p in checklist.phases if p.readiness is not None]
        if not gates:
            continue
        dated = [p.phase.order for p in checklist.phases
                 for item in p.items if item.step.id == "set-readiness-check-date"]
        assert dated, checklist.slug
        assert dated[0] < gates[0], checklist.slug
        checked += 1
    assert checked >= 5

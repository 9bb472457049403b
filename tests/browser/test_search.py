"""Search finds what readers ask for: a checklist and a playbook by a word in their text,
the page each reader's query in search-queries.yml is looking for among the first results,
and every page of the navigation first by its own title."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from .helpers import SEARCH_CHECKLIST as CHECKLIST
from .helpers import SEARCH_PLAYBOOK as PLAYBOOK
from .helpers import SEARCH_WORD as WORD
from .helpers import search

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from .conftest import Site

QUERIES = Path(__file__).with_name("search-queries.yml")


def pages_of(urls: list[str], site_url: str) -> set[str]:
    """The page paths (relative to the site) that search results link to."""
    return set(ranked_pages(urls, site_url))


def ranked_pages(urls: list[str], site_url: str) -> list[str]:
    """The page paths (relative to the site) of result links, in order, each once."""
    base = urlsplit(site_url).path
    found: list[str] = []
    for url in urls:
        path = urlsplit(url).path
        assert path.startswith(base), url
        if path[len(base):] not in found:
            found.append(path[len(base):])
    return found


def reader_queries() -> dict[str, Any]:
    data = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    assert isinstance(data["top"], int) and 1 <= data["top"] <= 5, "keep `top` small"
    return data


def open_search(page: Page) -> None:
    from playwright.sync_api import expect

    page.keyboard.press("/")  # Material's shortcut: focus the search field
    expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching")


def top_pages(page: Page, query: str, site_url: str) -> list[str]:
    """Type ``query`` into the open search box, as a reader would; the pages of the result
    groups in the order shown (each group is one page)."""
    from playwright.sync_api import expect

    field = page.get_by_role("textbox", name="Search")
    meta = page.locator(".md-search-result__meta")
    field.fill("")
    field.press("Backspace")
    expect(meta).to_have_text("Type to start searching")
    field.fill(query)
    field.press("End")  # Material searches on key presses, not on the input event alone
    expect(meta).to_have_text(re.compile(r"^(\d+ matching documents?|No matching documents)$"))
    links = page.locator(".md-search-result__list > li > a:first-child")
    hrefs = [urljoin(page.url, link.get_attribute("href") or "") for link in links.all()]
    return ranked_pages(hrefs, site_url)


def test_search_finds_a_playbook_and_a_checklist_by_a_word_in_their_text(
        page: Page, site: Site) -> None:
    page.goto("")
    results = pages_of(search(page, WORD), site.url)
    assert {PLAYBOOK, CHECKLIST} <= results, results
    page.locator(f".md-search-result__list > li a[href*='{CHECKLIST}']").first.click()
    page.wait_for_url(f"**/{CHECKLIST}**")
    # The word is in a checklist step, not only somewhere on the page.
    assert page.locator(".it-check label", has_text=WORD).count() >= 1


def test_readers_queries_find_their_page_among_the_first_results(
        page: Page, site: Site) -> None:
    data = reader_queries()
    top = data["top"]
    page.goto("")
    open_search(page)
    misses = []
    for case in data["queries"]:
        found = top_pages(page, case["query"], site.url)
        if case["page"] not in found[:top]:
            misses.append(f"{case['query']!r}: wanted {case['page']}, got {found[:top]}")
    assert misses == [], "\n".join(misses)


def test_every_page_in_the_navigation_comes_first_for_its_own_title(
        page: Page, site: Site) -> None:
    page.goto("")
    nav = page.eval_on_selector_all(
        ".md-nav--primary a.md-nav__link[href]", "links => links.map(link => link.href)")
    index = page.request.get("search/search_index.json").json()["docs"]
    pages = set(ranked_pages(nav, site.url))
    titles = {doc["location"]: doc["title"] for doc in index if doc["location"] in pages}
    assert len(titles) >= 10, titles
    open_search(page)
    misses = []
    for path, title in titles.items():
        found = top_pages(page, title, site.url)
        if found[:1] != [path]:
            misses.append(f"{title!r}: wanted {path}, got {found[:3]}")
    assert misses == [], "\n".join(misses)


@pytest.mark.parametrize(("query", "word"), [("no", "note"), ("how", "however")])
def test_a_short_word_typed_in_full_is_not_a_prefix(
        page: Page, site: Site, query: str, word: str) -> None:
    """Stop words and negations match whole words only: "no" never finds "note"."""
    page.goto("")
    open_search(page)
    top_pages(page, query, site.url)
    marks = page.locator(".md-search-result mark").all_inner_texts()
    assert not [mark for mark in marks if mark.lower().startswith(word[:len(query) + 1])], marks

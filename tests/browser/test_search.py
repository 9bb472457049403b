"""Search finds a checklist and a playbook by a word in their text."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .helpers import SEARCH_CHECKLIST as CHECKLIST
from .helpers import SEARCH_PLAYBOOK as PLAYBOOK
from .helpers import SEARCH_WORD as WORD
from .helpers import search

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from .conftest import Site


def pages_of(urls: list[str], site_url: str) -> set[str]:
    """The page paths (relative to the site) that search results link to."""
    base = urlsplit(site_url).path
    found = set()
    for url in urls:
        path = urlsplit(url).path
        assert path.startswith(base), url
        found.add(path[len(base):])
    return found


def test_search_finds_a_playbook_and_a_checklist_by_a_word_in_their_text(
        page: Page, site: Site) -> None:
    page.goto("")
    results = pages_of(search(page, WORD), site.url)
    assert {PLAYBOOK, CHECKLIST} <= results, results
    page.locator(f".md-search-result__list > li a[href*='{CHECKLIST}']").first.click()
    page.wait_for_url(f"**/{CHECKLIST}**")
    # The word is in a checklist step, not only somewhere on the page.
    assert page.locator(".it-check label", has_text=WORD).count() >= 1

"""Small helpers shared by the browser tests, and the pages they look at on the real site."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import Page

# A checklist with a readiness gate (the manager conversation is still ahead), so it has
# both kinds of checkbox: steps and readiness signs.
CHECKLIST = "checklists/large-process/internal-transfer/not-yet/"
CHOOSER = "checklists/"

# One page of each kind, as the site's URLs (relative to its home).
PLAYBOOK_PAGES = {
    "company type": "company-types/large-process/",
    "path": "paths/internal-transfer/",
    "manager response": "manager-responses/not-yet/",
    "phase": "phases/manager-conversation/",
}

# A word found only in the external path's playbook and in the text of a step that this
# path adds to its checklist; if the content changes, pick another such word.
SEARCH_WORD = "instrumentation"
SEARCH_PLAYBOOK = "paths/external/"
SEARCH_CHECKLIST = "checklists/no-ml/external/plan/"

STEP_BOXES = "input[type=checkbox][data-it-step]"
ALL_BOXES = "input[type=checkbox][data-it-step], input[type=checkbox][data-it-sign]"


def storage(page: Page) -> dict[str, str]:
    """The page's localStorage, as a dict."""
    return dict(page.evaluate("Object.entries(localStorage)"))


SCRIPT = "assets/inside-track/inside-track.js"
BOOKKEEPING = {"persist-asked"}
"""Keys the page keeps about itself rather than the reader's progress."""


def site_prefix(page: Page, edition: str = "public") -> str:
    """The prefix of this site's keys: its edition and the path its script is served under,
    so sites sharing an origin keep apart."""
    script = page.evaluate(f"[...document.scripts].map(s => s.src)"
                           f".find(s => s.endsWith({SCRIPT!r}))")
    base = urlsplit(script).path.removesuffix(SCRIPT)
    return f"inside-track:v2:{quote(edition, safe='')}:{quote(base, safe='')}:"


def kept(page: Page, edition: str = "public") -> dict[str, str]:
    """What this site keeps of the reader's progress, by key without the site's prefix."""
    prefix = site_prefix(page, edition)
    return {key.removeprefix(prefix): value for key, value in storage(page).items()
            if key.startswith(prefix) and key.removeprefix(prefix) not in BOOKKEEPING}


def checked_ids(page: Page) -> list[str]:
    return list(page.eval_on_selector_all(
        ALL_BOXES, "boxes => boxes.filter(box => box.checked).map(box => box.id)"))


def search(page: Page, query: str) -> list[str]:
    """Search the site as a reader would; the URLs the results link to."""
    from playwright.sync_api import expect

    page.keyboard.press("/")  # Material's shortcut: focus the search field
    field = page.get_by_role("textbox", name="Search")
    expect(field).to_be_focused()
    meta = page.locator(".md-search-result__meta")
    expect(meta).to_have_text("Type to start searching")  # the index has loaded
    field.fill(query)
    field.press("End")  # Material searches on key presses, not on the input event alone
    expect(meta).to_have_text(re.compile(r"^\d+ matching documents?$"))
    results = page.locator(".md-search-result__list > li a")
    results.first.wait_for(state="visible")
    return [link.get_attribute("href") or "" for link in results.all()]

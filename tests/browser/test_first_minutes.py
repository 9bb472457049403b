"""What a new reader meets in the first minutes: the home page's call to action on a phone,
the decision diagram's text alternative, visible keyboard focus, 24 px targets, a skip
link, no sideways scrolling at 390 px, the 404 page's ways on, and axe-core with search
open and on the chooser after keyboard use."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from .helpers import CHECKLIST, CHOOSER, search
from .test_accessibility import violations

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

    from .conftest import Site

PHONE: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "is_mobile": True,
                         "has_touch": True}

FOCUS_SHOWN = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    // a hidden input (Material's colour-scheme switch) shows focus on the label after it
    const shows = getComputedStyle(el).opacity === "0" && el.nextElementSibling
        ? el.nextElementSibling : el;
    const s = getComputedStyle(shows);
    const row = el.closest("label");
    const rowShadow = row ? getComputedStyle(row).boxShadow : "none";
    return {
        name: el.tagName + "." + el.className + " "
            + (el.textContent || el.value || "").trim().slice(0, 30),
        shown: (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0)
            || s.boxShadow !== "none" || rowShadow !== "none",
    };
}"""


def tab_through(page: Page, presses: int) -> list[dict[str, Any]]:
    seen = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_SHOWN)
        if state:
            seen.append(state)
    return seen


def test_the_call_to_action_is_above_the_fold_on_a_phone(
        new_context: Callable[..., BrowserContext], site: Site) -> None:
    page = new_context(base_url=site.url, **PHONE).new_page()
    page.goto("")
    button = page.get_by_role("link", name="Build your checklist").first
    box = button.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 844, box
    # one next step: the only "Next" on the home page is the footer's, to the checklist
    nexts = page.locator("a", has_text="Next")
    assert nexts.count() == 1 and "checklists" in (nexts.first.get_attribute("href") or "")


def test_the_decision_diagram_has_a_text_alternative(page: Page) -> None:
    page.goto("")
    chart = page.locator("svg.it-decision__chart")
    assert chart.get_attribute("role") == "img"
    title = page.locator("#" + (chart.get_attribute("aria-labelledby") or "none"))
    assert "checklist" in title.text_content().lower()
    words = page.locator("#" + (chart.get_attribute("aria-describedby") or "none"))
    assert words.is_visible()
    for name in ("Large, process-driven", "Internal transfer", "Vague or non-committal"):
        assert words.get_by_role("link", name=name).count() == 1, name
    assert chart.locator("rect").count() >= 10  # drawn from the playbooks, not empty


@pytest.mark.parametrize("url", ["", CHOOSER, CHECKLIST, "no/such/page/"])
def test_keyboard_focus_is_visible_on_every_control(page: Page, url: str) -> None:
    page.goto(url)
    if url == CHOOSER:  # every question open, so its radio buttons are reachable
        form = page.locator("form.it-chooser")
        form.get_by_label("Large, process-driven", exact=True).check()
        form.get_by_label("Internal transfer", exact=True).check()
        page.locator("body").focus()
    seen = tab_through(page, 60)
    assert len(seen) > 10
    hidden = [s["name"] for s in seen if not s["shown"]]
    assert not hidden, hidden


def test_the_skip_link_moves_the_keyboard_into_the_page(page: Page) -> None:
    page.goto(CHOOSER)
    page.keyboard.press("Tab")
    skip = page.locator(".md-skip")
    assert page.evaluate("document.activeElement.classList.contains('md-skip')")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    for _ in range(4):  # the heading's permalink, then the first answer
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name === 'company_type'"):
            break
    assert page.evaluate("document.activeElement.name") == "company_type"


@pytest.mark.parametrize("url", [CHOOSER, CHECKLIST])
def test_answers_and_checkboxes_are_at_least_24_px(page: Page, url: str) -> None:
    page.goto(url)
    boxes = page.locator("form.it-chooser input[type=radio]:visible, .it-check input")
    assert boxes.count() > 3
    for n in range(boxes.count()):
        box = boxes.nth(n).bounding_box()
        assert box and box["width"] >= 24 and box["height"] >= 24, (n, box)


def test_no_page_scrolls_sideways_on_a_phone(
        new_context: Callable[..., BrowserContext], site: Site) -> None:
    """Neither a page nor anything on it scrolls sideways, tables included. Code blocks
    (on the pages for forks) may: wrapping a command would change what is copied."""
    page = new_context(base_url=site.url, **PHONE).new_page()
    wide = []
    for path in site.pages:
        page.goto(path.removesuffix("index.html"))
        found = page.evaluate("""() => {
            const doc = document.documentElement;
            if (doc.scrollWidth > doc.clientWidth) return "the page";
            const el = [...document.querySelectorAll(".md-content *")].find(e =>
                e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== "visible"
                && e.clientWidth > 0 && !e.closest("pre"));
            return el ? el.tagName + "." + el.className : null;
        }""")
        if found:
            wide.append(f"{path}: {found}")
    assert not wide, wide


def test_the_404_page_offers_home_the_chooser_and_search(page: Page, site: Site) -> None:
    page.goto("no/such/page/")
    main = page.locator(".md-content")
    for name, url in (("Build your checklist", "checklists/"), ("Go to the home page", "")):
        page.goto("no/such/page/")
        main.get_by_role("link", name=name).click()
        page.wait_for_url(site.url + url)
    page.goto("no/such/page/")
    main.get_by_role("button", name="Search the guide").click()
    assert page.get_by_role("textbox", name="Search").is_visible()


def test_no_accessibility_violations_with_search_open(page: Page) -> None:
    page.goto("")
    search(page, "manager")
    count, report = violations(page)
    assert count == 0, report


def test_no_accessibility_violations_on_the_chooser_after_keyboard_use(page: Page) -> None:
    page.goto(CHOOSER)
    page.locator("form.it-chooser input[name=company_type]").first.focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    count, report = violations(page)
    assert count == 0, report


def test_readers_searches_rank_fork_pages_last(page: Page, site: Site) -> None:
    page.goto("")
    results = search(page, "manager")
    top = [url.replace(site.url, "") for url in results[:8]]
    assert not [u for u in top if u.startswith(("reference/", "fork/", "benchmarks/"))], top


def test_clear_progress_comes_after_the_steps_in_tab_order(page: Page) -> None:
    page.goto(CHECKLIST)
    order = page.evaluate("""() => [...document.querySelectorAll(
        "input[data-it-step], .it-progress__clear")].map(e => e.tagName)""")
    assert order[-1] == "BUTTON" and order.count("BUTTON") == 1, order
    page.get_by_role("button", name="Clear progress").focus()
    page.keyboard.press("Shift+Tab")  # back from Clear: somewhere after the last step
    assert page.evaluate("""() => {
        const steps = document.querySelectorAll("input[data-it-step]");
        const last = steps[steps.length - 1];
        return !!(last.compareDocumentPosition(document.activeElement)
                  & Node.DOCUMENT_POSITION_FOLLOWING) || document.activeElement === last;
    }""")

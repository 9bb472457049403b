"""axe-core finds no accessibility violations on the pages a reader meets, in both colour
schemes, in the states they are used in (answers given, items ticked, search open with
results, after keyboard use, a progress file imported, a returning reader greeted).

axe-core is npm's, pinned in package.json (``npm ci``), so the rules are the latest 4.x;
without it, the copy bundled with axe-playwright-python."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from conftest import ROOT

from .helpers import CHECKLIST, CHOOSER, PLAYBOOK_PAGES, STEP_BOXES

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

    from .conftest import Site


def answer_two_questions(page: Page) -> None:
    form = page.locator("form.it-chooser")
    form.get_by_label("Large, process-driven", exact=True).check()
    form.get_by_label("Internal transfer", exact=True).check()


def tick_a_step_and_a_sign(page: Page) -> None:
    page.locator("input[data-it-step]").first.check()
    page.locator("input[data-it-sign]").first.check()


def plan_a_start_and_share(page: Page) -> None:
    """The plan's controls in use: a start date, a folded phase, the share link shown."""
    page.get_by_label("Your start date").fill("2026-01-15")
    tick_a_step_and_a_sign(page)
    page.get_by_role("button", name="Fold finished phases").click()
    page.get_by_role("button", name="Share").click()


def open_a_share_link(page: Page) -> None:
    page.get_by_label("Your start date").fill("2026-01-15")
    tick_a_step_and_a_sign(page)
    page.get_by_role("button", name="Share").click()
    link = page.get_by_label("Link to your progress").input_value()
    page.evaluate("localStorage.clear()")
    page.goto(link)
    page.reload()
    page.locator(".it-shared").wait_for()


def remember_a_choice(page: Page) -> None:
    """Answers given before: the chooser opens pre-filled and the header links back."""
    form = page.locator("form.it-chooser")
    answer_two_questions(page)
    form.get_by_label("I haven't had the conversation yet", exact=True).check()
    form.get_by_role("button", name="Open my checklist").click()
    page.wait_for_url(f"**/{CHECKLIST}")
    page.goto(CHOOSER)
    page.get_by_role("link", name="My checklist").wait_for()


def search_with_several_queries(page: Page) -> None:
    """Search open, its results for a query that finds templates, code and checklists."""
    from playwright.sync_api import expect

    page.keyboard.press("/")
    field = page.get_by_role("textbox", name="Search")
    meta = page.locator(".md-search-result__meta")
    expect(meta).to_have_text("Type to start searching")
    for query in ("manager said no", "impact log", "playbook schema", "instrumentation"):
        field.fill(query)
        field.press("End")
        expect(meta).to_contain_text("matching document")


def use_the_keyboard(page: Page) -> None:
    """Tab through the page's first controls, ticking the checkboxes met on the way."""
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('input[type=checkbox][data-it-step]')"):
            page.keyboard.press("Space")


def import_progress(page: Page) -> None:
    """A progress file made on the page, storage cleared, the file imported back."""
    import tempfile
    from pathlib import Path

    page.locator(STEP_BOXES).first.check()
    page.get_by_role("button", name="Make this my checklist").click()
    with page.expect_download() as info:
        page.get_by_role("button", name="Export progress").click()
    saved = Path(tempfile.mkdtemp()) / "progress.json"
    info.value.save_as(saved)
    page.evaluate("localStorage.clear()")
    page.reload()
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Import progress").click()
    chooser.value.set_files(str(saved))
    page.locator("a[data-it-my-checklist]:visible").wait_for()


def fold_a_finished_phase(page: Page) -> None:
    phase = page.locator(STEP_BOXES).first.get_attribute("data-it-phase")
    for box in page.locator(f"{STEP_BOXES}[data-it-phase='{phase}']").all():
        box.check()
    page.get_by_role("button", name="Fold finished phases").click()
    page.locator(".it-folded-note").first.wait_for()


def come_back_home(page: Page) -> None:
    page.locator(STEP_BOXES).first.check()
    page.get_by_role("button", name="Make this my checklist").click()
    page.goto("")
    page.locator(".it-continue .it-continue__where").wait_for()


PAGES: dict[str, tuple[str, Callable[[Page], None] | None]] = {
    "home": ("", None),
    "chooser": (CHOOSER, None),
    "chooser answered": (CHOOSER, answer_two_questions),
    **{kind: (url, None) for kind, url in PLAYBOOK_PAGES.items()},
    "checklist": (CHECKLIST, None),
    "checklist ticked": (CHECKLIST, tick_a_step_and_a_sign),
    "checklist planned": (CHECKLIST, plan_a_start_and_share),
    "checklist shared": (CHECKLIST, open_a_share_link),
    "chooser remembered": (CHOOSER, remember_a_choice),
    "404": ("no/such/page/", None),
    "search open": ("", search_with_several_queries),
    "checklist after keyboard use": (CHECKLIST, use_the_keyboard),
    "checklist imported": (CHECKLIST, import_progress),
    "checklist folded": (CHECKLIST, fold_a_finished_phase),
    "home returning": (CHECKLIST, come_back_home),
    "template": ("templates/impact-log/", None),
    "hard case": ("hard-cases/manager-says-no/", None),
    "worked example": ("guide/worked-example/", None),
}


def violations(page: Page) -> tuple[int, str]:
    """Run axe-core, as bundled by axe-playwright-python, on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = (Axe.from_file(AXE) if AXE.is_file() else Axe()).run(page)
    return results.violations_count, results.generate_report()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_accessibility_violations(
        new_context: Callable[..., BrowserContext], site: Site, name: str,
        scheme: str) -> None:
    url, prepare = PAGES[name]
    page = new_context(base_url=site.url, color_scheme=scheme).new_page()
    page.goto(url)
    if prepare:
        prepare(page)
    count, report = violations(page)
    assert count == 0, report


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("url", ["templates/impact-log/", "guide/worked-example/"])
def test_no_violations_in_the_phone_navigation_drawer(
        new_context: Callable[..., BrowserContext], site: Site, url: str,
        scheme: str) -> None:
    """On a phone, the drawer open at a nested section (its title over the section's links)."""
    page = new_context(base_url=site.url, color_scheme=scheme,
                       viewport={"width": 390, "height": 844}).new_page()
    page.goto(url)
    page.locator(".md-header label[for='__drawer']").click()
    page.locator(".md-sidebar--primary .md-nav__link--active").first.wait_for()
    page.wait_for_timeout(500)  # the drawer slides in
    count, report = violations(page)
    assert count == 0, report


def test_axe_finds_what_it_should(new_context: Callable[..., BrowserContext],
                                  site: Site) -> None:
    """The check can fail: an unlabelled checkbox and low-contrast text are caught."""
    page = new_context(base_url=site.url).new_page()
    page.goto(CHECKLIST)
    page.evaluate("""() => {
        document.querySelector("label[for^='it-step-']").remove();
        document.querySelector(".it-why").style.color = "#bbb";
    }""")
    count, report = violations(page)
    assert count == 2, report
    assert "label" in report and "color-contrast" in report

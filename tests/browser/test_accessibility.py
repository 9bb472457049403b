"""axe-core finds no accessibility violations on the pages a reader meets, in both colour
schemes, in the states they are used in (answers given, items ticked)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from .helpers import CHECKLIST, CHOOSER, PLAYBOOK_PAGES

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
}


def violations(page: Page) -> tuple[int, str]:
    """Run axe-core, as bundled by axe-playwright-python, on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
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

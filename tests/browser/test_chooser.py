"""The chooser leads from three answers to the right checklist, with JavaScript or without."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from .helpers import CHOOSER

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

    from .conftest import Site

# (company type, path, manager response or None when the path has no third question,
#  the checklist these answers lead to)
ANSWERS = [
    ("Large, process-driven", "Internal transfer", "I haven't had the conversation yet",
     "checklists/large-process/internal-transfer/not-yet/"),
    ("Small, relationship-driven", "Role evolution", "Let's build a development plan",
     "checklists/small-relationship/role-evolution/development-plan/"),
    ("ML in pockets, no owner", "Role evolution", "We need you here right now",
     "checklists/ml-in-pockets/role-evolution/needed-here/"),
    ("No ML at all", "The external path", None, "checklists/no-ml/external/plan/"),
]
IDS = [target.removeprefix("checklists/").strip("/") for *_, target in ANSWERS]


def starting(text: str) -> re.Pattern[str]:
    """Match an accessible name that starts with ``text``."""
    return re.compile(r"^\s*" + re.escape(text))


def assert_is_checklist_for(page: Page, company_type: str, path: str,
                            response: str | None) -> None:
    """The page says, in its situation line, that it is for these answers."""
    situation = page.locator(".it-situation")
    for answer in (company_type, path, response):
        if answer:
            assert situation.get_by_role("link", name=answer, exact=True).count() == 1, answer
    assert page.locator("input[type=checkbox][data-it-step]").count() > 0


@pytest.mark.parametrize(("company_type", "path", "response", "target"), ANSWERS, ids=IDS)
def test_three_answers_open_the_matching_checklist(
        page: Page, site: Site, company_type: str, path: str, response: str | None,
        target: str) -> None:
    page.goto(CHOOSER)
    form = page.locator("form.it-chooser")
    form.get_by_label(company_type, exact=True).check()
    # A single possible path is chosen for the reader; otherwise they choose it.
    form.get_by_label(path, exact=True).check()
    if response is None:
        assert form.locator("[data-it-question=manager_response]").is_hidden()
    else:
        # A response's label goes on with what the manager said, in quotes.
        form.get_by_label(starting(response)).check()
    form.get_by_role("button", name="Open my checklist").click()
    page.wait_for_url(site.url + target)
    assert_is_checklist_for(page, company_type, path, response)


@pytest.mark.parametrize(("company_type", "path", "response", "target"), ANSWERS, ids=IDS)
def test_without_javascript_the_chooser_is_links_to_the_same_checklists(
        new_context: Callable[..., BrowserContext], site: Site, company_type: str,
        path: str, response: str | None, target: str) -> None:
    page = new_context(base_url=site.url, java_script_enabled=False).new_page()
    page.goto(CHOOSER)
    assert page.locator("form.it-chooser").is_hidden()
    heading = page.get_by_role("heading", name=starting(company_type))
    assert heading.is_visible()
    links = heading.locator("xpath=following-sibling::ul[1]")  # this company type's list
    if response is None:
        link = links.get_by_role("link", name=path, exact=True)
    else:
        link = links.locator("li", has_text=path).get_by_role("link", name=response, exact=True)
    link.click()
    page.wait_for_url(site.url + target)
    assert_is_checklist_for(page, company_type, path, response)


def test_the_chooser_can_be_answered_with_the_keyboard_alone(page: Page, site: Site) -> None:
    page.goto(CHOOSER)

    def tab_to(selector: str) -> None:
        for _ in range(300):
            page.keyboard.press("Tab")
            if page.evaluate("s => document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("input[name=company_type]")
    page.keyboard.press("Space")  # the first answer: Large, process-driven
    tab_to("input[name=path]")
    page.keyboard.press("ArrowDown")  # Internal transfer -> Role evolution
    tab_to("input[name=manager_response]")
    page.keyboard.press("Space")  # I haven't had the conversation yet
    tab_to("button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(site.url + "checklists/large-process/role-evolution/not-yet/")

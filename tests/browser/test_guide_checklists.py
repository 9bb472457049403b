"""Checklist progress and the chooser on the small guide fixture, whose counts are known:
ticks and their storage keys, steps shared between checklists, the readiness status,
clearing, and the chooser's rules."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from .helpers import kept, site_prefix

if TYPE_CHECKING:
    from playwright.sync_api import Page


@pytest.fixture
def page(guide_page: Page) -> Page:
    """This module's tab is on the guide fixture, not the real site."""
    return guide_page


def test_ticks_are_saved_by_step_id_and_survive_a_reload(page: Page) -> None:
    page.goto("checklists/large/transfer/not-asked/")
    count = page.locator(".it-progress__count")
    assert count.inner_text() == "0 of 10 done"
    page.get_by_label("Keep an impact log in ML system terms.").check()
    page.focus("#it-step-find-who-moved")
    page.keyboard.press("Space")
    assert count.inner_text() == "2 of 10 done"
    assert kept(page) == {"step:keep-impact-log": "1", "step:find-who-moved": "1"}
    page.reload()
    assert count.inner_text() == "2 of 10 done"
    assert page.is_checked("#it-step-keep-impact-log")
    page.uncheck("#it-step-keep-impact-log")
    assert kept(page) == {"step:find-who-moved": "1"}


def test_a_step_ticked_in_one_checklist_is_ticked_in_another(page: Page) -> None:
    page.goto("checklists/large/transfer/not-asked/")
    page.check("#it-step-find-who-moved")
    page.check("#it-step-check-ml-roadmap")
    page.goto("checklists/no-ml/external/plan/")
    assert page.is_checked("#it-step-find-who-moved")
    assert page.locator(".it-progress__count").inner_text() == "2 of 5 done"
    statuses = page.locator(".it-timeline__list li").all_inner_texts()
    assert statuses[0].endswith("(done)")
    assert statuses[1].endswith("(you are here)")


def test_readiness_status_follows_the_signs(page: Page) -> None:
    page.goto("checklists/startup/evolution/not-asked/")
    status = page.locator(".it-readiness__status")
    page.check("#it-sign-can-name-role")
    assert status.inner_text() == "1 of 3 signs hold: not yet, you need at least 2."
    page.check("#it-sign-ml-team-knows-you")
    assert status.inner_text() == "2 of 3 signs hold: you are ready."
    assert "sign:ml-team-knows-you" in kept(page)
    assert page.locator(".it-progress__count").inner_text() == "0 of 6 done"


def test_clear_progress_clears_this_page_only_and_can_be_undone(page: Page) -> None:
    page.goto("checklists/no-ml/external/plan/")
    page.evaluate("key => localStorage.setItem(key, '1')", site_prefix(page) + "step:elsewhere")
    page.check("#it-step-keep-impact-log")
    page.get_by_role("button", name="Clear progress").click()
    assert page.locator(".it-progress__count").inner_text() == "0 of 5 done"
    assert kept(page) == {"step:elsewhere": "1"}
    page.get_by_role("button", name="Undo").click()
    assert page.is_checked("#it-step-keep-impact-log")
    assert "step:keep-impact-log" in kept(page)


def test_chooser_offers_only_valid_answers_and_opens_the_matching_checklist(page: Page) -> None:
    page.goto("checklists/")
    form = page.locator("form.it-chooser")
    assert form.is_visible()
    page.get_by_label("Small, relationship-driven").check()
    paths = page.locator("[data-it-question=path] label:visible").all_inner_texts()
    assert paths == ["Internal transfer", "Role evolution"]
    assert "Evolution, then transfer" in page.locator(".it-chooser__explain").inner_text()
    page.get_by_role("button", name="Open my checklist").click()
    assert page.locator(".it-chooser__message").inner_text() == (
        "Please answer question 2 first.")
    page.get_by_label("Role evolution").check()
    page.get_by_label("Not yet").check()
    page.get_by_role("button", name="Open my checklist").click()
    page.wait_for_url("**/checklists/startup/evolution/not-yet/")


def test_chooser_explains_the_ruled_out_paths_and_the_missing_third_question(
        page: Page) -> None:
    page.goto("checklists/")
    page.get_by_label("No ML, none planned").check()
    assert "no team to transfer into" in page.locator(".it-chooser__explain").inner_text()
    assert page.is_checked("input[name=path][value=external]")
    assert not page.locator("[data-it-question=manager_response]").is_visible()
    assert "no third question" in page.locator(".it-chooser__no-third").inner_text()
    page.get_by_role("button", name="Open my checklist").click()
    page.wait_for_url("**/checklists/no-ml/external/plan/")


def test_nothing_is_kept_in_cookies(page: Page) -> None:
    page.goto("checklists/large/transfer/not-asked/")
    page.check("#it-step-find-who-moved")
    assert page.context.cookies() == []


def test_a_company_page_shows_the_steps_of_the_chosen_answer_only(page: Page) -> None:
    """The answer follows the address; the page applies it on ``hashchange``, an event the
    browser fires after the click returns, so each check waits for the page to catch up."""
    from playwright.sync_api import expect

    page.goto("checklists/acme/transfer/")
    count = page.locator(".it-progress__count")
    steps = page.locator("input[data-it-step]")
    visible = page.locator("input[data-it-step]:visible")
    every = steps.count()
    assert count.inner_text() == f"0 of {every} done"  # no answer chosen: every step shows
    assert page.locator("#it-step-ask-for-milestones").is_visible()
    page.click("#answer-development-plan")
    expect(page.locator("#answer-development-plan")).to_have_attribute("aria-current", "true")
    expect(page.locator("#it-step-open-conversation")).to_be_hidden()
    assert page.locator("#it-step-ask-for-milestones").is_visible()
    assert not page.locator(".it-readiness").is_visible()
    shown = visible.count()
    assert 0 < shown < every
    page.check("#it-step-ask-for-milestones")
    expect(count).to_have_text(f"1 of {shown} done")
    page.goto("checklists/acme/transfer/#answer-not-asked")  # as the manifest links it
    expect(page.locator(".it-readiness")).to_be_visible()
    assert not page.locator("#it-step-ask-for-milestones").is_visible()
    page.get_by_role("link", name="Every answer").click()
    expect(visible).to_have_count(every)

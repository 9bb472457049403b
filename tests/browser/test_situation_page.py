"""What the planner decided, as the reader sees it: the readiness gate needs evidence, and
"you are here" starts where the reader stands."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .helpers import CHECKLIST

if TYPE_CHECKING:
    from playwright.sync_api import Page


def test_the_gate_stays_shut_on_knowledge_alone(page: Page) -> None:
    page.goto(CHECKLIST)
    status = page.locator(".it-readiness__status")
    page.check("#it-sign-know-your-route")
    page.check("#it-sign-know-approval-process")
    assert status.inner_text() == ("2 of 8 signs hold: not yet, you need at least 1 from "
                                   "Evidence.")
    assert "is-not-ready" in (page.locator(".it-readiness").get_attribute("class") or "")
    page.check("#it-sign-shipped-ml-adjacent-work")
    assert status.inner_text() == "3 of 8 signs hold: you are ready."


def test_once_the_conversation_is_held_you_are_at_the_conversation(page: Page) -> None:
    page.goto("checklists/large-process/internal-transfer/needed-here/")
    here = page.locator(".it-timeline__list li.is-current")
    assert here.count() == 1
    assert here.get_attribute("data-it-phase") == "manager-conversation"
    page.goto(CHECKLIST)
    here = page.locator(".it-timeline__list li.is-current")
    assert here.get_attribute("data-it-phase") == "landscape-mapping"

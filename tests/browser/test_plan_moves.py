"""A plan that moves with the reader: recording the manager's answer leads to that answer's
checklist with the ticks kept, and a dated plan follows today and the review date."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from .helpers import CHECKLIST, STEP_BOXES
from .helpers import kept as site_storage
from .plan_walk import add_months, phase_days, plan_data

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

    from .conftest import Site

def ticked_steps(page: Page) -> set[str]:
    return set(page.eval_on_selector_all(
        STEP_BOXES, "boxes => boxes.filter(b => b.checked).map(b => b.dataset.itStep)"))


def test_a_not_yet_reader_records_the_answer_and_keeps_their_ticks(page: Page) -> None:
    from playwright.sync_api import expect

    page.goto(CHECKLIST)
    data = plan_data(page)
    [move] = [m for m in data["transitions"] if m["closes"]]
    steps = page.locator(STEP_BOXES)
    for box in steps.all()[:7]:
        box.check()
    before = ticked_steps(page)
    start = "2027-01-31"
    page.get_by_label("Your start date").fill(start)
    page.get_by_role("button", name="Make this my checklist").click()
    target = next(t for t in move["targets"] if t["checklist"].endswith("/development-plan"))
    link = page.locator(f".it-next a[data-it-to='{target['checklist']}']")
    expect(link).to_be_visible()
    link.click()
    page.wait_for_url(re.compile(r"/development-plan/"))
    kept = before & set(target["steps"])
    assert kept, "the answer's checklist shares some of the steps ticked before"
    note = page.locator(".it-progress__moved")
    expect(note).to_be_visible()
    expect(note).to_contain_text(f"{len(kept)} of {len(before)} ticks carried over")
    assert ticked_steps(page) == kept | (ticked_steps(page) - before)
    assert kept <= ticked_steps(page)
    expect(page.get_by_label("Your start date")).to_have_value(start)
    mine = page.get_by_role("link", name="My checklist")
    expect(mine).to_have_attribute("href", re.compile(r"/development-plan/$"))
    saved = site_storage(page)["situation"]
    assert '"manager_response":"development-plan"' in saved.replace(" ", "")
    page.get_by_role("button", name="Share").click()
    link_text = page.locator(".it-plan__share-link").input_value()
    assert "checklist=" + target["checklist"].replace("/", "%2F") in link_text
    page.reload()
    expect(note).to_be_hidden()  # said once


def dated(page: Page, start: dt.date, review: dt.date | None = None) -> dict[str, Any]:
    page.get_by_label("Your start date").fill(start.isoformat())
    if review is not None:
        page.locator("#it-review-date").fill(review.isoformat())
    return plan_data(page)


def box_of(page: Page, selector: str) -> dict[str, float]:
    found = page.locator(selector).bounding_box()
    assert found is not None, selector
    return found


def overlaps(a: dict[str, float], b: dict[str, float]) -> bool:
    return not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])


@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (390, "dark")])
def test_you_are_here_follows_today_and_today_covers_no_label(
        new_context: Callable[..., BrowserContext], site: Site, width: int,
        scheme: str) -> None:
    from playwright.sync_api import expect

    page = new_context(base_url=site.url, timezone_id="UTC", color_scheme=scheme,
                       viewport={"width": width, "height": 900}).new_page()
    page.goto(CHECKLIST)
    day = dt.datetime.now(dt.UTC).date()
    start = day - dt.timedelta(days=75)  # about two and a half months in
    data = dated(page, start)
    here = page.locator(".it-timeline__list li", has_text="(you are here)")
    expect(here).to_have_count(1)
    phase = next(p for p in data["phases"] if p["id"] == here.get_attribute("data-it-phase"))
    first, after = phase_days(phase, start)
    assert first <= day < after  # the phase today falls in, not the one ticks alone give
    today = page.locator(".it-timeline__today")
    expect(today).not_to_have_attribute("display", "none")
    label = box_of(page, ".it-timeline__today text")
    assert not overlaps(label, box_of(page, ".it-timeline__caption"))
    for text in page.locator(".it-timeline__phase text").all():
        found = text.bounding_box()
        assert found is not None and not overlaps(label, found)
        for mark in today.locator("line").all():
            line = mark.bounding_box()
            assert line is not None and not overlaps(line, found)
    for tick in page.locator(".it-timeline__axis text").all():
        found = tick.bounding_box()
        assert found is not None and not overlaps(label, found)


def test_a_review_date_schedules_the_case_before_the_review(
        new_context: Callable[..., BrowserContext], site: Site) -> None:
    from playwright.sync_api import expect

    page = new_context(base_url=site.url, timezone_id="UTC").new_page()
    page.goto(CHECKLIST)
    day = dt.datetime.now(dt.UTC).date()
    start = day - dt.timedelta(days=30)
    review = add_months(start, 8)
    data = dated(page, start, review)
    anchor = data["review"]
    note = page.locator(".it-plan__review-note")
    expect(note).to_contain_text("Have your case ready by")
    assert note.get_attribute("data-it-warning") is None
    held = page.locator(f".it-dates[data-it-phase='{anchor['held']}'] time").first
    assert dt.date.fromisoformat(held.get_attribute("datetime") or "") >= review - \
        dt.timedelta(days=1)
    ready = page.locator(f".it-dates[data-it-phase='{anchor['ready']}'] time").last
    assert dt.date.fromisoformat(ready.get_attribute("datetime") or "") < review
    # the timeline's bar for the held phase moved to the review too
    bar = page.locator(f".it-timeline__phase[data-it-phase='{anchor['held']}'] "
                       ".it-timeline__bar")
    months = float(page.locator(".it-timeline__chart").get_attribute("data-it-months") or 0)
    x = float((bar.get_attribute("x") or "0%").rstrip("%"))
    assert x == pytest.approx(min(7.98 / months * 100, 99), abs=1.5)
    # a review the case cannot be ready for is refused, with the reason
    page.locator("#it-review-date").fill(add_months(start, 4).isoformat())
    expect(note).to_have_attribute("data-it-warning", "")
    expect(note).to_contain_text("too close")
    phase = next(p for p in data["phases"] if p["id"] == anchor["held"])
    first, _ = phase_days(phase, start)
    expect(held).to_have_attribute("datetime", first.isoformat())

"""The reader's own plan on the served site: My checklist, a dated plan, the calendar file,
progress that moves between browsers, progress at a glance, and the chooser's privacy note."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from .helpers import CHECKLIST, CHOOSER, STEP_BOXES
from .plan_walk import START, Walk, add_months, download, phase_days, plan_data, walk_the_plan

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

    from .conftest import Site


def test_a_reader_walks_their_own_plan(new_context: Callable[..., BrowserContext], site: Site,
                                       tmp_path: Path) -> None:
    walk_the_plan(Walk(
        lambda **options: new_context(base_url=site.url, **options),
        chooser=CHOOSER, checklist=site.url + CHECKLIST, home="", downloads=tmp_path))


def test_nothing_changes_without_javascript(new_context: Callable[..., BrowserContext],
                                            site: Site) -> None:
    page = new_context(base_url=site.url, java_script_enabled=False).new_page()
    page.goto(CHECKLIST)
    for hidden in (".it-plan", ".it-shared", ".it-progress", "a[data-it-my-checklist]"):
        assert page.locator(hidden).is_hidden(), hidden
    page.goto(CHOOSER)
    assert page.locator("form.it-chooser").is_hidden()


def test_progress_stays_in_view_and_says_when_everything_is_done(page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 800})  # a phone
    page.goto(CHECKLIST)
    count = page.locator(".it-progress__count")
    page.locator(STEP_BOXES).last.scroll_into_view_if_needed()
    box = count.bounding_box()
    assert box is not None and 0 <= box["y"] < 800 and count.is_visible()
    done = page.locator(".it-progress__done")
    assert done.is_hidden()
    for step in page.locator(STEP_BOXES).all():
        step.check()
    assert "finished" in done.inner_text()


def test_finished_phases_fold(page: Page) -> None:
    page.goto(CHECKLIST)
    phase = page.locator(STEP_BOXES).first.get_attribute("data-it-phase")
    own = page.locator(f"{STEP_BOXES}[data-it-phase='{phase}']")
    for step in own.all():
        step.check()
    other = page.locator(f"{STEP_BOXES}:not([data-it-phase='{phase}'])").first
    fold = page.get_by_role("button", name="Fold finished phases")
    fold.click()
    assert fold.get_attribute("aria-pressed") == "true"
    assert all(step.is_hidden() for step in own.all())
    assert other.is_visible()
    page.reload()
    assert all(step.is_hidden() for step in own.all())
    own.first.evaluate("box => { box.checked = false; box.dispatchEvent(new Event('change')) }")
    assert own.first.is_visible()  # no longer finished: unfolded


def test_print_keeps_dates_and_progress_and_adds_address_and_date(page: Page) -> None:
    page.goto(CHECKLIST)
    page.get_by_label("Your start date").fill(START.isoformat())
    page.locator(STEP_BOXES).first.check()
    page.emulate_media(media="print")
    assert page.locator(".it-dates").first.is_visible()
    assert page.locator(".it-progress__count").is_visible()
    assert page.get_by_label("Your start date").is_hidden()
    meta = page.locator(".it-print-meta")
    assert meta.is_visible()
    assert page.url.split("#")[0] in meta.inner_text()
    page.emulate_media(media="screen")
    assert meta.is_hidden()


def test_chooser_says_what_is_stored_and_how_to_clear_it(page: Page) -> None:
    page.goto(CHOOSER)
    note = page.locator(".it-chooser__privacy")
    assert note.is_visible()
    text = note.inner_text()
    for words in ("this browser", "Nothing is sent", "Forget my answers", "Clear progress"):
        assert words in text, words


def test_a_company_page_plans_for_the_chosen_answer(
        new_context: Callable[..., BrowserContext], guide_site: Site, tmp_path: Path) -> None:
    """One page covers every manager response: the calendar, the progress file and My
    checklist follow the answer the reader chose on it."""
    import icalendar
    from playwright.sync_api import expect

    from inside_track.outputs.progress import Progress

    page = new_context(base_url=guide_site.url, accept_downloads=True).new_page()
    page.goto("checklists/acme/transfer/#answer-development-plan")
    page.get_by_role("button", name="Make this my checklist").click()
    mine = page.get_by_role("link", name="My checklist")
    assert (mine.get_attribute("href") or "").endswith("acme/transfer/#answer-development-plan")
    page.get_by_label("Your start date").fill(START.isoformat())
    raw = download(page, "Download calendar (.ics)", tmp_path).read_bytes()
    events = icalendar.Calendar.from_ical(raw).walk("VEVENT")
    text = " ".join(" ".join(str(e["DESCRIPTION"]).split()) for e in events)
    assert "milestone" in page.locator("#it-step-ask-for-milestones + label").inner_text()
    assert page.locator("#it-step-ask-for-milestones + label").inner_text() in text
    opener = page.locator("label[for='it-step-open-conversation']").inner_text()
    assert opener not in text  # a step for other answers only
    assert not [e for e in events if "readiness check" in str(e["SUMMARY"]).lower()]  # held
    assert all(str(e["UID"]).endswith(".development-plan@inside-track") for e in events)

    page.click("#answer-not-asked")  # a new answer on the reader's own page (on hashchange)
    expect(mine).to_have_attribute("href", re.compile(r"#answer-not-asked$"))
    raw = download(page, "Download calendar (.ics)", tmp_path).read_bytes()
    events = icalendar.Calendar.from_ical(raw).walk("VEVENT")
    assert [e for e in events if "readiness check" in str(e["SUMMARY"]).lower()]
    page.check("#it-step-open-conversation")
    progress = Progress.model_validate_json(
        download(page, "Export progress", tmp_path).read_text(encoding="utf-8"))
    assert progress.situation.company == "acme"
    assert progress.situation.manager_response == "not-asked"
    assert progress.checklist == "acme/transfer"


def test_a_company_page_dates_each_answer_by_its_own_plan(
        new_context: Callable[..., BrowserContext], guide_site: Site, tmp_path: Path) -> None:
    """A six-month revisit moves the plan for that answer only; with every answer shown,
    the calendar names the answers a milestone is for and repeats no event."""
    import icalendar
    from playwright.sync_api import expect

    page = new_context(base_url=guide_site.url, accept_downloads=True,
                       timezone_id="UTC").new_page()
    page.goto("checklists/acme/transfer/#answer-development-plan")
    page.get_by_label("Your start date").fill(START.isoformat())
    [official] = [p for p in plan_data(page)["phases"] if p["id"] == "making-it-official"]
    starts = {answer: span["start_month"] for answer, span in official["by_response"].items()}
    assert starts["not-yet"] > starts["development-plan"]
    first_day = page.locator(".it-dates[data-it-phase='making-it-official'] time").first
    for answer in ("development-plan", "not-yet"):
        page.click(f"#answer-{answer}")
        expect(first_day).to_have_attribute(
            "datetime", add_months(START, starts[answer]).isoformat())

    page.click("a[data-it-answer='']")  # every answer
    events = icalendar.Calendar.from_ical(
        download(page, "Download calendar (.ics)", tmp_path).read_bytes()).walk("VEVENT")
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids))
    [revisit] = [str(e["SUMMARY"]) for e in events if "revisit" in str(e["SUMMARY"])]
    assert "Not yet" in revisit


def expected_schedule(first: dt.date, after: dt.date, ticks: list[bool], day: dt.date) -> str:
    """Where a phase stands, as the page promises: the README's rules, written again."""
    if ticks and all(ticks):
        return "ahead" if day < after else "done"
    if day >= after:
        return "overdue" if ticks else "ended"
    if day >= first:
        return "current"
    return "ahead" if any(ticks) else "upcoming"


def test_each_phase_says_where_it_stands_and_today_is_marked(
        new_context: Callable[..., BrowserContext], site: Site) -> None:
    page = new_context(base_url=site.url, timezone_id="UTC").new_page()
    page.goto(CHECKLIST)
    day = dt.datetime.now(dt.UTC).date()
    start = day - dt.timedelta(days=75)  # about two and a half months into the plan
    data = plan_data(page)
    first_phase = data["phases"][0]["id"]
    for box in page.locator(f"{STEP_BOXES}[data-it-phase='{first_phase}']").all():
        box.check()
    page.get_by_label("Your start date").fill(start.isoformat())
    states = set()
    for phase in data["phases"]:
        first, after = phase_days(phase, start)
        boxes = page.locator(f"{STEP_BOXES}[data-it-phase='{phase['id']}']")
        ticks = [box.is_checked() for box in boxes.all()]
        state = expected_schedule(first, after, ticks, day)
        states.add(state)
        line = page.locator(f".it-dates[data-it-phase='{phase['id']}']")
        assert line.get_attribute("data-it-schedule") == state, phase["id"]
    assert {"current", "upcoming"} <= states
    assert page.locator(".it-timeline__today").get_attribute("display") is None
    page.get_by_role("button", name="Clear date").click()
    assert page.locator(".it-timeline__today").get_attribute("display") == "none"
    assert page.locator(".it-dates").count() == 0


@pytest.mark.parametrize(("locale", "shown"), [("en-US", "Jan 31, 2027"),
                                               ("de-DE", "31. Jan. 2027")])
def test_dates_are_shown_in_the_readers_locale(
        new_context: Callable[..., BrowserContext], site: Site, locale: str,
        shown: str) -> None:
    page = new_context(base_url=site.url, locale=locale).new_page()
    page.goto(CHECKLIST)
    page.get_by_label("Your start date").fill(START.isoformat())
    assert page.locator(".it-dates time").first.inner_text() == shown

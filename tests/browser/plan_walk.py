"""The reader's own plan, walked as a reader would, on the served site or from file://.

Kept apart from the test modules so the online suite and the offline edition walk the same
steps: choose a situation, come back through "My checklist", set a start date, download and
parse the calendar file, export progress, clear storage, import it back, open a share link
in a fresh browser context.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .helpers import ALL_BOXES, checked_ids, kept

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

START = dt.date(2027, 1, 31)  # a month's last day: the plan's months must clamp it
ANSWERS = ("Large, process-driven", "Internal transfer", "I haven't had the conversation yet")
SLUG = "large-process/internal-transfer/not-yet"


def add_months(start: dt.date, months: float) -> dt.date:
    """A plan month as the page counts it: calendar months, then a fraction of 30 days."""
    whole = int(months // 1)
    year, month = divmod(start.month - 1 + whole, 12)
    year += start.year
    day = min(start.day, calendar.monthrange(year, month + 1)[1])
    moved = dt.date(year, month + 1, day)
    return moved + dt.timedelta(days=round((months - whole) * 30))


def phase_days(phase: dict[str, Any], start: dt.date) -> tuple[dt.date, dt.date]:
    """First day and the day after the last (an all-day event's DTEND)."""
    first = add_months(start, phase["start_month"])
    after = add_months(start, phase["end_month"])
    return first, (after if after > first else first + dt.timedelta(days=1))


def plan_data(page: Page) -> dict[str, Any]:
    return dict(json.loads(page.locator("#it-plan-data").text_content() or "{}"))


@dataclass
class Walk:
    """Where the walk goes: the chooser's address and how a checklist's address looks."""

    new_context: Callable[..., BrowserContext]
    chooser: str
    checklist: str
    home: str
    downloads: Path


def choose(page: Page, walk: Walk) -> None:
    page.goto(walk.chooser)
    form = page.locator("form.it-chooser")
    for answer in ANSWERS:
        form.get_by_label(answer, exact=True).check()
    form.get_by_role("button", name="Open my checklist").click()
    page.wait_for_url(walk.checklist)


def return_via_my_checklist(page: Page, walk: Walk) -> None:
    from playwright.sync_api import expect

    page.goto(walk.home)
    mine = page.get_by_role("link", name="My checklist")
    expect(mine).to_be_visible()
    mine.click()
    page.wait_for_url(walk.checklist)
    expect(page.get_by_role("link", name="My checklist")).to_have_attribute(
        "aria-current", "page")


def chooser_is_prefilled_and_can_forget(page: Page, walk: Walk) -> None:
    from playwright.sync_api import expect

    page.goto(walk.chooser)
    form = page.locator("form.it-chooser")
    for answer in ANSWERS:
        expect(form.get_by_label(answer, exact=True)).to_be_checked()
    form.get_by_role("button", name="Forget my answers").click()
    for answer in ANSWERS[:1]:
        expect(form.get_by_label(answer, exact=True)).not_to_be_checked()
    assert "situation" not in kept(page)
    expect(page.get_by_role("link", name="My checklist")).to_be_hidden()
    page.reload()
    expect(form.get_by_label(ANSWERS[0], exact=True)).not_to_be_checked()


def set_start_date(page: Page) -> dict[str, Any]:
    """Type the start date; every phase then shows its dates, and today is on the timeline."""
    from playwright.sync_api import expect

    page.get_by_label("Your start date").fill(START.isoformat())
    data = plan_data(page)
    for phase in data["phases"]:
        first, after = phase_days(phase, START)
        line = page.locator(f".it-dates[data-it-phase='{phase['id']}']")
        expect(line.locator("time").first).to_have_attribute("datetime", first.isoformat())
        last = (after - dt.timedelta(days=1)).isoformat()
        expect(line.locator("time").last).to_have_attribute("datetime", last)
        assert line.get_attribute("data-it-schedule") in (
            "ahead", "current", "overdue", "upcoming", "done", "ended")
    page.reload()
    expect(page.get_by_label("Your start date")).to_have_value(START.isoformat())
    return data


def download(page: Page, button: str, folder: Path) -> Path:
    with page.expect_download() as info:
        page.get_by_role("button", name=button).click()
    target = folder / info.value.suggested_filename
    info.value.save_as(target)
    return target


def check_calendar(raw: bytes, data: dict[str, Any], url: str) -> list[str]:
    """Every rule of RFC 5545 the page promises; the event UIDs."""
    import icalendar

    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    lines = raw.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines), max(lines, key=len)
    assert any(line.startswith(b" ") for line in lines), "no long line was folded"
    assert raw.count(b"BEGIN:VCALENDAR") == 1 and b"VTODO" not in raw
    cal = icalendar.Calendar.from_ical(raw)
    assert cal["VERSION"] == "2.0"
    assert str(cal["PRODID"]).startswith("-//Inside Track//")
    assert cal["METHOD"] == "PUBLISH"
    events = list(cal.walk("VEVENT"))
    phases = {f"{n}. {p['title']}": p for n, p in enumerate(data["phases"], 1)}
    milestones = {m["title"]: m for m in data["milestones"]}
    assert len(events) == len(phases) + len(milestones)
    uids = []
    for event in events:
        uids.append(str(event["UID"]))
        assert isinstance(event["DTSTAMP"].dt, dt.datetime)
        assert event["DTSTAMP"].dt.tzinfo is not None
        start, end = event["DTSTART"].dt, event["DTEND"].dt
        assert type(start) is dt.date and type(end) is dt.date  # all-day
        summary = str(event["SUMMARY"])
        description = str(event["DESCRIPTION"])
        assert url in description and str(event["URL"]) == url
        if summary in phases:
            phase = phases.pop(summary)
            assert (start, end) == phase_days(phase, START)
            assert f"phase.{phase['id']}." in uids[-1]
            for step in phase["steps"]:
                words = re.sub(r"\[([^]]*)\]\([^)]*\)", r"\1", step["text"]).split()[:3]
                assert " ".join(words).rstrip(".,") in " ".join(description.split()), step
        else:
            milestone = milestones.pop(summary)
            assert start == add_months(START, milestone["month"])
            assert end == start + dt.timedelta(days=1)
    assert phases == {} and milestones == {}
    assert len(set(uids)) == len(uids)
    assert all(uid.endswith("@inside-track") and SLUG.replace("/", ".") in uid for uid in uids)
    return uids


def tick(page: Page) -> list[str]:
    for box in (page.locator("input[data-it-step]").first,
                page.locator("input[data-it-step]").nth(2),
                page.locator("input[data-it-sign]").first):
        box.check()
    return sorted(checked_ids(page))


def walk_the_plan(walk: Walk) -> None:
    from playwright.sync_api import expect

    from inside_track.outputs.progress import Progress
    from schemas import schema_errors

    context = walk.new_context(accept_downloads=True)
    page = context.new_page()
    choose(page, walk)
    return_via_my_checklist(page, walk)
    chooser_is_prefilled_and_can_forget(page, walk)
    choose(page, walk)

    data = set_start_date(page)
    assert data["checklist"] == SLUG
    url = page.url.split("#")[0]
    first = download(page, "Download calendar (.ics)", walk.downloads)
    uids = check_calendar(first.read_bytes(), data, url)
    again = download(page, "Download calendar (.ics)", walk.downloads)
    assert check_calendar(again.read_bytes(), data, url) == uids  # same events, no copies

    ticked = tick(page)
    exported = download(page, "Export progress", walk.downloads)
    # The published schema, as a validator this project did not write reads it.
    assert schema_errors(exported, "progress") == ""
    progress = Progress.model_validate_json(exported.read_text(encoding="utf-8"))
    assert progress.checklist == SLUG and progress.start_date == START
    assert progress.situation.path == "internal-transfer"
    assert sorted([*(f"it-step-{i}" for i in progress.steps),
                   *(f"it-sign-{i}" for i in progress.signs)]) == ticked

    page.evaluate("localStorage.clear()")
    page.reload()
    assert checked_ids(page) == []
    expect(page.get_by_label("Your start date")).to_have_value("")
    page.locator(".it-plan__file").set_input_files(str(exported))
    expect(page.locator(".it-plan__note")).to_contain_text("Imported: 3 ticks added")
    assert sorted(checked_ids(page)) == ticked
    expect(page.get_by_label("Your start date")).to_have_value(START.isoformat())
    page.reload()
    assert sorted(checked_ids(page)) == ticked

    # A file naming steps that are gone: the rest is merged, the gone ones are named.
    stale = json.loads(exported.read_text(encoding="utf-8"))
    stale["steps"] = [*stale["steps"], "a-step-no-longer-here"]
    old = walk.downloads / "stale.json"
    old.write_text(json.dumps(stale), encoding="utf-8")
    page.locator(".it-plan__file").set_input_files(str(old))
    expect(page.locator(".it-plan__note")).to_contain_text(
        "Not on this checklist any more: a-step-no-longer-here")
    assert sorted(checked_ids(page)) == ticked

    page.get_by_role("button", name="Share").click()
    link = page.get_by_label("Link to your progress").input_value()
    assert link.startswith(url + "#") and "?" not in link.split("#")[0][len(url):]
    share_opens_read_only(walk, link, ticked)


def share_opens_read_only(walk: Walk, link: str, ticked: list[str]) -> None:
    from playwright.sync_api import expect

    page = walk.new_context().new_page()
    page.goto(link)
    expect(page.locator(".it-shared")).to_be_visible()
    assert sorted(checked_ids(page)) == ticked
    assert all(box.is_disabled() for box in page.locator(ALL_BOXES).all())
    assert not kept(page)  # nothing taken yet
    first = page.locator(".it-dates").first.locator("time").first
    expect(first).to_have_attribute("datetime", add_months(START, 0).isoformat())
    page.get_by_role("button", name="Adopt this progress").click()
    expect(page.locator(".it-shared")).to_be_hidden()
    assert "#" not in page.url
    assert sorted(checked_ids(page)) == ticked
    assert all(box.is_enabled() for box in page.locator(ALL_BOXES).all())
    page.reload()
    assert sorted(checked_ids(page)) == ticked
    expect(page.get_by_label("Your start date")).to_have_value(START.isoformat())
    expect(page.get_by_role("link", name="My checklist")).to_be_visible()

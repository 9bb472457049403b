"""The calendar files made at build time: one per checklist page (per answer on a page
covering several), read by a calendar parser, dated from a stated reference date with the
same arithmetic as the page's script, and searched by the leak check."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import FIXTURES, ROOT
from inside_track.checks.leaks import find_leaks
from inside_track.library.loader import load_playbooks
from inside_track.outputs.files import CalendarFile
from inside_track.outputs.pages import Guide, checklist_uri
from inside_track.outputs.plan_calendar import (
    _fold,
    add_months,
    build_moment,
    calendar_text,
    reference_date,
)
from inside_track.outputs.plan_data import plan_data
from inside_track.render.renderer import Renderer

GUIDE = FIXTURES / "guide" / "playbooks"
BUILT = datetime(2026, 12, 6, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def fork_guide() -> Guide:
    """The guide's playbooks and the example fork's company (pages covering every answer)."""
    return Guide(load_playbooks([ROOT / "playbooks",
                                 ROOT / "examples" / "acme" / "company-playbooks"]), Renderer())


def events(text: str) -> list[icalendar.Event]:
    parsed = icalendar.Calendar.from_ical(text)
    return [part for part in parsed.walk() if part.name == "VEVENT"]


def day(value: object) -> date:
    found = value.dt  # type: ignore[attr-defined]
    assert isinstance(found, date) and not isinstance(found, datetime)  # all-day
    return found


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9000, 12, 31)),
       st.integers(min_value=0, max_value=120))
def test_a_whole_plan_month_is_a_calendar_month_or_its_last_day(start: date,
                                                                months: int) -> None:
    moved = add_months(start, months)
    assert (moved.year * 12 + moved.month) - (start.year * 12 + start.month) == months
    last = calendar.monthrange(moved.year, moved.month)[1]
    assert moved.day == min(start.day, last)


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9000, 12, 31)),
       st.integers(min_value=0, max_value=60), st.floats(min_value=0, max_value=0.99))
def test_a_fraction_of_a_month_is_that_fraction_of_thirty_days(start: date, months: int,
                                                                fraction: float) -> None:
    assert add_months(start, months + fraction) == \
        add_months(start, months) + timedelta(days=round(fraction * 30))


def test_the_reference_date_is_the_first_of_the_month_after_the_build() -> None:
    assert reference_date(datetime(2026, 12, 31, 23, 59, tzinfo=UTC)) == date(2027, 1, 1)
    assert reference_date(datetime(2027, 1, 1, tzinfo=UTC)) == date(2027, 2, 1)
    assert build_moment({"SOURCE_DATE_EPOCH": "86400"}) == datetime(1970, 1, 2, tzinfo=UTC)
    assert abs(build_moment({}) - datetime.now(UTC)) < timedelta(minutes=5)


def test_every_checklist_page_has_a_calendar_a_parser_reads(fork_guide: Guide) -> None:
    outputs = fork_guide.outputs()
    calendars = {out.uri: out for out in outputs if isinstance(out, CalendarFile)}
    pages = {out.uri: out for out in outputs if out.uri.startswith("checklists/")}
    for checklist in fork_guide.checklist_pages:
        uri = checklist_uri(checklist)
        data = plan_data(checklist)
        file = calendars.pop(f"{uri[:-3]}/plan.ics")
        assert 'href="plan.ics" download' in pages[uri].content
        found = events(file.data.decode("utf-8"))
        assert len({str(e["UID"]) for e in found}) == len(found)
        month_zero = _month_zero(file.data)
        for phase in data["phases"]:
            spans = {(s["start_month"], s["end_month"])
                     for s in (phase.get("by_response") or {}).values()} or \
                {(phase["start_month"], phase["end_month"])}
            own = [e for e in found
                   if str(e["UID"]).startswith(f"phase.{phase['id']}.")]
            assert {day(e["DTSTART"]) for e in own} == \
                {add_months(month_zero, first) for first, _ in spans}
            assert all(str(e["SUMMARY"]).split(". ", 1)[1].startswith(phase["title"])
                       for e in own)
    assert not calendars  # no calendar without its page


def _month_zero(data: bytes) -> date:
    text = data.decode("utf-8").replace("\r\n ", "")
    stated = text.split("Dated from ", 1)[1][:10]
    return date.fromisoformat(stated)


def test_a_page_covering_every_answer_dates_each_answer_by_its_own_plan(
        fork_guide: Guide) -> None:
    merged = [c for c in fork_guide.checklist_pages if c.responses]
    assert merged
    moved = 0
    for checklist in merged:
        data = plan_data(checklist)
        titles = data["response_titles"]
        found = events(calendar_text(data, "A checklist", date(2027, 3, 31), BUILT))
        for phase in data["phases"]:
            own = [e for e in found if str(e["UID"]).startswith(f"phase.{phase['id']}.")]
            spans = {}
            for answer, span in phase["by_response"].items():
                spans.setdefault((span["start_month"], span["end_month"]), []).append(answer)
            assert len(own) == len(spans)
            if len(spans) == 1:
                continue
            moved += 1
            for (first, _), answers in spans.items():
                [event] = [e for e in own if f".for-{'-'.join(answers)}." in str(e["UID"])]
                assert day(event["DTSTART"]) == add_months(date(2027, 3, 31), first)
                assert all(titles[a] in str(event["SUMMARY"]) for a in answers)
                description = str(event["DESCRIPTION"])
                for step in phase["steps"]:  # only the steps of the answers it is for
                    words = " ".join(step["text"].split())[:40]
                    if step["responses"] and not set(step["responses"]) & set(answers):
                        assert words not in description
        for answer in titles:  # and the plan of one answer alone, as the script makes it
            alone = events(calendar_text(data, "A checklist", date(2027, 3, 31), BUILT, answer))
            for phase in data["phases"]:
                span = phase["by_response"].get(answer)
                if span is None:
                    continue
                uid = (f"phase.{phase['id']}.{data['checklist'].replace('/', '.')}.{answer}"
                       "@inside-track")
                [event] = [e for e in alone if str(e["UID"]) == uid]
                assert day(event["DTSTART"]) == add_months(date(2027, 3, 31),
                                                           span["start_month"])
    assert moved  # some answer (a six-month revisit) moves its phases


def test_text_is_escaped_and_lines_folded_as_rfc_5545_says() -> None:
    data = {"checklist": "a/b/c", "responses": [], "milestones": [],
            "phases": [{"id": "p", "title": "Ünïcode; phase, with\nbreaks\\", "start_month": 0,
                        "end_month": 1, "steps": [{"id": "s", "responses": None,
                                                   "text": "A **bold** step, " + "é" * 80}]}]}
    text = calendar_text(data, "T", date(2027, 1, 31), BUILT)
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    [event] = events(text)
    assert str(event["SUMMARY"]) == "1. Ünïcode; phase, with\nbreaks\\ (months 0–1)"
    assert "- A bold step, " + "é" * 80 in str(event["DESCRIPTION"])  # markup removed
    assert day(event["DTEND"]) == date(2027, 2, 28)  # the 31st falls back to the last day


@pytest.mark.parametrize("secret", [
    "Ask Dana Whitfield, our talent partner; she knows the Q3 transfer budget",
    "Dana, Q3, budget, transfer, talent, partner, she, knows, this, well",
    "Whitfield;Okafor;Lindqvist;Moreau;Haddad;Sorensen;Abernathy",
    "Ask\\Dana about the Q3 budget\nbefore the review and the transfer window"])
def test_the_leak_check_reads_text_a_calendar_file_escapes_and_folds(tmp_path: Path,
                                                                      secret: str) -> None:
    data = {"checklist": "a/b/c", "responses": [], "milestones": [],
            "phases": [{"id": "p", "title": "Phase", "start_month": 0, "end_month": 1,
                        "steps": [{"id": "s", "responses": None, "text": secret}]}]}
    (tmp_path / "plan.ics").write_text(calendar_text(data, "T", date(2027, 1, 1), BUILT),
                                       encoding="utf-8", newline="")
    found = find_leaks(tmp_path, [secret])
    assert [(leak.file, leak.text) for leak in found] == [("plan.ics", secret)]


@given(st.text(st.characters(exclude_characters="\r\n", exclude_categories=("Cs",)),
               max_size=400))  # text from UTF-8 files: never a lone surrogate
def test_folding_keeps_every_character_and_no_line_is_over_75_octets(line: str) -> None:
    """A content line holds no line break (text values escape them), any other character."""
    folded = _fold(line).split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in folded)
    assert all(part.startswith(" ") for part in folded[1:])
    assert folded[0] + "".join(part[1:] for part in folded[1:]) == line

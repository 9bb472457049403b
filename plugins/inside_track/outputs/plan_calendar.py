"""A checklist's plan as a calendar file made at build time, for readers without scripts.

The page's script writes a calendar from the reader's own start date; where scripts do not
run (Backstage TechDocs strips them, some readers turn them off) the page links these files
instead. They are made from the same plan data the script reads
(:func:`inside_track.outputs.plan_data.plan_data`), so both files hold the same phases,
months and milestones, and they keep the script's event ids: importing the reader's own
file later moves these events to the reader's dates instead of adding copies.

A calendar needs dates, so every event is dated from a stated *reference date*: the first
day of the month after the build (``SOURCE_DATE_EPOCH``, which the plugin sets from the last
commit, so a build is reproducible). Each event's title also says where it sits in the plan
("months 0–1"), and its description says the reference date, so a reader can move the
events to their own start. A plan month is a calendar month from that date and a fraction
of a month is that fraction of 30 days, rounded, as on the page.
"""

from __future__ import annotations

import calendar
import functools
import os
import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from ..render.fragments import inline
from ..render.renderer import site_path
from ..render.timeline_svg import months_label
from .files import CalendarFile

PRODID = "-//Inside Track//Checklist plan//EN"
FILE_NAME = "plan.ics"
"""The calendar of a checklist page, in a folder named after the page."""
EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


@dataclass(frozen=True)
class CalendarLink:
    """The calendar file as a checklist page links it: its address from the page."""

    href: str
    dated_from: date
    """The reference date, the plan's month 0 in this file."""

    @property
    def dated_from_text(self) -> str:
        """The reference date in words, the same in every locale (``1 January 2027``)."""
        return f"{self.dated_from.day} {MONTHS[self.dated_from.month - 1]} {self.dated_from.year}"


def build_moment(environ: Mapping[str, str] | None = None) -> datetime:
    """When the site is built, as reproducible builds define it: ``SOURCE_DATE_EPOCH`` if
    set (the plugin sets it from the sources), else now."""
    value = (os.environ if environ is None else environ).get(EPOCH_VARIABLE, "")
    if value.strip().isdigit():
        return datetime.fromtimestamp(int(value), UTC)
    return datetime.now(UTC)


def reference_date(built: datetime) -> date:
    """The first day of the month after ``built``: a start a reader can plan towards."""
    year, month = (built.year + 1, 1) if built.month == 12 else (built.year, built.month + 1)
    return date(year, month, 1)


def add_months(start: date, months: float) -> date:
    """``months`` plan months after ``start``: whole months on the calendar (the 31st falls
    back to a shorter month's last day), then the fraction as that much of 30 days."""
    whole = int(months // 1)
    index = start.month - 1 + whole
    year, month = start.year + index // 12, index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day) + timedelta(days=round((months - whole) * 30))


def calendar_uri(page_uri: str) -> str:
    """Where a checklist page's calendar lives: beside it, in a folder named after it."""
    return f"{page_uri.removesuffix('.md')}/{FILE_NAME}"


def calendar_href(page_uri: str, file_uri: str, directory_urls: bool) -> str:
    """The address of a file in the site (not a page) as a link from a page."""
    page = site_path(page_uri, directory_urls)
    base = page[:-1] if page.endswith("/") else posixpath.dirname(page)
    return posixpath.relpath(file_uri, base or ".")


def calendar_files(data: dict[str, Any], page_uri: str, title: str, built: datetime,
                   directory_urls: bool = True) -> tuple[list[CalendarFile], list[CalendarLink]]:
    """The calendar file of one checklist page and the link the page shows to it.

    ``data`` is the page's plan data. On a page covering several manager responses, a phase
    or milestone whose months depend on the answer is an event for each answer's months,
    titled with the answers it is for, as the page's script does before an answer is chosen
    (one file a page, not one an answer: a fork with many companies has many such pages).
    """
    start = reference_date(built)
    uri = calendar_uri(page_uri)
    return ([CalendarFile(uri, calendar_text(data, title, start, built))],
            [CalendarLink(calendar_href(page_uri, uri, directory_urls), start)])


def calendar_text(data: dict[str, Any], title: str, start: date, built: datetime,
                  answer: str | None = None) -> str:
    """The plan of ``data`` as an iCalendar file (RFC 5545), dated from ``start``: an
    all-day event per phase and per dated milestone. With ``answer``, that manager
    response's plan only; without, on a page covering several, each answer's months."""
    scope = data["checklist"].replace("/", ".") + (f".{answer}" if answer else "")
    titles: dict[str, str] = data.get("response_titles") or {}
    name = title + (f" · {titles.get(answer, answer)}" if answer else "")
    stamp = built.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    note = (f"Dated from {start.isoformat()}, the plan's month 0. Move the events to your own "
            "start, or set your start date on the checklist page and download its calendar: "
            "it replaces these events.")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", "X-WR-CALNAME;VALUE=TEXT:" + _text(f"Inside Track: {name}")]

    def event(uid: str, first: date, after: date, summary: str, description: str) -> None:
        lines.extend(["BEGIN:VEVENT", f"UID:{uid}@inside-track", f"DTSTAMP:{stamp}",
                      f"DTSTART;VALUE=DATE:{first:%Y%m%d}", f"DTEND;VALUE=DATE:{after:%Y%m%d}",
                      "SUMMARY:" + _text(summary),
                      "DESCRIPTION:" + _text(f"{description}\n\n{note}"),
                      "TRANSP:TRANSPARENT", "END:VEVENT"])

    def only(answers: Sequence[str] | None) -> tuple[str, str]:
        """The id part and the title part of an event that is for some answers only."""
        if not answers:
            return "", ""
        named = " or ".join(titles.get(each, each) for each in answers)
        return f".for-{'-'.join(answers)}", f" (if the answer was: {named})"

    phases = {phase["id"]: phase for phase in data["phases"]}
    for number, phase in enumerate(data["phases"], 1):
        for answers, span in _spans(phase, answer):
            first = add_months(start, span["start_month"])
            after = max(add_months(start, span["end_month"]), first + timedelta(days=1))
            steps = [f"- {_plain(step['text'])}" for step in phase["steps"]
                     if _applies(step.get("responses"), answer, answers)]
            uid_part, title_part = only(answers)
            event(f"phase.{phase['id']}{uid_part}.{scope}", first, after,
                  f"{number}. {phase['title']} "
                  f"({months_label(span['start_month'], span['end_month'])}){title_part}",
                  "Steps in this phase:\n" + "\n".join(steps) if steps
                  else "No steps of its own.")
    for milestone in data["milestones"]:
        responses = milestone.get("responses")
        if not _applies(responses, answer):
            continue
        day = add_months(start, milestone["month"])
        phase = phases.get(milestone["phase"])
        uid_part, title_part = only(None if answer else responses)
        event(f"milestone.{milestone['id']}.{milestone['phase']}{uid_part}.{scope}", day,
              day + timedelta(days=1),
              f"{milestone['title']} ({months_label(milestone['month'], milestone['month'])})"
              f"{title_part}",
              f"Part of the phase {phase['title']}." if phase else f"{milestone['title']}.")
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _spans(phase: dict[str, Any], answer: str | None,
           ) -> list[tuple[list[str] | None, dict[str, float]]]:
    """A phase's months: the answer's; or, with no answer, one span if every answer gives
    the same months, else each distinct span with the answers that give it."""
    by_response: dict[str, dict[str, float]] = phase.get("by_response") or {}
    if answer is not None or not by_response:
        return [(None, by_response.get(answer or "") or phase)]
    groups: dict[tuple[float, float], list[str]] = {}
    for each, span in by_response.items():
        groups.setdefault((span["start_month"], span["end_month"]), []).append(each)
    if len(groups) == 1:
        return [(None, phase)]
    return [(answers, {"start_month": first, "end_month": end})
            for (first, end), answers in groups.items()]


def _applies(responses: list[str] | None, answer: str | None,
             answers: Sequence[str] | None = None) -> bool:
    """Whether a step or milestone for ``responses`` (None: every one) is in the plan of
    ``answer``, or of any of ``answers``."""
    if responses is None or (answer is None and not answers):
        return True
    return any(each in responses for each in ([answer] if answer else answers or []))


@functools.lru_cache(maxsize=1 << 16)
def _plain(markdown: str) -> str:
    """A step's words as the page shows them: its Markdown rendered, without the markup."""
    return " ".join(inline(markdown).striptags().split())


def _text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 says (backslash, semicolon, comma, line breaks)."""
    escaped = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return escaped.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def _fold(line: str, limit: int = 75) -> str:
    """Fold a content line at ``limit`` octets of UTF-8, never inside a character: each
    continuation line starts with a space, so it holds one octet less."""
    data = line.encode("utf-8")
    if len(data) <= limit:
        return line
    parts, begin, size = [], 0, limit
    while begin < len(data):
        end = min(begin + size, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:  # inside a character: back off
            end -= 1
        parts.append(data[begin:end].decode("utf-8"))
        begin, size = end, limit - 1
    return "\r\n ".join(parts)

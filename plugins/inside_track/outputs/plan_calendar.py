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
"""The calendar of a checklist page, in a folder named after the page; a page covering
several manager responses has one per response (``plan-<response>.ics``)."""
EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


@dataclass(frozen=True)
class CalendarLink:
    """One calendar file as a checklist page links it: its address from the page and the
    manager response it is for (``None``: the page's only plan)."""

    href: str
    response: str | None
    response_title: str | None
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


def calendar_uri(page_uri: str, response: str | None = None) -> str:
    """Where a checklist page's calendar lives: beside it, in a folder named after it."""
    name = f"plan-{response}.ics" if response else FILE_NAME
    return f"{page_uri.removesuffix('.md')}/{name}"


def calendar_href(page_uri: str, file_uri: str, directory_urls: bool) -> str:
    """The address of a file in the site (not a page) as a link from a page."""
    page = site_path(page_uri, directory_urls)
    base = page[:-1] if page.endswith("/") else posixpath.dirname(page)
    return posixpath.relpath(file_uri, base or ".")


def calendar_files(data: dict[str, Any], page_uri: str, title: str, built: datetime,
                   directory_urls: bool = True) -> tuple[list[CalendarFile], list[CalendarLink]]:
    """The calendar files of one checklist page and the links the page shows to them.

    ``data`` is the page's plan data; a page covering several manager responses gets one
    file per response, each with that answer's months and only its steps and milestones.
    """
    start = reference_date(built)
    titles: dict[str, str] = data.get("response_titles") or {}
    answers: Sequence[str | None] = data.get("responses") or [None]
    files, links = [], []
    for answer in answers:
        uri = calendar_uri(page_uri, answer)
        files.append(CalendarFile(uri, calendar_text(data, title, start, built, answer)))
        links.append(CalendarLink(calendar_href(page_uri, uri, directory_urls), answer,
                                  titles.get(answer) if answer else None, start))
    return files, links


def calendar_text(data: dict[str, Any], title: str, start: date, built: datetime,
                  answer: str | None = None) -> str:
    """The plan of ``data`` (for one manager response, if given) as an iCalendar file
    (RFC 5545): an all-day event per phase and per dated milestone, dated from ``start``."""
    scope = data["checklist"].replace("/", ".") + (f".{answer}" if answer else "")
    name = title + (f" · {data['response_titles'][answer]}" if answer else "")
    stamp = built.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    note = (f"Dated from {start.isoformat()}, the plan's month 0. Move the events to your own "
            "start, or set your start date on the checklist page and download its calendar: "
            "it replaces these events.")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", "X-WR-CALNAME:" + _text(f"Inside Track: {name}")]

    def event(uid: str, first: date, after: date, summary: str, description: str) -> None:
        lines.extend(["BEGIN:VEVENT", f"UID:{uid}@inside-track", f"DTSTAMP:{stamp}",
                      f"DTSTART;VALUE=DATE:{first:%Y%m%d}", f"DTEND;VALUE=DATE:{after:%Y%m%d}",
                      "SUMMARY:" + _text(summary),
                      "DESCRIPTION:" + _text(f"{description}\n\n{note}"),
                      "TRANSP:TRANSPARENT", "END:VEVENT"])

    phases = {phase["id"]: phase for phase in data["phases"]}
    for number, phase in enumerate(data["phases"], 1):
        span = (phase.get("by_response") or {}).get(answer) or phase
        first = add_months(start, span["start_month"])
        after = max(add_months(start, span["end_month"]), first + timedelta(days=1))
        steps = [f"- {_plain(step['text'])}" for step in phase["steps"]
                 if _applies(step.get("responses"), answer)]
        event(f"phase.{phase['id']}.{scope}", first, after,
              f"{number}. {phase['title']} "
              f"({months_label(span['start_month'], span['end_month'])})",
              "Steps in this phase:\n" + "\n".join(steps) if steps else "No steps of its own.")
    for milestone in data["milestones"]:
        if not _applies(milestone.get("responses"), answer):
            continue
        day = add_months(start, milestone["month"])
        phase = phases.get(milestone["phase"])
        event(f"milestone.{milestone['id']}.{milestone['phase']}.{scope}", day,
              day + timedelta(days=1),
              f"{milestone['title']} ({months_label(milestone['month'], milestone['month'])})",
              f"Part of the phase {phase['title']}." if phase else f"{milestone['title']}.")
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _applies(responses: list[str] | None, answer: str | None) -> bool:
    return answer is None or responses is None or answer in responses


def _plain(markdown: str) -> str:
    """A step's words as the page shows them: its Markdown rendered, without the markup."""
    return " ".join(inline(markdown).striptags().split())


def _text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 says (backslash, semicolon, comma, line breaks)."""
    escaped = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return escaped.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def _fold(line: str, limit: int = 75) -> str:
    """Fold a content line at ``limit`` octets of UTF-8, never inside a character."""
    parts, current, size = [], "", 0
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += octets
    parts.append(current)
    return "\r\n".join(parts)

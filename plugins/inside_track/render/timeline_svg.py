"""Draw a checklist's plan as an inline SVG timeline, with a text alternative beside it.

One row per planned phase: its number, title and duration above a bar that spans its months
on a shared axis. Bars are placed in percentages of the chart's width, so the chart fills
any column while its text keeps a readable size. Colours come from the page's theme through
CSS classes (see ``assets/inside-track.css``) and ``currentColor``, so the chart follows a
dark scheme, and prints. The ordered list after the chart says the same in words and links
to each phase's section; scripts may mark a phase done or current through the
``data-it-phase`` attributes, but nothing here needs them.

The "Today" marker is drawn by the template too, hidden: a label in its own lane above
the month labels, and a short mark across each bar only (never through a phase's label).
Once a reader gives a start date, the script moves it to today's month and shows it.

This module measures; the markup is the template ``_timeline.html.j2``, autoescaped.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from markupsafe import Markup

from .. import model
from ..plan.checklists import Checklist, PlannedPhase
from .renderer import Renderer

ROW = 44
"""Height of one phase row: a line of text, then the bar."""
LANE = 16
"""Height of the lane above the axis where the "Today" label goes: it has a row of its
own, so it never covers a month label, a phase label or the axis caption."""
AXIS = 26 + LANE
"""Height of the "Today" lane and the month labels above the rows."""
FOOT = 22
"""Height of the axis caption below the rows."""
BAR = 14
MIN_WIDTH = 1.0
"""Narrowest bar, in percent, so a phase of a few days still shows."""


def months_label(start: float, end: float) -> str:
    """``months 0–1``, ``month 3``: where a span sits, in words a reader scans quickly."""
    first, last = _number(start), _number(end)
    return f"month {first}" if first == last else f"months {first}–{last}"


def axis_end(phases: list[PlannedPhase]) -> int:
    """The last month on the axis: the latest end, rounded up, and at least one."""
    return max(1, math.ceil(max((p.span.end for p in phases), default=1)))


def tick_step(months: int) -> int:
    """Label every month up to a year; beyond that, keep about a dozen labels."""
    return max(1, math.ceil(months / 12))


@dataclass(frozen=True)
class Tick:
    """A month label on the axis, with its grid line."""

    month: int
    x: str
    anchor: str


@dataclass(frozen=True)
class Row:
    """One phase: its label above a bar placed in percent of the chart's width."""

    phase: model.Phase
    duration: str
    months: str
    label: str
    top: int
    x: str
    width: str
    after_answer: bool = False
    """The phase comes after the answer this checklist ends at."""

    @property
    def bar_top(self) -> int:
        return self.top + 22


@dataclass(frozen=True)
class Layout:
    """Everything the timeline template draws, measured."""

    title: str
    desc: str
    start_phase: str | None
    months: int
    height: int
    ticks: list[Tick]
    rows: list[Row]
    anchor_prefix: str
    axis_top: int = AXIS - 6
    bar: int = BAR
    today_label_y: int = LANE - 4

    @property
    def rows_bottom(self) -> int:
        return self.height - FOOT


def layout(checklist: Checklist, anchor_prefix: str = "phase-") -> Layout | None:
    """The measured timeline of ``checklist``; None if it has no phases."""
    phases = checklist.phases
    if not phases:
        return None
    months = axis_end(phases)
    title = (f"Timeline of this plan: {len(phases)} phase{'s' if len(phases) != 1 else ''} "
             f"over about {months} month{'s' if months != 1 else ''}")
    desc = " ".join(f"{n}. {p.phase.title}: {months_label(p.span.start, p.span.end)}, "
                    f"typically {p.duration}." for n, p in enumerate(phases, 1))
    return Layout(title, desc, getattr(checklist, "start_phase", None), months,
                  AXIS + ROW * len(phases) + FOOT, _ticks(months),
                  [_row(n, planned, months, AXIS + ROW * (n - 1))
                   for n, planned in enumerate(phases, 1)], anchor_prefix)


def timeline(checklist: Checklist, anchor_prefix: str = "phase-",
             renderer: Renderer | None = None) -> Markup:
    """The figure for ``checklist``: chart, caption and the phases as a linked list, drawn
    by the ``_timeline.html.j2`` template (of ``renderer``, so a site may override it)."""
    measured = layout(checklist, anchor_prefix)
    if measured is None:
        return Markup("")
    return (renderer or _default_renderer()).render_once("_timeline.html.j2", tl=measured)


@functools.cache
def _default_renderer() -> Renderer:
    return Renderer()


def _ticks(months: int) -> list[Tick]:
    return [Tick(month, _percent(month / months * 100),
                 "start" if month == 0 else ("end" if month == months else "middle"))
            for month in range(0, months + 1, tick_step(months))]


def _row(number: int, planned: PlannedPhase, months: int, top: int) -> Row:
    start = min(planned.span.start, planned.span.end) / months * 100
    width = max(abs(planned.span.end - planned.span.start) / months * 100, MIN_WIDTH)
    start = min(start, 100 - MIN_WIDTH)
    width = min(width, 100 - start)
    return Row(planned.phase, planned.duration,
               months_label(planned.span.start, planned.span.end),
               f"{number}. {planned.phase.title} · {planned.duration}", top,
               _percent(start), _percent(width), planned.after_answer)


def _percent(value: float) -> str:
    return f"{round(value, 3):g}%"


def _number(value: float) -> str:
    return f"{value:g}"

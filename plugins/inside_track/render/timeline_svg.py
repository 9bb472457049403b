"""Draw a checklist's plan as an inline SVG timeline, with a text alternative beside it.

One row per planned phase: its number, title and duration above a bar that spans its months
on a shared axis. Bars are placed in percentages of the chart's width, so the chart fills
any column while its text keeps a readable size. Colours come from the page's theme through
CSS classes (see ``assets/inside-track.css``) and ``currentColor``, so the chart follows a
dark scheme, and prints. The ordered list after the chart says the same in words and links
to each phase's section; scripts may mark a phase done or current through the
``data-it-phase`` attributes, but nothing here needs them.
"""

from __future__ import annotations

import math
from html import escape

from markupsafe import Markup

from ..plan.checklists import Checklist, PlannedPhase

ROW = 44
"""Height of one phase row: a line of text, then the bar."""
AXIS = 26
"""Height of the month labels above the rows."""
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


def timeline(checklist: Checklist, anchor_prefix: str = "phase-") -> Markup:
    """The figure for ``checklist``: chart, caption and the phases as a linked list."""
    phases = checklist.phases
    if not phases:
        return Markup("")
    months = axis_end(phases)
    height = AXIS + ROW * len(phases) + FOOT
    title = (f"Timeline of this plan: {len(phases)} phase{'s' if len(phases) != 1 else ''} "
             f"over about {months} month{'s' if months != 1 else ''}")
    desc = " ".join(f"{n}. {p.phase.title}: {months_label(p.span.start, p.span.end)}, "
                    f"typically {p.duration}." for n, p in enumerate(phases, 1))
    start_phase = getattr(checklist, "start_phase", None)
    start = f' data-it-start="{escape(start_phase)}"' if start_phase else ""
    parts = [
        f'<figure class="it-timeline" aria-labelledby="it-timeline-caption"{start} '
        'data-search-exclude="">',
        f'<svg class="it-timeline__chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'width="100%" height="{height}" fill="currentColor" font-size="13" '
        f'data-it-months="{months}" '
        f'aria-labelledby="it-timeline-title" aria-describedby="it-timeline-desc">',
        f'<title id="it-timeline-title">{escape(title)}</title>',
        f'<desc id="it-timeline-desc">{escape(desc)}</desc>',
        *_axis(months, height),
        *(_row(n, planned, months, AXIS + ROW * (n - 1)) for n, planned in
          enumerate(phases, 1)),
        f'<text class="it-timeline__caption" x="0" y="{height - 6}">'
        f'Months from your decision to move</text>',
        "</svg>",
        f'<figcaption id="it-timeline-caption">{escape(title)}. Phases can overlap: '
        f'some run alongside others.</figcaption>',
        '<ol class="it-timeline__list">',
        *(_list_item(planned, anchor_prefix) for planned in phases),
        "</ol>",
        "</figure>",
    ]
    return Markup("\n".join(parts))


def _axis(months: int, height: int) -> list[str]:
    step = tick_step(months)
    lines = ['<g class="it-timeline__axis" aria-hidden="true">']
    for month in range(0, months + 1, step):
        x = _percent(month / months * 100)
        anchor = "start" if month == 0 else ("end" if month == months else "middle")
        lines.append(f'<line class="it-timeline__grid" x1="{x}" x2="{x}" y1="{AXIS - 6}" '
                     f'y2="{height - FOOT}"/>')
        lines.append(f'<text x="{x}" y="{AXIS - 10}" text-anchor="{anchor}">{month}</text>')
    lines.append("</g>")
    return lines


def _row(number: int, planned: PlannedPhase, months: int, top: int) -> str:
    start = min(planned.span.start, planned.span.end) / months * 100
    width = max(abs(planned.span.end - planned.span.start) / months * 100, MIN_WIDTH)
    start = min(start, 100 - MIN_WIDTH)
    width = min(width, 100 - start)
    label = f"{number}. {planned.phase.title} · {planned.duration}"
    phase_id = escape(planned.phase.id)
    return (
        f'<g class="it-timeline__phase" data-it-phase="{phase_id}">'
        f'<text x="0" y="{top + 16}">{escape(label)}'
        f'<tspan class="it-timeline__status"></tspan></text>'
        f'<rect class="it-timeline__track" x="0" y="{top + 22}" width="100%" '
        f'height="{BAR}" rx="3"/>'
        f'<rect class="it-timeline__bar" x="{_percent(start)}" y="{top + 22}" '
        f'width="{_percent(width)}" height="{BAR}" rx="3"/>'
        "</g>"
    )


def _list_item(planned: PlannedPhase, anchor_prefix: str) -> str:
    anchor = escape(anchor_prefix + planned.phase.id)
    return (
        f'<li data-it-phase="{escape(planned.phase.id)}">'
        f'<a href="#{anchor}">{escape(planned.phase.title)}</a>: '
        f'{escape(planned.duration)} ({months_label(planned.span.start, planned.span.end)})'
        '<span class="it-timeline__status"></span></li>'
    )


def _percent(value: float) -> str:
    return f"{round(value, 3):g}%"


def _number(value: float) -> str:
    return f"{value:g}"

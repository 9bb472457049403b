"""Compute a checklist's months: where each phase sits, the total, and dated milestones.

Nothing here is typed by hand. A phase's ``span`` says where it sits on a plain plan and,
with ``earliest_end``, how soon it can be done. A situation then adds time the reader does
not control, as data the planner schedules:

- an **anchor** ties a phase to an outside date (the planned ML features fall due in two
  to three quarters): the phase is done when the anchor falls;
- a wait **after** a phase (the six-month revisit, a transfer cycle after an evolution)
  lengthens that phase and moves every phase that starts after it;
- a wait **beside** the plan (no opening on the ML team yet) starts when a phase ends and
  runs alongside the others: the phase it holds cannot be done before the wait is over,
  but the months it overlaps are not counted twice.

A possible wait leaves the plan alone and is stated beside the total with the total it
would make, computed by scheduling it, never by adding it on. The total runs from the
soonest the last phase can be done to the latest it ends, and says what drives each end,
so the page's text, its timeline, the calendar and the manifest read the same numbers.

Computed months have their own type (:class:`PlanSpan`): the schema's limits apply to what
a playbook may say, not to the sums a long wait makes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from .. import model


@dataclass(frozen=True)
class PlanSpan:
    """Where a phase sits on one computed plan, in months from the decision to move.

    Unlike :class:`model.Span` it has no upper limit: waits can push a phase past the
    months any single playbook may name."""

    start: float
    end: float
    earliest_end: float | None = None

    @property
    def soonest(self) -> float:
        return self.end if self.earliest_end is None else self.earliest_end


@dataclass(frozen=True)
class Part:
    """One thing that drives the total: the phases themselves, or a wait."""

    title: str
    min: float
    max: float
    runs: str = "after"
    """``after`` (it adds its months) or ``beside`` (it runs alongside other phases)."""
    total_min: float | None = None
    total_max: float | None = None
    """For a possible wait: the total if it happens, scheduled like a certain one."""
    overlaps: tuple[str, ...] = ()
    """For a wait beside the plan: the phases it runs alongside."""
    source: str | None = None
    """Whose figure the wait's months are (``article`` or ``estimate``), as its playbook says."""

    @property
    def text(self) -> str:
        return months_text(self.min, self.max)

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"title": self.title, "min": self.min, "max": self.max,
                                   "runs": self.runs}
        if self.total_min is not None:
            data["total_min"] = self.total_min
            data["total_max"] = self.total_max
        if self.overlaps:
            data["overlaps"] = list(self.overlaps)
        return data


@dataclass(frozen=True)
class TotalMonths:
    """The whole move as a range of months, with what it is made of."""

    min: float
    max: float
    parts: tuple[Part, ...]
    """What the range adds up from: the phases first, then each certain wait after them."""
    possible: tuple[Part, ...] = ()
    """Waits that happen only sometimes, each with the total it would make."""
    beside: tuple[Part, ...] = ()
    """Certain waits that run alongside the phases: they drive an end, never add to it."""
    drivers: tuple[str, str] = ("", "")
    """What sets the soonest end and the latest end: a phase's title or a wait's."""

    @property
    def text(self) -> str:
        return months_text(self.min, self.max)

    def with_possible(self, part: Part) -> str:
        """The total if ``part`` happens."""
        if part.total_min is not None and part.total_max is not None:
            return months_text(part.total_min, part.total_max)
        return months_text(self.min + part.min, self.max + part.max)

    def as_dict(self) -> dict[str, object]:
        return {"min": self.min, "max": self.max,
                "parts": [p.as_dict() for p in self.parts],
                "possible": [p.as_dict() for p in self.possible],
                "beside": [p.as_dict() for p in self.beside],
                "drivers": {"min": self.drivers[0], "max": self.drivers[1]}}


@dataclass(frozen=True)
class Milestone:
    """A dated point on the plan, in months from the decision to move."""

    id: str
    title: str
    month: float
    phase: str = ""
    """The phase it belongs to."""


def months_text(low: float, high: float) -> str:
    """``6 to 9 months``, ``6 months``: a range in words."""
    if low == high:
        return f"{low:g} month{'' if low == 1 else 's'}"
    return f"{low:g} to {high:g} months"


class Placed(Protocol):
    """A phase placed on a plan (a checklist's planned phase): all :func:`schedule` reads."""

    @property
    def phase(self) -> model.Phase: ...

    @property
    def span(self) -> model.Span | PlanSpan: ...


@dataclass(frozen=True)
class Schedule:
    """One situation's months, as the planner computed them."""

    spans: dict[str, PlanSpan]
    total: TotalMonths
    milestones: tuple[Milestone, ...]
    lengthened: dict[str, list[Part]]
    """For each phase a wait after it lengthens, the waits that do."""


_Spans = dict[str, tuple[float, float, float]]  # phase id -> start, end, soonest end


def _anchor(spans: _Spans, anchor: model.Anchor) -> None:
    """End the anchored phase when the anchor falls."""
    start, _, _ = spans[anchor.phase]
    spans[anchor.phase] = (start, max(start, anchor.months.max), max(start, anchor.months.min))


def _after(spans: _Spans, wait: model.Wait, fixed: frozenset[str] = frozenset()) -> None:
    """Lengthen ``wait.extends`` by the wait at its longest and move what comes after;
    a phase tied to an anchor (``fixed``) stays where the outside date puts it."""
    at = spans[wait.extends][1]
    plan_end = max(end for _, end, _ in spans.values())
    shift = wait.months.max
    grow = wait.months.min
    for phase_id, (start, end, soonest) in spans.items():
        if phase_id in fixed and phase_id != wait.extends:
            continue
        if phase_id == wait.extends or start < at < end or (start < at == end == plan_end):
            # the wait falls inside it, or it runs on to the end of the plan
            spans[phase_id] = (start, end + shift, soonest + grow)
        elif start >= at:  # it comes after the wait
            spans[phase_id] = (start + shift, end + shift, soonest + grow)
        # a phase over by the time the wait starts stays where it is


def _beside(spans: _Spans, wait: model.Wait) -> tuple[float, float]:
    """Hold ``wait.extends`` until the wait, run from its start, is over; the months it
    overlaps are not added. Returns when the wait starts and ends at the latest."""
    begins = spans[wait.starts_after][1] if wait.starts_after in spans else 0.0
    over_min, over_max = begins + wait.months.min, begins + wait.months.max
    start, end, soonest = spans[wait.extends]
    new_end, new_soonest = max(end, over_max), max(soonest, over_min)
    plan_end = max(e for _, e, _ in spans.values())
    if new_end > end:
        for phase_id, (s, e, so) in spans.items():
            if phase_id != wait.extends and e == plan_end and s < end:
                spans[phase_id] = (s, max(e, new_end), so)  # ongoing to the end of the plan
    spans[wait.extends] = (start, new_end, new_soonest)
    return begins, over_max


def _overlapped(spans: _Spans, begins: float, ends: float, held: str) -> tuple[str, ...]:
    return tuple(phase_id for phase_id, (start, end, _) in spans.items()
                 if phase_id != held and start < ends and end > begins)


def _apply(spans: _Spans, wait: model.Wait,
           fixed: frozenset[str] = frozenset()) -> tuple[str, ...]:
    if wait.runs == "beside":
        before = dict(spans)
        begins, ends = _beside(spans, wait)
        return _overlapped(before, begins, ends, wait.extends)
    _after(spans, wait, fixed)
    return ()


def _ends(spans: _Spans) -> tuple[float, float]:
    return (max(soonest for _, _, soonest in spans.values()),
            max(end for _, end, _ in spans.values()))


def schedule(phases: Sequence[Placed], waits: Sequence[model.Wait],
             milestones: Sequence[model.Milestone],
             anchors: Sequence[model.Anchor] = (),
             titles: dict[str, str] | None = None) -> Schedule:
    """Where each phase sits once the situation's anchors and waits are laid on the plan,
    the total and what drives it, and the dated milestones.

    A certain wait after a phase is laid on the plan at its longest, so the timeline never
    promises less than the text; the total's minimum adds its shortest.
    """
    spans: _Spans = {}
    for p in phases:
        span = p.span
        earliest = span.earliest_end
        spans[p.phase.id] = (span.start, span.end, span.end if earliest is None else earliest)
    titles = titles or {p.phase.id: p.phase.title for p in phases}
    if not spans:
        return Schedule({}, TotalMonths(0, 0, ()), (), {})
    for anchor in anchors:
        if anchor.phase in spans:
            _anchor(spans, anchor)
    fixed = frozenset(a.phase for a in anchors if a.phase in spans)
    base_min, base_max = _ends(spans)
    parts = [Part("the phases of your route", base_min, base_max)]
    possible: list[Part] = []
    beside: list[Part] = []
    lengthened: dict[str, list[Part]] = {}
    drivers = {"min": _driver(spans, titles, soonest=True),
               "max": _driver(spans, titles, soonest=False)}
    relevant = [w for w in waits if w.extends in spans]
    for wait in (w for w in relevant if not w.possible):
        low_before, high_before = _ends(spans)
        overlaps = _apply(spans, wait, fixed)
        low, high = _ends(spans)
        if wait.runs == "beside":
            beside.append(Part(wait.title, wait.months.min, wait.months.max, "beside",
                               overlaps=overlaps, source=wait.months.source))
        else:
            parts.append(Part(wait.title, wait.months.min, wait.months.max,
                              source=wait.months.source))
            lengthened.setdefault(wait.extends, []).append(parts[-1])
        if low > low_before:
            drivers["min"] = wait.title
        if high > high_before:
            drivers["max"] = wait.title
    total_min, total_max = _ends(spans)
    for wait in (w for w in relevant if w.possible):
        trial = dict(spans)
        overlaps = _apply(trial, wait, fixed)
        low, high = _ends(trial)
        possible.append(Part(wait.title, wait.months.min, wait.months.max, wait.runs,
                             low, high, overlaps, wait.months.source))
    total = TotalMonths(total_min, total_max, tuple(parts), tuple(possible), tuple(beside),
                        (drivers["min"], drivers["max"]))
    marks = [Milestone(m.id, m.title, (spans[m.phase][0] if m.at == "start"
                                       else spans[m.phase][1]) + m.offset, m.phase)
             for m in milestones if m.phase in spans]
    marks += [Milestone(a.id, a.title, spans[a.phase][1], a.phase)
              for a in anchors if a.phase in spans]
    dated = tuple(sorted(marks, key=lambda m: m.month))
    return Schedule({phase_id: PlanSpan(start, end, soonest)
                     for phase_id, (start, end, soonest) in spans.items()},
                    total, dated, lengthened)


def _driver(spans: _Spans, titles: dict[str, str], soonest: bool) -> str:
    """The phase whose end sets one end of the total (the last in plan order on a tie)."""
    index = 2 if soonest else 1
    latest = max(value[index] for value in spans.values())
    found = [phase_id for phase_id, value in spans.items() if value[index] == latest]
    return titles.get(found[-1], found[-1])

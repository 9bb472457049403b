"""Compute a checklist's months: where each phase sits, the total, and dated milestones.

Nothing here is typed by hand. A phase's ``span`` says where it sits on a plain plan and,
with ``earliest_end``, how soon it can be done. A situation then adds waits: a certain one
(the six-month revisit, a transfer cycle after an evolution) lengthens the phase it extends
and moves every phase that starts after it; a possible one (no opening on the ML team yet)
leaves the plan alone and is stated beside the total with the sum it would make. The total
runs from the soonest the last phase can be done to the latest it ends, so the page's text,
its timeline and the manifest read the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from .. import model


@dataclass(frozen=True)
class Part:
    """One thing that drives the total: the phases themselves, or a wait."""

    title: str
    min: float
    max: float

    @property
    def text(self) -> str:
        return months_text(self.min, self.max)


@dataclass(frozen=True)
class TotalMonths:
    """The whole move as a range of months, with what it is made of."""

    min: float
    max: float
    parts: tuple[Part, ...]
    """What the range adds up from: the phases first, then each certain wait."""
    possible: tuple[Part, ...] = ()
    """Waits that happen only sometimes, each with the months it would add."""

    @property
    def text(self) -> str:
        return months_text(self.min, self.max)

    def with_possible(self, part: Part) -> str:
        """The total if ``part`` happens."""
        return months_text(self.min + part.min, self.max + part.max)

    def as_dict(self) -> dict[str, object]:
        return {"min": self.min, "max": self.max,
                "parts": [{"title": p.title, "min": p.min, "max": p.max} for p in self.parts],
                "possible": [{"title": p.title, "min": p.min, "max": p.max}
                             for p in self.possible]}


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
    def span(self) -> model.Span: ...


def schedule(phases: Sequence[Placed], waits: Sequence[model.Wait],
             milestones: Sequence[model.Milestone]
             ) -> tuple[dict[str, model.Span], TotalMonths, tuple[Milestone, ...],
                        dict[str, list[Part]]]:
    """Where each phase sits once the situation's waits are added, the total, the
    milestones, and for each phase a wait lengthens, the waits that do.

    A certain wait is laid on the plan at its longest, so the timeline never promises
    less than the text; the total's minimum adds its shortest.
    """
    spans = {p.phase.id: (p.span.start, p.span.end,
                          p.span.earliest_end if p.span.earliest_end is not None
                          else p.span.end) for p in phases}
    if not spans:
        return {}, TotalMonths(0, 0, ()), (), {}
    base_min = max(soonest for _, _, soonest in spans.values())
    base_max = max(end for _, end, _ in spans.values())
    parts = [Part("the phases of your route", base_min, base_max)]
    possible = []
    lengthened: dict[str, list[Part]] = {}
    added_min = 0.0
    for wait in waits:
        if wait.extends not in spans:
            continue
        if wait.possible:
            possible.append(Part(wait.title, wait.months.min, wait.months.max))
            continue
        parts.append(Part(wait.title, wait.months.min, wait.months.max))
        lengthened.setdefault(wait.extends, []).append(parts[-1])
        added_min += wait.months.min
        at = spans[wait.extends][1]
        plan_end = max(end for _, end, _ in spans.values())
        shift = wait.months.max
        for phase_id, (start, end, soonest) in spans.items():
            if phase_id == wait.extends or start < at < end or (start < at == end == plan_end):
                # the wait falls inside it, or it runs on to the end of the plan
                spans[phase_id] = (start, end + shift, soonest + shift)
            elif start >= at:  # it comes after the wait
                spans[phase_id] = (start + shift, end + shift, soonest + shift)
            # a phase over by the time the wait starts stays where it is
    total = TotalMonths(base_min + added_min, max(end for _, end, _ in spans.values()),
                        tuple(parts), tuple(possible))
    dated = tuple(sorted(
        (Milestone(m.id, m.title, (spans[m.phase][0] if m.at == "start" else spans[m.phase][1])
                   + m.offset, m.phase)
         for m in milestones if m.phase in spans),
        key=lambda m: m.month))
    return ({phase_id: model.Span(start=start, end=end)
             for phase_id, (start, end, _) in spans.items()}, total, dated, lengthened)

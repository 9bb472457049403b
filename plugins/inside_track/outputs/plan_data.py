"""The dated-plan data a checklist page carries for the browser.

The page's script turns it into calendar dates from the reader's start date, the calendar
file (.ics) and the progress file; all of the plan's meaning (which phases, which months,
which milestones) is decided by the planner, and read here from the planned checklist, so
the page's dates, its calendar file, its text and ``checklists.json`` read the same months
and the script only does date arithmetic and display. It lands in the page as ``<script
type="application/json" id="it-plan-data">`` through
:func:`inside_track.outputs.pages.script_json`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..plan.checklists import Checklist, PlannedPhase, ReviewAnchor, Target
from ..plan.months import TotalMonths

PageOf = Callable[[str], tuple[str, str]]
"""A situation's slug → the slug of the checklist page that shows it, and its anchor there."""


def plan_data(checklist: Checklist, page_of: PageOf | None = None) -> dict[str, Any]:
    """Phases with their months and steps, the dated milestones, the plan's length, where
    the reader goes next and how a review date schedules the plan.

    On a page that covers several manager responses, a step or milestone that belongs to
    some of them only says which (``responses``; ``null`` means all), and each phase and the
    total also give their months for each response (``by_response``): a six-month revisit
    moves the plan for that answer only.

    ``transitions`` lists each way out of the checklist with the step ids of every
    checklist it leads to, so the page can say how many ticks carry over before the reader
    moves. ``review`` says which phase makes the case, which waits for the review, the
    soonest month the case can be ready and how many months ahead of the review it must be.
    """
    s = checklist.situation
    variants = {v.situation.response.id: v for v in checklist.variants
                if v.situation.response is not None}
    data: dict[str, Any] = {
        "checklist": checklist.slug,
        "situation": {**s.values, "company": s.company.id if s.company else None},
        "responses": [r.id for r in checklist.responses],
        "phases": [_phase(planned, variants) for planned in checklist.phases],
        "milestones": _milestones(checklist, variants),
        "total_months": _total(checklist),
        "transitions": transitions(checklist, page_of),
        "review": _review(checklist.review),
    }
    if variants:
        data["total_by_response"] = {answer: _total(variant)
                                     for answer, variant in variants.items()}
        data["review_by_response"] = {answer: _review(variant.review)
                                      for answer, variant in variants.items()}
        data["response_titles"] = {r.id: r.title for r in checklist.responses}
    return data


def transitions(checklist: Checklist, page_of: PageOf | None = None) -> list[dict[str, Any]]:
    """Each way out of the checklist, in phase order, with where it leads: the situation
    (so "My checklist" can follow the reader), the page that shows it and the step ids
    there (so the page can count the ticks that carry over)."""
    def target(found: Target) -> dict[str, Any]:
        s = found.situation
        page, anchor = page_of(s.slug) if page_of else (s.slug, "")
        return {"checklist": s.slug, "label": found.label, "page": page, "anchor": anchor,
                "situation": {**s.values, "company": s.company.id if s.company else None},
                "steps": list(found.step_ids)}

    return [{"id": move.transition.id, "title": move.transition.title,
             "phase": move.transition.phase, "closes": move.transition.closes,
             "responses": list(move.responses) if move.responses else None,
             "targets": [target(found) for found in move.targets]}
            for move in checklist.transitions]


def _review(review: ReviewAnchor | None) -> dict[str, Any] | None:
    if review is None:
        return None
    return {"ready": review.ready, "held": review.held, "ready_min": review.ready_min,
            "lead": review.lead}


def _total(checklist: Checklist) -> dict[str, float]:
    total = checklist.total
    if total is None:  # no computed total: the plan runs to the end of its last phase
        ends = [planned.span.end for planned in checklist.phases]
        total = TotalMonths(max(ends, default=0), max(ends, default=0), ())
    return {"min": total.min, "max": total.max}


def _phase(planned: PlannedPhase, variants: dict[str, Checklist]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": planned.phase.id,
        "title": planned.phase.title,
        "start_month": planned.span.start,
        "end_month": planned.span.end,
        "after_answer": planned.after_answer,
        "steps": [{"id": item.step.id, "text": item.step.text,
                   "responses": list(item.responses) if item.responses else None}
                  for item in planned.items],
    }
    if variants:
        data["by_response"] = {
            answer: {"start_month": own.span.start, "end_month": own.span.end}
            for answer, variant in variants.items()
            for own in variant.phases if own.phase.id == planned.phase.id}
    return data


def _milestones(checklist: Checklist, variants: dict[str, Checklist]) -> list[dict[str, Any]]:
    """The planner's dated milestones; on a page covering several responses, each says the
    responses it is dated for (the same milestone can fall in another month for another
    answer)."""
    if not variants:
        return [{"id": m.id, "title": m.title, "phase": m.phase, "month": m.month,
                 "responses": None} for m in checklist.milestones]
    found: dict[tuple[str, str, float], dict[str, Any]] = {}
    for answer, variant in variants.items():
        for m in variant.milestones:
            entry = found.setdefault((m.id, m.phase, m.month), {
                "id": m.id, "title": m.title, "phase": m.phase, "month": m.month,
                "responses": []})
            entry["responses"].append(answer)
    for entry in found.values():
        if len(entry["responses"]) == len(variants):
            entry["responses"] = None
    return sorted(found.values(), key=lambda m: (m["month"], m["id"]))

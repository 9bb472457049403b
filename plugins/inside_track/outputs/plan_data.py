"""The dated-plan data a checklist page carries for the browser.

The page's script turns it into calendar dates from the reader's start date, the calendar
file (.ics) and the progress file; all of the plan's meaning (which phases, which months,
which milestones) is decided here, from the planned checklist, so the script only does date
arithmetic and display. It lands in the page as ``<script type="application/json"
id="it-plan-data">`` through :func:`inside_track.outputs.pages.script_json`.
"""

from __future__ import annotations

import math
from typing import Any

from ..plan.checklists import Checklist, PlannedPhase

READINESS_CHECK = "readiness-check"
MANAGER_CONVERSATION = "manager-conversation"


def plan_data(checklist: Checklist) -> dict[str, Any]:
    """Phases with their months and steps, the dated milestones, and the plan's length.

    On a page that covers several manager responses, a step, phase or milestone that
    belongs to some of them only says which (``responses``); ``null`` means all.
    """
    s = checklist.situation
    phases = [_phase(planned) for planned in checklist.phases]
    ends = [planned.span.end for planned in checklist.phases]
    return {
        "checklist": checklist.slug,
        "situation": {**s.values, "company": s.company.id if s.company else None},
        "responses": [r.id for r in checklist.responses],
        "phases": phases,
        "milestones": [m for planned in checklist.phases for m in _milestones(planned)],
        "total_months": {"min": max(ends, default=0),
                         "max": max(1, math.ceil(max(ends, default=1)))},
    }


def _phase(planned: PlannedPhase) -> dict[str, Any]:
    return {
        "id": planned.phase.id,
        "title": planned.phase.title,
        "start_month": planned.span.start,
        "end_month": planned.span.end,
        "steps": [{"id": item.step.id, "text": item.step.text,
                   "responses": list(item.responses) if item.responses else None}
                  for item in planned.items],
    }


def _milestones(planned: PlannedPhase) -> list[dict[str, Any]]:
    """A readiness gate dates two moments: the check at the start of its phase, and the
    manager conversation it leads to at the phase's end."""
    if planned.readiness is None:
        return []
    responses = list(planned.readiness_responses) if planned.readiness_responses else None
    return [
        {"id": READINESS_CHECK, "title": "Readiness check", "phase": planned.phase.id,
         "month": planned.span.start, "responses": responses},
        {"id": MANAGER_CONVERSATION, "title": "The manager conversation",
         "phase": planned.phase.id, "month": planned.span.end, "responses": responses},
    ]

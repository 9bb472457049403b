"""The shape of ``checklists.json``, as pydantic models, and the JSON Schema derived from them.

The manifest is what the chooser and outside tools read. :func:`build` makes it as plain
data (thousands of entries in a large fork, so not through these models); the build tests
validate every built manifest against the published schema, so the two cannot drift apart
unnoticed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..model.playbooks import ID_PATTERN
from ..plan.checklists import Checklist, NextStep
from .naming import checklist_title, checklist_uri

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*)*$"


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ManifestItem(_Closed):
    """One checklist item: a step, keyed by its id in readers' saved progress."""

    id: str = Field(pattern=ID_PATTERN, description="The step's id.")
    phase: str = Field(pattern=ID_PATTERN, description="The id of the step's phase.")
    text: str = Field(description="The step's Markdown text.")


class MonthPart(_Closed):
    """A stretch of time that makes up, or may add to, a checklist's total."""

    title: str = Field(description="What drives it.")
    min: float = Field(ge=0)
    max: float = Field(ge=0)
    runs: Literal["after", "beside"] = Field(
        "after", description="'after': it adds its months; 'beside': it runs alongside "
                             "other phases and never adds the months it overlaps.")
    total_min: float | None = Field(None, ge=0, description="For a possible wait: the "
                                                            "total if it happens.")
    total_max: float | None = Field(None, ge=0)
    overlaps: list[str] | None = Field(None, description="Ids of the phases a wait beside "
                                                         "the plan runs alongside.")


class Drivers(_Closed):
    """What sets each end of the total: a phase's title or a wait's."""

    min: str
    max: str


class TotalMonths(_Closed):
    """A checklist's total duration in months, computed from its phases and waits."""

    min: float = Field(ge=0)
    max: float = Field(ge=0)
    parts: list[MonthPart] = Field(description="What the total is made of.")
    possible: list[MonthPart] = Field(description="What may change it, if it happens, with "
                                                  "the total it would make.")
    beside: list[MonthPart] = Field(default_factory=list,
                                    description="Certain waits that run beside the phases.")
    drivers: Drivers | None = Field(None, description="What sets the soonest and latest end.")


class ManifestPhase(_Closed):
    """Where a phase sits on this checklist's plan, in months from the decision to move."""

    id: str = Field(pattern=ID_PATTERN)
    start_month: float = Field(ge=0)
    end_month: float = Field(ge=0)


class ManifestMilestone(_Closed):
    """A dated point on this checklist's plan."""

    id: str = Field(pattern=ID_PATTERN)
    title: str
    month: float = Field(ge=0)


class ManifestTarget(_Closed):
    """A checklist a transition leads to."""

    id: str = Field(pattern=SLUG_PATTERN, description="Its situation's slug.")
    label: str = Field(description="What the reader picks: an answer or a route.")
    url: str


class ManifestTransition(_Closed):
    """Where a reader of this checklist goes next, and from which phase."""

    id: str = Field(pattern=ID_PATTERN)
    title: str
    phase: str = Field(pattern=ID_PATTERN)
    closes: bool = Field(description="The checklist ends here; later steps are on the "
                                     "checklist the reader moves to.")
    targets: list[ManifestTarget]


class ManifestReview(_Closed):
    """How a reader's review date schedules this plan."""

    ready: str = Field(pattern=ID_PATTERN, description="The phase that makes the case.")
    held: str = Field(pattern=ID_PATTERN, description="The phase that waits for the review.")
    ready_min: float = Field(ge=0, description="The soonest month the case can be ready.")
    lead: float = Field(ge=0, description="Months the case is ready before the review.")


class ManifestChecklist(_Closed):
    """One situation's checklist: its answers, its address and its items in order."""

    id: str = Field(pattern=SLUG_PATTERN,
                    description="The situation's stable slug, made only of ids.")
    title: str
    url: str = Field(description="The checklist's address, relative to the site root; it may "
                                 "point to a section of a page.")
    company: str | None = Field(pattern=ID_PATTERN, description="The company's id, if any.")
    company_type: str = Field(pattern=ID_PATTERN)
    path: str = Field(pattern=ID_PATTERN)
    manager_response: str | None = Field(
        pattern=ID_PATTERN, description="The manager response's id; none before the "
                                        "conversation, and on paths without one.")
    total_timeline: str
    total_months: TotalMonths | None = Field(description="The computed total, when known.")
    phases: list[ManifestPhase]
    milestones: list[ManifestMilestone]
    items: list[ManifestItem]
    transitions: list[ManifestTransition] = Field(
        default_factory=list, description="Where the reader goes next.")
    review: ManifestReview | None = Field(
        None, description="Where a review date meets the plan; none without one.")


class Manifest(_Closed):
    """``checklists.json``: every checklist of one edition of the guide."""

    version: Literal[1]
    edition: Literal["public", "internal"]
    checklists: list[ManifestChecklist]


def json_schema() -> dict[str, Any]:
    """The JSON Schema of ``checklists.json``, published as schema/checklists.schema.json."""
    schema = Manifest.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Inside Track checklist manifest (checklists.json)"
    return schema


def build(checklists: Sequence[Checklist], page_of: Callable[[Checklist], tuple[Checklist, str]],
          edition: str, url_for: Callable[[str], str]) -> dict[str, Any]:
    """Every checklist with its answers, address and items, for the chooser and tools.

    ``page_of`` gives the page that shows a checklist (itself, or the merged page of its
    company and path) and its anchor there; ``url_for`` turns a page's path under
    ``docs/`` into its address.
    """
    entries = []
    by_slug = {c.situation.slug: c for c in checklists}
    for checklist in checklists:
        situation = checklist.situation
        page, anchor = page_of(checklist)
        entries.append({
            "id": situation.slug,
            "title": checklist_title(checklist),
            "url": url_for(checklist_uri(page)) + (f"#{anchor}" if anchor else ""),
            "company": situation.company.id if situation.company else None,
            **situation.values,
            "total_timeline": checklist.total_timeline,
            "total_months": checklist.total.as_dict() if checklist.total else None,
            "phases": [{"id": p.phase.id, "start_month": p.start_month,
                        "end_month": p.end_month} for p in checklist.phases],
            "milestones": [{"id": m.id, "title": m.title, "month": m.month}
                           for m in checklist.milestones],
            "items": [{"id": item.step.id, "phase": item.step.phase,
                       "text": item.step.text} for item in checklist.items],
            "transitions": [_transition(move, by_slug, page_of, url_for)
                            for move in checklist.transitions],
            "review": asdict(checklist.review) if checklist.review else None,
        })
    return {"version": 1, "edition": edition, "checklists": entries}


def _transition(move: NextStep, by_slug: dict[str, Checklist],
                page_of: Callable[[Checklist], tuple[Checklist, str]],
                url_for: Callable[[str], str]) -> dict[str, Any]:
    """A way out of a checklist, with the address of each checklist it leads to."""
    targets = []
    for target in move.targets:
        page, anchor = page_of(by_slug[target.situation.slug])
        targets.append({"id": target.situation.slug, "label": target.label,
                        "url": url_for(checklist_uri(page)) + (f"#{anchor}" if anchor else "")})
    return {"id": move.transition.id, "title": move.transition.title,
            "phase": move.transition.phase, "closes": move.transition.closes,
            "targets": targets}


def to_json(manifest: dict[str, Any]) -> str:
    """``checklists.json``: compact, because it repeats each step in every checklist that
    has it, so for a fork with many companies it is the largest file of the site."""
    return json.dumps(manifest, sort_keys=True, ensure_ascii=False, separators=(",", ":"))

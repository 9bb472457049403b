"""Plan checklists: which situations exist, and which steps each one gets, in which phase.

Everything here follows from the data. A situation is valid when its path is one the
company type (or company) lists, and it has a manager response exactly when the path says
the manager's answer shapes it. A step lands in a checklist when its playbook is part of the
situation (phases belong to every situation) and its ``when`` conditions match. A company's
step with ``replaces`` stands in for that generic step in the company's checklists.

A phase with a ``readiness`` gate carries it into the checklists where the manager
conversation still lies ahead: the path has one, and the reader has not had it yet.

A company's checklists can also be merged into one per path (:func:`merge_responses`): the
steps every manager response shares appear once, and the rest say which responses they
belong to. That keeps a fork with many companies to a few pages per company.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .. import model
from ..library.loader import Library


@dataclass(frozen=True)
class Situation:
    """One combination of answers a reader can give (plus, optionally, their company)."""

    company_type: model.CompanyType
    path: model.Path
    response: model.ManagerResponse | None
    company: model.Company | None = None

    @property
    def values(self) -> dict[str, str | None]:
        return {
            "company_type": self.company_type.id,
            "path": self.path.id,
            "manager_response": self.response.id if self.response else None,
        }

    @property
    def slug(self) -> str:
        """Stable: made only of ids, so a checklist keeps its address across builds."""
        first = self.company.id if self.company else self.company_type.id
        return f"{first}/{self.path.id}/{self.response.id if self.response else 'plan'}"

    @property
    def conversation_ahead(self) -> bool:
        """Whether this reader still has the manager conversation in front of them."""
        return self.path.manager_conversation and (
            self.response is None or not self.response.conversation_held)

    @property
    def playbooks(self) -> list[model.Playbook]:
        chosen: list[model.Playbook | None] = [self.company_type, self.path, self.response,
                                               self.company]
        return [p for p in chosen if p is not None]


@dataclass(frozen=True)
class Item:
    """A step as it appears in one checklist, with the playbook it came from."""

    step: model.Step
    source: model.Playbook
    script: model.Script | None
    responses: tuple[str, ...] | None = None
    """In a merged checklist, the manager responses it belongs to; ``None`` for all of them."""


@dataclass(frozen=True)
class PlannedPhase:
    """A phase as it appears in one checklist: its duration there, its items, its gate."""

    phase: model.Phase
    duration: str
    span: model.Span
    items: list[Item]
    readiness: model.Readiness | None = None
    readiness_responses: tuple[str, ...] | None = None
    """In a merged checklist, the responses the gate belongs to; ``None`` for all of them."""


@dataclass(frozen=True)
class Checklist:
    situation: Situation
    phases: list[PlannedPhase]
    total_timeline: str
    items: list[Item] = field(default_factory=list)
    variants: tuple[Checklist, ...] = ()
    """A merged checklist: the checklist of each manager response it covers, in order."""

    @property
    def slug(self) -> str:
        """Stable, made of ids: the situation's, or company (or type) and path when merged."""
        if not self.variants:
            return self.situation.slug
        s = self.situation
        return f"{s.company.id if s.company else s.company_type.id}/{s.path.id}"

    @property
    def responses(self) -> list[model.ManagerResponse]:
        """The manager responses a merged checklist covers (none for a plain one)."""
        return [v.situation.response for v in self.variants if v.situation.response]


def situations(library: Library) -> list[Situation]:
    """Every valid situation: generic ones first, then each company's."""
    found = []
    for company_type in library.company_types:
        found += _for(library, company_type, company_type.paths, None)
    types = {t.id: t for t in library.company_types}
    for company in library.companies:
        company_type = types[company.company_type]
        found += _for(library, company_type, company.paths or company_type.paths, company)
    return found


def _for(library: Library, company_type: model.CompanyType, path_ids: list[str],
         company: model.Company | None) -> list[Situation]:
    result = []
    for path in (p for p in library.paths if p.id in path_ids):
        responses: list[model.ManagerResponse | None] = (
            list(library.responses) if path.manager_conversation and library.responses
            else [None])
        result += [Situation(company_type, path, response, company) for response in responses]
    return result


@dataclass
class _Memo:
    """What planning many situations of one library can share."""

    scripts: dict[str, model.Script]
    applicable: dict[tuple[str, str, str], list[Item]] = field(default_factory=dict)
    items: dict[int, Item] = field(default_factory=dict)

    def item(self, step: model.Step, source: model.Playbook) -> Item:
        """One Item per step: the same step looks the same in every checklist."""
        found = self.items.get(id(step))
        if found is None:
            script = self.scripts.get(step.script) if step.script else None
            found = self.items[id(step)] = Item(step, source, script)
        return found


def plan(library: Library, situation: Situation, memo: _Memo | None = None) -> Checklist:
    """The checklist for one situation, grouped by phase in the guide's order."""
    memo = memo or _Memo(library.scripts)
    values = situation.values
    key = (situation.company_type.id, situation.path.id,
           situation.response.id if situation.response else "")
    shared = memo.applicable.get(key)
    if shared is None:  # the same for every company of this type, path and response
        sources: list[model.Playbook] = [*library.phases, situation.company_type,
                                         situation.path]
        if situation.response:
            sources.append(situation.response)
        shared = memo.applicable[key] = [
            memo.item(step, source) for source in sources for step in source.steps
            if step.when is None or step.when.matches(values)]
    applicable = shared
    if situation.company:
        applicable = shared + [memo.item(step, situation.company)
                               for step in situation.company.steps
                               if step.when is None or step.when.matches(values)]
    replaced = {item.step.replaces for item in applicable if item.step.replaces}
    by_phase: dict[str, list[Item]] = {}
    for item in applicable:
        if item.step.id not in replaced:
            by_phase.setdefault(item.step.phase, []).append(item)

    adjustments = situation.company.phases if situation.company else {}
    ahead = situation.conversation_ahead
    phases = []
    for phase in library.phases:
        phase_items = by_phase.get(phase.id, [])
        gate = phase.readiness if ahead else None
        if not phase_items and gate is None:
            continue
        adjusted = adjustments.get(phase.id)
        phases.append(PlannedPhase(
            phase=phase,
            duration=(adjusted.duration if adjusted and adjusted.duration else phase.duration),
            span=(adjusted.span if adjusted and adjusted.span else phase.span),
            items=phase_items,
            readiness=gate,
        ))
    total = (situation.company.total_timeline if situation.company else None) \
        or situation.path.total_timeline
    ordered = [item for phase in phases for item in phase.items]
    return Checklist(situation, phases, total, ordered)


def plan_all(library: Library) -> list[Checklist]:
    memo = _Memo(library.scripts)
    return [plan(library, situation, memo) for situation in situations(library)]


def merge_responses(library: Library, variants: Sequence[Checklist]) -> Checklist:
    """One checklist for a company and path that covers each of its manager responses.

    ``variants`` are the checklists of one company and path, one per response. Steps that
    all of them share appear once; the others (and a readiness gate) name the responses
    they belong to. Within each phase, steps keep the order every variant has them in.
    """
    first = variants[0].situation
    everyone = len(variants)
    rank: dict[str, int] = {}
    for playbook in [*library.phases, first.company_type, first.path,
                     *(v.situation.response for v in variants if v.situation.response),
                     *([first.company] if first.company else [])]:
        for step in playbook.steps:
            rank.setdefault(step.id, len(rank))
    found: dict[str, tuple[Item, list[str]]] = {}
    gates: dict[str, list[str]] = {}
    timing: dict[str, PlannedPhase] = {}
    for variant in variants:
        response = variant.situation.response.id if variant.situation.response else ""
        for planned in variant.phases:
            timing.setdefault(planned.phase.id, planned)
            if planned.readiness is not None:
                gates.setdefault(planned.phase.id, []).append(response)
            for item in planned.items:
                found.setdefault(item.step.id, (item, []))[1].append(response)

    def share(responses: list[str]) -> tuple[str, ...] | None:
        return None if len(responses) == everyone else tuple(responses)

    items = [item if len(responses) == everyone else replace(item, responses=tuple(responses))
             for item, responses in sorted(found.values(), key=lambda f: rank[f[0].step.id])]
    by_phase: dict[str, list[Item]] = {}
    for item in items:
        by_phase.setdefault(item.step.phase, []).append(item)
    phases = []
    for phase in library.phases:
        if phase.id not in timing:
            continue
        gate = gates.get(phase.id)
        phases.append(replace(
            timing[phase.id],
            items=by_phase.get(phase.id, []),
            readiness=phase.readiness if gate else None,
            readiness_responses=share(gate) if gate else None))
    ordered = [item for planned in phases for item in planned.items]
    return Checklist(replace(first, response=None), phases, variants[0].total_timeline,
                     ordered, tuple(variants))

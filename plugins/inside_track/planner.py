"""Plan checklists: which situations exist, and which steps each one gets, in which phase.

Everything here follows from the data. A situation is valid when its path is one the
company type (or company) lists, and it has a manager response exactly when the path says
the manager's answer shapes it. A step lands in a checklist when its playbook is part of the
situation (phases belong to every situation) and its ``when`` conditions match. A company's
step with ``replaces`` stands in for that generic step in the company's checklists.

A phase with a ``readiness`` gate carries it into the checklists where the manager
conversation still lies ahead: the path has one, and the reader has not had it yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import model
from .loader import Library


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


@dataclass(frozen=True)
class PlannedPhase:
    """A phase as it appears in one checklist: its duration there, its items, its gate."""

    phase: model.Phase
    duration: str
    span: model.Span
    items: list[Item]
    readiness: model.Readiness | None = None


@dataclass(frozen=True)
class Checklist:
    situation: Situation
    phases: list[PlannedPhase]
    total_timeline: str
    items: list[Item] = field(default_factory=list)


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


def plan(library: Library, situation: Situation) -> Checklist:
    """The checklist for one situation, grouped by phase in the guide's order."""
    scripts = library.scripts
    values = situation.values
    candidates: list[tuple[model.Step, model.Playbook]] = [
        (step, phase) for phase in library.phases for step in phase.steps]
    for playbook in situation.playbooks:
        candidates += [(step, playbook) for step in playbook.steps]
    applicable = [(s, p) for s, p in candidates if s.when is None or s.when.matches(values)]
    replaced = {s.replaces for s, _ in applicable if s.replaces}
    items = [Item(s, p, scripts.get(s.script) if s.script else None)
             for s, p in applicable if s.id not in replaced]

    adjustments = situation.company.phases if situation.company else {}
    phases = []
    for phase in library.phases:
        phase_items = [item for item in items if item.step.phase == phase.id]
        gate = phase.readiness if situation.conversation_ahead else None
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
    return [plan(library, situation) for situation in situations(library)]

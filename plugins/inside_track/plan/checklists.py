"""Plan checklists: which situations exist, and which steps each one gets, in which phase.

Everything here follows from the data. A situation is valid when its path is one the
company type (or company) lists, and it has a manager response exactly when the path says
the manager's answer shapes it. A step lands in a checklist when its playbook is part of the
situation (phases belong to every situation) and its ``when`` conditions match. A company's
step with ``replaces`` stands in for that generic step in the company's checklists.

The situation is more than the three answers (:attr:`Situation.facts`): whether the manager
conversation is still ahead or already held, and what the company has in the way of ML (an
ML team, ML engineers, a model owner, only plans). Steps name in their ``when`` which of
those they need, so a step that books the conversation drops out once it is held, and a
step that presumes ML engineers drops out where there are none.

Within a phase, steps come in the order of their playbooks unless a step says it goes
``before`` or ``after`` another (by id); the planner honours those in every checklist.

Each phase also lists the hard cases that can happen in it, under "If this happens": a
hard case names its phases and, in ``when``, the situations it belongs to, so which cases
a reader sees is decided here, from the data, like the steps. A step that names a
``template`` carries it, so the checklist can point at the text to copy.

A phase with a ``readiness`` gate carries it into the checklists where the manager
conversation still lies ahead: the path has one, and the reader has not had it yet.

Months are computed, never typed (:mod:`.months`): each phase's span on the plan, the
total as a range, and the dated milestones all come from the phase spans plus the waits
the situation adds.

A company's checklists can also be merged into one per path (:func:`merge_responses`): the
steps every manager response shares appear once, and the rest say which responses they
belong to. That keeps a fork with many companies to a few pages per company.
"""

from __future__ import annotations

import functools
import heapq
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .. import model
from ..library.library import Library
from .months import Milestone, Part, PlanSpan, TotalMonths, schedule

REVIEW_LEAD = 0.75
"""Months between a case being ready and the review it goes to: a few weeks, so the
manager can carry it into the review."""

ESTIMATE = ", the guide's estimate"
"""Said after a wait's months that the guide estimates itself (``source: estimate``)."""


def _then(wait: Part) -> str:
    """A wait that lengthens a phase, as its duration goes on to say it."""
    return f"then {wait.title} ({wait.text}{ESTIMATE if wait.source == 'estimate' else ''})"


@dataclass(frozen=True)
class Situation:
    """One combination of answers a reader can give (plus, optionally, their company)."""

    company_type: model.CompanyType
    path: model.Path
    response: model.ManagerResponse | None
    company: model.Company | None = None

    @functools.cached_property
    def values(self) -> dict[str, str | None]:
        """The answers, by situation dimension (:data:`model.DIMENSIONS`)."""
        answers = {"company_type": self.company_type, "path": self.path,
                   "manager_response": self.response}
        return {dimension: answer.id if (answer := answers[dimension]) else None
                for dimension in model.DIMENSIONS}

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
    def conversation_held(self) -> bool:
        """Whether the manager conversation is already behind this reader."""
        return (self.path.manager_conversation and self.response is not None
                and self.response.conversation_held)

    @functools.cached_property
    def facts(self) -> model.SituationFacts:
        """What the planner knows beyond the answers: the conversation, the company's ML."""
        conversation = ("held" if self.conversation_held else
                        "ahead" if self.conversation_ahead else "none")
        return model.SituationFacts(conversation, frozenset(self.company_type.has))

    def applies(self, when: model.Conditions | None) -> bool:
        return when is None or when.matches(self.values, self.facts)

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
    template: model.Template | None = None


@dataclass(frozen=True)
class CaseItem:
    """A hard case as it appears under one phase of one checklist."""

    case: model.HardCase
    responses: tuple[str, ...] | None = None
    """In a merged checklist, the manager responses it belongs to; ``None`` for all of them."""


@dataclass(frozen=True)
class Target:
    """One situation a transition leads to, with the step ids its checklist has (so a
    reader's ticks there can be counted before they move)."""

    situation: Situation
    label: str
    """What the reader picks: the answer's or the route's title."""
    step_ids: tuple[str, ...]


@dataclass(frozen=True)
class NextStep:
    """A transition as it appears on one checklist: what to do, and where it leads."""

    transition: model.Transition
    targets: tuple[Target, ...]
    responses: tuple[str, ...] | None = None
    """In a merged checklist, the manager responses it belongs to; ``None`` for all of them."""


@dataclass(frozen=True)
class PlannedPhase:
    """A phase as it appears in one checklist: its duration there, its items, its gate.

    ``span`` is where the phase sits on this plan, computed: the phase's own span (or the
    company type's or company's for it) moved or lengthened by the situation's anchors and
    waits (:func:`.months.schedule`).
    """

    phase: model.Phase
    duration: str
    span: model.Span | PlanSpan
    items: list[Item]
    readiness: model.Readiness | None = None
    readiness_responses: tuple[str, ...] | None = None
    """In a merged checklist, the responses the gate belongs to; ``None`` for all of them."""
    conversation_behind: bool = False
    """This phase holds the manager conversation, and the reader has already had it."""
    behind_responses: tuple[str, ...] | None = None
    """In a merged checklist, the responses for which the conversation is behind."""
    hard_cases: tuple[CaseItem, ...] = ()
    """What can go wrong in this phase for this reader, and what to do next."""
    after_answer: bool = False
    """The phase comes after a transition that closes the checklist: it keeps its place on
    the plan and what can go wrong in it, but its steps are on the checklist the reader
    moves to."""
    transitions: tuple[NextStep, ...] = ()
    """Where the reader goes next at the end of this phase."""

    @property
    def start_month(self) -> float:
        return self.span.start

    @property
    def end_month(self) -> float:
        return self.span.end


@dataclass(frozen=True)
class ReviewAnchor:
    """How a reader's review date schedules the plan: the case must be ready (``ready``
    phase done) ``lead`` months before the review, and ``held`` (with every phase that
    starts with or after it) cannot start before the review.

    ``ready_min`` is the soonest the case can be ready: a review sooner than that plus
    ``lead`` is too close to make, and the reader is warned."""

    ready: str
    held: str
    ready_min: float
    lead: float = REVIEW_LEAD


@dataclass(frozen=True)
class Checklist:
    situation: Situation
    phases: list[PlannedPhase]
    total_timeline: str
    """The total in words, made from :attr:`total` (kept for the manifest and older tools)."""
    items: list[Item] = field(default_factory=list)
    variants: tuple[Checklist, ...] = ()
    """A merged checklist: the checklist of each manager response it covers, in order."""
    total: TotalMonths | None = None
    """The whole move as a range of months, with what drives it."""
    milestones: tuple[Milestone, ...] = ()
    """Dated points on the plan (readiness check, conversation, review cycle...)."""
    start_phase: str | None = None
    """The phase the reader is in when they open the checklist: the first one, or the
    one holding the manager conversation once it is behind them."""
    totals_by_response: tuple[tuple[tuple[str, ...], TotalMonths], ...] = ()
    """A merged checklist whose responses do not all take the same time: each total, with
    the responses it is for (a six-month revisit lengthens that answer's plan only)."""
    anchors: tuple[model.Anchor, ...] = ()
    """The outside dates this plan is tied to."""
    review: ReviewAnchor | None = None
    """Where a reader's own review date (the next review cycle or planning window) meets
    this plan; ``None`` where no phase waits for one."""

    @property
    def transitions(self) -> tuple[NextStep, ...]:
        """Every way out of this checklist, in phase order."""
        return tuple(step for planned in self.phases for step in planned.transitions)

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
    templates: dict[str, model.Template] = field(default_factory=dict)
    applicable: dict[tuple[str, str, str], list[Item]] = field(default_factory=dict)
    items: dict[int, Item] = field(default_factory=dict)

    def item(self, step: model.Step, source: model.Playbook) -> Item:
        """One Item per step: the same step looks the same in every checklist."""
        found = self.items.get(id(step))
        if found is None:
            script = self.scripts.get(step.script) if step.script else None
            template = self.templates.get(step.template) if step.template else None
            found = self.items[id(step)] = Item(step, source, script, template=template)
        return found


def _applicable(library: Library, situation: Situation, memo: _Memo) -> dict[str, list[Item]]:
    """The steps of one situation by phase id, before ordering: those whose playbook is part
    of the situation and whose ``when`` matches, less those a company step replaces."""
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
            if situation.applies(step.when)]
    applicable = shared
    if situation.company:
        applicable = shared + [memo.item(step, situation.company)
                               for step in situation.company.steps
                               if situation.applies(step.when)]
    replaced = {item.step.replaces for item in applicable if item.step.replaces}
    by_phase: dict[str, list[Item]] = {}
    for item in applicable:
        if item.step.id not in replaced:
            by_phase.setdefault(item.step.phase, []).append(item)
    return by_phase


def _transitions(library: Library, situation: Situation) -> list[model.Transition]:
    playbooks = [*library.phases, *situation.playbooks]
    return [t for p in playbooks for t in p.transitions if situation.applies(t.when)]


def _closed_after(library: Library, situation: Situation) -> int | None:
    """The order of the phase at which a closing transition ends this checklist."""
    orders = {p.id: p.order for p in library.phases}
    closing = [orders[t.phase] for t in _transitions(library, situation)
               if t.closes and t.phase in orders]
    return min(closing, default=None)


def targets(library: Library, situation: Situation,
            transition: model.Transition) -> list[Situation]:
    """The situations ``transition`` leads to from ``situation``: each named answer or
    route in place of the reader's own, where that combination exists."""
    found: list[Situation] = []
    open_paths = (situation.company.paths if situation.company and situation.company.paths
                  else situation.company_type.paths)
    for response_id in transition.to_response:
        response = next((r for r in library.responses if r.id == response_id), None)
        if response is not None and situation.path.manager_conversation \
                and response != situation.response:
            found.append(replace(situation, response=response))
    for path_id in transition.to_path:
        path = next((p for p in library.paths if p.id == path_id), None)
        if path is None or path_id not in open_paths or path_id == situation.path.id:
            continue
        response = situation.response if path.manager_conversation else None
        if path.manager_conversation and response is None and library.responses:
            response = library.responses[0]
        found.append(Situation(situation.company_type, path, response, situation.company))
    return found


def _target(library: Library, situation: Situation, memo: _Memo,
            label: str) -> Target:
    by_phase = _applicable(library, situation, memo)
    closed = _closed_after(library, situation)
    ids = tuple(item.step.id for phase in library.phases
                if closed is None or phase.order <= closed
                for item in in_order(by_phase.get(phase.id, [])))
    return Target(situation, label, ids)


def _gate(phase: model.Phase, situation: Situation) -> model.Readiness | None:
    """The phase's readiness gate as this reader sees it: where its ``when`` holds (by
    default, while the manager conversation is ahead), with the signs that count here."""
    gate = phase.readiness
    if gate is None:
        return None
    if not (situation.applies(gate.when) if gate.when is not None
            else situation.conversation_ahead):
        return None
    signs = [sign for sign in gate.signs if situation.applies(sign.when)]
    return gate if len(signs) == len(gate.signs) else gate.model_copy(update={"signs": signs})


def plan(library: Library, situation: Situation, memo: _Memo | None = None) -> Checklist:
    """The checklist for one situation, grouped by phase in the guide's order."""
    memo = memo or _memo(library)
    by_phase = _applicable(library, situation, memo)
    adjustments = dict(situation.company_type.phases)
    if situation.company:
        adjustments |= situation.company.phases
    held = situation.conversation_held
    closed = _closed_after(library, situation)
    chosen = []
    for phase in library.phases:
        phase_items = in_order(by_phase.get(phase.id, []))
        gate = _gate(phase, situation)
        if not phase_items and gate is None:
            continue
        adjusted = adjustments.get(phase.id)
        beyond = closed is not None and phase.order > closed
        # a phase after the answer keeps what can go wrong in it, as a preview
        cases = tuple(CaseItem(case) for case in library.hard_cases
                      if phase.id in case.phases and situation.applies(case.when))
        chosen.append(PlannedPhase(
            phase=phase,
            duration=(adjusted.duration if adjusted and adjusted.duration else phase.duration),
            span=(adjusted.span if adjusted and adjusted.span else phase.span),
            items=[] if beyond else phase_items,
            readiness=None if beyond else gate,
            conversation_behind=(held and phase.readiness is not None
                                 and phase.readiness.when is None),
            hard_cases=cases,
            after_answer=beyond,
        ))
    playbooks = [*library.phases, *situation.playbooks]
    waits = [w for p in playbooks for w in p.waits if situation.applies(w.when)]
    marks = [m for p in playbooks for m in p.milestones if situation.applies(m.when)]
    anchors = tuple(a for p in playbooks for a in p.anchors if situation.applies(a.when))
    planned_schedule = schedule(chosen, waits, marks, anchors)
    spans, lengthened = planned_schedule.spans, planned_schedule.lengthened
    total = planned_schedule.total
    present = {p.phase.id for p in chosen if not p.after_answer}
    moves: dict[str, list[NextStep]] = {}
    for transition in _transitions(library, situation):
        if transition.phase not in present:
            continue
        labels = {r.id: r.title for r in library.responses} | {
            p.id: p.title for p in library.paths}
        found = tuple(_target(library, target, memo,
                              labels[target.response.id] if transition.to_response
                              and target.response else labels[target.path.id])
                      for target in targets(library, situation, transition))
        if found:
            moves.setdefault(transition.phase, []).append(NextStep(transition, found))
    phases = [replace(p, span=spans[p.phase.id],
                      duration=", ".join([p.duration, *(_then(w) for w in
                                                        lengthened.get(p.phase.id, []))]),
                      transitions=tuple(moves.get(p.phase.id, ())))
              for p in chosen]
    ordered = [item for phase in phases for item in phase.items]
    start = phases[0].phase.id if phases else None
    if held:  # the reader stands where the conversation was held, or just after it
        gate_order = min((p.order for p in library.phases if p.readiness is not None),
                         default=0)
        start = next((p.phase.id for p in phases if p.phase.order >= gate_order), start)
    return Checklist(situation, phases, total.text, ordered, total=total,
                     milestones=planned_schedule.milestones, start_phase=start,
                     anchors=anchors, review=_review(situation, phases))


def _review(situation: Situation, phases: list[PlannedPhase]) -> ReviewAnchor | None:
    """Where a review date meets this plan: the case is ready when the phase of the manager
    conversation is done, and the phase after it waits for the review."""
    if not situation.path.manager_conversation:
        return None
    ready = next((p for p in phases if p.phase.readiness is not None
                  and p.phase.readiness.when is None), None)
    if ready is None:
        return None
    held = next((p for p in phases if p.phase.order > ready.phase.order), None)
    if held is None:
        return None
    soonest = ready.span.earliest_end if ready.span.earliest_end is not None \
        else ready.span.end
    return ReviewAnchor(ready.phase.id, held.phase.id, soonest)


def in_order(items: list[Item]) -> list[Item]:
    """Items in playbook order, except where a step says it comes ``before`` or ``after``
    another one present here. Steps named but absent (dropped for this situation) are
    ignored; the loader has already refused orders that loop."""
    if not any(item.step.before or item.step.after for item in items):
        return items
    index = {item.step.id: n for n, item in enumerate(items)}
    needs: dict[int, set[int]] = {n: set() for n in range(len(items))}
    for n, item in enumerate(items):
        for later in item.step.before:
            if later in index:
                needs[index[later]].add(n)
        for earlier in item.step.after:
            if earlier in index:
                needs[n].add(index[earlier])
    ready = [n for n, before in needs.items() if not before]
    heapq.heapify(ready)
    result: list[int] = []
    while ready:
        n = heapq.heappop(ready)
        result.append(n)
        for m, before in needs.items():
            if n in before:
                before.discard(n)
                if not before and m not in result:
                    heapq.heappush(ready, m)
    result += [n for n in range(len(items)) if n not in result]  # a loop: keep file order
    return [items[n] for n in result]


def _memo(library: Library) -> _Memo:
    return _Memo(library.scripts, {t.id: t for t in library.templates})


def plan_all(library: Library) -> list[Checklist]:
    memo = _memo(library)
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
    behind: dict[str, list[str]] = {}
    cases: dict[str, dict[str, tuple[model.HardCase, list[str]]]] = {}
    case_rank = {case.id: n for n, case in enumerate(library.hard_cases)}
    timing: dict[str, PlannedPhase] = {}
    starts: dict[str, float] = {}
    ends: dict[str, float] = {}
    soonest: dict[str, float] = {}
    beyond: dict[str, list[str]] = {}
    moves: dict[str, dict[str, tuple[NextStep, list[str]]]] = {}
    for variant in variants:
        response = variant.situation.response.id if variant.situation.response else ""
        for planned in variant.phases:
            timing.setdefault(planned.phase.id, planned)
            first_end = planned.span.end if planned.span.earliest_end is None \
                else planned.span.earliest_end
            soonest[planned.phase.id] = min(soonest.get(planned.phase.id, first_end),
                                            first_end)
            if planned.after_answer:
                beyond.setdefault(planned.phase.id, []).append(response)
            for move in planned.transitions:
                moves.setdefault(planned.phase.id, {}).setdefault(
                    move.transition.id, (move, []))[1].append(response)
            span = planned.span  # the phase across variants: earliest start to latest end
            starts[planned.phase.id] = min(starts.get(planned.phase.id, span.start), span.start)
            ends[planned.phase.id] = max(ends.get(planned.phase.id, span.end), span.end)
            if planned.readiness is not None:
                gates.setdefault(planned.phase.id, []).append(response)
            if planned.conversation_behind:
                behind.setdefault(planned.phase.id, []).append(response)
            for item in planned.items:
                found.setdefault(item.step.id, (item, []))[1].append(response)
            for case in planned.hard_cases:
                cases.setdefault(planned.phase.id, {}).setdefault(
                    case.case.id, (case.case, []))[1].append(response)

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
        held = behind.get(phase.id)
        phases.append(replace(
            timing[phase.id],
            span=PlanSpan(starts[phase.id], ends[phase.id], soonest[phase.id]),
            after_answer=len(beyond.get(phase.id, [])) == everyone,
            transitions=tuple(replace(move, responses=share(responses))
                              for move, responses in moves.get(phase.id, {}).values()),
            items=in_order(by_phase.get(phase.id, [])),
            readiness=phase.readiness if gate else None,
            readiness_responses=share(gate) if gate else None,
            conversation_behind=bool(held),
            behind_responses=share(held) if held else None,
            hard_cases=tuple(CaseItem(case, share(responses)) for case, responses
                             in sorted(cases.get(phase.id, {}).values(),
                                       key=lambda found: case_rank[found[0].id]))))
    ordered = [item for planned in phases for item in planned.items]
    totals = [v.total for v in variants if v.total is not None]
    total = None
    if totals:
        total = TotalMonths(min(t.min for t in totals), max(t.max for t in totals),
                            totals[0].parts, totals[0].possible, totals[0].beside,
                            totals[0].drivers)
    marks = {m.id: m for v in variants for m in v.milestones}
    by_total: dict[TotalMonths, list[str]] = {}
    for variant in variants:
        if variant.total is not None and variant.situation.response is not None:
            by_total.setdefault(variant.total, []).append(variant.situation.response.id)
    reviews = [v.review for v in variants if v.review is not None]
    review = (replace(reviews[0], ready_min=min(r.ready_min for r in reviews))
              if reviews else None)
    return Checklist(replace(first, response=None), phases,
                     total.text if total else variants[0].total_timeline, ordered,
                     tuple(variants), total=total, review=review,
                     anchors=variants[0].anchors,
                     milestones=tuple(sorted(marks.values(), key=lambda m: m.month)),
                     start_phase=phases[0].phase.id if phases else None,
                     totals_by_response=(tuple((tuple(r), t) for t, r in by_total.items())
                                         if len(by_total) > 1 else ()))

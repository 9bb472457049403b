"""Cross-references: every id a playbook names must exist, and what ids make must hold.

Unique step and script ids, known phases, paths, templates and situation values, paths a
company's type offers, replacements without cycles, ``before``/``after`` within one phase
and without loops, and company ids that do not take a company type's addresses.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .. import model
from ..problems import Mark, Problem, did_you_mean
from .library import Library, Source
from .locations import field_name, locate, where
from .messages import choices


def check_references(library: Library,
                     partial: Sequence[tuple[model.Playbook, Source]] = (),
                     known: Iterable[tuple[str, str]] = ()) -> list[Problem]:
    """Every id a playbook names must exist.

    ``partial`` are playbooks that failed validation, checked for what is left of them;
    ``known`` are (kind, id) pairs that exist even if their playbook did not validate.
    """
    problems: list[Problem] = []
    checked = [(p, library.sources[(p.kind, p.id)]) for p in library.all()]
    checked += partial
    ids: dict[str, list[str]] = {kind: [] for kind in model.KINDS}
    for kind, playbook_id in [*((p.kind, p.id) for p, _ in checked), *known]:
        if kind in ids and playbook_id not in ids[kind]:
            ids[kind].append(playbook_id)
    types = {p.id: p for p, _ in checked if isinstance(p, model.CompanyType)}
    step_ids: dict[str, Mark] = {}
    script_ids: dict[str, Mark] = {}
    for playbook, source in checked:

        def need(value: str | None, target: str, loc: Sequence[str | int],
                 source: Source = source) -> None:
            pool = ids[target]
            if value is not None and value not in pool:
                hint = did_you_mean(value, pool) if pool else \
                    f" (no {target} playbook is loaded: list the upstream playbooks folder " \
                    "before this one)"
                mark, name = where(source, loc)
                problems.append(Problem(mark, f"'{value}' is not a known {target}{hint}",
                                        field=name))

        for index, script in enumerate(playbook.scripts):
            _unique(script.id, "script", script_ids, source, ["scripts", index, "id"],
                    problems)
        for index, step in enumerate(playbook.steps):
            here: list[str | int] = ["steps", index]
            _unique(step.id, "step", step_ids, source, [*here, "id"], problems)
            need(step.phase, "phase", [*here, "phase"])
            need(step.template, "template", [*here, "template"])
            if step.when is not None:
                for dimension, target in model.KINDS.dimensions().items():
                    for position, value in enumerate(getattr(step.when, dimension) or []):
                        need(value, target, [*here, "when", dimension, position])
        if isinstance(playbook, model.HardCase):
            for position, phase_id in enumerate(playbook.phases):
                need(phase_id, "phase", ["phases", position])
            need(playbook.template, "template", ["template"])
            for dimension, target in model.KINDS.dimensions().items():
                for position, value in enumerate(getattr(playbook.when, dimension, None) or []):
                    need(value, target, ["when", dimension, position])
        for index, wait in enumerate(playbook.waits):
            need(wait.extends, "phase", ["waits", index, "extends"])
            need(wait.starts_after, "phase", ["waits", index, "starts_after"])
        for index, milestone in enumerate(playbook.milestones):
            need(milestone.phase, "phase", ["milestones", index, "phase"])
        for index, anchor in enumerate(playbook.anchors):
            need(anchor.phase, "phase", ["anchors", index, "phase"])
        for index, transition in enumerate(playbook.transitions):
            need(transition.phase, "phase", ["transitions", index, "phase"])
            for position, value in enumerate(transition.to_response):
                need(value, "manager-response", ["transitions", index, "to_response", position])
            for position, value in enumerate(transition.to_path):
                need(value, "path", ["transitions", index, "to_path", position])
        if isinstance(playbook, model.CompanyType):
            for position, path_id in enumerate(playbook.paths):
                need(path_id, "path", ["paths", position])
            for phase_id in playbook.phases:
                need(phase_id, "phase", ["phases", phase_id])
        if isinstance(playbook, model.Phase) and playbook.readiness is not None:
            need(playbook.readiness.otherwise_phase, "phase",
                 ["readiness", "otherwise_phase"])
        if isinstance(playbook, model.Company):
            need(playbook.company_type, "company-type", ["company_type"])
            company_type = types.get(playbook.company_type)
            for position, path_id in enumerate(playbook.paths or []):
                loc: list[str | int] = ["paths", position]
                if company_type is None or path_id not in ids["path"]:
                    need(path_id, "path", loc)  # an unknown type is reported once, above
                elif path_id not in company_type.paths:
                    mark, name = where(source, loc)
                    problems.append(Problem(
                        mark, f"company type '{company_type.id}' does not offer the path "
                        f"'{path_id}'; it offers {choices(company_type.paths)}", field=name))
            for phase_id in playbook.phases:
                need(phase_id, "phase", ["phases", phase_id])
    all_steps = {s for playbook, _ in checked for s in (x.id for x in playbook.steps)}
    all_scripts = {s for playbook, _ in checked for s in (x.id for x in playbook.scripts)}
    for playbook, source in checked:
        for index, step in enumerate(playbook.steps):
            for name, value, pool in (("script", step.script, all_scripts),
                                      ("replaces", step.replaces, all_steps)):
                if value is not None and value not in pool:
                    noun = "script" if name == "script" else "step"
                    mark, shown = where(source, ["steps", index, name])
                    problems.append(Problem(mark, f"'{value}' is not a known {noun}"
                                            f"{did_you_mean(value, pool)}", field=shown))
    problems += _replacement_cycles(library)
    problems += _shared_addresses(library)
    problems += _order_problems(library)
    return problems


def _replacement_cycles(library: Library) -> list[Problem]:
    """A step that replaces itself, or steps that replace each other, would all vanish."""
    replaces: dict[str, tuple[str, Mark, str]] = {}
    for playbook in library.all():
        raw = library.sources[(playbook.kind, playbook.id)].raw
        for index, step in enumerate(playbook.steps):
            if step.replaces is not None:
                loc: list[str | int] = ["steps", index, "replaces"]
                replaces[step.id] = (step.replaces, locate(raw, loc), field_name(loc))
    problems = []
    reported: set[str] = set()
    for start in sorted(replaces):
        chain, current = [start], replaces[start][0]
        while current in replaces and current not in chain:
            chain.append(current)
            current = replaces[current][0]
        if current == start and start not in reported:
            reported.update(chain)
            what = ("replaces itself" if len(chain) == 1 else
                    "is part of a replacement cycle (" + " → ".join([*chain, start]) + ")")
            problems.append(Problem(replaces[start][1], f"step '{start}' {what}, so none of "
                                    "them would appear in any checklist; replace a generic "
                                    "step with a new one instead", field=replaces[start][2]))
    return problems


def _order_problems(library: Library) -> list[Problem]:
    """``before`` and ``after`` must name a step of the same phase, and never loop."""
    problems: list[Problem] = []
    steps = {step.id: step for playbook in library.all() for step in playbook.steps}
    follows: dict[str, set[str]] = {}  # step id -> ids that must come after it
    for playbook in library.all():
        raw = library.sources[(playbook.kind, playbook.id)].raw
        for index, step in enumerate(playbook.steps):
            for name in ("before", "after"):
                for position, other in enumerate(getattr(step, name)):
                    loc: list[str | int] = ["steps", index, name, position]
                    target = steps.get(other)
                    if target is None:
                        problems.append(Problem(locate(raw, loc), f"'{other}' is not a known "
                                                f"step{did_you_mean(other, steps)}",
                                                field=field_name(loc)))
                    elif target.phase != step.phase:
                        problems.append(Problem(locate(raw, loc), f"'{other}' is in phase "
                                                f"'{target.phase}', not '{step.phase}'; order "
                                                "only steps of the same phase",
                                                field=field_name(loc)))
                    elif name == "before":
                        follows.setdefault(step.id, set()).add(other)
                    else:
                        follows.setdefault(other, set()).add(step.id)
    loop = _find_loop(follows)
    if loop:
        where = next(p for p in library.all() if any(s.id == loop[0] for s in p.steps))
        raw = library.sources[(where.kind, where.id)].raw
        index = next(i for i, s in enumerate(where.steps) if s.id == loop[0])
        problems.append(Problem(locate(raw, ["steps", index, "id"]),
                                "steps are ordered in a loop: " + " before ".join(loop),
                                field="before"))
    return problems


def _find_loop(follows: dict[str, set[str]]) -> list[str]:
    """One cycle in the 'comes before' graph, as the ids along it, or an empty list."""
    state: dict[str, int] = {}
    trail: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        trail.append(node)
        for nxt in sorted(follows.get(node, ())):
            if state.get(nxt) == 1:
                return [*trail[trail.index(nxt):], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        trail.pop()
        state[node] = 2
        return []

    for node in sorted(follows):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return []


def _shared_addresses(library: Library) -> list[Problem]:
    """Companies and company types share the first part of checklist addresses."""
    types = {t.id for t in library.company_types}
    problems = []
    for company in library.companies:
        if company.id in types:
            raw = library.sources[("company", company.id)].raw
            problems.append(Problem(locate(raw, ["id"]), f"company id '{company.id}' is also a "
                                    "company type's id; their checklists would share "
                                    f"addresses (checklists/{company.id}/…). Choose another "
                                    "id, such as the company's name", field="id"))
    return problems


def _unique(value: str, noun: str, seen: dict[str, Mark], source: Source,
            loc: list[str | int], problems: list[Problem]) -> None:
    mark, name = where(source, loc)
    if value in seen:
        problems.append(Problem(mark, f"{noun} id '{value}' is already used at {seen[value]}; "
                                f"{noun} ids must be unique across all playbooks",
                                field=name))
    else:
        seen[value] = mark

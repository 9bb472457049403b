"""Cross-references: every id a playbook names must exist, and what ids make must hold.

Unique step and script ids, known phases, paths, templates and situation values, paths a
company's type offers, replacements without cycles, ``before``/``after`` within one phase
and without loops, and company ids that do not take a company type's addresses.
"""

from __future__ import annotations

import graphlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from .. import model
from ..model.kinds import shared_references
from ..problems import Mark, Problem, did_you_mean, display_path
from .library import Library, Source
from .locations import field_name, locate, where


@dataclass
class Causes:
    """What may explain an unknown id: steps and scripts written in playbooks that failed
    validation (by id, the file), and files that could not be read at all. A reference
    they explain is reported as a consequence, after its cause."""

    broken: dict[str, dict[str, Path]] = field(default_factory=dict)  # noun → id → file
    unreadable: Sequence[Path] = ()

    @classmethod
    def of(cls, broken: Iterable[Source], unreadable: Sequence[Path]) -> Causes:
        found: dict[str, dict[str, Path]] = {"step": {}, "script": {}}
        for source in broken:
            for noun, key in (("step", "steps"), ("script", "scripts")):
                items = source.raw.get(key)
                for item in items if isinstance(items, list) else ():
                    if isinstance(item, dict) and isinstance(item.get("id"), str):
                        found[noun].setdefault(item["id"], source.files[-1])
        return cls(found, unreadable)

    def unknown(self, mark: Mark, name: str, value: str, noun: str,
                pool: Iterable[str]) -> Problem:
        """The problem for ``value``, an id no loaded playbook defines."""
        if (home := self.broken.get(noun, {}).get(value)) is not None:
            return Problem(mark, f"'{value}' is a {noun} in {display_path(home)}, which has a "
                           "mistake of its own (listed above); fix that first", field=name,
                           consequence=True)
        message = f"'{value}' is not a known {noun}{did_you_mean(value, pool)}"
        if self.unreadable:
            files = ", ".join(display_path(path) for path in self.unreadable[:3])
            more = f" and {len(self.unreadable) - 3} more" if len(self.unreadable) > 3 else ""
            return Problem(mark, f"{message} (unless it is in {files}{more}, which could not "
                           "be read: fix that first)", field=name, consequence=True)
        return Problem(mark, message, field=name)


def check_references(library: Library,
                     partial: Sequence[tuple[model.Playbook, Source]] = (),
                     known: Iterable[tuple[str, str]] = (),
                     broken: Iterable[Source] = (),
                     unreadable: Sequence[Path] = ()) -> list[Problem]:
    """Every id a playbook names must exist, and each kind's rules must hold.

    What a playbook names comes from the registry (:func:`model.kinds.shared_references`
    and each kind's ``references``), as do the kinds' ``rules``. ``partial`` are playbooks
    that failed validation, checked for what is left of them; ``known`` are (kind, id)
    pairs that exist even if their playbook did not validate; ``broken`` are the sources
    of those, and ``unreadable`` the files that gave no playbook: unknown ids they may
    explain are reported as consequences (:class:`Causes`).
    """
    causes = Causes.of(broken, unreadable)
    problems: list[Problem] = []
    checked = [(p, library.sources[(p.kind, p.id)]) for p in library.all()]
    checked += partial
    ids: dict[str, dict[str, None]] = {kind: {} for kind in model.KINDS}
    for kind, playbook_id in [*((p.kind, p.id) for p, _ in checked), *known]:
        if kind in ids:
            ids[kind].setdefault(playbook_id)
    lookup = model.Known(
        playbooks={kind: {p.id: p for p, _ in checked if p.kind == kind} for kind in ids},
        ids=ids)
    step_ids: dict[str, Mark] = {}
    script_ids: dict[str, Mark] = {}
    for playbook, source in checked:
        registered = model.KINDS.of(playbook)
        for index, script in enumerate(playbook.scripts):
            _unique(script.id, "script", script_ids, source, ["scripts", index, "id"],
                    problems)
        for index, step in enumerate(playbook.steps):
            _unique(step.id, "step", step_ids, source, ["steps", index, "id"], problems)
        for loc, target, value in chain(shared_references(playbook),
                                        registered.references(playbook)):
            named = ids.get(target, {})
            if value is not None and value not in named:
                mark, name = where(source, loc)
                if named or causes.unreadable:
                    problems.append(causes.unknown(mark, name, value, target, named))
                else:
                    problems.append(Problem(mark, f"'{value}' is not a known {target} (no "
                                            f"{target} playbook is loaded: list the upstream "
                                            "playbooks folder before this one)", field=name))
        for loc, message in registered.rules(playbook, lookup):
            mark, name = where(source, loc)
            problems.append(Problem(mark, message, field=name))
    all_steps = {s for playbook, _ in checked for s in (x.id for x in playbook.steps)}
    all_scripts = {s for playbook, _ in checked for s in (x.id for x in playbook.scripts)}
    for playbook, source in checked:
        for index, step in enumerate(playbook.steps):
            for name, value, pool in (("script", step.script, all_scripts),
                                      ("replaces", step.replaces, all_steps)):
                if value is not None and value not in pool:
                    noun = "script" if name == "script" else "step"
                    mark, shown = where(source, ["steps", index, name])
                    problems.append(causes.unknown(mark, shown, value, noun, pool))
    problems += _replacement_cycles(library)
    problems += _shared_addresses(library)
    problems += _order_problems(library, causes)
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


def _order_problems(library: Library, causes: Causes) -> list[Problem]:
    """``before`` and ``after`` must name a step of the same phase, and never loop.

    A step in a phase that does not exist has that problem already; whether it shares a
    phase with another is then beside the point, so nothing more is said of it."""
    problems: list[Problem] = []
    steps = {step.id: step for playbook in library.all() for step in playbook.steps}
    phases = {phase.id for phase in library.phases}
    follows: dict[str, set[str]] = {}  # step id -> ids that must come after it
    for playbook in library.all():
        raw = library.sources[(playbook.kind, playbook.id)].raw
        for index, step in enumerate(playbook.steps):
            for name in ("before", "after"):
                for position, other in enumerate(getattr(step, name)):
                    loc: list[str | int] = ["steps", index, name, position]
                    target = steps.get(other)
                    if target is None:
                        problems.append(causes.unknown(locate(raw, loc), field_name(loc),
                                                       other, "step", steps))
                    elif not {target.phase, step.phase} <= phases:
                        continue
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
    """One cycle in the 'comes before' graph, as the ids along it (each before the next,
    the first repeated at the end), or an empty list."""
    # graphlib's graph maps a node to those that come before it; its cycle lists each
    # node before the next, which is the order a reader follows.
    before: dict[str, list[str]] = {node: [] for node in sorted(follows)}
    for node in sorted(follows):
        for later in sorted(follows[node]):
            before.setdefault(later, []).append(node)
    try:
        graphlib.TopologicalSorter(before).prepare()
    except graphlib.CycleError as error:
        return list(error.args[1])
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

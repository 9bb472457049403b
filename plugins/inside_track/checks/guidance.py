"""Guidance rules: what every generated checklist must get right, kept as data.

The rules live in a YAML file a content editor can read and extend
(``guidance-rules.yml`` beside this module; forks add their own with
``inside-track validate --rules FILE``). Each rule says in words what it protects and
uses one check:

- ``no_step_says``: no step's text, readiness sign or transition contains any of these
  phrases (case does not matter) in the checklists the rule's ``where`` selects;
- ``step_order``: of these steps, those a checklist has come in this order;
- ``has_step``: the checklists selected have each of these steps;
- ``links_to``: some step of each selected checklist points at this guide page (if any
  step of the guide does: a guide without the page is not asked to link to it);
- ``has_template``: some step of each selected checklist offers each of these templates;
- ``no_hard_case``: the checklists selected list none of these hard cases: where a case's
  premise does not hold (a manager who agreed a plan cannot have said no), it must not
  be offered, whatever its own ``when`` says;
- ``has_hard_case``: each selected checklist lists each of these hard cases under
  "If this happens" (both ask only for templates and hard cases the playbooks have: a
  guide built without one is not held to it, and ``templates-exist`` catches a step that
  names one it lacks);
- ``check``: a built-in check that needs code (``totals-add-up``, ``no-gate-once-held``,
  ``gate-requires-group``, ``templates-exist``, ``hard-cases-reachable``,
  ``one-step-per-bullet``, ``no-raw-ids``, ``waits-run-beside``, ``ends-in-transition``).

``waits-run-beside`` holds when no wait that overlaps other phases adds its whole length
to the total; ``ends-in-transition`` when the checklist ends in a transition that leads
somewhere, with no step after it.

``no_step_says`` also reads the title and summary of each hard case a checklist lists:
what "If this happens" says is part of what the checklist says.

``where`` takes the same conditions as a step's ``when``. A broken rule is reported as a
:class:`Problem` at the file and line of the step that breaks it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, TypeAdapter, ValidationError, model_validator

from .. import model
from ..library.library import Library
from ..library.locations import locate
from ..plan.checklists import Checklist, Item
from ..problems import Mark, PlaybookError, Problem
from ..source.reader import read_yaml

DEFAULT_RULES = "guidance-rules.yml"
BUILT_IN = ("totals-add-up", "no-gate-once-held", "gate-requires-group", "templates-exist",
            "hard-cases-reachable", "one-step-per-bullet", "no-raw-ids", "waits-run-beside",
            "ends-in-transition")
PAGE_CHECKS = ("one-step-per-bullet", "no-raw-ids")
CHECKS = ("no_step_says", "step_order", "has_step", "links_to", "has_template",
          "has_hard_case", "no_hard_case", "check")
"""The fields of a rule that name its check: a rule has exactly one."""
"""Built-in checks that read rendered pages rather than planned checklists."""


class Rule(model.Strict):
    """One guidance rule: what it protects, where it applies, and its one check."""

    id: model.playbooks.Id
    says: str = Field(min_length=1, max_length=2000, description="The rule, in words.")
    where: model.Conditions | None = None
    no_step_says: list[str] | None = Field(None, min_length=1)
    step_order: list[model.playbooks.Id] | None = Field(None, min_length=2)
    has_step: list[model.playbooks.Id] | None = Field(None, min_length=1)
    links_to: str | None = None
    has_template: list[model.playbooks.Id] | None = Field(None, min_length=1)
    has_hard_case: list[model.playbooks.Id] | None = Field(None, min_length=1)
    no_hard_case: list[model.playbooks.Id] | None = Field(None, min_length=1)
    check: Literal["totals-add-up", "no-gate-once-held", "gate-requires-group",
                   "templates-exist", "hard-cases-reachable", "one-step-per-bullet",
                   "no-raw-ids", "waits-run-beside", "ends-in-transition"] | None = None
    group: model.playbooks.Id | None = Field(None, description="For gate-requires-group.")

    @model_validator(mode="after")
    def _one_check(self) -> Rule:
        used = [name for name in CHECKS if getattr(self, name) is not None]
        if len(used) != 1:
            raise ValueError(f"a rule needs exactly one of {', '.join(CHECKS[:-1])} or "
                             f"{CHECKS[-1]} (found: {', '.join(used) or 'none'})")
        return self


class RuleFile(model.Strict):
    rules: list[Rule] = Field(min_length=1)


_ADAPTER: TypeAdapter[RuleFile] = TypeAdapter(RuleFile)


def default_rules_path() -> Path:
    return Path(str(resources.files("inside_track.checks") / DEFAULT_RULES))


def load_rules(paths: Sequence[Path] = ()) -> list[tuple[Rule, Mark]]:
    """The packaged rules, then each file's, with the mark of each rule."""
    found: list[tuple[Rule, Mark]] = []
    problems: list[Problem] = []
    for path in [default_rules_path(), *paths]:
        raw, read_problems = read_yaml(path)
        problems += read_problems
        if read_problems:
            continue
        try:
            parsed = _ADAPTER.validate_python(raw)
        except ValidationError as error:
            for detail in error.errors():
                loc = [part for part in detail["loc"] if isinstance(part, str | int)]
                problems.append(Problem(locate(raw, loc[:-1] if loc else loc),
                                        detail["msg"].removeprefix("Value error, "),
                                        field=".".join(str(part) for part in loc)))
            continue
        for index, rule in enumerate(parsed.rules):
            found.append((rule, locate(raw, ["rules", index])))
    if problems:
        raise PlaybookError(problems)
    return found


def check_checklists(library: Library, checklists: Iterable[Checklist],
                     rules: Sequence[tuple[Rule, Mark]]) -> list[Problem]:
    """Every way the planned checklists break a rule, located at the step (or rule)."""
    problems: list[Problem] = []
    linked = {(step.see or "").split("#")[0] for p in library.all() for step in p.steps}
    step_marks = _step_marks(library)
    shown: dict[str, set[str]] = {}  # rule id -> hard cases the checklists it selects show
    have = {kind: {p.id for p in library.of(kind)} for kind in ("template", "hard-case")}
    phase_of = {step.id: step.phase for p in library.all() for step in p.steps}
    phase_of |= {f"hard-case:{case.id}": " ".join(case.phases) for case in library.hard_cases}
    for checklist in checklists:
        s = checklist.situation
        for rule, rule_mark in rules:
            if rule.check in PAGE_CHECKS:
                continue
            if rule.where is not None and not rule.where.matches(s.values, s.facts):
                continue
            if rule.links_to and rule.links_to not in linked:
                continue  # a guide without the page is not asked to link to it
            if rule.check == "hard-cases-reachable":
                shown.setdefault(rule.id, set()).update(
                    found.case.id for p in checklist.phases for found in p.hard_cases)
                continue
            for item, message in _broken(rule, checklist, have, phase_of):
                mark = step_marks.get(item.step.id, rule_mark) if item else rule_mark
                problems.append(Problem(mark, f"rule '{rule.id}' is broken in checklist "
                                        f"{checklist.slug}: {message} ({rule.says.strip()})"))
            for case, message in _cases_broken(rule, checklist):
                source = library.sources.get(("hard-case", case.id))
                where = ["when"] if case.when is not None else ["phases"]
                problems.append(Problem(locate(source.raw, where) if source else rule_mark,
                                        f"rule '{rule.id}' is broken in checklist "
                                        f"{checklist.slug}: {message} ({rule.says.strip()})"))
    for rule, rule_mark in rules:
        if rule.check == "hard-cases-reachable":
            for case in library.hard_cases:
                if case.id not in shown.get(rule.id, set()):
                    source = library.sources.get(("hard-case", case.id))
                    mark = locate(source.raw, ["phases"]) if source else rule_mark
                    problems.append(Problem(mark, f"rule '{rule.id}' is broken: hard case "
                                            f"'{case.id}' is on no checklist, in none of its "
                                            f"phases ({rule.says.strip()})"))
    return problems


def _broken(rule: Rule, checklist: Checklist, have: dict[str, set[str]],
            phase_of: dict[str, str] | None = None) -> list[tuple[Item | None, str]]:
    items = checklist.items
    phase_of = phase_of or {}
    # a closing transition hands what follows it to the checklist the reader moves to,
    # where the same rules hold
    deferred = {p.phase.id for p in checklist.phases if p.after_answer}
    if rule.no_step_says:
        texts: list[tuple[Item | None, str, str]] = [
            (item, f"step '{item.step.id}'", item.step.text) for item in items]
        for planned in checklist.phases:
            gate = planned.readiness
            if gate is not None:
                texts += [(None, f"readiness sign '{sign.id}' in '{planned.phase.id}'",
                           sign.text) for sign in gate.signs]
                texts.append((None, f"the readiness gate in '{planned.phase.id}'",
                              gate.otherwise))
            texts += [(None, f"transition '{move.transition.id}'", move.transition.title)
                      for move in planned.transitions]
        return [(item, f"{what} says '{phrase}'")
                for item, what, text in texts for phrase in rule.no_step_says
                if phrase.lower() in " ".join(text.split()).lower()]
    if rule.step_order:
        position = {item.step.id: n for n, item in enumerate(items)}
        present = [step for step in rule.step_order if step in position]
        by_id = {item.step.id: item for item in items}
        return [(by_id[later], f"step '{later}' comes before '{earlier}'")
                for earlier, later in itertools.pairwise(present)
                if position[later] < position[earlier]]
    if rule.has_step:
        ids = {item.step.id for item in items}
        return [(None, f"it has no step '{step}'") for step in rule.has_step
                if step not in ids and phase_of.get(step) not in deferred]
    if rule.has_template:
        offered = {item.template.id for item in items if item.template is not None}
        return [(None, f"no step offers the template '{template}'")
                for template in rule.has_template
                if template in have["template"] and template not in offered]
    if rule.has_hard_case:
        listed = {found.case.id for p in checklist.phases for found in p.hard_cases}
        return [(None, f"it lists no hard case '{case}'") for case in rule.has_hard_case
                if case in have["hard-case"] and case not in listed
                and not set(phase_of.get(f"hard-case:{case}", "").split()) <= deferred]
    if rule.check == "templates-exist":
        return [(item, f"step '{item.step.id}' names the template '{item.step.template}', "
                       "which is not in this edition")
                for item in items if item.step.template and item.template is None]
    if rule.links_to:
        target = rule.links_to
        if any((item.step.see or "").split("#")[0] == target for item in items):
            return []
        return [(None, f"no step links to {target}")]
    if rule.check == "totals-add-up":
        return [(None, message) for message in _totals(checklist)]
    if rule.check == "waits-run-beside":
        return [(None, message) for message in _waits_beside(checklist)]
    if rule.check == "ends-in-transition":
        return [(None, message) for message in _ends_in_transition(checklist)]
    if rule.check == "no-gate-once-held":
        if checklist.situation.conversation_held and any(p.readiness for p in checklist.phases):
            return [(None, "it shows the readiness gate, but the conversation is held")]
        return []
    if rule.check == "gate-requires-group":
        return [(None, f"the readiness gate in '{p.phase.id}' does not require a sign from "
                       f"'{rule.group}'")
                for p in checklist.phases if p.readiness is not None
                and not any(need.group == rule.group for need in p.readiness.require)]
    return []


def _waits_beside(checklist: Checklist) -> list[str]:
    """A wait that overlaps other phases runs beside them: the total it makes is less than
    the total plus the whole wait."""
    total = checklist.total
    if total is None:
        return []
    messages = []
    for part in total.possible:
        if not part.overlaps or part.total_max is None or part.total_min is None:
            continue
        if part.total_max - total.max >= part.max or part.total_min - total.min >= part.min > 0:
            messages.append(f"the wait '{part.title}' runs beside "
                            f"{', '.join(part.overlaps)} but adds all of its {part.text} "
                            f"({total.text} becomes {total.with_possible(part)})")
    return messages


def _ends_in_transition(checklist: Checklist) -> list[str]:
    """The checklist ends where the reader's answer decides what follows, and says where
    each answer leads; nothing is asked of them after it."""
    closing = [(n, move) for n, planned in enumerate(checklist.phases)
               for move in planned.transitions if move.transition.closes]
    if not closing:
        return ["it does not end in a transition to the checklist for what comes next"]
    at, move = closing[0]
    messages = []
    if not move.targets:
        messages.append(f"its transition '{move.transition.id}' leads nowhere")
    later = [item.step.id for planned in checklist.phases[at + 1:] for item in planned.items]
    if later:
        messages.append(f"steps come after its transition '{move.transition.id}': "
                        f"{', '.join(later)}")
    return messages


def _totals(checklist: Checklist) -> list[str]:
    total = checklist.total
    if total is None or not checklist.phases:
        return ["it has no computed total"]
    messages = []
    latest = max(p.end_month for p in checklist.phases)
    if total.max != latest:
        messages.append(f"its total ends at month {total.max:g} but its last phase ends at "
                        f"month {latest:g}")
    soonest = max(p.span.end if p.span.earliest_end is None else p.span.earliest_end
                  for p in checklist.phases)
    if total.min != soonest:
        messages.append(f"its total starts at {total.min:g} months, but its last phase can "
                        f"be done at month {soonest:g}")
    if total.max > sum(part.max for part in total.parts):
        messages.append(f"its total of {total.max:g} months is more than its parts add up to")
    if checklist.total_timeline != total.text:
        messages.append(f"its text says '{checklist.total_timeline}', its months {total.text}")
    return messages


def _step_marks(library: Library) -> dict[str, Mark]:
    marks = {}
    for playbook in library.all():
        source = library.sources.get((playbook.kind, playbook.id))
        if source is None:
            continue
        for index, step in enumerate(playbook.steps):
            marks[step.id] = locate(source.raw, ["steps", index])
    return marks


def _cases_broken(rule: Rule, checklist: Checklist) -> list[tuple[model.HardCase, str]]:
    """How the hard cases a checklist lists break a rule: a case offered where its premise
    does not hold (``no_hard_case``), or one whose title or summary, shown under "If this
    happens", says what the checklist must not (``no_step_says``)."""
    listed = {found.case.id: found.case for p in checklist.phases for found in p.hard_cases}
    if rule.no_hard_case:
        return [(listed[case], f"it lists the hard case '{case}', whose premise does not "
                               "hold here") for case in rule.no_hard_case if case in listed]
    if rule.no_step_says:
        return [(case, f"the hard case '{case.id}' it lists says '{phrase}'")
                for case in listed.values() for phrase in rule.no_step_says
                if phrase.lower() in " ".join(f"{case.title} {case.summary}".split()).lower()]
    return []


# --- rendered pages --------------------------------------------------------------------------

_CONDITION = re.compile(r"\*\((only [^)]*)\)\*")
_RUN_TOGETHER = re.compile(r"[.!?)*]- \S")


def check_pages(library: Library, pages: Iterable[Any],
                rules: Sequence[tuple[Rule, Mark]]) -> list[Problem]:
    """Page rules on generated playbook pages (objects with ``uri`` and ``content``)."""
    wanted = {rule.check: (rule, mark) for rule, mark in rules if rule.check in PAGE_CHECKS}
    if not wanted:
        return []
    ids = {p.id for p in library.all() if "-" in p.id}
    problems = []
    for page in pages:
        if page.uri.startswith("checklists/"):
            continue
        for number, line in enumerate(page.content.splitlines(), 1):
            if "one-step-per-bullet" in wanted and line.startswith("- ") \
                    and _RUN_TOGETHER.search(line):
                rule, mark = wanted["one-step-per-bullet"]
                problems.append(Problem(mark, f"rule '{rule.id}' is broken on {page.uri} line "
                                        f"{number}: two steps share one bullet"))
            if "no-raw-ids" in wanted:
                for condition in _CONDITION.findall(line):
                    raw = sorted(i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}"
                                                             rf"(?![\w-])", condition))
                    if raw:
                        rule, mark = wanted["no-raw-ids"]
                        problems.append(Problem(mark, f"rule '{rule.id}' is broken on "
                                                f"{page.uri} line {number}: the condition "
                                                f"shows the id '{raw[0]}'"))
    return problems

"""The playbook model: one pydantic class per YAML shape (the JSON Schema is derived from them).

A reader's situation has three dimensions — company type, path, manager response — and
every playbook either *is* a value of one dimension or (a company) pins one. Steps are the
checklist items; each belongs to a phase and may carry conditions on the dimensions, which
is how the planner decides where it lands. Nothing here knows about MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from . import safety

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
MAX_STEPS = 200
MAX_ITEMS = 100
MAX_TEXT = 20_000

_LINK_URL = r"""^[^\s<>"'`()\[\]{}\\]+$"""
"""A link's address: no characters that could end the Markdown link it is printed in.

Schema patterns are read by Python's ``re`` and by ECMA-262 engines in Unicode mode (the
validators behind editors), so only escapes both accept: no ``\\"`` inside the class.
"""


def _check_link_url(url: str) -> str:
    safety.check_url(url)
    return url if safety.link_scheme(url) else safety.check_page_path(url)

def _check_copy_text(text: str) -> str:
    """Text shown verbatim in a code block: escaped when printed, so only the limits apply
    (no invisible characters, no nesting that would be costly to render)."""
    safety.check_limits(text)
    return text

Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=80,
                          description="A stable lowercase-dashed identifier.")]
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT,
                            description="Markdown text (no raw HTML)."),
                 AfterValidator(safety.check_text)]
Label = Annotated[str, Field(min_length=1, max_length=300), AfterValidator(safety.check_label)]
CopyText = Annotated[str, Field(min_length=1, max_length=MAX_TEXT,
                                description="Plain text shown exactly as written, to copy."),
                     AfterValidator(_check_copy_text)]


class Strict(BaseModel):
    """Refuse unknown fields and silent type coercion: typos must surface."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


ML_FACTS = ("ml-team", "ml-engineers", "model-owner", "ml-plans")
"""What a company can have in the way of ML, from most to least established."""
MlFact = Literal["ml-team", "ml-engineers", "model-owner", "ml-plans"]
Conversation = Literal["ahead", "held"]
Source = Literal["article", "estimate"]
"""Where a figure comes from: the article the guide is built on, or the guide's own estimate."""
_SOURCE = ("Where this figure comes from: 'article' (the article the guide is built on) or "
           "'estimate' (the guide's own estimate, marked as one on pages). A fork's company "
           "figures are its own and need none.")


DIMENSIONS = {"company_type": "company-type", "path": "path",
              "manager_response": "manager-response"}
"""The situation's dimensions, each with the kind whose playbooks are its values.

There are exactly three, and they are declared here, not in the registry of kinds: the
chooser asks three questions in this order (a path is offered by a company type; a manager
response matters only on a path with a manager conversation), a checklist's address has
these parts, and the manifest and the progress file carry these answers. ``Conditions``
has one field per dimension. A fourth dimension is a change to that code, not to data.
"""


class Conditions(Strict):
    """Where a step applies: every listed dimension must match one of its values.

    Besides the three answers, a step can name what the reader's situation must hold:
    whether the manager conversation is still ahead or already held, and what the company
    has (``company_has``) or lacks (``company_lacks``) in the way of ML.
    """

    company_type: list[Id] | None = Field(None, max_length=MAX_ITEMS,
                                          description="Company type ids.")
    path: list[Id] | None = Field(None, max_length=MAX_ITEMS, description="Path ids.")
    manager_response: list[Id] | None = Field(None, max_length=MAX_ITEMS,
                                              description="Manager response ids.")
    conversation: Conversation | None = Field(
        None, description="'ahead' before the manager conversation, 'held' once it is.")
    company_has: list[MlFact] | None = Field(
        None, description=f"ML the company must have, any of: {', '.join(ML_FACTS)}.")
    company_lacks: list[MlFact] | None = Field(
        None, description="ML the company must not have.")

    def matches(self, situation: dict[str, str | None],
                facts: SituationFacts | None = None) -> bool:
        for dimension in DIMENSIONS:
            allowed = getattr(self, dimension)
            if allowed is not None and situation.get(dimension) not in allowed:
                return False
        if facts is None:
            return True
        if self.conversation is not None and self.conversation != facts.conversation:
            return False
        if self.company_has and not set(self.company_has) <= facts.ml:
            return False
        return not (self.company_lacks and set(self.company_lacks) & facts.ml)


@dataclass(frozen=True)
class SituationFacts:
    """What the planner knows of a reader beyond their three answers."""

    conversation: str
    """``ahead``, ``held``, or ``none`` on a path without a manager conversation."""
    ml: frozenset[str]


class Script(Strict):
    """Words to say, kept as data so pages and checklists can quote them and forks replace them."""

    id: Id
    title: Label
    purpose: Text = Field(description="When and why to use it.")
    text: Text = Field(description="What to say.")
    instead_of: Text | None = Field(None, description="The weaker framing this replaces.")
    internal: bool = False


class Step(Strict):
    """One checklist item. Its id is its identity in readers' saved progress: never reuse one."""

    id: Id
    phase: Id
    text: Text
    why: Text | None = Field(None, description="Why this step matters.")
    see: str | None = Field(None, max_length=300,
                            description="Guide page (path under docs/, optional #anchor).")
    script: Id | None = Field(None, description="Id of a script to use for this step.")
    template: Id | None = Field(None, description="Id of a template to copy for this step.")
    when: Conditions | None = None
    replaces: Id | None = Field(None, description="Id of a step this one stands in for.")
    before: list[Id] = Field(default_factory=list, max_length=MAX_ITEMS,
                             description="Ids of steps of the same phase this one comes before.")
    after: list[Id] = Field(default_factory=list, max_length=MAX_ITEMS,
                            description="Ids of steps of the same phase this one comes after.")
    internal: bool = False


class Span(Strict):
    """Where a phase sits on the plan, in months from the decision to move."""

    start: float = Field(ge=0, le=60)
    end: float = Field(ge=0, le=60)
    earliest_end: float | None = Field(
        None, ge=0, le=60, description="The soonest the phase can be done (default: end).")
    source: Source | None = Field(None, description=_SOURCE + " It covers the phase's "
                                  "duration in words too.")

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"end (month {self.end:g}) is before start (month "
                             f"{self.start:g}); a phase ends after it starts")
        return self


class MonthRange(Strict):
    """A number of months, as a range."""

    min: float = Field(ge=0, le=60)
    max: float = Field(ge=0, le=60)
    source: Source | None = Field(None, description=_SOURCE)

    @model_validator(mode="after")
    def _ordered(self) -> MonthRange:
        if self.min > self.max:
            raise ValueError(f"min ({self.min:g}) is more than max ({self.max:g})")
        return self


class Wait(Strict):
    """Time a situation spends waiting on something outside the reader's hands.

    A wait ``after`` a phase (a six-month revisit) lengthens the phase it ``extends`` and
    moves every later one. A wait ``beside`` the plan (no opening on the ML team yet) starts
    when the phase named in ``starts_after`` ends and runs alongside the other phases: the
    phase it ``extends`` cannot be done before the wait is over, but the wait never adds to
    the months it overlaps. A possible wait is stated beside the total, with the total it
    would make, computed the same way.
    """

    id: Id
    title: Label = Field(description="What drives the wait, in a few words.")
    extends: Id = Field(description="Id of the phase that cannot be done before the wait "
                                    "is over.")
    months: MonthRange
    possible: bool = Field(False, description="Only if something happens, not always.")
    runs: Literal["after", "beside"] = Field(
        "after", description="'after': lengthens the phase and moves later ones; 'beside': "
                             "runs alongside the plan from the end of 'starts_after'.")
    starts_after: Id | None = Field(
        None, description="For a wait beside the plan: the phase whose end starts it "
                          "(default: the plan's start).")
    when: Conditions | None = None


class Anchor(Strict):
    """A date outside the reader's plan that a phase is tied to, in months from the
    decision to move: the planned ML features fall due in two to three quarters.

    The planner ends ``phase`` when the anchor falls (no sooner than ``months.min``, no
    later than ``months.max``) and dates a milestone there.
    """

    id: Id
    title: Label = Field(description="What happens then: 'the planned ML features are due'.")
    phase: Id = Field(description="Id of the phase that is done when the anchor falls.")
    months: MonthRange
    when: Conditions | None = None


class Transition(Strict):
    """Where a reader goes next: an answer, an outcome or a change of route moves them to
    another situation's checklist, with the ticks whose step ids exist there kept.

    ``to`` names the situations it leads to: each listed manager response (or path) in
    place of the reader's own, everything else kept. With ``closes``, the reader's
    checklist ends at ``phase``: what comes after depends on the answer and is on the
    checklist they move to.
    """

    id: Id
    title: Label = Field(description="What the reader does: 'Record your manager's answer'.")
    phase: Id = Field(description="Id of the phase at whose end it happens.")
    to_response: list[Id] = Field(default_factory=list, max_length=MAX_ITEMS,
                                  description="Ids of the manager responses it leads to.")
    to_path: list[Id] = Field(default_factory=list, max_length=MAX_ITEMS,
                              description="Ids of the paths it leads to.")
    closes: bool = Field(False, description="The checklist ends here: later steps depend "
                                            "on where the reader moves.")
    when: Conditions | None = None

    @model_validator(mode="after")
    def _somewhere(self) -> Transition:
        if not self.to_response and not self.to_path:
            raise ValueError("a transition needs 'to_response' or 'to_path'")
        return self


class Milestone(Strict):
    """A dated point on the plan: at the start or end of a phase."""

    id: Id
    title: Label
    phase: Id
    at: Literal["start", "end"] = "start"
    offset: float = Field(0, ge=0, le=24, description="Months after that point.")
    when: Conditions | None = None


class Sign(Strict):
    """One readiness sign. Its id keys readers' saved ticks, like a step's: never reuse one."""

    id: Id
    text: Text
    group: Id | None = Field(None, description="The group of signs it belongs to.")
    when: Conditions | None = Field(None, description="The situations in which it counts.")


class SignGroup(Strict):
    """A named group of readiness signs, such as the evidence a reader can show."""

    title: Label = Field(description="Its name, used as a heading: 'Evidence'.")
    about: Label = Field(description="What it covers, in a short phrase.")


class Requirement(Strict):
    """At least this many of the ticked signs must come from one group."""

    group: Id
    at_least: int = Field(1, ge=1)


def _distinct_signs(signs: list[Sign]) -> list[Sign]:
    seen: set[str] = set()
    for sign in signs:
        if sign.id in seen:
            raise ValueError(f"sign id '{sign.id}' is used twice; sign ids must be unique")
        seen.add(sign.id)
    return signs


class Readiness(Strict):
    """The gate before the manager conversation: how many signs must hold, and which."""

    minimum: int = Field(ge=1, description="How many signs must hold to go ahead.")
    title: Label | None = Field(None, description="The gate's heading (default: before the "
                                                  "manager meeting).")
    when: Conditions | None = Field(
        None, description="Where the gate stands (default: while the manager conversation "
                          "is ahead).")
    signs: Annotated[list[Sign], Field(min_length=1, max_length=MAX_ITEMS),
                     AfterValidator(_distinct_signs)]
    otherwise: Text = Field(description="What to do when too few signs hold.")
    otherwise_phase: Id = Field(description="The phase to go back to.")
    require: list[Requirement] = Field(default_factory=list, max_length=MAX_ITEMS,
                                       description="Groups the signs that hold must come from.")
    groups: dict[Id, SignGroup] = Field(default_factory=dict, max_length=MAX_ITEMS,
                                        description="A reader-facing name for each group.")

    @model_validator(mode="after")
    def _reachable(self) -> Readiness:
        if self.minimum > len(self.signs):
            raise ValueError(f"minimum is {self.minimum} but there are only "
                             f"{len(self.signs)} signs")
        for sign in self.signs:
            if sign.group is not None and self.groups and sign.group not in self.groups:
                raise ValueError(f"sign '{sign.id}' names group '{sign.group}', which is not "
                                 f"under 'groups' ({', '.join(self.groups)})")
        for need in self.require:
            count = sum(1 for sign in self.signs if sign.group == need.group)
            if need.at_least > count:
                raise ValueError(f"require asks for {need.at_least} sign(s) of group "
                                 f"'{need.group}' but it has {count}")
            if need.group not in self.groups:
                raise ValueError(f"group '{need.group}' needs a name under 'groups'")
        return self

    def grouped(self) -> list[tuple[str | None, list[Sign]]]:
        """The signs by group, groups in the order they first appear."""
        found: dict[str | None, list[Sign]] = {}
        for sign in self.signs:
            found.setdefault(sign.group, []).append(sign)
        return list(found.items())

    def needs_text(self) -> str:
        """The groups a requirement names, by title: 'Evidence'."""
        return " or ".join(self.groups[n.group].title for n in self.require)


class Playbook(Strict):
    """Fields every playbook has."""

    id: Annotated[Id, AfterValidator(safety.check_page_id)]
    title: Label
    summary: Text = Field(description="One or two sentences shown in lists and at the top.")
    body: Text | None = Field(None, description="Longer Markdown for the playbook's page.")
    steps: list[Step] = Field(default_factory=list, max_length=MAX_STEPS)
    scripts: list[Script] = Field(default_factory=list, max_length=MAX_ITEMS)
    internal: bool = Field(False, description="Only in the internal edition.")
    waits: list[Wait] = Field(default_factory=list, max_length=MAX_ITEMS,
                              description="Time this playbook adds to a plan.")
    milestones: list[Milestone] = Field(default_factory=list, max_length=MAX_ITEMS,
                                        description="Dated points this adds to a plan.")
    anchors: list[Anchor] = Field(default_factory=list, max_length=MAX_ITEMS,
                                  description="Outside dates this ties a phase to.")
    transitions: list[Transition] = Field(default_factory=list, max_length=MAX_ITEMS,
                                          description="Where a reader goes next from here.")
    merge: Literal["extend", "replace"] | None = Field(
        None, description="Set on a later playbook with an existing id to overlay it.")
    kind: str
    """Which kind of playbook it is; each kind's class narrows it to its own name (the
    registry of kinds is :mod:`inside_track.model.kinds`)."""


class Phase(Playbook):
    """A stage of the move, in order; generic steps that apply to everyone live here."""

    kind: Literal["phase"]
    order: int = Field(ge=0)
    duration: Label = Field(description="How long it typically takes, in words.")
    span: Span
    readiness: Readiness | None = None


class PhaseAdjustment(Strict):
    """A company's (or company type's) own duration for a phase."""

    duration: Label | None = None
    span: Span | None = None


class CompanyType(Playbook):
    """A kind of company, as the reader recognises it, and the paths open there."""

    kind: Literal["company-type"]
    order: int = Field(0, ge=0)
    recognise: list[Text] = Field(min_length=1, max_length=MAX_ITEMS,
                                  description="Signs you work at one.")
    transfer_mechanism: Text | None = None
    timeline: Text | None = None
    key_dependency: Text | None = None
    focus: Text | None = None
    paths: list[Id] = Field(min_length=1, max_length=MAX_ITEMS,
                            description="Ids of the paths that fit.")
    paths_note: Text | None = Field(None, description="Why other paths are ruled out.")
    has: list[MlFact] = Field(default_factory=list, max_length=len(ML_FACTS),
                              description="What ML exists at such a company.")
    phases: dict[Id, PhaseAdjustment] = Field(
        default_factory=dict, max_length=MAX_ITEMS,
        description="How long a phase takes at such a company, where it differs.")


class Path(Playbook):
    """A route from SWE to MLE, with the comparison the guide draws between routes."""

    kind: Literal["path"]
    order: int = Field(0, ge=0)
    headcount_required: Text
    managers_involved: Text
    speed: Text
    best_when: Text
    primary_risk: Text
    total_timeline: Label
    total_timeline_source: Source | None = Field(None, description=_SOURCE)
    manager_conversation: bool = Field(
        True, description="Whether the manager's response shapes this path's checklist.")


class ManagerResponse(Playbook):
    """How the manager answered (or that the conversation has not happened yet)."""

    kind: Literal["manager-response"]
    order: int = Field(0, ge=0)
    says: Label = Field(description="What the manager says, in a few words.")
    means: Text = Field(description="What it usually means.")
    handle: Text = Field(description="How to handle it.")
    conversation_held: bool = True


class Contact(Strict):
    """Someone a reader at this company can talk to."""

    name: Label
    role: Label | None = None
    about: Text | None = None
    internal: bool = False


class Link(Strict):
    """A page worth reading at this company."""

    title: Label
    url: Annotated[str, Field(max_length=2000, pattern=_LINK_URL), AfterValidator(_check_link_url)]
    internal: bool = False


class Mobility(Strict):
    """How moving between teams actually works at one company."""

    review_cycles: Text | None = None
    transfer_process: Text | None = None
    decides: Text | None = None


class Company(Playbook):
    """One named company (or division): its type, how mobility works there, its own steps."""

    kind: Literal["company"]
    name: Label
    company_type: Id
    mobility: Mobility = Field(default_factory=Mobility)
    paths: list[Id] | None = Field(None, max_length=MAX_ITEMS,
                                   description="Paths open here (default: the type's).")
    phases: dict[Id, PhaseAdjustment] = Field(default_factory=dict, max_length=MAX_ITEMS)
    total_timeline: Label | None = Field(
        None, description="Shown on the company's page; checklists compute their own total.")
    contacts: list[Contact] = Field(default_factory=list, max_length=MAX_ITEMS)
    links: list[Link] = Field(default_factory=list, max_length=MAX_ITEMS)


class _Standalone(Playbook):
    """A playbook that adds no steps, waits or milestones of its own to any plan."""

    @model_validator(mode="after")
    def _nothing_planned(self) -> _Standalone:
        for name in ("steps", "scripts", "waits", "milestones", "anchors", "transitions"):
            if getattr(self, name):
                raise ValueError(f"a {self.kind} has no '{name}'; put "
                                 "them on a phase, path, company type or manager response")
        return self


class Template(_Standalone):
    """Text to copy and fill in (an email, a log, a proposal), named by id from steps."""

    kind: Literal["template"]
    order: int = Field(0, ge=0)
    text: CopyText = Field(description="The text to copy, with [placeholders] to fill in.")


class HardCase(_Standalone):
    """Something that can go wrong in a phase, and what to do next.

    The planner shows it under "If this happens" in each phase it names, on the checklists
    whose situation its ``when`` matches.
    """

    kind: Literal["hard-case"]
    order: int = Field(0, ge=0)
    phases: list[Id] = Field(min_length=1, max_length=MAX_ITEMS,
                             description="Ids of the phases in which it can happen.")
    when: Conditions | None = Field(None, description="The situations in which it can happen.")
    next: list[Text] = Field(min_length=1, max_length=MAX_ITEMS,
                             description="What to do next, in order.")
    template: Id | None = Field(None, description="Id of a template that helps.")


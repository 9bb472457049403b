"""The playbook model: one pydantic class per YAML shape, and the JSON Schema derived from it.

A reader's situation has three dimensions — company type, path, manager response — and
every playbook either *is* a value of one dimension or (a company) pins one. Steps are the
checklist items; each belongs to a phase and may carry conditions on the dimensions, which
is how the planner decides where it lands. Nothing here knows about MkDocs.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, TypeAdapter, model_validator

from . import safety
from .file_schema import for_files

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

Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=80,
                          description="A stable lowercase-dashed identifier.")]
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT,
                            description="Markdown text (no raw HTML)."),
                 AfterValidator(safety.check_text)]
Label = Annotated[str, Field(min_length=1, max_length=300), AfterValidator(safety.check_label)]


class Strict(BaseModel):
    """Refuse unknown fields and silent type coercion: typos must surface."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Conditions(Strict):
    """Where a step applies: every listed dimension must match one of its values."""

    company_type: list[Id] | None = Field(None, max_length=MAX_ITEMS,
                                          description="Company type ids.")
    path: list[Id] | None = Field(None, max_length=MAX_ITEMS, description="Path ids.")
    manager_response: list[Id] | None = Field(None, max_length=MAX_ITEMS,
                                              description="Manager response ids.")

    def matches(self, situation: dict[str, str | None]) -> bool:
        for dimension in ("company_type", "path", "manager_response"):
            allowed = getattr(self, dimension)
            if allowed is not None and situation.get(dimension) not in allowed:
                return False
        return True


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
    when: Conditions | None = None
    replaces: Id | None = Field(None, description="Id of a step this one stands in for.")
    internal: bool = False


class Span(Strict):
    """Where a phase sits on the plan, in months from the decision to move."""

    start: float = Field(ge=0, le=60)
    end: float = Field(ge=0, le=60)

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"end (month {self.end:g}) is before start (month "
                             f"{self.start:g}); a phase ends after it starts")
        return self


class Sign(Strict):
    """One readiness sign. Its id keys readers' saved ticks, like a step's: never reuse one."""

    id: Id
    text: Text


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
    signs: Annotated[list[Sign], Field(min_length=1, max_length=MAX_ITEMS),
                     AfterValidator(_distinct_signs)]
    otherwise: Text = Field(description="What to do when too few signs hold.")
    otherwise_phase: Id = Field(description="The phase to go back to.")

    @model_validator(mode="after")
    def _reachable(self) -> Readiness:
        if self.minimum > len(self.signs):
            raise ValueError(f"minimum is {self.minimum} but there are only "
                             f"{len(self.signs)} signs")
        return self


class Playbook(Strict):
    """Fields every playbook has."""

    id: Id
    title: Label
    summary: Text = Field(description="One or two sentences shown in lists and at the top.")
    body: Text | None = Field(None, description="Longer Markdown for the playbook's page.")
    steps: list[Step] = Field(default_factory=list, max_length=MAX_STEPS)
    scripts: list[Script] = Field(default_factory=list, max_length=MAX_ITEMS)
    internal: bool = Field(False, description="Only in the internal edition.")
    merge: Literal["extend", "replace"] | None = Field(
        None, description="Set on a later playbook with an existing id to overlay it.")


class Phase(Playbook):
    """A stage of the move, in order; generic steps that apply to everyone live here."""

    kind: Literal["phase"]
    order: int = Field(ge=0)
    duration: Label = Field(description="How long it typically takes, in words.")
    span: Span
    readiness: Readiness | None = None


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


class PhaseAdjustment(Strict):
    """A company's own duration for a phase."""

    duration: Label | None = None
    span: Span | None = None


class Company(Playbook):
    """One named company (or division): its type, how mobility works there, its own steps."""

    kind: Literal["company"]
    name: Label
    company_type: Id
    mobility: Mobility = Field(default_factory=Mobility)
    paths: list[Id] | None = Field(None, max_length=MAX_ITEMS,
                                   description="Paths open here (default: the type's).")
    phases: dict[Id, PhaseAdjustment] = Field(default_factory=dict, max_length=MAX_ITEMS)
    total_timeline: Label | None = None
    contacts: list[Contact] = Field(default_factory=list, max_length=MAX_ITEMS)
    links: list[Link] = Field(default_factory=list, max_length=MAX_ITEMS)


AnyPlaybook = Annotated[Phase | CompanyType | Path | ManagerResponse | Company,
                        Field(discriminator="kind")]
PLAYBOOK_ADAPTER: TypeAdapter[Any] = TypeAdapter(AnyPlaybook)
KINDS: dict[str, type[Playbook]] = {
    "phase": Phase,
    "company-type": CompanyType,
    "path": Path,
    "manager-response": ManagerResponse,
    "company": Company,
}
DIMENSIONS: dict[str, str] = {
    "company_type": "company-type",
    "path": "path",
    "manager_response": "manager-response",
}


def json_schema() -> dict[str, Any]:
    """The JSON Schema for one playbook file, for editors and for documentation."""
    schema = for_files(PLAYBOOK_ADAPTER.json_schema(mode="validation"))
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Inside Track playbook"
    schema["description"] = ("One playbook of the Inside Track guide. Mark any value "
                             "internal-only with the '!internal' YAML tag.")
    return schema

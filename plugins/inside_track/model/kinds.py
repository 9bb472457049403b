"""The playbook kinds, each declared once: its model class and what the guide makes of it.

A :class:`Kind` names the class a file of that kind validates against, the folder its
pages live in, the title and introduction of that folder's index, the template of each
playbook's page, what else its page shows (``related``), which of its fields name other
playbooks (``references``) and what else must hold between them (``rules``). The loader
checks references and rules from here, so no stage branches on a playbook's class.
The situation's three dimensions are not the registry's: see
:data:`~inside_track.model.playbooks.DIMENSIONS`. Everything that lists kinds (the
:class:`~inside_track.library.library.Library`, the pages and their navigation, the JSON
Schema) reads :data:`KINDS`.

Adding a kind is one model class (a :class:`~inside_track.model.playbooks.Playbook` with a
``kind`` literal), one :class:`Kind` in :data:`KINDS` and one template.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Union

from pydantic import Field, TypeAdapter

from .file_schema import for_files
from .playbooks import (
    DIMENSIONS,
    Company,
    CompanyType,
    Conditions,
    HardCase,
    ManagerResponse,
    Path,
    Phase,
    Playbook,
    Template,
)

Shelves = Mapping[str, Sequence[Playbook]]
"""Every playbook of a library, by kind name."""


Loc = tuple[str | int, ...]
Reference = tuple[Loc, str, str | None]
"""``(where, kind, id)``: the field at ``where`` in a playbook names a playbook of ``kind``
by ``id`` (``None`` when the optional field is empty)."""


@dataclass(frozen=True)
class Known:
    """What a kind's rules may look up: the playbooks that validated (or what is valid of
    them), by kind and id, and every id that exists, valid or not."""

    playbooks: Mapping[str, Mapping[str, Playbook]]
    ids: Mapping[str, Collection[str]]


def _nothing(playbook: Playbook, shelves: Shelves) -> dict[str, Any]:
    return {}


def _no_references(playbook: Playbook) -> Iterable[Reference]:
    return ()


def _no_rules(playbook: Playbook, known: Known) -> Iterable[tuple[Loc, str]]:
    return ()


@dataclass(frozen=True)
class Kind:
    """One kind of playbook, as the guide knows it."""

    name: str
    """The ``kind:`` value of its files: ``company-type``."""
    model: type[Playbook]
    folder: str
    """Where its pages live, under ``docs/``: ``company-types``."""
    title: str
    """The title of its index page, also the plural noun in counts: ``Company types``."""
    intro: str
    """The first paragraph of its index page."""
    template: str
    """The template of one playbook's page."""
    position: int = 100
    """Where its pages come in the site, relative to the other kinds' (lowest first)."""
    related: Callable[[Playbook, Shelves], dict[str, Any]] = _nothing
    """What a playbook's page shows besides the playbook: more template context."""
    references: Callable[[Playbook], Iterable[Reference]] = _no_references
    """The playbooks its own fields name (the fields every playbook has are in
    :func:`shared_references`); each must exist."""
    rules: Callable[[Playbook, Known], Iterable[tuple[Loc, str]]] = _no_rules
    """What else must hold between it and the playbooks it names: ``(where, message)`` for
    each thing that does not."""

    @property
    def noun(self) -> str:
        """``company type``: one playbook of this kind, in running text."""
        return self.name.replace("-", " ")

    @property
    def plural(self) -> str:
        return self.title.lower()


class Kinds(Mapping[str, Kind]):
    """The registry of kinds, by name, in the order they were registered."""

    def __init__(self, *kinds: Kind) -> None:
        self._kinds: dict[str, Kind] = {}
        self._adapter: TypeAdapter[Any] | None = None
        for kind in kinds:
            self.register(kind)

    def register(self, kind: Kind) -> None:
        if kind.name in self._kinds:
            raise ValueError(f"playbook kind '{kind.name}' is already registered")
        self._kinds[kind.name] = kind
        self._adapter = None

    def unregister(self, name: str) -> None:
        del self._kinds[name]
        self._adapter = None

    def __getitem__(self, name: str) -> Kind:
        return self._kinds[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._kinds)

    def __len__(self) -> int:
        return len(self._kinds)

    def of(self, playbook: Playbook) -> Kind:
        return self._kinds[playbook.kind]

    def in_site_order(self) -> list[Kind]:
        return sorted(self._kinds.values(), key=lambda kind: kind.position)

    def adapter(self) -> TypeAdapter[Any]:
        """Validates one playbook file's data into the model class its ``kind`` names."""
        if self._adapter is None:
            models = tuple(kind.model for kind in self._kinds.values())
            union: Any = Union[models]  # noqa: UP007 - built from a tuple at run time
            self._adapter = TypeAdapter(Annotated[union, Field(discriminator="kind")])
        return self._adapter


def uri_for(playbook: Playbook) -> str:
    """The page of a playbook, as a path under ``docs/``: ``paths/transfer.md``."""
    return f"{KINDS.of(playbook).folder}/{playbook.id}.md"


def words_heard(response: ManagerResponse) -> str | None:
    """What the manager literally said, when the playbook quotes it and it says more than
    the response's title (a quote that only repeats the title is left out)."""
    said = response.says.strip()
    if not response.conversation_held or said[:1] not in ("\u201c", '"'):
        return None
    return None if said[1:-1].strip() == response.title.strip() else said


def condition_references(when: Conditions | None, loc: Loc) -> Iterator[Reference]:
    """The playbooks a ``when`` names: a value of each situation dimension."""
    if when is None:
        return
    for dimension, kind in DIMENSIONS.items():
        for position, value in enumerate(getattr(when, dimension) or []):
            yield (*loc, dimension, position), kind, value


def shared_references(playbook: Playbook) -> Iterator[Reference]:
    """The playbooks named by the fields every playbook has: its steps, waits, milestones,
    anchors and transitions."""
    for index, step in enumerate(playbook.steps):
        yield ("steps", index, "phase"), "phase", step.phase
        yield ("steps", index, "template"), "template", step.template
        yield from condition_references(step.when, ("steps", index, "when"))
    for index, wait in enumerate(playbook.waits):
        yield ("waits", index, "extends"), "phase", wait.extends
        yield ("waits", index, "starts_after"), "phase", wait.starts_after
    for index, milestone in enumerate(playbook.milestones):
        yield ("milestones", index, "phase"), "phase", milestone.phase
    for index, anchor in enumerate(playbook.anchors):
        yield ("anchors", index, "phase"), "phase", anchor.phase
    for index, transition in enumerate(playbook.transitions):
        yield ("transitions", index, "phase"), "phase", transition.phase
        for position, value in enumerate(transition.to_response):
            yield ("transitions", index, "to_response", position), "manager-response", value
        for position, value in enumerate(transition.to_path):
            yield ("transitions", index, "to_path", position), "path", value


def _phase_references(playbook: Any) -> Iterator[Reference]:
    gate = playbook.readiness
    if gate is not None:
        yield ("readiness", "otherwise_phase"), "phase", gate.otherwise_phase
        yield from condition_references(gate.when, ("readiness", "when"))
        for index, sign in enumerate(gate.signs):
            yield from condition_references(sign.when, ("readiness", "signs", index, "when"))


def _company_type_references(playbook: Any) -> Iterator[Reference]:
    for position, path_id in enumerate(playbook.paths):
        yield ("paths", position), "path", path_id
    for phase_id in playbook.phases:
        yield ("phases", phase_id), "phase", phase_id


def _company_references(playbook: Any) -> Iterator[Reference]:
    yield ("company_type",), "company-type", playbook.company_type
    for position, path_id in enumerate(playbook.paths or []):
        yield ("paths", position), "path", path_id
    for phase_id in playbook.phases:
        yield ("phases", phase_id), "phase", phase_id


def _company_rules(playbook: Any, known: Known) -> Iterator[tuple[Loc, str]]:
    """A company's paths must be open at its type (an unknown path or type is reported as
    an unknown reference instead)."""
    company_type: Any = known.playbooks["company-type"].get(playbook.company_type)
    if company_type is None:
        return
    offered = ", ".join(f"'{path_id}'" for path_id in company_type.paths)
    for position, path_id in enumerate(playbook.paths or []):
        if path_id in known.ids["path"] and path_id not in company_type.paths:
            yield ("paths", position), (f"company type '{company_type.id}' does not offer the "
                                        f"path '{path_id}'; it offers {offered}")


def _hard_case_references(playbook: Any) -> Iterator[Reference]:
    for position, phase_id in enumerate(playbook.phases):
        yield ("phases", position), "phase", phase_id
    yield ("template",), "template", playbook.template
    yield from condition_references(playbook.when, ("when",))


def _company_type_page(playbook: Any, shelves: Shelves) -> dict[str, Any]:
    companies: Sequence[Any] = shelves["company"]
    return {"paths": [p for p in shelves["path"] if p.id in playbook.paths],
            "companies": [c for c in companies if c.company_type == playbook.id]}


def _path_page(playbook: Any, shelves: Shelves) -> dict[str, Any]:
    types: Sequence[Any] = shelves["company-type"]
    return {"company_types": [t for t in types if playbook.id in t.paths]}


def _response_page(playbook: Any, shelves: Shelves) -> dict[str, Any]:
    return {"words_heard": words_heard(playbook)}


def _company_page(playbook: Any, shelves: Shelves) -> dict[str, Any]:
    types: Sequence[Any] = shelves["company-type"]
    company_type = next(t for t in types if t.id == playbook.company_type)
    wanted = playbook.paths or company_type.paths
    return {"company_type": company_type,
            "paths": [p for p in shelves["path"] if p.id in wanted]}


def _phase_page(playbook: Any, shelves: Shelves) -> dict[str, Any]:
    cases: Sequence[Any] = shelves.get("hard-case", ())
    return {"hard_cases": [c for c in cases if playbook.id in c.phases]}


def _template_page(playbook: Any, shelves: Shelves) -> dict[str, Any]:
    cases: Sequence[Any] = shelves.get("hard-case", ())
    return {"steps": [(step, source) for playbooks in shelves.values() for source in playbooks
                      for step in source.steps if step.template == playbook.id],
            "hard_cases": [c for c in cases if c.template == playbook.id]}


def _hard_case_page(playbook: Any, shelves: Shelves) -> dict[str, Any]:
    return {"case_phases": [p for p in shelves["phase"] if p.id in playbook.phases],
            "case_template": next((t for t in shelves.get("template", ())
                                   if t.id == playbook.template), None)}


KINDS = Kinds(
    Kind("phase", Phase, folder="phases", title="Phases",
         intro="The stages of an internal move, in the order you go through them.",
         template="phase.md.j2", position=4, related=_phase_page,
         references=_phase_references),
    Kind("company-type", CompanyType, folder="company-types", title="Company types",
         intro="Where you work decides which routes are open and how fast they move. Find "
               "the description that fits your company.",
         template="company-type.md.j2", position=1, related=_company_type_page,
         references=_company_type_references),
    Kind("path", Path, folder="paths", title="Paths",
         intro="The routes from software engineer to ML engineer, side by side.",
         template="path.md.j2", position=2, related=_path_page),
    Kind("manager-response", ManagerResponse, folder="manager-responses",
         title="Manager responses",
         intro="What your manager's answer usually means, and what to do next.",
         template="manager-response.md.j2", position=3, related=_response_page),
    Kind("company", Company, folder="companies", title="Companies",
         intro="Playbooks for specific companies: how moves really work there.",
         template="company.md.j2", position=5, related=_company_page,
         references=_company_references, rules=_company_rules),
    Kind("template", Template, folder="templates", title="Templates",
         intro="Text to copy and fill in: the log, the emails and the proposal your checklist "
               "asks for.",
         template="template.md.j2", position=6, related=_template_page),
    Kind("hard-case", HardCase, folder="hard-cases", title="Hard cases",
         intro="What can go wrong on the way, and what to do next when it does.",
         template="hard-case.md.j2", position=7, related=_hard_case_page,
         references=_hard_case_references),
)


def json_schema() -> dict[str, Any]:
    """The JSON Schema for one playbook file, for editors and for documentation."""
    schema = for_files(KINDS.adapter().json_schema(mode="validation"))
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Inside Track playbook"
    schema["description"] = ("One playbook of the Inside Track guide. Mark any value "
                             "internal-only with the '!internal' YAML tag.")
    return schema

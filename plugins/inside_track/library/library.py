"""The library: every playbook of one edition, validated and cross-checked, by kind.

What the stages after loading read. It holds no loading logic (:mod:`.loader`), so the
planner, the renderer and the checks depend on this small module only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from .. import model
from ..source.reader import LocatedDict
from .edition import Edition

P = TypeVar("P", bound=model.Playbook)


@dataclass
class Source:
    """A playbook as it was merged from its files, before validation."""

    raw: LocatedDict
    files: list[Path]
    originals: dict[Path, Any] = field(default_factory=dict)
    """Each file's data as written, before the edition's cut: positions are counted there."""


@dataclass
class Library:
    """Every playbook of one edition, validated and cross-checked, in display order.

    ``shelves`` holds the playbooks of each registered kind (:data:`model.KINDS`) by kind
    name; the properties below are typed views of the kinds the planner reads.
    """

    edition: Edition
    shelves: dict[str, list[model.Playbook]]
    sources: dict[tuple[str, str], Source] = field(default_factory=dict)
    internal_texts: frozenset[str] = frozenset()

    def all(self) -> list[model.Playbook]:
        return [playbook for kind in model.KINDS for playbook in self.shelves.get(kind, [])]

    def of(self, kind: str) -> list[model.Playbook]:
        """The playbooks of one kind, in display order."""
        return self.shelves.get(kind, [])

    def typed(self, model_class: type[P]) -> list[P]:
        """The playbooks of the kind whose model is ``model_class``, typed as such (a
        shelf holds only what validated against its kind's model)."""
        name = next(name for name, kind in model.KINDS.items() if kind.model is model_class)
        return cast(list[P], self.of(name))

    @property
    def phases(self) -> list[model.Phase]:
        return self.typed(model.Phase)

    @property
    def company_types(self) -> list[model.CompanyType]:
        return self.typed(model.CompanyType)

    @property
    def paths(self) -> list[model.Path]:
        return self.typed(model.Path)

    @property
    def responses(self) -> list[model.ManagerResponse]:
        return self.typed(model.ManagerResponse)

    @property
    def companies(self) -> list[model.Company]:
        return self.typed(model.Company)

    @property
    def templates(self) -> list[model.Template]:
        return self.typed(model.Template)

    @property
    def hard_cases(self) -> list[model.HardCase]:
        return self.typed(model.HardCase)

    def get(self, kind: str, playbook_id: str) -> model.Playbook:
        for playbook in self.of(kind):
            if playbook.id == playbook_id:
                return playbook
        raise KeyError((kind, playbook_id))

    @property
    def scripts(self) -> dict[str, model.Script]:
        return {script.id: script for playbook in self.all() for script in playbook.scripts}

    @property
    def steps(self) -> dict[str, model.Step]:
        return {step.id: step for playbook in self.all() for step in playbook.steps}

    def counts(self) -> dict[str, int]:
        return {kind.plural: len(self.of(name)) for name, kind in model.KINDS.items()}

    def summary(self) -> str:
        """``6 phases, 5 company types, ..., 1 company``: the counts, each noun in its number."""
        return ", ".join(f"{n} {kind.plural if n != 1 else kind.noun}"
                         for n, kind in ((len(self.of(name)), kind)
                                         for name, kind in model.KINDS.items()))

"""The registry of kinds: a new kind is one model class, one registry entry and one template."""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from pydantic import BaseModel, Field
from pydantic.fields import FieldInfo

from conftest import FIXTURES
from inside_track import model
from inside_track.library.loader import load_playbooks
from inside_track.problems import PlaybookError
from inside_track.source.reader import REFERENCE_KEYS


class Tip(model.Playbook):
    """A toy kind: a short piece of advice with a page of its own."""

    kind: Literal["tip"]
    advice: str


TIP = model.Kind("tip", Tip, folder="tips", title="Tips",
                 intro="Small things that make the move easier.", template="tip.md.j2")
TIP_TEMPLATE = """\
# {{ playbook.title|label }}

{{ playbook.summary }}

**Advice:** {{ playbook.advice }}
"""
TIP_FILE = """\
kind: tip
id: coffee-chats
title: Coffee chats
summary: Talk to the ML team before you ask to join it.
advice: Book three coffee chats with ML engineers this month.
"""


@contextmanager
def registered(kind: model.Kind) -> Iterator[model.Kind]:
    """A toy kind, in the registry for one test only."""
    model.KINDS.register(kind)
    try:
        yield kind
    finally:
        model.KINDS.unregister(kind.name)


@pytest.fixture
def tip_kind() -> Iterator[model.Kind]:
    with registered(TIP) as kind:
        yield kind


def add_tip(project: Path) -> None:
    (project / "playbooks" / "coffee-chats.yml").write_text(TIP_FILE, encoding="utf-8")
    (project / "templates").mkdir()
    (project / "templates" / "tip.md.j2").write_text(TIP_TEMPLATE, encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("plugins: [search, inside-track]",
                        "plugins:\n  - search\n  - inside-track:\n      templates: templates")
    config.write_text(text + "  - Tips: tips/index.md\n", encoding="utf-8")


@pytest.mark.slow
def test_a_registered_kind_gets_pages_an_index_and_a_nav_section(
        fixture_project, tip_kind: model.Kind) -> None:
    project = fixture_project("minimal")
    add_tip(project)
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    build(config)
    page = (project / "site" / "tips" / "coffee-chats" / "index.html").read_text()
    assert "Book three coffee chats with ML engineers this month." in page
    index = (project / "site" / "tips" / "index.html").read_text()
    assert "Small things that make the move easier." in index
    assert 'href="coffee-chats/"' in index
    tips_nav = next(item for item in config.nav if "Tips" in item)["Tips"]
    assert tips_nav == ["tips/index.md", {"Coffee chats": "tips/coffee-chats.md"}]


def test_a_registered_kind_is_validated_against_its_own_class(
        tmp_path: Path, tip_kind: model.Kind) -> None:
    folder = tmp_path / "playbooks"
    folder.mkdir()
    (folder / "tip.yml").write_text(TIP_FILE.replace("advice:", "advise:"), encoding="utf-8")
    with pytest.raises(PlaybookError) as error:
        load_playbooks([folder])
    assert "advise: unknown field (did you mean 'advice'?)" in str(error.value)


def test_a_registered_kind_is_loaded_counted_and_in_the_schema(
        tmp_path: Path, tip_kind: model.Kind) -> None:
    folder = tmp_path / "playbooks"
    folder.mkdir()
    (folder / "tip.yml").write_text(TIP_FILE, encoding="utf-8")
    library = load_playbooks([folder])
    assert [tip.id for tip in library.of("tip")] == ["coffee-chats"]
    assert library.summary().endswith("0 companies, 0 templates, 0 hard cases, 1 tip")
    assert "Tip" in model.json_schema()["$defs"]


def test_an_unregistered_kind_is_refused(tmp_path: Path) -> None:
    (tmp_path / "tip.yml").write_text(TIP_FILE, encoding="utf-8")
    with pytest.raises(PlaybookError) as error:
        load_playbooks([tmp_path])
    assert "'tip' is not a playbook kind" in str(error.value)
    assert "Tip" not in model.json_schema()["$defs"]


def test_a_kind_cannot_be_registered_twice() -> None:
    with pytest.raises(ValueError, match="already registered"):
        model.KINDS.register(model.KINDS["path"])


class Pointer(model.Playbook):
    """A toy kind that names other playbooks: a phase, and paths it says are related."""

    kind: Literal["pointer"]
    phase: str
    related_paths: list[str] = Field(default_factory=list)


def _pointer_references(playbook: Any) -> Iterator[model.Reference]:
    yield ("phase",), "phase", playbook.phase
    for position, path_id in enumerate(playbook.related_paths):
        yield ("related_paths", position), "path", path_id


def _pointer_rules(playbook: Any,
                   known: model.Known) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if playbook.phase in known.playbooks["phase"] and not playbook.related_paths:
        yield ("phase",), "a pointer to a phase names at least one related path"


POINTER = model.Kind("pointer", Pointer, folder="pointers", title="Pointers",
                     intro="Where to look.", template="pointer.md.j2",
                     references=_pointer_references, rules=_pointer_rules)


@pytest.fixture
def pointer_kind() -> Iterator[model.Kind]:
    with registered(POINTER) as kind:
        yield kind


def write_pointer(folder: Path, phase: str, paths: str) -> None:
    (folder / "pointer.yml").write_text(
        f"kind: pointer\nid: look-here\ntitle: Look here\nsummary: Where.\nphase: {phase}\n"
        f"related_paths: {paths}\n", encoding="utf-8")


def test_a_kinds_references_and_rules_are_checked_by_the_loader(
        tmp_path: Path, pointer_kind: model.Kind) -> None:
    folder = tmp_path / "playbooks"
    shutil.copytree(FIXTURES / "minimal" / "playbooks", folder)
    phase = load_playbooks([folder]).phases[0].id
    path = load_playbooks([folder]).paths[0].id
    write_pointer(folder, phase, f"[{path}]")
    assert [p.id for p in load_playbooks([folder]).of("pointer")] == ["look-here"]

    write_pointer(folder, phase + "x", f"[{path}, nowhere]")
    with pytest.raises(PlaybookError) as error:
        load_playbooks([folder])
    message = str(error.value)
    assert f"pointer.yml:5:8: phase: '{phase}x' is not a known phase (did you mean '{phase}'?)" \
        in message
    assert "pointer.yml:6:" in message and "related_paths[1]: 'nowhere' is not a known path" \
        in message

    write_pointer(folder, phase, "[]")
    with pytest.raises(PlaybookError, match=r"pointer.yml:5:8: phase: a pointer to a phase "
                                            "names at least one related path"):
        load_playbooks([folder])


def _is_id(metadata: Iterable[Any]) -> bool:
    """Whether constraints (pydantic nests a type alias's under a FieldInfo) make an id."""
    return any(getattr(meta, "pattern", None) == model.ID_PATTERN
               or _is_id(getattr(meta, "metadata", ())) for meta in metadata)


def _names_ids(info: FieldInfo) -> bool:
    """Whether a field's value is an id or a list of ids. (A mapping keyed by ids holds
    text too: its ids are keys, which are never taken for text.)"""
    def holds(annotation: Any) -> bool:
        if get_origin(annotation) is dict:
            return False
        return _is_id(getattr(annotation, "__metadata__", ())) or \
            any(holds(arg) for arg in get_args(annotation))
    return _is_id(info.metadata) or holds(info.annotation)


def _models(root: type[BaseModel], seen: set[type[BaseModel]]) -> Iterator[type[BaseModel]]:
    if root in seen:
        return
    seen.add(root)
    yield root
    for info in root.model_fields.values():
        for arg in [info.annotation, *get_args(info.annotation)]:
            for inner in [arg, *get_args(arg)]:
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    yield from _models(inner, seen)


def test_every_field_that_names_a_playbook_is_a_reference_key() -> None:
    """Reference keys can never be internal-only, and their values are never treated as
    reader text: a field the model types as an id must be one."""
    seen: set[type[BaseModel]] = set()
    naming = {(cls.__name__, name) for kind in model.KINDS.values()
              for cls in _models(kind.model, seen)
              for name, info in cls.model_fields.items()
              if _names_ids(info) or info.annotation == model.Conditions | None}
    assert ("Step", "template") in naming  # the walk reaches nested models
    assert [field for field in sorted(naming) if field[1] not in REFERENCE_KEYS] == []


def test_each_situation_dimension_is_a_condition_on_a_registered_kind() -> None:
    assert set(model.DIMENSIONS) <= set(model.Conditions.model_fields)
    assert set(model.DIMENSIONS.values()) <= set(model.KINDS)

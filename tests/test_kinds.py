"""The registry of kinds: a new kind is one model class, one registry entry and one template."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from inside_track import model
from inside_track.library.loader import load_playbooks
from inside_track.problems import PlaybookError


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


@pytest.fixture
def tip_kind() -> Iterator[model.Kind]:
    """The toy kind, registered for one test only."""
    model.KINDS.register(TIP)
    try:
        yield TIP
    finally:
        model.KINDS.unregister(TIP.name)


def add_tip(project: Path) -> None:
    (project / "playbooks" / "coffee-chats.yml").write_text(TIP_FILE, encoding="utf-8")
    (project / "templates").mkdir()
    (project / "templates" / "tip.md.j2").write_text(TIP_TEMPLATE, encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("plugins: [search, inside-track]",
                        "plugins:\n  - search\n  - inside-track:\n      templates: templates")
    config.write_text(text + "  - Tips: tips/index.md\n", encoding="utf-8")


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

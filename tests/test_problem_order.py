"""Causes before consequences: the first problem a maintainer reads is the one to fix, a
problem that follows from another says so, and one file's mistake never hides another's."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from inside_track.cli import main
from inside_track.library.loader import load_playbooks
from inside_track.problems import PlaybookError, Problem


@pytest.fixture
def playbooks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped playbooks, with the working directory above it."""
    shutil.copytree(ROOT / "playbooks", tmp_path / "playbooks")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "playbooks"


def edit(path: Path, old: str, new: str) -> int:
    """Replace the first ``old`` with ``new``; return the line it is on."""
    text = path.read_text(encoding="utf-8")
    at = text.index(old)
    path.write_text(text[:at] + new + text[at + len(old):], encoding="utf-8")
    return text.count("\n", 0, at) + 1


def problems(folder: Path) -> list[Problem]:
    with pytest.raises(PlaybookError) as caught:
        load_playbooks([folder])
    return sorted(caught.value.problems)


def test_a_misspelled_field_comes_first_and_what_follows_from_it_says_so(
        playbooks: Path) -> None:
    path = playbooks / "paths" / "role-evolution.yml"
    line = edit(path, "    text: ", "    txet: ")
    found = problems(playbooks)
    causes = [p for p in found if not p.consequence]
    assert found[:len(causes)] == causes  # every cause before any consequence
    assert all(p.mark.file.name == path.name for p in causes), causes  # the edited file only
    assert any(p.mark.line == line and "unknown field" in p.message for p in causes)
    assert len(found) > len(causes), "other playbooks order steps against this one"
    for later in found[len(causes):]:
        assert "role-evolution.yml, which has a mistake of its own" in later.message


def test_a_misspelled_phase_is_the_only_problem_of_its_step(playbooks: Path) -> None:
    path = playbooks / "company-types" / "ml-in-pockets.yml"
    text = path.read_text(encoding="utf-8")
    ordered = text.index("before: [agree-scope-and-title-change]")
    phase = text.rindex("    phase: ", 0, ordered)
    line = edit(path, text[phase:text.index("\n", phase)], "    phase: scope-expanson")
    found = problems(playbooks)
    assert [(p.mark.file.name, p.mark.line) for p in found] == [(path.name, line)]
    assert "'scope-expanson' is not a known phase" in found[0].message


def test_one_files_mistake_does_not_hide_anothers(playbooks: Path) -> None:
    (playbooks / "empty.yml").write_text("", encoding="utf-8")
    shared = re.search(r"- id: (\S+)", (playbooks / "phases" / "landscape-mapping.yml")
                       .read_text(encoding="utf-8"))
    assert shared
    (playbooks / "zz-overlay.yml").write_text(
        "kind: path\nid: role-evolution\nmerge: extend\nsteps:\n"
        f"  - id: {shared[1]}\n    phase: landscape-mapping\n    text: Again.\n",
        encoding="utf-8")
    found = problems(playbooks)
    assert {p.mark.file.name for p in found} == {"empty.yml", "zz-overlay.yml"}
    assert any("is already used" in p.message for p in found)


def test_an_unknown_id_that_an_unreadable_file_may_hold_is_a_consequence(
        playbooks: Path) -> None:
    (playbooks / "phases" / "landscape-mapping.yml").write_text("kind: [\n", encoding="utf-8")
    found = problems(playbooks)
    assert not found[0].consequence and found[0].mark.file.name == "landscape-mapping.yml"
    follows = [p for p in found if p.consequence]
    assert follows and all("which could not be read: fix that first" in p.message
                           for p in follows)


def test_no_playbooks_is_named_not_passed(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["validate", str(empty)]) == 2
    err = capsys.readouterr().err
    assert str(empty) in err and "no playbook files" in err
    with pytest.raises(PlaybookError, match="no playbook files"):  # and a build stops too
        load_playbooks([empty])

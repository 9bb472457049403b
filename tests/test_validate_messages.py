"""What ``inside-track validate`` says about the mistakes a new fork makes first: each one
named once, at its place, with its real cause, and all of them in one run."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import ROOT
from inside_track.cli import main
from inside_track.cli.hints import command

UPSTREAM = str(ROOT / "playbooks")
COMPANY = """\
kind: company
id: globex
name: Globex
title: Globex
company_type: {company_type}
summary: A company of about 3,000 people.
paths: [{paths}]
contacts:
  - name: Hank Scorpio
    role: CEO
    internal: true
  - name: The ML guild
    role: {role}
steps:
  - id: globex-first
    phase: {phase}
    text: Ask the ML guild when it meets.
"""


def write_company(folder: Path, **changes: str) -> Path:
    values = {"company_type": "large-process", "paths": "internal-transfer",
              "role": "Open to every engineer", "phase": "landscape-mapping", **changes}
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "globex.yml"
    path.write_text(COMPANY.format(**values), encoding="utf-8")
    return path


def errors(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    assert main(["validate", *args]) == 1
    return capsys.readouterr().err.splitlines()[:-1]


@pytest.fixture(autouse=True)
def _here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_a_company_folder_alone_says_to_list_the_upstream_folder_first(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_company(tmp_path / "company-playbooks")
    found = errors(capsys, "company-playbooks")
    assert found and all("list the upstream playbooks folder before this one" in line
                         for line in found), found
    assert any("'large-process' is not a known company-type" in line for line in found)


def test_a_misspelled_company_type_is_the_only_problem(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_company(tmp_path / "cp", company_type="large-proces", paths="internal-transfer, external")
    assert errors(capsys, UPSTREAM, "cp") == [
        "cp/globex.yml:5:15: company_type: 'large-proces' is not a known company-type "
        "(did you mean 'large-process'?)"]


def test_a_path_the_company_type_does_not_offer_says_so(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_company(tmp_path / "cp", paths="internal-transfer, external")
    [line] = errors(capsys, UPSTREAM, "cp")
    assert line.startswith("cp/globex.yml:7:28: paths[1]: company type 'large-process' does "
                           "not offer the path 'external'; it offers 'internal-transfer', ")
    assert "not a known path" not in line


def test_a_wrong_value_does_not_hide_the_other_problems(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_company(tmp_path / "cp", paths="internal-transfer, external", role="3",
                 phase="scope-expanson")
    with path.open("a", encoding="utf-8") as stream:
        stream.write("    script: no-such-script\n")
    found = errors(capsys, UPSTREAM, "cp")
    assert [line.split(": ", 2)[1] for line in found] == [
        "paths[1]", "contacts[1].role", "steps[0].phase", "steps[0].script"], found


@pytest.mark.parametrize("edition", ["public", "internal"])
def test_a_position_is_counted_as_in_the_file_in_both_editions(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], edition: str) -> None:
    write_company(tmp_path / "cp", role="3")  # the second contact; the first is internal-only
    [line] = errors(capsys, UPSTREAM, "cp", "--edition", edition)
    assert line.startswith("cp/globex.yml:13:11: contacts[1].role: expected text, got 3")


def test_a_single_file_can_be_validated(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = write_company(tmp_path / "cp")
    assert main(["validate", UPSTREAM, str(path.relative_to(tmp_path))]) == 0
    shipped = {kind: len(list((Path(UPSTREAM) / kind).glob("*.yml")))
               for kind in ("templates", "hard-cases")}
    assert (f", 1 company, {shipped['templates']} templates, {shipped['hard-cases']} hard cases "
            "(public edition).") in capsys.readouterr().out
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    assert errors(capsys, UPSTREAM, "notes.txt") == [
        "notes.txt: not a playbook folder or a .yml file"]


def test_a_missing_folder_gets_no_position(capsys: pytest.CaptureFixture[str]) -> None:
    assert errors(capsys, UPSTREAM, "playbookz") == ["playbookz: no such playbook folder or file"]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    name, version = capsys.readouterr().out.split()
    assert name == "inside-track" and version[0].isdigit()


def test_hints_name_scripts_that_run_from_here(monkeypatch: pytest.MonkeyPatch) -> None:
    scripts = Path(sys.executable).parent
    if not (scripts / "inside-track").exists():
        pytest.skip("the inside-track script is not installed next to this Python")
    monkeypatch.setenv("PATH", "/nonexistent")
    assert Path(command("inside-track")).resolve() == (scripts / "inside-track").resolve()
    monkeypatch.setenv("PATH", str(scripts))
    assert command("inside-track") == "inside-track"

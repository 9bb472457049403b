"""The first mistakes a new contributor makes, tried as they would try them: with the
``inside-track validate`` command and with ``mkdocs build``. Each must fail with a located
message and no traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import run_build
from hostile import Run, alias_chain, assert_located_failure, run_cli


def duplicate_key(project: Path) -> str:
    path = project / "playbooks" / "transfer.yml"
    path.write_text(path.read_text() + "speed: Slow\n")
    return "duplicate key 'speed' (first at line 8)"


def tab_indent(project: Path) -> str:
    path = project / "playbooks" / "transfer.yml"
    path.write_text(path.read_text().replace("  - id: agree-release", "\t- id: agree-release"))
    return "(indent YAML with spaces, not tabs)"


def misspelled_field(project: Path) -> str:
    path = project / "playbooks" / "transfer.yml"
    path.write_text(path.read_text().replace("primary_risk:", "primary_risks:"))
    return "primary_risks: unknown field (did you mean 'primary_risk'?)"


def img_onerror(project: Path) -> str:
    path = project / "playbooks" / "transfer.yml"
    path.write_text(path.read_text().replace(
        "text: Agree your release date with your manager.",
        "text: Agree your release <img src=x onerror=alert(1)> date."))
    return "steps[0].text: raw HTML is not allowed in playbook text"


def alias_bomb(project: Path) -> str:
    (project / "playbooks" / "chain.yml").write_text(alias_chain(10_000))
    return "nesting is deeper than 40 levels"


MISTAKES: dict[str, tuple[Callable[[Path], str], str]] = {
    "duplicate key": (duplicate_key, "playbooks/transfer.yml"),
    "tab-indented line": (tab_indent, "playbooks/transfer.yml"),
    "misspelled field": (misspelled_field, "playbooks/transfer.yml"),
    "img onerror in a step": (img_onerror, "playbooks/transfer.yml"),
    "10,000-level alias chain": (alias_bomb, "playbooks/chain.yml"),
}


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_validate_command(fixture_project, mistake: str) -> None:
    project = fixture_project("minimal")
    make, where = MISTAKES[mistake]
    message = make(project)
    run = run_cli("validate", "playbooks", cwd=project)
    assert_located_failure(run, project, where, message)
    assert run.output.rstrip().endswith("found.")


@pytest.mark.slow
@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_mkdocs_build(fixture_project, mistake: str) -> None:
    project = fixture_project("minimal")
    make, where = MISTAKES[mistake]
    message = make(project)
    build = run_build(project)
    assert_located_failure(Run(build.returncode, build.log), project, where, message)
    assert not (project / "site" / "index.html").exists()

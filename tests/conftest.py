"""Shared helpers: write playbook files, copy a fixture site into a temporary folder and
build it for real."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def write(folder: Path, name: str, text: str) -> Path:
    """Write ``text`` (dedented) to ``folder/name``, making the folder if needed."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@dataclass
class Build:
    """The result of one ``mkdocs build``: exit code, log and the output folder."""

    returncode: int
    log: str
    site: Path

    def read(self, path: str) -> str:
        return (self.site / path).read_text(encoding="utf-8")


def run_build(project: Path, *extra: str, env: dict[str, str] | None = None) -> Build:
    """Run ``mkdocs build --strict`` in ``project`` in a child process, as a user would."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *extra],
        cwd=project, capture_output=True, text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", **(env or {})},
    )
    return Build(result.returncode, result.stdout + result.stderr, project / "site")


@pytest.fixture
def fixture_project(tmp_path: Path):
    """Copy a fixture site (by folder name under tests/fixtures) into ``tmp_path``."""

    def copy(name: str = "minimal") -> Path:
        target = tmp_path / name
        shutil.copytree(FIXTURES / name, target)
        return target

    return copy

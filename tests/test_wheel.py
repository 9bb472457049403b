"""The package on its own: a wheel installed in a fresh virtual environment, outside the
repository, builds the whole guide for a site of two files (``mkdocs.yml`` and one company
playbook), with the upstream playbooks, pages and theme layer from the package.

Slow (a wheel build and an install; pip's cache keeps it to about a minute), so marked
``wheel``; the suite runs it like any other test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.wheel]  # every test here builds a wheel

SOURCES = ["pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "LICENSE", "mkdocs.yml",
           "plugins", "playbooks", "docs", "overrides"]
SITE_CONFIG = """\
site_name: Moving into ML at Acme Robotics
theme: material
plugins:
  - search
  - inside-track:
      packaged_guide: true
      playbooks: [docs/playbooks]
"""
COMPANY = """\
kind: company
id: acme-robotics
name: Acme Robotics
title: Acme Robotics
company_type: large-process
summary: A robotics company whose transfers go through one talent review a year.
steps:
  - id: acme-robotics-talent-review
    phase: landscape-mapping
    text: Find out when the next talent review is and who nominates for it.
"""


def _run(*command: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    result = subprocess.run([str(part) for part in command], cwd=cwd, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The scripts folder of a new virtual environment with the wheel installed in it."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"  # a copy, so the build writes nothing into the repository
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns(
                "__pycache__", "*.egg-info"))
        else:
            shutil.copy2(ROOT / name, source / name)
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", work / "dist",
         source, cwd=work)
    [wheel] = (work / "dist").glob("inside_track-*.whl")
    venv.EnvBuilder(with_pip=True).create(work / "venv")
    scripts = work / "venv" / ("Scripts" if os.name == "nt" else "bin")
    _run(scripts / "python", "-m", "pip", "install", "--quiet", wheel, cwd=work)
    return scripts


def test_a_two_file_site_builds_the_whole_guide(installed: Path, tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(SITE_CONFIG, encoding="utf-8")
    (tmp_path / "docs" / "playbooks").mkdir(parents=True)
    (tmp_path / "docs" / "playbooks" / "acme-robotics.yml").write_text(COMPANY,
                                                                        encoding="utf-8")
    _run(installed / "mkdocs", "build", "--strict", cwd=tmp_path)
    site = tmp_path / "site"
    company = (site / "companies" / "acme-robotics" / "index.html").read_text(encoding="utf-8")
    assert "Find out when the next talent review is" in company
    assert (site / "guide" / "why-internal" / "index.html").is_file()  # a guide page
    assert (site / "checklists" / "acme-robotics").is_dir()
    assert (site / "assets" / "stylesheets" / "theme.css").is_file()  # the theme layer
    assert not list(site.rglob("*.yml"))  # the playbook is a source, not a published file


def test_the_guide_comes_from_the_package(installed: Path, tmp_path: Path) -> None:
    found = _run(installed / "python", "-c", "from inside_track.library.upstream import "
                 "PACKAGED, guide_root; print(guide_root() == PACKAGED)", cwd=tmp_path)
    assert found.stdout.strip() == "True"
    version = _run(installed / "inside-track", "--version", cwd=tmp_path)
    assert version.stdout.strip().startswith("inside-track ")
    (tmp_path / "cp").mkdir()
    (tmp_path / "cp" / "acme-robotics.yml").write_text(COMPANY, encoding="utf-8")
    checked = _run(installed / "inside-track", "validate", "--packaged-guide", "cp",
                   cwd=tmp_path)
    assert checked.stdout.startswith("OK: ")
    shipped = {kind: len(list((ROOT / "playbooks" / kind).glob("*.yml")))
               for kind in ("templates", "hard-cases")}
    assert (f", 1 company, {shipped['templates']} templates, {shipped['hard-cases']} hard cases "
            "(public edition).") in checked.stdout

"""The internal edition on Backstage TechDocs, built with TechDocs' own package.

A new virtual environment gets ``mkdocs-techdocs-core`` (1.7.1 or newer, which pins
Material, pymdown-extensions and Markdown) and this project, so pip must find one set of
versions both accept. ``mkdocs.techdocs.yml`` then builds a fork's internal edition with
the ``techdocs-core`` plugin beside this one; the checklists must be whole, with their
calendar files, and the public edition built the same way must pass the leak check, which
must still find internal text in TechDocs' own search index.

Slow (an install from the package index; pip's cache keeps it to about a minute), so
marked ``slow``. Without the index it is skipped, saying why; under CI it fails instead.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, write
from techdocs_env import copy, install_techdocs, run

pytestmark = pytest.mark.slow

SITE = ["mkdocs.yml", "mkdocs.internal.yml", "mkdocs.techdocs.yml", "docs", "playbooks",
        "overrides", "company-playbooks", "internal-playbooks"]
SECRET_STEP = ("Ask Priya in the talent team for the confidential Q3 transfer budget before "
               "you name a date")
COMPANY = f"""\
kind: company
id: umbra-logistics
name: Umbra Logistics
title: Umbra Logistics
company_type: large-process
summary: A logistics company whose transfers go through one talent review a year.
steps:
  - id: umbra-talent-review
    phase: landscape-mapping
    text: Find out when the next talent review is and who nominates for it.
  - id: umbra-transfer-budget
    phase: landscape-mapping
    internal: true
    text: {SECRET_STEP}
"""
PUBLIC_TECHDOCS = """\
INHERIT: mkdocs.yml
site_dir: site-techdocs-public
plugins:
  techdocs-core: {}
"""


@pytest.fixture(scope="module")
def techdocs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The scripts folder of a new virtual environment with TechDocs' package and this one."""
    return install_techdocs(tmp_path_factory.mktemp("techdocs"))


@pytest.fixture(scope="module")
def fork(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's site as a fork would have it, with a company holding internal text."""
    project = tmp_path_factory.mktemp("fork")
    copy(SITE, project)
    write(project / "company-playbooks", "umbra-logistics.yml", COMPANY)
    return project


def _version(scripts: Path, package: str) -> tuple[int, ...]:
    shown = run(scripts / "python", "-m", "pip", "show", package, cwd=scripts).stdout
    found = re.search(r"^Version: ([\d.]+)", shown, re.MULTILINE)
    assert found, shown
    return tuple(int(part) for part in found[1].split("."))


def test_techdocs_core_and_the_guide_install_together(techdocs: Path) -> None:
    assert _version(techdocs, "mkdocs-techdocs-core") >= (1, 7, 1)  # not an old release
    run(techdocs / "python", "-m", "pip", "check", cwd=techdocs)  # every pin satisfied
    plugins = run(techdocs / "python", "-c", "from importlib.metadata import entry_points; "
                   "print(sorted(e.name for e in entry_points(group='mkdocs.plugins')))",
                   cwd=techdocs).stdout
    assert "'techdocs-core'" in plugins and "'inside-track'" in plugins


def test_the_internal_edition_builds_with_techdocs_core(techdocs: Path, fork: Path) -> None:
    out = fork / "built-internal"
    run(techdocs / "mkdocs", "build", "--strict", "-f", "mkdocs.techdocs.yml", "-d", out,
         cwd=fork)
    metadata = json.loads((out / "techdocs_metadata.json").read_text(encoding="utf-8"))
    assert metadata["site_name"].endswith("(internal)")  # techdocs-core ran, on this edition
    manifest = json.loads((out / "checklists.json").read_text(encoding="utf-8"))
    checklists = manifest["checklists"]
    assert any(c["company"] == "umbra-logistics" for c in checklists)
    for checklist in checklists:
        page = out / checklist["url"].split("#")[0] / "index.html"
        html = page.read_text(encoding="utf-8")
        for item in checklist["items"]:  # every step a real checkbox, as plain HTML
            assert f'id="it-step-{item["id"]}"' in html, (page, item["id"])
        calendars = re.findall(r'href="(plan[^"]*\.ics)" download', html)
        assert calendars and all((page.parent / name).is_file() for name in calendars)
    company = out / "checklists" / "umbra-logistics" / "internal-transfer" / "index.html"
    assert SECRET_STEP in company.read_text(encoding="utf-8")  # the internal edition has it
    assert "Internal edition" in company.read_text(encoding="utf-8")


def test_the_public_edition_on_techdocs_passes_the_leak_check(techdocs: Path,
                                                               fork: Path) -> None:
    (fork / "mkdocs.techdocs-public.yml").write_text(PUBLIC_TECHDOCS, encoding="utf-8")
    out = fork / "built-public"
    built = run(techdocs / "mkdocs", "build", "--strict", "-f", "mkdocs.techdocs-public.yml",
                 "-d", out, cwd=fork)
    assert "leak check: no internal-only text" in built.stderr
    assert (out / "techdocs_metadata.json").is_file()
    folders = ["playbooks", "company-playbooks", "--internal", "internal-playbooks"]
    clean = run(techdocs / "inside-track", "check-leaks", out, *folders, cwd=fork)
    assert clean.stdout.startswith("OK")
    # TechDocs swaps in MkDocs' own search: its index must still be searched
    index = out / "search" / "search_index.json"
    data = json.loads(index.read_text(encoding="utf-8"))
    data["docs"].append({"location": "x/", "title": "x", "text": SECRET_STEP})
    index.write_text(json.dumps(data), encoding="utf-8")
    found = run(techdocs / "inside-track", "check-leaks", out, *folders, cwd=fork,
                 check=False)
    assert found.returncode == 1, found.stdout + found.stderr
    assert "search/search_index.json" in found.stdout + found.stderr



def test_a_techdocs_repository_of_its_own_builds_the_packaged_guide(techdocs: Path,
                                                                    tmp_path: Path) -> None:
    """The recipe for Backstage's own builder: two files and the playbooks, no fork."""
    shutil.copy2(ROOT / ".github" / "recipes" / "techdocs-site.mkdocs.yml",
                 tmp_path / "mkdocs.yml")
    write(tmp_path / "docs" / "playbooks", "umbra-logistics.yml", COMPANY)
    out = tmp_path / "built"
    run(techdocs / "mkdocs", "build", "--strict", "-d", out, cwd=tmp_path)
    assert (out / "techdocs_metadata.json").is_file()
    company = out / "checklists" / "umbra-logistics" / "internal-transfer" / "index.html"
    html = company.read_text(encoding="utf-8")
    assert SECRET_STEP in html and 'href="plan.ics" download' in html
    assert (out / "guide" / "why-internal" / "index.html").is_file()  # the packaged guide

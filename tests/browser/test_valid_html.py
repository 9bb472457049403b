"""Every built page is valid HTML by the Nu Html Checker, except for what Material writes.

The checker is npm's ``vnu-jar`` (``npm ci`` installs it) and needs Java; without either
the test is skipped and says why. Errors in Material's own markup are listed, each with its
reason, in vnu-material.yml; any other error, the project's own, fails the test.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml

from conftest import ROOT

if TYPE_CHECKING:
    from .conftest import Site

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
MATERIAL = Path(__file__).with_name("vnu-material.yml")


def material_errors() -> list[dict[str, str]]:
    entries = yaml.safe_load(MATERIAL.read_text(encoding="utf-8"))
    assert all({"message", "element", "reason"} <= set(entry) for entry in entries)
    return list(entries)


def from_material(error: dict[str, Any], allowed: list[dict[str, str]]) -> bool:
    quoted = error.get("extract", "")
    return any(error["message"].startswith(entry["message"])
               and re.search(entry["element"], quoted) for entry in allowed)


def where(error: dict[str, Any], root: Path) -> str:
    """The page (relative to the site) and line of an error."""
    url = error.get("url", "")
    page = url.split(root.resolve().as_posix(), 1)[-1].lstrip("/")
    return f"{page}:{error.get('lastLine')}"


def check(paths: list[Path]) -> list[dict[str, Any]]:
    """The checker's errors for ``paths``."""
    java = shutil.which("java")
    if not java:
        pytest.skip("the Nu Html Checker needs Java (apt-get install default-jre-headless)")
    if not VNU.is_file():
        pytest.skip("the Nu Html Checker comes from npm: run 'npm ci' (needs Node.js)")
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, paths)],
        capture_output=True, text=True, timeout=600)
    return list(json.loads(result.stderr or '{"messages": []}')["messages"])


def test_every_page_is_valid_html_but_for_materials_own_markup(site: Site) -> None:
    allowed = material_errors()
    pages = sorted(site.root.rglob("*.html"))
    assert len(pages) > 50
    errors = [error for error in check(pages) if error.get("type") == "error"
              or error.get("subType") == "fatal"]
    ours = [f"{where(error, site.root)}: {error['message']} "
            f"{error.get('extract', '').strip()[:120]}"
            for error in errors if not from_material(error, allowed)]
    assert ours == [], "\n".join(ours[:30])


def test_the_checker_finds_an_error_in_the_projects_markup(
        site: Site, tmp_path: Path) -> None:
    """The check can fail: a figcaption between a figure's other children is caught."""
    page = tmp_path / "page.html"
    page.write_text("<!doctype html><html lang=en><title>t</title><figure><p>a</p>"
                    "<figcaption>c</figcaption><p>b</p></figure></html>", encoding="utf-8")
    errors = check([page])
    assert any("not allowed as child of element “figure”" in error["message"]
               for error in errors), errors
    assert not any(from_material(error, material_errors()) for error in errors)

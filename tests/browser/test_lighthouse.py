"""Lighthouse scores 100 for accessibility, best practices and SEO on the home page and a
checklist, run against the same Chromium as the other browser tests.

Lighthouse is large and not part of ``npm ci``: install it beside the project with
``npm install --no-save lighthouse@13`` (or have ``lighthouse`` on the PATH). Without it
the test is skipped and says so.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from conftest import ROOT

from .helpers import CHECKLIST

if TYPE_CHECKING:
    from .conftest import Site

CATEGORIES = ("accessibility", "best-practices", "seo")


def lighthouse() -> str:
    local = ROOT / "node_modules" / ".bin" / "lighthouse"
    found = str(local) if local.is_file() else shutil.which("lighthouse")
    if not found:
        pytest.skip("Lighthouse is not installed: npm install --no-save lighthouse@13")
    return found


@pytest.mark.parametrize("url", ["", CHECKLIST])
def test_lighthouse_scores_100(site: Site, chromium: str, url: str, tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    result = subprocess.run(
        [lighthouse(), site.url + url, "--only-categories=" + ",".join(CATEGORIES),
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu", "--output=json",
         f"--output-path={report}", "--quiet"],
        env={**os.environ, "CHROME_PATH": chromium}, capture_output=True, text=True,
        timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    data = json.loads(report.read_text(encoding="utf-8"))
    failing = [f"{audit['id']}: {audit['title']}" for audit in data["audits"].values()
               if audit.get("score") is not None and audit["score"] < 1
               and audit.get("scoreDisplayMode") in ("binary", "numeric")]
    scores = {name: data["categories"][name]["score"] for name in CATEGORIES}
    assert scores == dict.fromkeys(CATEGORIES, 1), (scores, failing)

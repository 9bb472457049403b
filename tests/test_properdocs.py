"""The plugin under ProperDocs, the maintained fork of MkDocs 1.x: the site builds strict and
its pages read the same as under MkDocs."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, Build
from test_export import page_texts

pytestmark = [pytest.mark.slow,  # every test here builds a site
              pytest.mark.skipif(importlib.util.find_spec("properdocs") is None,
                                 reason="ProperDocs is not installed (pip install properdocs)")]


def test_real_site_builds_strict_with_properdocs_and_matches_mkdocs(
        tmp_path: Path, real_site: Build) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml",
         "--site-dir", str(tmp_path / "properdocs")],
        cwd=ROOT, capture_output=True, text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert "inside_track: loaded" in log  # the plugin ran, found through its entry point
    assert "leak check: " in log
    ours, theirs = page_texts(tmp_path / "properdocs"), page_texts(real_site.site)
    assert sorted(ours) == sorted(theirs)
    assert [name for name in ours if ours[name] != theirs[name]] == []
    page = (tmp_path / "properdocs" / "index.html").read_text(encoding="utf-8")
    assert 'content="mkdocs-ProperDocs' in page  # the generator meta is the one difference

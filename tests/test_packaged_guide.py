"""``packaged_guide: true`` from the source tree: what a site of its own keeps and gets.

The same setting from an installed wheel is tested in ``test_wheel.py``.
"""

from __future__ import annotations

from pathlib import Path

from conftest import run_build

CONFIG = """\
site_name: Our guide
theme: material
plugins:
  - inside-track:
      packaged_guide: true
      playbooks: [docs/playbooks]
"""
COMPANY = """\
kind: company
id: initech
name: Initech
title: Initech
company_type: small-relationship
summary: A small company where the founders decide who works on what.
"""


def test_the_sites_own_pages_win_and_its_playbooks_stay_sources(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "docs" / "playbooks").mkdir(parents=True)
    (tmp_path / "docs" / "playbooks" / "initech.yml").write_text(COMPANY, encoding="utf-8")
    (tmp_path / "docs" / "index.md").write_text("# Welcome to Initech's guide\n",
                                                encoding="utf-8")
    build = run_build(tmp_path)
    assert build.returncode == 0, build.log
    assert "Welcome to Initech" in build.read("index.html")  # the site's page, not the guide's
    assert "Initech" in build.read("companies/initech/index.html")
    navigation = build.read("guide/why-internal/index.html")
    assert 'href="../transfer-or-evolution/"' in navigation  # the guide's nav, unasked
    assert not (build.site / "playbooks").exists()

"""``packaged_guide: true`` from the source tree: what a site of its own keeps and gets.

The same setting from an installed wheel is tested in ``test_wheel.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, run_build

pytestmark = pytest.mark.slow  # every test here builds a site

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


def _two_file_site(folder: Path, *options: str) -> Path:
    config = CONFIG + "".join(f"      {option}\n" for option in options)
    (folder / "docs" / "playbooks").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    (folder / "docs" / "playbooks" / "initech.yml").write_text(COMPANY, encoding="utf-8")
    return folder


def _maintainer_pages() -> list[str]:
    """The guide's pages its own mkdocs.yml keeps out of the readers' navigation."""
    block = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnot_in_nav: |\n")[1]
    patterns = []
    for line in block.splitlines():
        if not line.startswith("  "):
            break
        patterns.append(line.strip().strip("/"))
    docs = ROOT / "docs"
    return sorted(p.relative_to(docs).with_suffix("").as_posix() for p in docs.rglob("*.md")
                  if any(p.relative_to(docs).as_posix().startswith(pat) for pat in patterns))


def test_the_upstream_projects_maintainer_pages_stay_upstream_unless_asked(
        tmp_path: Path) -> None:
    pages = _maintainer_pages()
    assert pages, "the guide keeps some pages out of its navigation"
    build = run_build(_two_file_site(tmp_path / "plain"))
    assert build.returncode == 0, build.log
    for page in pages:
        assert not (build.site / page / "index.html").exists(), page
    assert "for-forks" not in build.read("index.html").split('class="md-footer"', 1)[1]
    assert "not included in the \"nav\"" not in build.log

    asked = run_build(_two_file_site(tmp_path / "asked", "maintainer_pages: true"))
    assert asked.returncode == 0, asked.log
    for page in pages:
        assert (asked.site / page / "index.html").is_file(), page
    assert "not included in the \"nav\"" not in asked.log
    assert 'href="for-forks/"' in asked.read("index.html").split('class="md-footer"', 1)[1]

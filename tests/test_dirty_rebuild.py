"""``mkdocs serve --dirty``: after one playbook changes, only the pages it changes are rebuilt.

MkDocs keeps the plugin between serve rebuilds and loads the configuration again for each;
this does the same in one process, with two dirty builds into one site folder.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import FIXTURES

pytestmark = pytest.mark.slow  # every test here builds a site

STAMP = time.time_ns() + 3_600_000_000_000
"""Outputs are given this time (an hour ahead, newer than any source) after each build, so a
page the next build writes is the one whose time is no longer this: no waiting needed."""


def rebuild(project: Path, site: Path) -> dict[str, int]:
    """Build dirty; each page's file time, then stamp every output with :data:`STAMP`."""
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=True)
    build(config, dirty=True)
    pages = {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*.html")}
    for path in site.rglob("*"):
        os.utime(path, ns=(STAMP, STAMP))
    return pages


def written(pages: dict[str, int]) -> set[str]:
    return {page for page, mtime in pages.items() if mtime != STAMP}


def test_a_dirty_rebuild_renders_only_the_pages_that_changed(tmp_path: Path) -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    project = tmp_path / "guide"
    shutil.copytree(FIXTURES / "guide", project)
    site = tmp_path / "site"
    first = rebuild(project, site)
    assert written(first) == set(first)

    company = project / "playbooks" / "companies" / "acme.yml"
    company.write_text(company.read_text().replace("How moves work at Acme.",
                                                   "Acme moves people every spring."))
    second = rebuild(project, site)
    changed = written(second)
    assert "companies/acme/index.html" in changed
    assert "Acme moves people every spring." in (site / "companies/acme/index.html").read_text()
    assert "companies/index.html" in changed  # lists each company with its summary
    assert "checklists/large/transfer/not-asked/index.html" not in changed
    assert "checklists/acme/transfer/index.html" not in changed  # the summary is not on it
    assert "index.html" not in changed
    assert len(changed) < len(first) / 4, sorted(changed)

    path = project / "playbooks" / "paths" / "transfer.yml"
    path.write_text(path.read_text().replace("Depends on the ML team's hiring cycle",
                                             "Set by the ML team's hiring cycle"))
    third = rebuild(project, site)
    changed = written(third)
    table = "guide/transfer-or-evolution/index.html"  # quotes the paths in a directive
    assert table in changed and "guide/map-the-landscape/index.html" not in changed
    assert "Set by the ML team&#x27;s hiring cycle" in (site / table).read_text() or \
        "Set by the ML team's hiring cycle" in (site / table).read_text()
    second = third

    path.write_text(path.read_text().replace("title: Internal transfer",
                                             "title: Internal transfer, formally"))
    third = rebuild(project, site)
    changed = written(third)
    assert set(second) == set(third)
    assert changed == set(third)  # a title in the navigation changed: every page
    home = (site / "index.html").read_text()
    assert "Internal transfer, formally" in home


def rebuild_with(project: Path, site: Path) -> tuple[dict[str, int], list[str]]:
    """:func:`rebuild`, and the generated pages the plugin rendered (not reused) for it."""
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=True)
    build(config, dirty=True)
    rendered = list(config.plugins["inside-track"].rendered.rendered)
    pages = {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*.html")}
    for path in site.rglob("*"):
        os.utime(path, ns=(STAMP, STAMP))
    return pages, rendered


def test_editing_one_company_renders_that_company_s_pages_and_no_other_s(
        tmp_path: Path) -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    project = tmp_path / "guide"
    shutil.copytree(FIXTURES / "guide", project)
    companies = project / "playbooks" / "companies"
    acme = companies / "acme.yml"
    (companies / "beta.yml").write_text(
        acme.read_text().replace("id: acme", "id: beta").replace("Acme", "Beta")
        .replace("acme-", "beta-"))
    site = tmp_path / "site"
    first, rendered = rebuild_with(project, site)
    assert "checklists/beta/transfer.md" in rendered and "companies/beta.md" in rendered

    acme.write_text(acme.read_text().replace("Get your name into the quarterly talent review.",
                                             "Get your name into the spring talent review."))
    second, rendered = rebuild_with(project, site)
    assert "companies/acme.md" in rendered and "checklists/acme/transfer.md" in rendered
    assert not [uri for uri in rendered if "beta" in uri], rendered
    assert not [uri for uri in rendered if uri.startswith("checklists/large/")], rendered
    assert len(rendered) < len(first) / 4, rendered
    changed = written(second)
    assert "checklists/acme/transfer/index.html" in changed
    assert "spring talent review" in (site / "checklists/acme/transfer/index.html").read_text()
    assert not [page for page in changed if "beta" in page], sorted(changed)

    unchanged, rendered = rebuild_with(project, site)  # nothing edited: nothing rendered
    assert [uri for uri in rendered if uri.startswith(("companies/", "checklists/"))] in (
        [], ["checklists/index.md"])
    assert written(unchanged) <= {"404.html"}  # a theme template: MkDocs always writes it

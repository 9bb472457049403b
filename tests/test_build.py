"""End-to-end: build sites with the plugin and look at what came out."""

from __future__ import annotations

import json

import pytest

from conftest import ROOT, Build, run_build
from schemas import schema_errors

pytestmark = pytest.mark.slow  # every test here builds a site


def test_minimal_site_builds_strict(fixture_project) -> None:
    build = run_build(fixture_project("minimal"))
    assert build.returncode == 0, build.log
    assert "loaded 2 phases, 1 company type, 2 paths" in build.log
    page = build.read("company-types/large/index.html")
    assert "Formal headcount approval + review cycle" in page
    manifest = json.loads(build.read("checklists.json"))
    urls = [entry["url"] for entry in manifest["checklists"]]
    assert urls == ["checklists/large/transfer/development-plan/",
                    "checklists/large/evolution/development-plan/"]
    for url in urls:
        assert (build.site / url / "index.html").is_file()
    assert not schema_errors(build.site / "checklists.json", "checklists")


def test_directives_quote_playbook_data(fixture_project) -> None:
    build = run_build(fixture_project("minimal"))
    home = build.read("index.html")
    assert "I have been doing X and Y and want more of it." in home
    assert "HR process + manager release" in home
    assert "at least 2" in home


def test_broken_playbook_stops_the_build_with_a_located_message(fixture_project) -> None:
    project = fixture_project("minimal")
    path = project / "playbooks" / "transfer.yml"
    path.write_text(path.read_text().replace("order: 1", "order: first"))
    build = run_build(project)
    assert build.returncode != 0
    assert "playbooks/transfer.yml:5:8: order: expected a whole number, got 'first'" in build.log
    assert "Traceback" not in build.log
    assert not (project / "site" / "index.html").exists()


def test_unknown_directive_is_reported_with_page_and_line(fixture_project) -> None:
    project = fixture_project("minimal")
    (project / "docs" / "index.md").write_text("# Home\n\n<!-- inside-track: tabel paths -->\n")
    build = run_build(project)
    assert build.returncode != 0
    assert "docs/index.md:3:1: unknown directive 'tabel'" in build.log
    assert "did you mean 'table'?" in build.log


def test_real_site_builds_strict_and_indexes_every_playbook(real_site: Build) -> None:
    index = json.loads(real_site.read("search/search_index.json"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    playbooks = sorted((ROOT / "playbooks").rglob("*.yml"))
    assert playbooks
    for kind_folder in {p.parent.name for p in playbooks}:
        assert f"{kind_folder}/" in locations
    for playbook in playbooks:
        assert f"{playbook.parent.name}/{playbook.stem}/" in locations, playbook


def test_missing_markdown_extensions_are_named_in_one_message(fixture_project) -> None:
    project = fixture_project("minimal")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("admonition, attr_list, md_in_html,", "attr_list,"),
                      encoding="utf-8")
    build = run_build(project)
    assert build.returncode != 0
    assert "Traceback" not in build.log
    assert build.log.count("lacks ") == 1
    assert "markdown_extensions in " in build.log
    assert "lacks admonition, md_in_html;" in build.log
    assert not (project / "site" / "checklists").exists()


@pytest.mark.parametrize("extension", ["admonition", "attr_list", "md_in_html"])
def test_each_extension_the_pages_need_is_required(fixture_project, extension: str) -> None:
    project = fixture_project("minimal")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace(f"{extension}, ", ""), encoding="utf-8")
    build = run_build(project)
    assert build.returncode != 0
    assert f"lacks {extension};" in build.log
    assert "Traceback" not in build.log

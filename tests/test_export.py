"""``inside-track export``: the site as plain Markdown that builds without the plugin.

Each test builds a site twice — with the plugin, and with plain MkDocs from the export,
in an environment where ``inside_track`` cannot even be imported — and compares the pages.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import venv
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, ROOT, Build, run_build
from inside_track.cli import main
from inside_track.library.loader import load_playbooks
from inside_track.outputs.files import CalendarFile, GeneratedPage
from inside_track.outputs.pages import Guide
from inside_track.render.renderer import Renderer, site_path

_TAG = re.compile(r"<[^>]+>")


def page_texts(site: Path) -> dict[str, str]:
    """Every HTML page of a built site: its title and main content as plain text."""
    texts = {}
    for page in sorted(site.rglob("*.html")):
        source = page.read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", source, re.S)
        start, end = source.find("<article"), source.find("</article>")
        main = source[start:end] if start >= 0 else source
        text = " ".join(html.unescape(_TAG.sub(" ", main)).split())
        texts[page.relative_to(site).as_posix()] = f"{title[1] if title else ''}\n{text}"
    return texts


def export_and_build(project: Path, out: Path, tmp_path: Path, *config: str) -> Build:
    """Export ``project`` and build the export with plain MkDocs, the plugin out of reach."""
    assert main(["export", str(out), "-f", str(project / (config or ("mkdocs.yml",))[0])]) == 0
    blocker = tmp_path / "no-plugin" / "inside_track"
    blocker.mkdir(parents=True, exist_ok=True)
    (blocker / "__init__.py").write_text("raise ImportError('the export must not need me')\n")
    return run_build(out, env={"PYTHONPATH": str(blocker.parent)})


def search_documents(site: Path) -> dict[str, dict[str, str]]:
    """The search index's documents by location (the two builds list files in another
    order, so the index lists the same documents in another order)."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return {doc["location"]: doc for doc in index["docs"]}


def assert_same_pages(plugin: Build, exported: Build) -> None:
    """Page by page, the plugin build is the plain build of its export, byte for byte:
    every HTML file, and the search index's every document.

    The plugin hands the finished HTML of checklist pages past Markdown, which the plain
    build parses in full; this is what shows that nothing is lost or changed by that.
    """
    assert plugin.returncode == 0, plugin.log
    assert exported.returncode == 0, exported.log
    ours, theirs = page_texts(plugin.site), page_texts(exported.site)
    assert sorted(ours) == sorted(theirs)
    different = [name for name in ours if ours[name] != theirs[name]]
    assert different == []
    whole = [name for name in ours if plugin.read(name) != exported.read(name)]
    assert whole == []
    assert search_documents(plugin.site) == search_documents(exported.site)
    for name in ("checklists.json", "assets/inside-track/inside-track.js",
                 "assets/inside-track/inside-track.css"):
        assert plugin.read(name) == exported.read(name), name


@pytest.mark.slow
def test_exported_guide_builds_the_same_pages_with_plain_mkdocs(tmp_path: Path) -> None:
    project = tmp_path / "guide"
    shutil.copytree(FIXTURES / "guide", project)
    out = tmp_path / "exported"
    exported = export_and_build(project, out, tmp_path)
    plugin = run_build(project)
    assert_same_pages(plugin, exported)
    config = yaml.safe_load((out / "mkdocs.yml").read_text())
    assert config["plugins"] == ["search"]
    assert config["extra_javascript"] == ["assets/inside-track/inside-track.js"]
    assert "/checklists/*/**" in config["not_in_nav"]
    assert {"Companies": ["companies/index.md", {"Acme": "companies/acme.md"}]} in config["nav"]
    checklist = (out / "docs" / "checklists" / "acme" / "transfer.md").read_text()
    assert checklist.startswith("---\nsearch:")  # plain Markdown with its front matter
    assert 'data-it-step="acme-talent-review"' in checklist
    assert 'class="it-item"' in plugin.read("checklists/acme/transfer/index.html")


@pytest.mark.slow
def test_exported_real_site_builds_the_same_pages(tmp_path: Path, real_site: Build) -> None:
    out = tmp_path / "exported"
    exported = export_and_build(ROOT, out, tmp_path)
    assert_same_pages(real_site, exported)
    index = (out / "docs" / "index.md").read_text()
    assert "inside-track:" not in index  # directives are expanded in the export
    manifest = json.loads((out / "docs" / "checklists.json").read_text())
    assert manifest["checklists"]


@pytest.mark.slow
def test_internal_edition_export_says_so_on_every_page(tmp_path: Path) -> None:
    from test_forks import fork_tree

    example = fork_tree(tmp_path) / "examples" / "acme"
    out = tmp_path / "internal"
    exported = export_and_build(example, out, tmp_path, "mkdocs.internal.yml")
    assert exported.returncode == 0, exported.log
    assert yaml.safe_load((out / "mkdocs.yml").read_text())["site_name"].endswith("(internal)")
    pages = sorted(exported.site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        if page.name == "404.html":
            continue
        text = page.read_text(encoding="utf-8")
        assert 'data-inside-track-edition="internal"' in text and "Internal edition" in text
    assert "Priya Raman" in exported.read("companies/acme/index.html")
    public = tmp_path / "public"
    assert main(["export", str(public), "-f", str(example / "mkdocs.yml")]) == 0
    for path in public.rglob("*"):
        if path.is_file():
            assert "Priya Raman" not in path.read_text(encoding="utf-8", errors="replace"), path


def test_export_refuses_to_overwrite_and_sites_without_the_plugin(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "guide"
    shutil.copytree(FIXTURES / "guide", project)
    out = tmp_path / "exported"
    config = str(project / "mkdocs.yml")
    assert main(["export", str(out), "-f", config]) == 0
    assert main(["export", str(out), "-f", config]) == 1
    assert "pass --force to replace them" in capsys.readouterr().err
    (out / "docs" / "stale.md").write_text("# Stale\n")
    assert main(["export", str(out), "-f", config, "--force"]) == 0
    assert not (out / "docs" / "stale.md").exists()
    assert main(["export", str(tmp_path / "again"), "-f", str(out / "mkdocs.yml")]) == 1
    assert "does not use the inside-track plugin" in capsys.readouterr().err
    assert main(["export", str(project / "docs" / "out"), "-f", config]) == 1
    assert "overlaps the docs folder" in capsys.readouterr().err


ZENSICAL = os.environ.get("ZENSICAL") or shutil.which("zensical")


@pytest.fixture(scope="module")
def zensical(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Zensical's command: ``$ZENSICAL``, on the PATH, or installed with pip into a virtual
    environment of its own (it brings its own dependencies). Skipped, with pip's reason,
    when it cannot be installed."""
    if ZENSICAL:
        return ZENSICAL
    folder = tmp_path_factory.mktemp("zensical") / "venv"
    venv.EnvBuilder(with_pip=True).create(folder)
    scripts = folder / ("Scripts" if os.name == "nt" else "bin")
    installed = subprocess.run([str(scripts / "python"), "-m", "pip", "install", "--quiet",
                                "zensical"], capture_output=True, text=True)
    if installed.returncode != 0:
        last = (installed.stderr.strip().splitlines() or ["no message"])[-1]
        pytest.skip(f"Zensical could not be installed (pip install zensical): {last}")
    return str(scripts / "zensical")


@pytest.mark.slow
def test_export_builds_with_zensical_to_the_same_pages(tmp_path: Path, zensical: str,
                                                       real_site: Build) -> None:
    """Zensical runs no MkDocs plugin (it drops unknown ones silently): the export is the
    way there, and every file the guide generates must be in Zensical's site."""
    out = tmp_path / "exported"
    assert main(["export", str(out), "-f", str(ROOT / "mkdocs.yml")]) == 0
    result = subprocess.run([zensical, "build", "--strict", "-f", "mkdocs.yml"], cwd=out,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    ours, theirs = page_texts(real_site.site), page_texts(out / "site")
    assert sorted(ours) == sorted(theirs)
    # Zensical titles the home page "Home - <site name>" where MkDocs uses the site name
    different = [name for name in ours if ours[name] != theirs[name]]
    assert different in ([], ["index.html"])
    if different:
        assert theirs["index.html"].split("\n")[1] == ours["index.html"].split("\n")[1]
    guide = Guide(load_playbooks([ROOT / "playbooks", ROOT / "company-playbooks"]), Renderer())
    outputs = guide.outputs()
    assert any(isinstance(output, CalendarFile) for output in outputs)
    for output in outputs:
        if isinstance(output, GeneratedPage):
            assert site_path(output.uri, True) + "index.html" in theirs or \
                site_path(output.uri, True) in theirs, output.uri
        else:  # data, calendars and assets are copied as they are
            exported = (out / "docs" / output.uri).read_bytes()
            assert (out / "site" / output.uri).read_bytes() == exported, output.uri

"""Forks and editions, end to end: the Acme example built in both editions, the leak guard,
the internal banner, the Companies section, and the configuration files a fork uses.

The example's configuration points at ``../../playbooks`` and ``../../docs``. Tests lay a
copy of it inside a copy of ``tests/fixtures/upstream`` (a small stand-in for the
repository root whose playbooks use the real ids), so the example's files are built as
they are committed.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from pydantic import BaseModel

from conftest import FIXTURES, ROOT, Build, run_build
from inside_track import model
from inside_track.checks.leaks import checked_texts, find_leaks, texts_from_playbooks
from inside_track.cli import main
from schemas import schema_errors
from test_scaffold import fill_in

EXAMPLE = ROOT / "examples" / "acme"
BANNER = 'data-inside-track-edition="internal"'
# Written by hand from the example, independent of how the leak check normalises text:
# each appears only in internal-only content of examples/acme.
SENTINELS = [
    "Priya Raman",
    "Talent Council",
    "people.acme-robotics.example",
    "Perception division",
    "acme-perception",
    "median for the last two",
    "shadow week",
    "pre-read",
]


def fork_tree(tmp_path: Path) -> Path:
    """A repository-like tree: the upstream fixture at the root, the example in examples/."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "upstream", root)
    shutil.copytree(ROOT / "schema", root / "schema")
    shutil.copytree(ROOT / "overrides", root / "overrides")
    shutil.copytree(EXAMPLE, root / "examples" / "acme",
                    ignore=shutil.ignore_patterns("site", "site-*"))
    return root


def build_both(example: Path) -> tuple[Build, Build]:
    public = run_build(example)
    internal = run_build(example, "-f", "mkdocs.internal.yml")
    return public, Build(internal.returncode, internal.log, example / "site-internal")


def example_texts(example: Path) -> tuple[set[str], set[str]]:
    return texts_from_playbooks([example / "../../playbooks", example / "company-playbooks"],
                                [example / "internal-playbooks"])


def output_texts(site: Path) -> dict[str, str]:
    """Every output file as text, decompressed and entity-decoded (a plain reading)."""
    texts = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        text = data.decode("utf-8", errors="replace")
        texts[path.relative_to(site).as_posix()] = text + "\n" + html.unescape(text)
    return texts


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Build, Build]:
    example = fork_tree(tmp_path_factory.mktemp("acme")) / "examples" / "acme"
    public, internal = build_both(example)
    assert public.returncode == 0, public.log
    assert internal.returncode == 0, internal.log
    return example, public, internal


@pytest.mark.slow
def test_both_editions_manifests_validate_against_the_published_schema(built) -> None:
    _, public, internal = built
    for site in (public.site, internal.site):
        assert not schema_errors(site / "checklists.json", "checklists")
    editions = {json.loads((site / "checklists.json").read_text("utf-8"))["edition"]
                for site in (public.site, internal.site)}
    assert editions == {"public", "internal"}


# --- the leak test ---------------------------------------------------------------------------

@pytest.mark.slow
def test_public_build_contains_no_internal_text_and_internal_build_all(built) -> None:
    example, public, internal = built
    texts, public_texts = example_texts(example)
    checked = checked_texts(texts, public_texts)
    assert len(checked) >= 15, checked  # the example exercises every way to mark content
    assert "Priya Raman" in checked
    assert find_leaks(public.site, texts, public_texts) == []
    found = {leak.text for leak in find_leaks(internal.site, texts, public_texts)}
    assert sorted(set(checked) - found) == []
    assert "leak check: no internal-only text" in public.log


@pytest.mark.slow
def test_sentinels_by_plain_search(built) -> None:
    """The same, by naive substring search over every output file, gzip included."""
    _, public, internal = built
    public_files = output_texts(public.site)
    internal_files = output_texts(internal.site)
    assert {"404.html", "sitemap.xml", "sitemap.xml.gz", "checklists.json",
            "search/search_index.json"} <= set(public_files)
    for sentinel in SENTINELS:
        hits = [name for name, text in public_files.items() if sentinel in text]
        assert hits == [], f"{sentinel!r} in the public build: {hits}"
        assert any(sentinel in text for text in internal_files.values()), sentinel


@pytest.mark.slow
def test_public_content_of_the_company_is_built(built) -> None:
    _, public, internal = built
    for build in (public, internal):
        page = build.read("companies/acme/index.html")
        assert "Acme Robotics" in page
        assert "Transfers go through the Q1 talent review" in page
        assert "3 to 6 weeks" in page  # an adjusted duration
        assert "ML Guild office hours" in page  # a public contact
    assert "9 to 14 months, anchored to the Q1 talent review" in \
        public.read("companies/acme/index.html")
    assert "eleven months was the median" in internal.read("companies/acme/index.html")
    # one page per company and path, covering every manager response
    checklist = public.read("checklists/acme/internal-transfer/index.html")
    assert "nominations for the Q1 talent review close" in checklist  # the replacing step
    assert "Find out when the next review cycle falls." not in checklist  # the replaced one
    assert "9 to 14 months, anchored to the Q1 talent review" in checklist
    generic = public.read("checklists/large-process/internal-transfer/development-plan/"
                          "index.html")
    assert "Find out when the next review cycle falls." in generic
    internal_list = internal.read("checklists/acme/internal-transfer/index.html")
    assert "eleven months was the median" in internal_list  # the internal overlay's timeline
    assert "Ask your HR talent partner" in internal_list  # the internal-only step


@pytest.mark.slow
def test_public_pages_never_link_to_internal_only_pages(built) -> None:
    _, public, internal = built
    assert not (public.site / "companies" / "acme-perception").exists()
    assert (internal.site / "companies" / "acme-perception" / "index.html").is_file()
    manifest = json.loads(public.read("checklists.json"))
    assert {entry["company"] for entry in manifest["checklists"]} == {None, "acme"}
    for name, text in output_texts(public.site).items():
        assert "acme-perception" not in text, name


@pytest.mark.slow
def test_a_hand_written_link_to_an_internal_only_page_fails_the_public_build(
        tmp_path: Path) -> None:
    root = fork_tree(tmp_path)
    index = root / "docs" / "index.md"
    index.write_text(index.read_text() + "\n[Perception](companies/acme-perception.md)\n")
    public, internal = build_both(root / "examples" / "acme")
    assert internal.returncode == 0, internal.log
    assert public.returncode != 0
    assert "companies/acme-perception.md" in public.log


# --- the internal edition says so ------------------------------------------------------------

@pytest.mark.slow
def test_internal_edition_says_so_on_every_page(built) -> None:
    _, public, internal = built
    pages = sorted(internal.site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert BANNER in text and "Internal edition" in text, page
        assert "<title>" not in text or "(internal)</title>" in text, page
    not_found = internal.read("404.html")
    assert BANNER in not_found
    # before Material's announcement bar, so dismissing an announcement cannot hide it
    assert not_found.index(BANNER) < not_found.index('data-md-component="announce"')
    for page in public.site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert BANNER not in text and "(internal)" not in text, page


@pytest.mark.slow
def test_the_nav_gets_a_companies_section(built) -> None:
    _, public, internal = built
    home = public.read("index.html")
    assert 'href="companies/acme/"' in home
    assert "Acme Robotics, Perception division" in internal.read("index.html")
    labels = [line.strip() for line in home.splitlines()
              if line.strip() in ("Company types", "Companies", "Paths")]
    assert labels.index("Company types") < labels.index("Companies") < labels.index("Paths")


# --- the leak guard --------------------------------------------------------------------------

PLANTED_TEMPLATE = """\
# {{ playbook.name }}

{{ playbook.summary }}

For transfers, talk to Priya Raman first.
"""
PLANTED_THEME = """\
{% extends "base.html" %}
{% block footer %}Questions? The Talent Council: the VP of Engineering and two HR partners,
meeting in the second week of February.{{ super() }}{% endblock %}
"""


def plant(example: Path, leak_check: bool = True) -> None:
    """Three ways to get internal text into the output that the engine cannot stop."""
    (example / "overrides").mkdir()
    (example / "overrides" / "company.md.j2").write_text(PLANTED_TEMPLATE)
    (example / "theme").mkdir()
    (example / "theme" / "main.html").write_text(PLANTED_THEME)
    (example / "../../docs/notes.txt").write_text(
        "See https://people.acme-robotics.example/wiki/internal-mobility\n")
    config = example / "mkdocs.yml"
    config.write_text(config.read_text() + "theme:\n  custom_dir: theme\n"
                      f"plugins:\n  inside-track:\n    templates: overrides\n"
                      f"    leak_check: {str(leak_check).lower()}\n"
                      "    playbooks: [../../playbooks, company-playbooks]\n")
    config.write_text(config.read_text().replace(
        "plugins:\n  inside-track:\n    playbooks: [../../playbooks, company-playbooks]\n",
        "", 1))


@pytest.mark.slow
def test_planted_internal_text_fails_the_public_build_naming_each_file(
        tmp_path: Path) -> None:
    example = fork_tree(tmp_path) / "examples" / "acme"
    plant(example)
    build = run_build(example)
    assert build.returncode != 0
    assert "internal-only text reached" in build.log
    assert "Traceback" not in build.log
    site = example / "site"
    for name, text in [
        ("companies/acme/index.html", "Priya Raman"),
        ("search/search_index.json", "Priya Raman"),
        ("404.html", "The Talent Council: the VP of Engineering"),
        ("index.html", "The Talent Council: the VP of Engineering"),
        ("notes.txt", "https://people.acme-robotics.example/wiki/internal-mobility"),
    ]:
        assert f'{site / name}: contains internal-only text "{text}' in build.log, name
    assert not site.exists()  # nothing of a leaking build is left to publish


@pytest.mark.slow
def test_the_cli_finds_the_same_leaks(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    example = fork_tree(tmp_path) / "examples" / "acme"
    plant(example, leak_check=False)
    build = run_build(example)
    assert build.returncode == 0, build.log  # the plugin's own check is switched off
    monkeypatch.chdir(example)
    args = ["check-leaks", "site", "../../playbooks", "company-playbooks",
            "--internal", "internal-playbooks"]
    assert main(args) == 1
    out, err = capsys.readouterr()
    assert 'site/404.html: contains internal-only text "The Talent Council: the VP' in out
    assert 'site/notes.txt: contains internal-only text "https://people.acme-robotics' in out
    assert 'site/companies/acme/index.html: contains internal-only text "Priya Raman"' in out
    assert out.splitlines() == sorted(out.splitlines())
    assert "do not publish this site" in err


@pytest.mark.slow
def test_the_cli_passes_a_clean_site_and_flags_the_internal_one(
        built, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    example, _, _ = built
    monkeypatch.chdir(example)
    folders = ["../../playbooks", "company-playbooks", "--internal", "internal-playbooks"]
    assert main(["check-leaks", "site", *folders]) == 0
    assert capsys.readouterr().out.startswith("OK: none of ")
    assert main(["check-leaks", "site-internal", *folders]) == 1
    out = capsys.readouterr().out
    assert 'site-internal/companies/acme/index.html: contains internal-only text "Priya ' \
           'Raman"' in out
    # without --internal, unmarked text of the internal folder would count as public; the
    # example marks those files internal: true, so they are found either way
    assert main(["check-leaks", "site-internal", "../../playbooks", "company-playbooks",
                 "internal-playbooks"]) == 1
    assert "Perception division" in capsys.readouterr().out
    assert main(["check-leaks", "no-such-site"]) == 2


# --- configuration ---------------------------------------------------------------------------

@pytest.mark.parametrize("config", ["examples/acme/mkdocs.internal.yml", "mkdocs.internal.yml"])
def test_internal_config_inherits_the_public_one(config: str) -> None:
    """INHERIT deep-merges the plugins mapping: one option changes, the rest is kept."""
    public = load_config(str(ROOT / config.replace(".internal", "")))
    public_plugins = list(public.plugins)
    public_options = dict(public.plugins["inside-track"].config)  # the instance is reused
    internal = load_config(str(ROOT / config))
    assert list(internal.plugins) == public_plugins
    assert "material/search" in public_plugins
    options = internal.plugins["inside-track"].config
    assert (public_options["edition"], options.edition) == ("public", "internal")
    assert options.playbooks[-1] == "internal-playbooks"
    assert options.playbooks[:-1] == public_options["playbooks"]
    assert internal.nav == public.nav
    assert internal.site_dir.endswith("site-internal")
    assert internal.docs_dir == public.docs_dir


def test_internal_edition_refuses_gh_deploy() -> None:
    internal = load_config(str(ROOT / "mkdocs.internal.yml"))
    with pytest.raises(PluginError, match="refusing to run gh-deploy"):
        internal.plugins.on_startup(command="gh-deploy", dirty=False)
    internal.plugins.on_startup(command="build", dirty=False)
    load_config(str(ROOT / "mkdocs.yml")).plugins.on_startup(command="gh-deploy", dirty=False)


@pytest.mark.slow
@pytest.mark.skipif(not (ROOT / "playbooks").is_dir(), reason="needs the real playbooks")
def test_example_builds_against_the_real_upstream(tmp_path: Path) -> None:
    public = run_build(EXAMPLE, "--site-dir", str(tmp_path / "site"))
    assert public.returncode == 0, public.log
    internal = run_build(EXAMPLE, "-f", "mkdocs.internal.yml", "--site-dir",
                         str(tmp_path / "internal"))
    assert internal.returncode == 0, internal.log
    texts, public_texts = example_texts(EXAMPLE)
    assert find_leaks(tmp_path / "site", texts, public_texts) == []
    found = {leak.text for leak in find_leaks(tmp_path / "internal", texts, public_texts)}
    assert set(checked_texts(texts, public_texts)) <= found


# --- a fresh fork, following the docs --------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(url: str, text: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    body = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body = response.read().decode("utf-8")
            if text in body:
                return body
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{text!r} not served at {url} within {seconds} s; last body:\n"
                         f"{body[:500]}")


@pytest.mark.slow
def test_fresh_fork_adds_a_company_sees_it_live_and_builds_both_editions(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "fork"
    shutil.copytree(FIXTURES / "upstream", root)
    shutil.copytree(ROOT / "schema", root / "schema")
    monkeypatch.chdir(root)
    assert main(["new", "company", "globex", "--name", "Globex Corporation"]) == 0
    playbook = root / "company-playbooks" / "globex.yml"
    fill_in(playbook)
    assert main(["validate", "playbooks", "company-playbooks"]) == 0

    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    try:
        url = f"http://127.0.0.1:{port}/guide/companies/globex/"  # site_url has /guide/
        _wait_for(url, "Globex Corporation")
        text = playbook.read_text(encoding="utf-8")
        edited = text.replace("One or two sentences about Globex Corporation",
                              "Globex moves people between teams every spring")
        assert edited != text
        playbook.write_text(edited, encoding="utf-8")
        _wait_for(url, "Globex moves people between teams every spring")
    finally:
        server.terminate()
        server.wait(timeout=30)

    lines = playbook.read_text(encoding="utf-8").splitlines(keepends=True)
    decides = next(n for n, line in enumerate(lines) if line.startswith("  decides:"))
    lines[decides] = "  decides: !internal Hank Scorpio signs every transfer himself, on Fridays.\n"
    playbook.write_text("".join(lines), encoding="utf-8")
    assert main(["validate", "playbooks", "company-playbooks"]) == 0
    internal = run_build(root, "-f", "mkdocs.internal.yml")
    assert internal.returncode == 0, internal.log
    assert "Hank Scorpio signs every transfer" in (
        root / "site-internal" / "companies" / "globex" / "index.html").read_text()
    public = run_build(root)
    assert public.returncode == 0, public.log
    assert "Globex moves people between teams" in public.read("companies/globex/index.html")
    for name, content in output_texts(public.site).items():
        assert "Hank Scorpio" not in content, name


# --- documentation ---------------------------------------------------------------------------

SHARED_SECTIONS = {model.Playbook: "Fields every playbook has", model.Step: "Steps",
                   model.Conditions: "Conditions", model.Script: "Scripts",
                   model.Wait: "Months", model.Milestone: "Months", model.Anchor: "Months",
                   model.Transition: "Months"}
"""Models any kind can hold, each documented in a section of its own."""


def reference_sections(text: str) -> dict[str, str]:
    """Each section of a Markdown page by heading, with its subsections in it."""
    headings = [(match.start(), len(match[1]), match[2].strip())
                for match in re.finditer(r"^(#{2,6}) (.+)$", text, re.MULTILINE)]
    sections = {}
    for index, (start, level, title) in enumerate(headings):
        end = next((s for s, lvl, _ in headings[index + 1:] if lvl <= level), len(text))
        sections[title] = text[start:end]
    return sections


def nested_models(cls: type[BaseModel]) -> list[type[BaseModel]]:
    """The models a model's fields hold (in lists, mappings, optional values), deeply."""
    found: list[type[BaseModel]] = []

    def visit(annotation: Any) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel) and \
                annotation not in found and annotation not in SHARED_SECTIONS:
            found.append(annotation)
            for info in annotation.model_fields.values():
                visit(info.annotation)
        for arg in get_args(annotation):
            visit(arg)

    for info in cls.model_fields.values():
        visit(info.annotation)
    return found


def test_the_reference_documents_each_field_in_its_own_kinds_section() -> None:
    """A kind's fields (and those of the models it holds) are named in the kind's section;
    fields every kind can have, in theirs. A name found elsewhere on the page does not count."""
    sections = reference_sections(
        (ROOT / "docs" / "reference" / "playbooks.md").read_text(encoding="utf-8"))
    where: dict[str, list[tuple[type[BaseModel], list[str]]]] = {}
    for cls, title in SHARED_SECTIONS.items():
        where.setdefault(title, []).append((cls, list(cls.model_fields)))
    base = set(model.Playbook.model_fields)
    for kind in model.KINDS.values():
        title = kind.noun.capitalize()
        where.setdefault(title, []).append(
            (kind.model, [name for name in kind.model.model_fields if name not in base]))
        where[title] += [(cls, list(cls.model_fields)) for cls in nested_models(kind.model)]
    missing = sorted(f"{title}: {cls.__name__}.{name}" for title, owners in where.items()
                     for cls, names in owners for name in names
                     if f"`{name}`" not in sections.get(title, ""))
    assert missing == [], missing
    kinds_row = sections["Fields every playbook has"]
    assert [kind for kind in model.KINDS if f"`{kind}`" not in kinds_row] == []


def test_the_docs_quote_none_of_the_examples_internal_text() -> None:
    texts, public_texts = texts_from_playbooks(
        [FIXTURES / "upstream" / "playbooks", EXAMPLE / "company-playbooks"],
        [EXAMPLE / "internal-playbooks"])
    assert find_leaks(ROOT / "docs", texts, public_texts) == []


def test_the_publish_workflow_builds_strict_and_checks_the_configured_folders() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text())
    steps = workflow["jobs"]["build"]["steps"]
    commands = [step.get("run", "") for step in steps]
    assert "python3 dev.py build" in commands  # mkdocs build --strict, see dev.py
    [check] = [c for c in commands if "check-leaks" in c]
    public = load_config(str(ROOT / "mkdocs.yml")).plugins["inside-track"].config.playbooks
    public = list(public)
    internal = load_config(str(ROOT / "mkdocs.internal.yml"))
    internal_only = [f for f in internal.plugins["inside-track"].config.playbooks
                     if f not in public]
    expected = ["check-leaks", "site", *public, *(x for f in internal_only
                                                   for x in ("--internal", f))]
    assert check.split()[1:] == expected
    uploads = [step for step in steps if "upload-pages-artifact" in step.get("uses", "")]
    assert uploads and uploads[0]["with"]["path"] == "site"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and "deploy-pages" in deploy["steps"][0]["uses"]


def test_companies_section_placement() -> None:
    from inside_track.outputs.navigation import _with_companies as placed_in

    def _with_companies(nav, sections):
        return placed_in(nav, sections, "companies/index.md")

    sections = {"companies/index.md": [("Acme", "companies/acme.md")]}
    entry = {"Companies": "companies/index.md"}
    nav = [{"Home": "index.md"}, {"Company types": "company-types/index.md"}, "about.md"]
    assert _with_companies(nav, sections) == [nav[0], nav[1], entry, nav[2]]
    assert _with_companies(["index.md"], sections) == ["index.md", entry]
    placed = [{"Where we work": [{"Ours": "companies/index.md"}]}, "index.md"]
    assert _with_companies(placed, sections) == placed
    assert _with_companies(nav, {}) == nav  # no companies, no section
    assert _with_companies(None, sections) is None  # MkDocs builds the nav itself

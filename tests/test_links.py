"""Link integrity: every internal link and anchor of a built site resolves, and a playbook's
broken link is a located error when the site is built, not a 404 when it is read."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from mkdocs.config import load_config

from conftest import FIXTURES, ROOT, Build, run_build
from hostile import assert_located_failure, run_cli
from links import broken_links, broken_manifest_urls

STRICT_LINKS = """
site_url: https://example.org/guide/
validation:
  links:
    absolute_links: warn
    unrecognized_links: warn
    anchors: warn
"""


def strict_project(fixture_project) -> Path:
    """The minimal fixture with MkDocs' own link and anchor validation raised to warnings."""
    project = fixture_project("minimal")
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write(STRICT_LINKS)
    return project


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_link_checker_finds_what_is_broken(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text(
        '<h1 id="top">x</h1><a href="a/">ok</a><a href="a/#here">ok</a><a href="#top">ok</a>'
        '<a href="b/">missing page</a><a href="a/#gone">missing anchor</a>'
        '<a href="/a/">root</a><a href="https://example.org/x">external</a>'
        '<img src="img/x.png"><a href="../out/">outside</a>')
    (site / "a" / "index.html").write_text('<p id="here">a</p><a href="../#top">ok</a>')
    (site / "checklists.json").write_text(json.dumps({"checklists": [
        {"url": "a/"}, {"url": "b/"}, {"url": "/a/"}]}))
    found = sorted(str(b) for b in broken_links(site))
    assert found == [
        "index.html: '../out/' leads out of the site",
        "index.html: '/a/' is root-relative: breaks under a sub-path",
        "index.html: 'a/#gone' has no anchor #gone in a/index.html",
        "index.html: 'b/' points to b, which does not exist",
        "index.html: 'img/x.png' points to img/x.png, which does not exist",
    ]
    assert broken_manifest_urls(site) == ["b/", "/a/"]


@pytest.mark.slow
def test_fixture_site_links_and_manifest_resolve(fixture_project) -> None:
    project = strict_project(fixture_project)
    build = run_build(project)
    assert build.returncode == 0, build.log
    assert not broken_links(build.site, site_path="/guide/"), broken_links(build.site, "/guide/")
    manifest = json.loads(build.read("checklists.json"))
    assert manifest["checklists"]
    assert not broken_manifest_urls(build.site)


@pytest.mark.slow
def test_page_links_in_playbook_text_work_on_every_page_that_shows_them(
        fixture_project) -> None:
    project = strict_project(fixture_project)
    edit(project / "playbooks" / "phase-a.yml", "text: Talk to an ML engineer about what they "
         "build.", "text: 'Talk to an ML engineer; see [the home page](../index.md#home).'")
    edit(project / "playbooks" / "transfer.yml", "summary: Move to the ML team.",
         "summary: Move to the ML team.\nbody: |\n  Read [the phase][p] first.\n\n"
         "  [p]: ../phases/landscape-mapping.md\n")
    build = run_build(project)
    assert build.returncode == 0, build.log
    assert not broken_links(build.site, site_path="/guide/"), broken_links(build.site, "/guide/")
    phase = build.read("phases/landscape-mapping/index.html")
    checklist = build.read("checklists/large/transfer/development-plan/index.html")
    assert '<a href="../../#home">the home page</a>' in phase
    assert '<a href="../../../../#home">the home page</a>' in checklist
    assert '<a href="../../phases/landscape-mapping/">the phase</a>' in \
        build.read("paths/transfer/index.html")
    items = [item["text"] for entry in json.loads(build.read("checklists.json"))["checklists"]
             for item in entry["items"]]
    assert "Talk to an ML engineer; see [the home page](index.md#home)." in items


@pytest.mark.slow
@pytest.mark.parametrize(("old", "new", "message"), [
    ("text: Talk to an ML engineer about what they build.",
     "text: 'Talk to [someone](guide/timeline.md).'",
     "steps[0].text: link 'guide/timeline.md' leads to 'phases/guide/timeline.md', which "
     "is not a page of the guide"),
    ("text: Talk to an ML engineer about what they build.",
     "text: 'Talk to [someone](../index.md#nowhere).'",
     "steps[0].text: link '../index.md#nowhere': page 'index.md' has no anchor '#nowhere'"),
    ("text: Talk to an ML engineer about what they build.",
     "text: 'Talk to [someone](#stpes).'",
     "steps[0].text: link '#stpes': page 'phases/landscape-mapping.md' has no anchor "
     "'#stpes' (did you mean 'steps'?)"),
    ("why: Job posts hide the real split of work.",
     "why: Job posts hide the real split of work.\n    see: index.md#hom",
     "steps[0].see: link 'index.md#hom': page 'index.md' has no anchor '#hom' "
     "(did you mean 'home'?)"),
    ("why: Job posts hide the real split of work.",
     "why: Job posts hide the real split of work.\n    see: indx.md",
     "steps[0].see: 'indx.md' is not a page of the guide (did you mean 'index.md'?)"),
])
def test_broken_playbook_link_stops_the_build_with_a_located_error(
        fixture_project, old: str, new: str, message: str) -> None:
    project = strict_project(fixture_project)
    edit(project / "playbooks" / "phase-a.yml", old, new)
    build = run_build(project)
    assert build.returncode != 0
    assert "Traceback" not in build.log
    assert re.search(r"playbooks/phase-a\.yml:1[013]:\d+: " + re.escape(message), build.log), \
        build.log
    assert not (project / "site" / "phases" / "landscape-mapping" / "index.html").exists()


@pytest.mark.slow
def test_company_link_to_a_page_is_checked_and_made_relative(fixture_project) -> None:
    project = strict_project(fixture_project)
    company = ("kind: company\nid: acme\ntitle: Acme\nsummary: S.\nname: Acme\n"
               "company_type: large\nlinks:\n  - {title: Home, url: '../index.md#home'}\n"
               "  - {title: Gone, url: '../guide/gone.md'}\n")
    (project / "playbooks" / "acme.yml").write_text(company, encoding="utf-8")
    build = run_build(project)
    assert build.returncode != 0
    assert "playbooks/acme.yml:9:24: links[1].url: link '../guide/gone.md' leads to " \
           "'guide/gone.md', which is not a page of the guide" in build.log
    (project / "playbooks" / "acme.yml").write_text(company.split("  - {title: Gone")[0])
    build = run_build(project)
    assert build.returncode == 0, build.log
    assert '<a href="../../#home">Home</a>' in build.read("companies/acme/index.html")
    assert not broken_links(build.site, site_path="/guide/")


@pytest.mark.parametrize(("target", "message"), [
    ("#", "has no address"),
    ("/guide/timeline.md", "starts from the site's root"),
    ("../../docs/index.md", "leads out of the site"),
    ("picture.png", "is relative but does not name a page"),
    ("guide/timeline", "is relative but does not name a page"),
])
def test_links_that_depend_on_the_page_are_refused_at_load_time(
        tmp_path: Path, target: str, message: str) -> None:
    (tmp_path / "extra").mkdir()
    (tmp_path / "extra" / "x.yml").write_text(
        "kind: path\nid: transfer\nmerge: extend\n"
        f"summary: 'See [this]({target}).'\n", encoding="utf-8")
    run = run_cli("validate", FIXTURES / "minimal" / "playbooks", "extra", cwd=tmp_path)
    assert_located_failure(run, tmp_path, "extra/x.yml", f"x.yml:4:10: summary: link "
                           f"'{target}'", message)


@pytest.mark.slow
def test_real_site_links_resolve(real_site: Build) -> None:
    playbooks = ROOT / "playbooks"
    if not playbooks.is_dir() or not any(playbooks.rglob("*.y*ml")):
        pytest.skip("playbooks/ has no playbooks yet: the real site cannot be built")
    site = real_site.site
    site_url = load_config(str(ROOT / "mkdocs.yml")).site_url  # may come from the environment
    site_path = urlsplit(site_url).path or "/" if site_url else "/"
    assert not broken_links(site, site_path=site_path), broken_links(site, site_path)
    assert not broken_manifest_urls(site)


def test_a_pages_anchors_are_its_elements_ids_as_a_browser_reads_them() -> None:
    from inside_track.library.links import element_ids

    html = """<h2 id="first">One</h2><p data-note=' id=not-an-element'>id=nor-this</p>
<a id=bare href="#x">x</a><section ID='upper'></section><img id="a&amp;b"/>
<!-- <div id="commented"> --><code>&lt;b id="quoted-code"&gt;</code><div id="">empty</div>"""
    assert element_ids(html) == {"first", "bare", "upper", "a&b"}
    assert element_ids("<p>no ids here</p>") == set()

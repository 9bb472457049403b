"""End-to-end: the generated checklist pages, the chooser and the manifest of a built site."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from posixpath import normpath
from typing import Any

import pytest

from conftest import FIXTURES, Build, run_build
from schemas import schema_errors

pytestmark = pytest.mark.slow  # every test here builds a site


class Elements(HTMLParser):
    """Start tags of a page with their attributes, and the text inside each element id."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def find(self, tag: str, **wanted: str) -> list[dict[str, str]]:
        wanted = {k.replace("_", "-"): v for k, v in wanted.items()}
        return [attrs for name, attrs in self.tags if name == tag
                and all(attrs.get(k) == v for k, v in wanted.items())]


def article(html: str) -> str:
    return html[html.index("<article"):html.index("</article>")]


def resolve(page_url: str, href: str) -> str:
    """The site path a relative link on the page at ``page_url`` points to."""
    return normpath(page_url + href.split("#")[0])


def page_file(url: str) -> str:
    """The file of a manifest URL, which may point to a section of a page."""
    return url.split("#")[0] + "index.html"


def steps_shown(html: str, response: str | None) -> list[str]:
    """The step ids a page shows a reader with this manager response, in order."""
    steps = []
    for block in html.split('<div class="it-item"')[1:]:
        only = re.match(r'[^>]*data-it-responses="([^"]*)"', block)
        if only and response not in only[1].split():
            continue
        steps.append(re.search(r'data-it-step="([^"]+)"', block)[1])  # type: ignore[index]
    return steps


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    project = tmp_path_factory.mktemp("guide") / "guide"
    shutil.copytree(FIXTURES / "guide", project)
    build = run_build(project)
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(scope="module")
def manifest(site: Build) -> dict[str, Any]:
    return json.loads(site.read("checklists.json"))


def test_manifest_validates_against_the_published_schema(site: Build) -> None:
    assert not schema_errors(site.site / "checklists.json", "checklists")


def entry(manifest: dict[str, Any], slug: str) -> dict[str, Any]:
    return next(e for e in manifest["checklists"] if e["id"] == slug)


def test_manifest_lists_every_checklist_with_its_answers_address_and_items(
        manifest: dict[str, Any], site: Build) -> None:
    entries = manifest["checklists"]
    assert len(entries) == 19
    no_ml = entry(manifest, "no-ml/external/plan")
    assert (no_ml["company_type"], no_ml["path"], no_ml["manager_response"]) == (
        "no-ml", "external", None)
    assert no_ml["url"] == "checklists/no-ml/external/plan/"
    assert [i["id"] for i in no_ml["items"]] == [
        "find-who-moved", "check-ml-roadmap", "own-ml-adjacent-work", "keep-impact-log",
        "start-external-search"]
    assert no_ml["items"][-1] == {"id": "start-external-search", "phase": "making-it-official",
                                  "text": "Start the external search with your impact log "
                                          "in hand."}
    acme = entry(manifest, "acme/transfer/not-yet")
    assert acme["company"] == "acme"
    # a company has one page per path; each manager response is a section of it
    assert acme["url"] == "checklists/acme/transfer/#answer-not-yet"
    for item in entries:
        assert (site.site / page_file(item["url"])).is_file()


def test_each_page_has_one_real_labelled_checkbox_per_manifest_item(
        manifest: dict[str, Any], site: Build) -> None:
    for item in manifest["checklists"]:
        html = article(site.read(page_file(item["url"])))
        page = Elements(html)
        boxes = [a for _, a in page.tags if "data-it-step" in a]
        assert steps_shown(html, item["manager_response"]) == [i["id"] for i in item["items"]]
        if "#" not in item["url"]:
            assert [b["data-it-step"] for b in boxes] == [i["id"] for i in item["items"]]
        assert len({b["id"] for b in boxes}) == len(boxes)  # ids are unique on the page
        labels = {a["for"] for _, a in page.tags if "for" in a}
        for box in boxes:
            assert box["type"] == "checkbox"
            assert box["id"] == "it-step-" + box["data-it-step"]
            assert box["id"] in labels


def test_page_states_its_situation_and_timeline_and_groups_items_by_phase(site: Build) -> None:
    html = article(site.read("checklists/large/transfer/not-asked/index.html"))
    assert re.search(r"<h1[^>]*>Large, process-driven · Internal transfer · I have not had "
                     r"the conversation yet<", html)
    assert "Expect the whole move to take <strong>6 to 9 months</strong>" in html
    assert re.findall(r'<h2 id="(phase-[a-z-]+)"', html) == [
        "phase-landscape-mapping", "phase-scope-expansion", "phase-relationship-building",
        "phase-manager-conversation", "phase-making-it-official"]
    assert html.index('<svg class="it-timeline__chart"') < html.index("<h2")
    assert "Typical duration: 2 to 4 months, months 1–4 of the plan." in html
    step = html[html.index('id="it-step-own-ml-adjacent-work"'):]
    step = step[:step.index("</div>")]
    assert "Why it matters:</em> Evidence beats intention." in step
    assert 'From: <a href="../../../../guide/find-the-overlap/">Find the overlap</a>' in step


def test_item_links_lead_to_existing_pages(manifest: dict[str, Any], site: Build) -> None:
    for item in manifest["checklists"]:
        url = item["url"].split("#")[0]
        page = Elements(article(site.read(page_file(url))))
        for attrs in page.find("a"):
            href = attrs.get("href", "")
            if href.startswith("#") or not href:
                continue
            target = site.site / resolve(url, href)
            assert (target / "index.html").is_file() or target.is_file(), (item["url"], href)


def test_see_link_keeps_its_anchor_and_scripts_are_quoted(site: Build) -> None:
    html = article(site.read("checklists/startup/evolution/not-yet/index.html"))
    assert '<a href="../../../../guide/map-the-landscape/#who-moved">Map the landscape</a>' \
        in html
    assert "Turn the deferral into a roadmap" in html
    assert "What would I need to demonstrate over the next two quarters" in html


def test_readiness_gate_before_the_conversation_steps_when_still_ahead(site: Build) -> None:
    html = article(site.read("checklists/startup/evolution/not-asked/index.html"))
    gate = html[html.index('<div class="it-readiness"'):]
    gate = gate[:gate.index("</div>")]
    signs = Elements(gate).find("input", type="checkbox")
    assert [s["data-it-sign"] for s in signs] == [
        "shipped-ml-adjacent", "ml-team-knows-you", "can-name-role"]
    assert 'data-it-minimum="2"' in gate
    assert "at least 2 of these 3 signs" in gate
    assert 'build more evidence first. <a href="#phase-scope-expansion">Back to 2. Scope ' \
        'expansion</a>' in gate
    assert html.index("it-readiness") < html.index('id="it-step-open-conversation"')
    assert html.index('id="phase-manager-conversation"') < html.index("it-readiness")
    held = article(site.read("checklists/startup/evolution/not-yet/index.html"))
    assert "data-it-sign" not in held
    assert "readiness check</a> is behind you" in held


def test_checklists_are_out_of_the_navigation_and_boosted_down_in_search(site: Build) -> None:
    home = site.read("index.html")
    assert "checklists/large/transfer" not in home
    assert 'href="checklists/"' in home
    index = json.loads(site.read("search/search_index.json"))
    boosts = {doc["location"]: doc.get("boost") for doc in index["docs"]}
    assert boosts["checklists/large/transfer/not-asked/"] == 0.25
    assert (boosts["checklists/"] or 1) > 1  # where every checklist starts: above the guide
    texts = {doc["location"]: doc["text"] for doc in index["docs"]}
    assert "Expect the whole move to take 6 to 9 months" in texts[
        "checklists/large/transfer/not-asked/"]
    scope = texts["checklists/large/transfer/not-asked/#phase-scope-expansion"]
    assert "Keep an impact log" in scope
    assert not any("Timeline of this plan" in text or "Clear progress" in text
                   for text in texts.values())


def test_chooser_links_every_generic_checklist_and_names_ruled_out_paths(
        manifest: dict[str, Any], site: Build) -> None:
    html = article(site.read("checklists/index.html"))
    page = Elements(html)
    slugs = {a["data-it-slug"]: a["href"] for a in page.find("a") if "data-it-slug" in a}
    generic = [e for e in manifest["checklists"] if e["company"] is None]
    assert set(slugs) == {e["id"] for e in generic}
    for item in generic:
        assert resolve("checklists/", slugs[item["id"]]) + "/" == item["url"]
    no_ml = html[html.index('data-it-type="no-ml"'):]
    assert "Not offered here:" in no_ml[:600]
    assert "no team to transfer into" in no_ml[:600]
    companies = html[html.index('id="companies"'):]
    assert companies.count('href="acme/transfer/') == 1  # one page covers every response


def test_chooser_form_has_three_labelled_questions_and_valid_answers_as_data(
        manifest: dict[str, Any], site: Build) -> None:
    html = article(site.read("checklists/index.html"))
    form = html[html.index('<form class="it-chooser"'):html.index("</form>")]
    assert form.count("<fieldset") == 3 and form.count("<legend>") == 3
    assert "hidden" in form[:form.index(">")]  # only shown once the script runs
    radios = Elements(form).find("input", type="radio")
    assert {r["name"] for r in radios} == {"company_type", "path", "manager_response"}
    assert [r["value"] for r in radios if r["name"] == "company_type"] == [
        "large", "startup", "no-ml"]
    data = html[html.index('id="it-chooser-data">') + len('id="it-chooser-data">'):]
    combos = json.loads(data[:data.index("</script>")])["checklists"]
    assert sorted(c["slug"] for c in combos) == sorted(
        e["id"] for e in manifest["checklists"] if e["company"] is None)
    assert {"company_type": "no-ml", "path": "external", "manager_response": None,
            "slug": "no-ml/external/plan"} in combos
    assert not any(c["company_type"] == "no-ml" and c["path"] == "transfer" for c in combos)


def test_scripts_and_styles_ship_with_the_site(site: Build) -> None:
    js = site.read("assets/inside-track/inside-track.js")
    css = site.read("assets/inside-track/inside-track.css")
    assert "inside-track:v1:" in js and "localStorage" in js and "document.cookie" not in js
    assert "@media print" in css
    page = site.read("checklists/no-ml/external/plan/index.html")
    assert 'src="../../../../assets/inside-track/inside-track.js"' in page
    assert 'href="../../../../assets/inside-track/inside-track.css"' in page


def test_playbook_pages_lead_to_the_chooser_and_their_checklists(site: Build) -> None:
    html = article(site.read("company-types/no-ml/index.html"))
    assert 'class="md-button md-button--primary" href="../../checklists/">Build your ' \
        'checklist</a>' in html
    assert 'href="../../checklists/no-ml/external/plan/"' in html


def rebuilt_with(tmp_path: Path, relative: str, edit: Callable[[str], str]) -> Build:
    """Build a copy of the guide fixture with one playbook file edited."""
    project = tmp_path / "guide"
    shutil.copytree(FIXTURES / "guide", project)
    path = project / relative
    path.write_text(edit(path.read_text()))
    build = run_build(project)
    assert build.returncode == 0, build.log
    return build


def test_a_step_added_in_yaml_changes_exactly_the_checklists_it_should(
        tmp_path: Path, manifest: dict[str, Any]) -> None:
    build = rebuilt_with(tmp_path, "playbooks/paths/evolution.yml", lambda text: text + (
        "  - id: show-shipped-feature\n"
        "    phase: scope-expansion\n"
        "    text: Show the ML feature you shipped at the team demo.\n"
        "    when: {manager_response: [not-yet]}\n"))
    after = {e["id"]: [i["id"] for i in e["items"]]
             for e in json.loads(build.read("checklists.json"))["checklists"]}
    before = {e["id"]: [i["id"] for i in e["items"]] for e in manifest["checklists"]}
    assert after.keys() == before.keys()
    changed = {slug for slug in after if after[slug] != before[slug]}
    assert changed == {"large/evolution/not-yet", "startup/evolution/not-yet"}
    html = build.read("checklists/startup/evolution/not-yet/index.html")
    assert 'id="it-step-show-shipped-feature"' in html


def test_item_ids_stay_the_same_when_steps_are_reordered(
        tmp_path: Path, manifest: dict[str, Any]) -> None:
    def move_roadmap_step_first(text: str) -> str:
        head, steps = text.split("steps:\n")
        first, second = steps.split("  - id: check-ml-roadmap\n")
        return head + "steps:\n  - id: check-ml-roadmap\n" + second + first

    build = rebuilt_with(tmp_path, "playbooks/phases/landscape-mapping.yml",
                         move_roadmap_step_first)
    after = entry(json.loads(build.read("checklists.json")), "large/transfer/not-asked")
    before = entry(manifest, "large/transfer/not-asked")
    assert [i["id"] for i in after["items"]][:2] == ["check-ml-roadmap", "find-who-moved"]
    assert sorted(map(str, after["items"])) == sorted(map(str, before["items"]))
    html = build.read("checklists/large/transfer/not-asked/index.html")
    assert 'id="it-step-find-who-moved" data-it-step="find-who-moved"' in html


def test_a_company_path_page_covers_every_response_and_says_which_steps_depend_on_it(
        site: Build, manifest: dict[str, Any]) -> None:
    html = article(site.read("checklists/acme/transfer/index.html"))
    answers = html[html.index('<div class="it-answers"'):]
    answers = answers[:answers.index("</div>")]
    links = Elements(answers).find("a")
    assert [(a["id"], a["href"], a["data-it-answer"]) for a in links if a.get("id")] == [
        (f"answer-{r}", f"#answer-{r}", r) for r in ("not-asked", "development-plan", "not-yet")]
    for response in ("not-asked", "development-plan", "not-yet"):
        items = entry(manifest, f"acme/transfer/{response}")["items"]
        assert steps_shown(html, response) == [i["id"] for i in items]
    shared = [i["id"] for i in entry(manifest, "acme/transfer/not-asked")["items"]]
    assert "acme-talent-review" in shared  # the company's own step, for every response
    milestones = html[html.index('<div class="it-item" data-it-responses="development-plan">'):]
    assert 'data-it-step="ask-for-milestones"' in milestones[:400]
    assert "Only if:</em> <strong>Development plan</strong>" in milestones[:900]
    gate = html.index('<div class="it-readiness"')
    assert html.rfind('data-it-responses="not-asked"', 0, gate) > html.index(
        'id="phase-manager-conversation"')
    assert html.count('<div class="it-readiness"') == 1
    assert "readiness check</a> is behind you" in html
    assert not (site.site / "checklists" / "acme" / "transfer" / "not-yet").exists()


def test_a_company_path_page_states_each_answers_computed_total(
        site: Build, manifest: dict[str, Any]) -> None:
    """A six-month revisit lengthens one answer's plan: the page says which total is whose,
    from the computed months."""
    html = article(site.read("checklists/acme/transfer/index.html"))
    totals = dict(re.findall(r'<span class="it-total" data-it-responses="([^"]*)">(.*?)</span>',
                             html, re.S))
    assert sorted(r for group in totals for r in group.split()) == sorted(
        ["not-asked", "development-plan", "not-yet"])
    for group, text in totals.items():
        for response in group.split():
            months = entry(manifest, f"acme/transfer/{response}")["total_months"]
            low, high = months["min"], months["max"]
            said = f"{low:g} to {high:g} months" if low != high else f"{low:g} month"
            assert f"<strong>{said}" in text, (response, text)
    assert "revisit" in totals["not-yet"]


def test_company_checklists_can_have_a_page_per_response(tmp_path: Path, site: Build) -> None:
    project = tmp_path / "guide"
    shutil.copytree(FIXTURES / "guide", project)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "plugins: [search, inside-track]",
        "plugins:\n  - search\n  - inside-track:\n      company_checklists: per-response\n"
        "      nav_company_limit: 0"))
    build = run_build(project)
    assert build.returncode == 0, build.log
    # more companies than the limit: the navigation lists the Companies index alone
    assert 'href="companies/acme/"' in site.read("index.html")
    home = build.read("index.html")
    assert 'href="companies/acme/"' not in home and 'href="companies/"' in home
    assert (build.site / "companies" / "acme" / "index.html").is_file()
    acme = entry(json.loads(build.read("checklists.json")), "acme/transfer/not-yet")
    assert acme["url"] == "checklists/acme/transfer/not-yet/"
    html = article(build.read("checklists/acme/transfer/not-yet/index.html"))
    assert re.findall(r'data-it-step="([^"]+)"', html) == [i["id"] for i in acme["items"]]
    assert "data-it-responses" not in html and "it-answers" not in html

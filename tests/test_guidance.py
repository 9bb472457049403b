"""Guidance rules: every generated checklist meets them, and a fork hears where it does not."""

from __future__ import annotations

import html
import re
import shutil
import textwrap
from pathlib import Path

import pytest

from conftest import ROOT, Build
from inside_track.checks.guidance import check_checklists, check_pages, load_rules
from inside_track.cli.main import main
from inside_track.library.loader import load_playbooks
from inside_track.outputs.pages import GeneratedPage, Guide, uri_for
from inside_track.problems import PlaybookError
from inside_track.render.renderer import Renderer

EDITIONS = {
    "guide": ([ROOT / "playbooks"], "public"),
    "acme": ([ROOT / "playbooks", ROOT / "examples/acme/company-playbooks"], "public"),
    "acme-internal": ([ROOT / "playbooks", ROOT / "examples/acme/company-playbooks",
                       ROOT / "examples/acme/internal-playbooks"], "internal"),
}


@pytest.mark.parametrize("name", sorted(EDITIONS))
def test_every_generated_checklist_meets_every_rule(name: str) -> None:
    folders, edition = EDITIONS[name]
    library = load_playbooks(folders, edition)  # type: ignore[arg-type]
    guide = Guide(library, Renderer())
    rules = load_rules()
    assert check_checklists(library, guide.checklists, rules) == []
    assert check_pages(library, guide.pages(), rules) == []


def test_no_rule_is_skipped_every_one_bites_somewhere() -> None:
    """A rule whose ``where`` matches no checklist, or whose steps never meet, proves nothing."""
    library = load_playbooks([ROOT / "playbooks"])
    checklists = Guide(library, Renderer()).checklists
    for rule, _ in load_rules():
        if rule.check in ("one-step-per-bullet", "no-raw-ids"):
            continue
        chosen = [c for c in checklists if rule.where is None
                  or rule.where.matches(c.situation.values, c.situation.facts)]
        assert chosen, rule.id
        if rule.step_order:
            assert any(len({i.step.id for i in c.items} & set(rule.step_order)) >= 2
                       for c in chosen), rule.id


def fork(tmp_path: Path, step: str) -> Path:
    folder = tmp_path / "company-playbooks"
    folder.mkdir()
    (folder / "acme.yml").write_text(textwrap.dedent("""\
        kind: company
        id: acme
        name: Acme
        title: Acme
        summary: A fork's company.
        company_type: large-process
        steps:
        """) + textwrap.indent(textwrap.dedent(step), "  "), encoding="utf-8")
    return folder


BOOKING = """\
- id: acme-book-it
  phase: manager-conversation
  text: Book the conversation with your manager through the HR portal.
"""


def test_validate_reports_a_broken_rule_at_the_steps_file_and_line(tmp_path, capsys) -> None:
    folder = fork(tmp_path, BOOKING)
    assert main(["validate", str(ROOT / "playbooks"), str(folder)]) == 1
    err = capsys.readouterr().err
    assert re.search(r"acme\.yml:8:\d+: rule 'no-booking-once-held' is broken in checklist "
                     r"acme/internal-transfer/(development-plan|revisit-later|needed-here|vague)",
                     err), err
    assert "not-yet" not in err  # before the conversation, booking it is the advice


def test_a_fork_adds_its_own_rules(tmp_path, capsys) -> None:
    folder = fork(tmp_path, """\
        - id: acme-ask-hr
          phase: landscape-mapping
          text: Ask HR about the internal mobility portal.
        """)
    rules = tmp_path / "rules.yml"
    rules.write_text(textwrap.dedent("""\
        rules:
          - id: say-talent-partner
            says: At Acme we say talent partner, never HR.
            where: {company_type: [large-process]}
            no_step_says: [Ask HR]
        """), encoding="utf-8")
    assert main(["validate", str(ROOT / "playbooks"), str(folder)]) == 0
    capsys.readouterr()
    assert main(["validate", str(ROOT / "playbooks"), str(folder), "--rules", str(rules)]) == 1
    assert "rule 'say-talent-partner' is broken" in capsys.readouterr().err


def test_a_rule_with_two_checks_is_a_located_error(tmp_path) -> None:
    rules = tmp_path / "rules.yml"
    rules.write_text("rules:\n  - id: both\n    says: Two at once.\n"
                     "    has_step: [a]\n    links_to: guide/x.md\n", encoding="utf-8")
    with pytest.raises(PlaybookError) as caught:
        load_rules([rules])
    assert "rules.yml:2:" in str(caught.value)  # the rule that has both
    assert "exactly one of" in str(caught.value)


def test_a_hard_case_no_checklist_shows_breaks_the_reachability_rule(tmp_path, capsys) -> None:
    folder = tmp_path / "company-playbooks"
    folder.mkdir()
    (folder / "stranded.yml").write_text(textwrap.dedent("""\
        kind: hard-case
        id: acme-stranded
        title: A case nobody meets
        summary: It names a phase the external path's checklists do not have.
        phases: [manager-conversation]
        when: {path: [external]}
        next: [Nothing.]
        """), encoding="utf-8")
    assert main(["validate", str(ROOT / "playbooks"), str(folder)]) == 1
    err = capsys.readouterr().err
    assert re.search(r"stranded\.yml:5:\d+: rule 'hard-cases-reachable' is broken: hard case "
                     r"'acme-stranded' is on no checklist", err), err
    (folder / "stranded.yml").write_text(
        (folder / "stranded.yml").read_text().replace("[external]", "[internal-transfer]"))
    assert main(["validate", str(ROOT / "playbooks"), str(folder)]) == 0


def test_template_and_hard_case_rules_name_what_a_checklist_lacks(tmp_path) -> None:
    rules = tmp_path / "rules.yml"
    rules.write_text(textwrap.dedent("""\
        rules:
          - id: bridge-everywhere
            says: Every transfer offers the bridge-role request.
            where: {path: [role-evolution]}
            has_template: [bridge-role-request]
          - id: tenure-everywhere
            says: Every checklist warns about tenure rules.
            where: {path: [role-evolution]}
            has_hard_case: [minimum-tenure]
        """), encoding="utf-8")
    library = load_playbooks([ROOT / "playbooks"])
    checklists = Guide(library, Renderer()).checklists
    problems = [str(p) for p in check_checklists(library, checklists, load_rules([rules]))]
    evolution = [c for c in checklists if c.situation.path.id == "role-evolution"]
    assert len([p for p in problems if "no step offers the template 'bridge-role-request'"
                in p]) == len(evolution)
    assert len([p for p in problems if "it lists no hard case 'minimum-tenure'"
                in p]) == len(evolution)
    library.shelves["template"] = [t for t in library.templates
                                   if t.id != "bridge-role-request"]
    problems = [str(p) for p in check_checklists(library, checklists, load_rules([rules]))]
    assert not [p for p in problems if "bridge-role-request" in p]  # a guide without it
    assert [p for p in problems if "minimum-tenure" in p]


def test_a_step_whose_template_is_missing_from_the_plan_breaks_a_rule() -> None:
    library = load_playbooks([ROOT / "playbooks"])
    library.shelves["template"] = [t for t in library.templates if t.id != "after-evaluation-note"]
    checklists = Guide(library, Renderer()).checklists
    problems = [str(p) for p in check_checklists(library, checklists, load_rules())]
    broken = [p for p in problems if "rule 'templates-exist'" in p]
    assert broken
    assert all("step 'send-note-after-evaluation' names the template 'after-evaluation-note'"
               in p for p in broken)


def test_page_rules_catch_steps_run_together_and_raw_ids() -> None:
    library = load_playbooks([ROOT / "playbooks"])
    bad = GeneratedPage("phases/x.md", "- Do one thing. *(only when company type is "
                        "large-process)*- Do another.\n", "x")
    problems = [str(p) for p in check_pages(library, [bad], load_rules())]
    assert any("two steps share one bullet" in p for p in problems)
    assert any("shows the id 'large-process'" in p for p in problems)


# --- the reference pages, as built ------------------------------------------------------------


@pytest.fixture(scope="module")
def site(real_site: Build) -> Path:
    return real_site.site


def playbooks_with_steps():
    library = load_playbooks([ROOT / "playbooks"])
    return library, [p for p in library.all() if p.steps]


@pytest.mark.slow
def test_reference_pages_render_one_step_per_bullet_with_conditions_in_words(site) -> None:
    library, playbooks = playbooks_with_steps()
    assert len(playbooks) >= 12  # every page that lists steps, the twelve reported and more
    raw_ids = {p.id for p in library.all() if "-" in p.id}
    for playbook in playbooks:
        page = (site / uri_for(playbook).removesuffix(".md") / "index.html").read_text()
        items = [html.unescape(re.sub(r"<[^>]+>", "", li))
                 for li in re.findall(r"<li>(.*?)</li>", page, re.S)]
        for step in playbook.steps:
            start = " ".join(step.text.split())
            holding = [li for li in items if start in " ".join(li.split())]
            assert len(holding) == 1, (playbook.id, step.id)
            others = [s for s in playbook.steps if s is not step
                      and " ".join(s.text.split()) in holding[0]]
            assert not others, (playbook.id, step.id, [s.id for s in others])
            if step.when:
                condition = re.search(r"\((only [^)]*)\)", holding[0])
                assert condition, (playbook.id, step.id)
                assert not {i for i in raw_ids if i in condition[1]}, condition[1]


@pytest.mark.slow
def test_the_checklist_page_shows_the_evidence_requirement_and_computed_total(site) -> None:
    page = (site / "checklists/large-process/internal-transfer/not-yet/index.html").read_text()
    assert 'data-it-require="evidence:1"' in page
    assert page.count('data-it-group="evidence"') == 3
    assert "at least 1 of them is from Evidence" in re.sub(r"<[^>]+>", "", page)
    revisit = (site / "checklists/large-process/internal-transfer/revisit-later/index.html"
               ).read_text()
    text = " ".join(re.sub(r"<[^>]+>", "", revisit).split())
    assert "Expect the whole move to take 12 to 15 months" in text
    assert "6 months for the six-month revisit" in text
    assert "over about 15 months" in revisit  # the timeline reads the same numbers
    assert "readiness check is behind you" in text
    assert "book the conversation" not in text.lower()


def test_validate_runs_the_packaged_rules_from_a_copied_project(tmp_path, capsys) -> None:
    shutil.copytree(ROOT / "playbooks", tmp_path / "playbooks")
    assert main(["validate", str(tmp_path / "playbooks")]) == 0
    assert "guidance rules" in capsys.readouterr().out


# --- the plan over time ----------------------------------------------------------------------


def _copy_guide(tmp_path: Path) -> Path:
    folder = tmp_path / "playbooks"
    shutil.copytree(ROOT / "playbooks", folder)
    return folder


def _broken(folder: Path) -> list[str]:
    library = load_playbooks([folder])
    return [problem.message for problem in
            check_checklists(library, Guide(library, Renderer()).checklists, load_rules())]


def test_a_not_yet_checklist_without_a_transition_breaks_a_rule(tmp_path: Path) -> None:
    folder = _copy_guide(tmp_path)
    answer = folder / "manager-responses" / "not-yet.yml"
    text = answer.read_text()
    answer.write_text(re.sub(r"\ntransitions:\n(  .*\n|    .*\n)+", "\n", text))
    messages = [m for m in _broken(folder) if "not-yet-ends-in-transition" in m]
    not_yet = [c for c in Guide(load_playbooks([folder]), Renderer()).checklists
               if c.situation.conversation_ahead]
    assert len(messages) == len(not_yet) > 0
    assert all("does not end in a transition" in m for m in messages)


def test_a_transition_that_leads_only_back_to_itself_is_no_way_out(tmp_path: Path) -> None:
    folder = _copy_guide(tmp_path)
    answer = folder / "manager-responses" / "not-yet.yml"
    answer.write_text(answer.read_text().replace(
        "to_response: [development-plan, revisit-later, needed-here, vague]",
        "to_response: [not-yet]"))
    messages = [m for m in _broken(folder) if "not-yet-ends-in-transition" in m]
    assert messages and all("does not end in a transition" in m for m in messages)


def test_a_gate_sign_that_presumes_an_ml_team_breaks_a_rule(tmp_path: Path) -> None:
    folder = _copy_guide(tmp_path)
    phase = folder / "phases" / "manager-conversation.yml"
    phase.write_text(phase.read_text().replace("      when: {company_has: [ml-team]}\n", ""))
    messages = [m for m in _broken(folder) if "no-ml-team-where-none" in m]
    assert any("ml-planned/" in m and "readiness sign 'ml-team-has-seen-your-work'" in m
               for m in messages)


def test_a_wait_beside_the_plan_that_adds_all_its_months_breaks_a_rule() -> None:
    from dataclasses import replace

    from inside_track.checks.guidance import _waits_beside

    library = load_playbooks([ROOT / "playbooks"])
    checklist = next(c for c in Guide(library, Renderer()).checklists
                     if c.slug == "large-process/internal-transfer/needed-here")
    assert _waits_beside(checklist) == []
    total = checklist.total
    assert total is not None
    [wait] = total.possible
    added = replace(wait, total_min=total.min + wait.min, total_max=total.max + wait.max)
    broken = replace(checklist, total=replace(total, possible=(added,)))
    [message] = _waits_beside(broken)
    assert "adds all of its 6 to 12 months" in message

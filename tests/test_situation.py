"""The planner's decisions per situation, on the guide's own playbooks.

Each test names a situation a reader can be in and checks what the planner decides for it:
which steps stay, in which order, over which months, and behind which gate.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, write
from inside_track.library.loader import load_playbooks
from inside_track.outputs import manifest
from inside_track.outputs.pages import Guide
from inside_track.plan.checklists import Checklist, plan_all
from inside_track.problems import PlaybookError
from inside_track.render.renderer import Renderer

PLAYBOOKS = ROOT / "playbooks"


@pytest.fixture(scope="module")
def checklists() -> dict[str, Checklist]:
    return {c.slug: c for c in plan_all(load_playbooks([PLAYBOOKS]))}


def ids(checklist: Checklist) -> list[str]:
    return [item.step.id for item in checklist.items]


def test_once_the_conversation_is_held_no_step_books_or_opens_it(checklists) -> None:
    held = [c for c in checklists.values() if c.situation.conversation_held]
    assert held, "no situation has the manager conversation behind it"
    for checklist in held:
        assert not {"check-readiness-signs", "open-with-growth-framing",
                    "set-readiness-check-date"} & set(ids(checklist)), checklist.slug
        assert not any(p.readiness for p in checklist.phases)
        assert not {"readiness-check", "manager-conversation"} & {
            m.id for m in checklist.milestones}
    ahead = checklists["large-process/internal-transfer/not-yet"]
    assert {"check-readiness-signs", "open-with-growth-framing"} <= set(ids(ahead))


def test_you_are_here_starts_at_the_conversation_once_it_is_held(checklists) -> None:
    assert checklists["small-relationship/role-evolution/not-yet"].start_phase == \
        "landscape-mapping"
    assert checklists["small-relationship/role-evolution/needed-here"].start_phase == \
        "manager-conversation"
    planned = checklists["small-relationship/role-evolution/needed-here"]
    [phase] = [p for p in planned.phases if p.phase.id == "manager-conversation"]
    assert phase.conversation_behind
    # vague leaves nothing in the conversation phase: the reader stands just after it
    vague = checklists["large-process/internal-transfer/vague"]
    assert "manager-conversation" not in [p.phase.id for p in vague.phases]
    assert vague.start_phase == "transfer-or-formalization"


def test_readiness_check_is_dated_and_run_before_the_conversation_opens(checklists) -> None:
    steps = ids(checklists["ml-planned/role-evolution/not-yet"])
    order = [steps.index(s) for s in ("set-readiness-check-date", "check-readiness-signs",
                                      "open-with-growth-framing")]
    assert order == sorted(order)


def test_the_roadmap_check_opens_the_mapping_on_a_role_evolution(checklists) -> None:
    mapping = next(p for p in checklists["large-process/role-evolution/not-yet"].phases
                   if p.phase.id == "landscape-mapping")
    assert mapping.items[0].step.id == "confirm-ml-on-team-roadmap"


def test_evolution_then_transfer_asks_about_headcount_first_and_checkpoints_first(
        checklists) -> None:
    checklist = checklists["large-process/evolution-then-transfer/development-plan"]
    where = {item.step.id: item.step.phase for item in checklist.items}
    assert where["line-up-ml-team-opening"] == "landscape-mapping"
    official = next(p for p in checklist.phases if p.phase.id == "transfer-or-formalization")
    assert official.items[0].step.id == "bring-evidence-to-checkpoint"


def test_a_vague_manager_on_role_evolution_opens_the_transfer_in_parallel(checklists) -> None:
    for company_type in ("large-process", "small-relationship"):
        checklist = checklists[f"{company_type}/role-evolution/vague"]
        steps = ids(checklist)
        parallel = next(i for i in checklist.items
                        if i.step.id == "open-transfer-route-in-parallel")
        assert parallel.step.phase == "relationship-building"
        assert steps.index("set-scope-deadline-with-fallback") < steps.index(
            "agree-scope-and-title-change")
    # no ML team, no transfer to open
    assert "open-transfer-route-in-parallel" not in ids(
        checklists["ml-in-pockets/role-evolution/vague"])


def test_steps_follow_what_the_company_has_in_the_way_of_ml(checklists) -> None:
    planned = ids(checklists["ml-planned/role-evolution/vague"])
    assert "use-system-level-framing" not in planned  # no ML engineers to present to
    assert "find-another-sponsor" not in planned  # nobody owns a model yet
    assert "find-ml-feature-sponsor" in planned
    pockets = ids(checklists["ml-in-pockets/role-evolution/vague"])
    assert "find-another-sponsor" in pockets and "find-ml-feature-sponsor" not in pockets
    no_ml = checklists["no-ml/external/plan"]
    assert "keep-impact-log-before-ml" in ids(no_ml)
    assert "keep-strong-impact-log" not in ids(no_ml)
    assert any((i.step.see or "").startswith("guide/learn-ml.md") for i in no_ml.items)


def test_formalizing_a_new_ml_function_needs_leadership_then_title_and_level(
        checklists) -> None:
    official = next(p for p in checklists["ml-in-pockets/role-evolution/needed-here"].phases
                    if p.phase.id == "transfer-or-formalization")
    assert [i.step.id for i in official.items][:3] == [
        "get-leadership-approval-for-ml-function", "define-ml-title-and-level",
        "agree-scope-and-title-change"]


def test_a_six_month_revisit_adds_six_months_and_moves_what_follows(checklists) -> None:
    base = checklists["small-relationship/internal-transfer/needed-here"]
    later = checklists["small-relationship/internal-transfer/revisit-later"]
    assert (base.total.min, base.total.max) == (6, 9)
    assert (later.total.min, later.total.max) == (12, 15)
    official = {c.slug: next(p for p in c.phases if p.phase.id == "transfer-or-formalization")
                for c in (base, later)}
    assert official[later.slug].start_month == official[base.slug].start_month + 6
    revisit = {m.id: m.month for m in later.milestones}["six-month-revisit"]
    assert revisit == official[later.slug].start_month
    assert "six-month revisit" in later.total_timeline or later.total.parts[-1].title == \
        "the six-month revisit"


def test_an_evolution_then_transfer_adds_a_transfer_cycle_to_its_timeline(checklists) -> None:
    checklist = checklists["large-process/evolution-then-transfer/needed-here"]
    assert (checklist.total.min, checklist.total.max) == (9, 15)
    assert max(p.end_month for p in checklist.phases) == 15  # the timeline plans it too
    ongoing = next(p for p in checklist.phases if p.phase.id == "relationship-building")
    assert ongoing.end_month == 15  # it runs on to the end of the plan


def test_a_headcount_wait_runs_beside_the_plan_instead_of_adding_to_it(checklists) -> None:
    checklist = checklists["large-process/internal-transfer/needed-here"]
    [wait] = checklist.total.possible
    assert (wait.min, wait.max, wait.runs) == (6, 12, "beside")
    assert (checklist.total.min, checklist.total.max) == (6, 9)
    # it starts once the mapping shows the team is full (month 1) and the bridge work of
    # scope expansion runs beside it: 7 to 13 months in all, not 6 to 9 plus 6 to 12
    assert checklist.total.with_possible(wait) == "7 to 13 months"
    assert {"scope-expansion", "relationship-building"} <= set(wait.overlaps)


def test_on_evolution_then_transfer_the_evolution_is_the_headcount_wait(checklists) -> None:
    checklist = checklists["large-process/evolution-then-transfer/needed-here"]
    [wait] = checklist.total.possible
    assert checklist.total.with_possible(wait) == checklist.total.text == "9 to 15 months"


def test_a_long_accepted_wait_past_month_sixty_plans_without_a_schema_error(
        tmp_path: Path) -> None:
    folder = tmp_path / "playbooks"
    shutil.copytree(PLAYBOOKS, folder)
    revisit = folder / "manager-responses" / "revisit-later.yml"
    text = revisit.read_text()
    longer = re.sub(r"months: \{min: 6, max: 6", "months: {min: 48, max: 60", text)
    assert longer != text
    revisit.write_text(longer)
    checklist = next(c for c in plan_all(load_playbooks([folder]))
                     if c.slug == "large-process/internal-transfer/revisit-later")
    assert checklist.total.max > 60
    assert max(p.span.end for p in checklist.phases) == checklist.total.max


def test_durations_belong_to_the_company_type(checklists) -> None:
    """6 to 9 months is the figure for companies with an ML function; the others compute
    their own, and ML planned ends its scope expansion when the planned features are due."""
    for slug, checklist in checklists.items():
        has_ml = "ml-team" in checklist.situation.company_type.has
        if slug.endswith(("/development-plan", "/needed-here")) and has_ml:
            assert checklist.total.text == "6 to 9 months" or "evolution" in slug
        elif not has_ml:
            assert checklist.total.text != "6 to 9 months", slug
    planned = checklists["ml-planned/role-evolution/development-plan"]
    due = {m.id: m.month for m in planned.milestones}["planned-ml-features-due"]
    expansion = next(p for p in planned.phases if p.phase.id == "scope-expansion")
    assert expansion.span.end == due
    assert expansion.span.earliest_end < due


def test_on_the_external_path_study_comes_before_the_search(checklists) -> None:
    checklist = checklists["no-ml/external/plan"]
    by_id = {p.phase.id: p for p in checklist.phases}
    assert by_id["external-search"].span.start >= by_id["scope-expansion"].span.earliest_end
    gate = by_id["external-search"].readiness
    assert gate is not None and "built-and-can-explain-a-model" in {s.id for s in gate.signs}
    assert not any(p.readiness for p in checklist.phases if p.phase.id != "external-search")


def test_no_gate_sign_asks_for_an_ml_team_the_company_lacks(checklists) -> None:
    for slug in ("ml-planned/role-evolution/not-yet", "ml-in-pockets/role-evolution/not-yet"):
        gate = next(p.readiness for p in checklists[slug].phases if p.readiness)
        assert "ml-team-has-seen-your-work" not in {s.id for s in gate.signs}
    gate = next(p.readiness for p in checklists["large-process/internal-transfer/not-yet"]
                .phases if p.readiness)
    assert "ml-team-has-seen-your-work" in {s.id for s in gate.signs}


def test_manifest_carries_months_per_phase_in_total_and_milestones() -> None:
    guide = Guide(load_playbooks([PLAYBOOKS]), Renderer())
    entries = {e["id"]: e for e in manifest.build(guide.checklists, guide.page_of, "public",
                                                    lambda uri: uri)["checklists"]}
    entry = entries["large-process/role-evolution/revisit-later"]
    assert (entry["total_months"]["min"], entry["total_months"]["max"]) == (12, 15)
    official = next(p for p in entry["phases"] if p["id"] == "transfer-or-formalization")
    assert (official["start_month"], official["end_month"]) == (11, 15)
    assert {"review-cycle", "six-month-revisit"} <= {m["id"] for m in entry["milestones"]}


def test_the_readiness_gate_requires_evidence(checklists) -> None:
    gate = next(p.readiness for p in checklists["large-process/internal-transfer/not-yet"].phases
                if p.readiness)
    assert [(n.group, n.at_least) for n in gate.require] == [("evidence", 1)]
    knowledge = {s.id for s in gate.signs if s.group != "evidence"}
    assert {"know-your-route", "know-approval-process"} <= knowledge


# --- order and requirements as data, in a fork ---------------------------------------------


@pytest.fixture
def fork(tmp_path: Path) -> Path:
    upstream = tmp_path / "playbooks"
    shutil.copytree(PLAYBOOKS, upstream)
    (tmp_path / "company").mkdir()
    return tmp_path


COMPANY = """\
    kind: company
    id: acme
    name: Acme
    title: Acme
    summary: A fork's company.
    company_type: large-process
    steps:
      - id: acme-talent-calendar
        phase: landscape-mapping
        text: Look up the talent calendar on the intranet.
        {order}
    """


def test_a_forks_step_can_go_before_an_upstream_step_by_id(fork: Path) -> None:
    write(fork / "company", "acme.yml",
          COMPANY.format(order="before: [find-review-cycle-dates]"))
    library = load_playbooks([fork / "playbooks", fork / "company"])
    checklist = next(c for c in plan_all(library)
                     if c.situation.slug == "acme/internal-transfer/not-yet")
    steps = ids(checklist)
    assert steps.index("acme-talent-calendar") < steps.index("find-review-cycle-dates")
    write(fork / "company", "acme.yml", COMPANY.format(order=""))
    library = load_playbooks([fork / "playbooks", fork / "company"])
    checklist = next(c for c in plan_all(library)
                     if c.situation.slug == "acme/internal-transfer/not-yet")
    steps = ids(checklist)
    assert steps.index("acme-talent-calendar") > steps.index("find-review-cycle-dates")


@pytest.mark.parametrize(("order", "message"), [
    ("before: [no-such-step]", "'no-such-step' is not a known step"),
    ("before: [keep-strong-impact-log]", "is in phase 'scope-expansion'"),
    ("after: [check-ml-headcount]\n        before: [check-ml-headcount]", "loop"),
])
def test_a_bad_order_is_a_located_error(fork: Path, order: str, message: str) -> None:
    path = write(fork / "company", "acme.yml", COMPANY.format(order=order))
    with pytest.raises(PlaybookError) as caught:
        load_playbooks([fork / "playbooks", fork / "company"])
    text = str(caught.value)
    assert message in text
    assert f"{path.name}:" in text


def test_a_requirement_the_signs_cannot_meet_is_refused(fork: Path) -> None:
    phase = fork / "playbooks" / "phases" / "manager-conversation.yml"
    phase.write_text(phase.read_text().replace("{group: evidence, at_least: 1}",
                                               "{group: evidence, at_least: 4}"))
    with pytest.raises(PlaybookError) as caught:
        load_playbooks([fork / "playbooks"])
    assert "manager-conversation.yml:" in str(caught.value)
    assert "group 'evidence' but it has 3" in str(caught.value)


def test_plan_data_reads_the_computed_months(checklists) -> None:
    from inside_track.outputs.plan_data import plan_data

    checklist = checklists["large-process/internal-transfer/revisit-later"]
    data = plan_data(checklist)
    official = next(p for p in data["phases"] if p["id"] == "transfer-or-formalization")
    assert (official["start_month"], official["end_month"]) == (11, 15)
    steps = [step["id"] for phase in data["phases"] for step in phase["steps"]]
    assert steps and steps == [i.step.id for i in checklist.items]
    assert data["total_months"] == {"min": 12, "max": 15}
    assert [m["month"] for m in data["milestones"]] == sorted(
        m["month"] for m in data["milestones"])


def test_a_wait_moves_what_follows_and_leaves_a_phase_that_ends_before_it(fork: Path) -> None:
    """Acme holds the conversation in months 2-4, when scope expansion also ends: a
    six-month revisit after it moves what comes next and stretches what runs across it
    (relationship building), but a phase already over when the wait starts stays as it was."""
    write(fork / "company", "acme.yml", COMPANY.format(order="").replace(
        "steps:", "phases:\n      manager-conversation: {span: {start: 2, end: 4}}\n    steps:"))
    library = load_playbooks([fork / "playbooks", fork / "company"])
    spans = {c.situation.slug: {p.phase.id: (p.start_month, p.end_month) for p in c.phases}
             for c in plan_all(library) if c.situation.company}
    plain = spans["acme/internal-transfer/needed-here"]
    later = spans["acme/internal-transfer/revisit-later"]
    assert plain["scope-expansion"] == (0.5, 4)
    assert later["scope-expansion"] == (0.5, 4)
    assert later["manager-conversation"] == (2, 10)
    assert later["relationship-building"] == (1, plain["relationship-building"][1] + 6)
    assert later["transfer-or-formalization"] == tuple(
        month + 6 for month in plain["transfer-or-formalization"])


# --- transitions ---------------------------------------------------------------------------


def test_a_not_yet_checklist_ends_by_recording_the_answer(checklists) -> None:
    for slug, checklist in checklists.items():
        if not slug.endswith("/not-yet"):
            continue
        [move] = [m for m in checklist.transitions if m.transition.closes]
        at = [p.phase.id for p in checklist.phases].index(move.transition.phase)
        assert not [i for p in checklist.phases[at + 1:] for i in p.items], slug
        assert all(p.after_answer for p in checklist.phases[at + 1:])
        answers = {t.situation.response.id for t in move.targets if t.situation.response}
        assert answers == {"development-plan", "revisit-later", "needed-here", "vague"}
        for target in move.targets:
            there = checklists[target.situation.slug]
            assert list(target.step_ids) == [i.step.id for i in there.items]
            # most ticks carry over: the steps before the answer are shared
            shared = {i.step.id for i in checklist.items} & set(target.step_ids)
            assert len(shared) >= len(checklist.items) // 2, (slug, target.situation.slug)


def test_the_revisit_leads_to_its_outcomes_and_a_stalled_transfer_to_evolution(
        checklists) -> None:
    revisit = checklists["small-relationship/internal-transfer/revisit-later"]
    outcomes = {t.situation.slug for m in revisit.transitions for t in m.targets}
    assert "small-relationship/internal-transfer/development-plan" in outcomes
    assert not any(s.endswith("/revisit-later") for s in outcomes)
    plan = checklists["large-process/internal-transfer/development-plan"]
    [stall] = plan.transitions
    assert [t.situation.slug for t in stall.targets] == [
        "large-process/role-evolution/development-plan"]
    assert not checklists["no-ml/external/plan"].transitions


def test_a_forks_company_gets_the_same_transitions_to_its_own_pages(fork: Path) -> None:
    write(fork / "company", "acme.yml", COMPANY.format(order=""))
    library = load_playbooks([fork / "playbooks", fork / "company"])
    guide = Guide(library, Renderer())
    not_yet = next(c for c in guide.checklists if c.slug == "acme/internal-transfer/not-yet")
    [move] = [m for m in not_yet.transitions if m.transition.closes]
    assert {t.situation.company.id for t in move.targets if t.situation.company} == {"acme"}
    data = manifest.build(guide.checklists, guide.page_of, "public", lambda uri: uri)
    entry = next(e for e in data["checklists"] if e["id"] == "acme/internal-transfer/not-yet")
    urls = {t["id"]: t["url"] for t in entry["transitions"][0]["targets"]}
    assert urls["acme/internal-transfer/vague"] == \
        "checklists/acme/internal-transfer.md#answer-vague"

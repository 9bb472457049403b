"""Planning rules: which checklists exist and which steps land where, from the data alone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, write
from inside_track.library.loader import load_playbooks
from inside_track.plan.checklists import Checklist, plan_all, situations
from inside_track.problems import PlaybookError

GUIDE = FIXTURES / "guide" / "playbooks"


def plans(folder: Path = GUIDE) -> dict[str, Checklist]:
    return {c.situation.slug: c for c in plan_all(load_playbooks([folder]))}


def item_ids(checklist: Checklist) -> list[str]:
    return [item.step.id for item in checklist.items]


@pytest.fixture
def playbooks(tmp_path: Path) -> Path:
    """A writable copy of the guide fixture's playbooks."""
    folder = tmp_path / "playbooks"
    shutil.copytree(GUIDE, folder)
    return folder


def test_valid_combinations_follow_each_company_types_paths_and_the_responses() -> None:
    responses = ["not-asked", "development-plan", "not-yet"]
    expected = {f"{t}/{p}/{r}" for t, paths in (
        ("large", ["transfer", "evolution", "evolution-then-transfer"]),
        ("startup", ["transfer", "evolution"]),
        ("acme", ["transfer"]),
    ) for p in paths for r in responses} | {"no-ml/external/plan"}
    assert set(plans()) == expected


def test_no_ml_company_leads_only_to_the_external_path_with_no_manager_question() -> None:
    library = load_playbooks([GUIDE])
    found = [s for s in situations(library) if s.company_type.id == "no-ml"]
    assert [(s.path.id, s.response) for s in found] == [("external", None)]
    assert not any(s.path.id == "external" for s in situations(library)
                   if s.company_type.id != "no-ml")


def test_a_transfer_has_a_second_manager_and_headcount_an_evolution_does_not() -> None:
    checklists = plans()
    transfer = item_ids(checklists["large/transfer/development-plan"])
    evolution = item_ids(checklists["large/evolution/development-plan"])
    assert {"win-ml-manager", "wait-for-headcount", "agree-release"} <= set(transfer)
    assert not {"win-ml-manager", "wait-for-headcount", "agree-release"} & set(evolution)
    assert "agree-title-change" in evolution
    assert "agree-title-change" not in transfer


def test_conditions_on_phase_steps_select_by_path_and_by_response() -> None:
    checklists = plans()
    with_design_doc = {slug for slug, c in checklists.items()
                       if "review-ml-design-doc" in item_ids(c)}
    assert with_design_doc == {slug for slug in checklists
                               if slug.split("/")[1] in ("transfer", "evolution-then-transfer")}
    opening = {slug for slug, c in checklists.items() if "open-conversation" in item_ids(c)}
    assert opening == {slug for slug in checklists if slug.endswith("/not-asked")}


def test_items_are_grouped_by_phase_in_the_guides_order() -> None:
    checklist = plans()["large/transfer/not-asked"]
    assert [p.phase.id for p in checklist.phases] == [
        "landscape-mapping", "scope-expansion", "relationship-building",
        "manager-conversation", "making-it-official"]
    assert item_ids(checklist) == [i.step.id for p in checklist.phases for i in p.items]
    for planned in checklist.phases:
        assert {i.step.phase for i in planned.items} <= {planned.phase.id}
    assert item_ids(checklist)[:3] == ["find-who-moved", "check-ml-roadmap", "note-review-cycle"]


def test_phases_with_nothing_to_do_are_left_out() -> None:
    checklist = plans()["no-ml/external/plan"]
    assert [p.phase.id for p in checklist.phases] == [
        "landscape-mapping", "scope-expansion", "making-it-official"]
    # computed, not typed: the last phase can be done at month 6 and ends by month 8
    assert checklist.total_timeline == "6 to 8 months"


def test_readiness_gate_appears_only_while_the_conversation_is_ahead() -> None:
    checklists = plans()
    gated = {slug for slug, c in checklists.items() if any(p.readiness for p in c.phases)}
    assert gated == {slug for slug in checklists if slug.endswith("/not-asked")}
    [phase] = [p for p in checklists["startup/evolution/not-asked"].phases if p.readiness]
    assert phase.phase.id == "manager-conversation"
    assert phase.readiness is not None and phase.readiness.minimum == 2


def test_a_gate_keeps_its_phase_even_without_steps(playbooks: Path) -> None:
    path = playbooks / "phases" / "manager-conversation.yml"
    text = path.read_text()
    path.write_text(text[:text.index("steps:")])
    checklist = plans(playbooks)["startup/evolution/not-asked"]
    [phase] = [p for p in checklist.phases if p.phase.id == "manager-conversation"]
    assert phase.items == [] and phase.readiness is not None


def test_a_company_replaces_steps_and_adjusts_its_timeline() -> None:
    acme = plans()["acme/transfer/development-plan"]
    assert "acme-talent-review" in item_ids(acme)
    assert "wait-for-headcount" not in item_ids(acme)
    official = next(p for p in acme.phases if p.phase.id == "making-it-official")
    assert (official.duration, official.span.start, official.span.end) == (
        "2 to 4 months at Acme", 6, 10)
    # the company's own span moves the computed total: its last phase ends at month 10
    assert (acme.total.min, acme.total.max) == (10, 10)
    generic = plans()["large/transfer/development-plan"]
    assert "wait-for-headcount" in item_ids(generic)
    assert generic.total_timeline == "6 to 9 months"


def test_adding_a_company_type_adds_exactly_its_checklists(playbooks: Path) -> None:
    before = set(plans(playbooks))
    write(playbooks / "company-types", "ml-planned.yml", """\
        kind: company-type
        id: ml-planned
        title: ML planned
        summary: ML features are on the roadmap, with nobody leading them.
        recognise: [ML features are planned for the next quarters.]
        paths: [evolution, external]
        """)
    after = set(plans(playbooks))
    assert after - before == {"ml-planned/evolution/not-asked",
                              "ml-planned/evolution/development-plan",
                              "ml-planned/evolution/not-yet", "ml-planned/external/plan"}
    assert before <= after


def test_adding_a_manager_response_adds_one_checklist_per_conversation_path(
        playbooks: Path) -> None:
    before = set(plans(playbooks))
    write(playbooks / "manager-responses", "need-you.yml", """\
        kind: manager-response
        id: need-you
        title: We need you here
        summary: A team dependency, not a no.
        says: We need you here right now
        means: Team dependency
        handle: Agree a handover timeline
        """)
    added = set(plans(playbooks)) - before
    assert added == {slug.rsplit("/", 1)[0] + "/need-you" for slug in before
                     if not slug.endswith("/plan") and slug.endswith("/not-yet")}
    assert not any(slug.startswith("no-ml/") for slug in added)


def test_adding_a_step_with_a_condition_changes_exactly_the_checklists_it_should(
        playbooks: Path) -> None:
    before = {slug: item_ids(c) for slug, c in plans(playbooks).items()}
    path = playbooks / "phases" / "relationship-building.yml"
    path.write_text(path.read_text() + (
        "  - id: agree-follow-up-date\n"
        "    phase: relationship-building\n"
        "    text: Agree a follow-up date with the ML lead.\n"
        "    when: {company_type: [large], manager_response: [not-yet, development-plan]}\n"))
    after = {slug: item_ids(c) for slug, c in plans(playbooks).items()}
    assert after.keys() == before.keys()
    changed = {slug for slug in after if after[slug] != before[slug]}
    assert changed == {f"{first}/{path}/{response}"
                       for first, paths in (("large", ["transfer", "evolution",
                                                        "evolution-then-transfer"]),
                                            ("acme", ["transfer"]))
                       for path in paths for response in ("not-yet", "development-plan")}
    for slug in changed:
        assert [i for i in after[slug] if i != "agree-follow-up-date"] == before[slug]
        checklist = plans(playbooks)[slug]
        phase = next(p for p in checklist.phases if p.phase.id == "relationship-building")
        assert "agree-follow-up-date" in [i.step.id for i in phase.items]


def test_sign_ids_must_be_distinct(playbooks: Path) -> None:
    path = playbooks / "phases" / "manager-conversation.yml"
    path.write_text(path.read_text().replace("id: can-name-role", "id: shipped-ml-adjacent"))
    with pytest.raises(PlaybookError) as caught:
        load_playbooks([playbooks])
    [problem] = caught.value.problems
    assert problem.field == "readiness.signs"
    assert "sign id 'shipped-ml-adjacent' is used twice" in problem.message


def test_minimum_cannot_exceed_the_number_of_signs(playbooks: Path) -> None:
    path = playbooks / "phases" / "manager-conversation.yml"
    path.write_text(path.read_text().replace("minimum: 2", "minimum: 4"))
    with pytest.raises(PlaybookError) as caught:
        load_playbooks([playbooks])
    assert "minimum is 4 but there are only 3 signs" in str(caught.value)


HARD_CASE = """\
    kind: hard-case
    id: team-dissolved
    title: The team is dissolved
    summary: A reorganisation removes the team.
    phases: [scope-expansion, making-it-official]
    when: {path: [transfer]}
    next: [Find out where the work went.]
    """


def test_hard_cases_land_in_the_phases_and_situations_their_data_names(
        playbooks: Path) -> None:
    write(playbooks, "team-dissolved.yml", HARD_CASE)
    for slug, checklist in plans(playbooks).items():
        listed = {p.phase.id: [found.case.id for found in p.hard_cases]
                  for p in checklist.phases}
        on_transfer = checklist.situation.path.id == "transfer"
        for phase, cases in listed.items():
            expected = on_transfer and phase in ("scope-expansion", "making-it-official")
            assert cases == (["team-dissolved"] if expected else []), (slug, phase)
        if on_transfer:
            assert "scope-expansion" in listed, slug


def test_a_merged_company_checklist_says_which_answers_a_hard_case_is_for(
        playbooks: Path) -> None:
    from inside_track.plan.checklists import merge_responses

    write(playbooks, "team-dissolved.yml",
          HARD_CASE.replace("{path: [transfer]}", "{path: [transfer], "
                            "manager_response: [not-yet]}"))
    library = load_playbooks([playbooks])
    variants = [c for c in plan_all(library) if c.situation.company is not None
                and c.situation.path.id == "transfer"]
    assert len(variants) > 1
    merged = merge_responses(library, variants)
    [found] = [f for p in merged.phases if p.phase.id == "scope-expansion"
               for f in p.hard_cases]
    assert (found.case.id, found.responses) == ("team-dissolved", ("not-yet",))


def test_a_step_carries_the_template_it_names(playbooks: Path) -> None:
    write(playbooks, "note.yml", """\
        kind: template
        id: note
        title: A note
        summary: Send it.
        text: "Hi [name],"
        """)
    step_file = playbooks / "phases" / "scope-expansion.yml"
    text = step_file.read_text(encoding="utf-8")
    first_step = text.index("  - id: ")
    end = text.index("\n", text.index("phase: scope-expansion", first_step))
    step_file.write_text(text[:end] + "\n    template: note" + text[end:], encoding="utf-8")
    library = load_playbooks([playbooks])
    carrying = [item for c in plan_all(library) for item in c.items if item.template]
    assert carrying and all(item.template is library.get("template", "note")
                            for item in carrying)


def test_a_template_or_hard_case_that_names_nothing_known_is_located(playbooks: Path) -> None:
    write(playbooks, "team-dissolved.yml", HARD_CASE.replace(
        "[scope-expansion, making-it-official]", "[scope-expanson]").replace(
        "next:", "template: missing-note\n    next:"))
    with pytest.raises(PlaybookError) as caught:
        load_playbooks([playbooks])
    messages = [str(p) for p in caught.value.problems]
    assert any("team-dissolved.yml:5:" in m and "phases[0]: 'scope-expanson' is not a known "
               "phase (did you mean 'scope-expansion'?)" in m for m in messages), messages
    assert any("template: 'missing-note' is not a known template" in m for m in messages)


def test_a_hard_case_cannot_carry_steps(playbooks: Path) -> None:
    write(playbooks, "team-dissolved.yml", HARD_CASE.rstrip(" ")
          + "    steps:\n      - {id: x, phase: scope-expansion, text: X.}\n")
    with pytest.raises(PlaybookError) as caught:
        load_playbooks([playbooks])
    assert "a hard-case has no 'steps'" in str(caught.value)


def test_time_and_transition_fields_name_known_ids_with_a_location(playbooks: Path) -> None:
    answer = next(playbooks.glob("manager-responses/*.yml"))
    answer.write_text(answer.read_text() + (
        "transitions:\n"
        "  - id: onward\n"
        "    title: Record the answer\n"
        "    phase: manager-conversaton\n"
        "    to_response: [no-such-answer]\n"
        "anchors:\n"
        "  - {id: due, title: Due, phase: nowhere, months: {min: 1, max: 2}}\n"))
    with pytest.raises(PlaybookError) as caught:
        load_playbooks([playbooks])
    text = str(caught.value)
    assert f"{answer.name}:" in text
    assert "'manager-conversaton' is not a known phase" in text
    assert "'no-such-answer' is not a known manager-response" in text
    assert "'nowhere' is not a known phase" in text

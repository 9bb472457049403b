"""Overlay rules as a fork uses them: its folders come after upstream and change it by id."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, write
from inside_track.library.loader import load_playbooks
from inside_track.outputs.pages import Guide
from inside_track.plan.checklists import plan_all
from inside_track.problems import PlaybookError
from inside_track.render.renderer import Renderer

UPSTREAM = FIXTURES / "upstream" / "playbooks"
ACME = """\
    kind: company
    id: acme
    name: Acme Robotics
    title: Acme Robotics
    company_type: large-process
    summary: A robotics company.
    mobility:
      review_cycles: Once a year, in Q1.
      transfer_process: Through the Q1 talent review.
    phases:
      landscape-mapping: {duration: 3 to 6 weeks, span: {start: 0, end: 2}}
    total_timeline: 9 to 14 months
    steps:
      - {id: acme-one, phase: landscape-mapping, text: First.}
      - {id: acme-two, phase: scope-expansion, text: Second.}
      - {id: acme-three, phase: manager-conversation, text: Third.}
    scripts:
      - {id: acme-ask, title: Ask, purpose: Ask., text: Please.}
    """


def test_extend_merges_by_id_key_by_key_and_replaces_plain_values(tmp_path: Path) -> None:
    fork, internal = tmp_path / "company-playbooks", tmp_path / "internal-playbooks"
    write(fork, "acme.yml", ACME)
    write(internal, "acme.yml", """\
        kind: company
        id: acme
        merge: extend
        mobility:
          decides: The Talent Council.
        phases:
          landscape-mapping: {duration: 4 to 8 weeks}
          manager-conversation: {duration: November}
        total_timeline: 11 months
        steps:
          - {id: acme-two, phase: scope-expansion, text: "Second, changed."}
          - {id: acme-three, remove: true}
          - {id: acme-four, phase: transfer-or-formalization, text: Fourth.}
        scripts:
          - {id: acme-ask, title: Ask, purpose: Ask., text: "Please, now."}
        """)
    acme = load_playbooks([UPSTREAM, fork, internal]).get("company", "acme")
    assert acme.total_timeline == "11 months"  # plain value: replaced
    assert (acme.mobility.review_cycles, acme.mobility.decides) == (
        "Once a year, in Q1.", "The Talent Council.")  # mapping: merged key by key
    assert acme.phases["landscape-mapping"].duration == "4 to 8 weeks"
    assert acme.phases["landscape-mapping"].span is not None  # kept from the earlier file
    assert acme.phases["manager-conversation"].duration == "November"
    assert [(s.id, s.text) for s in acme.steps] == [  # id lists: in place, removed, appended
        ("acme-one", "First."), ("acme-two", "Second, changed."), ("acme-four", "Fourth.")]
    assert [s.text for s in acme.scripts] == ["Please, now."]


def test_a_fork_extends_an_upstream_playbook_without_editing_it(tmp_path: Path) -> None:
    write(tmp_path, "manager-conversation.yml", """\
        kind: phase
        id: manager-conversation
        merge: extend
        duration: Before the Q1 talent review
        scripts:
          - id: growth-framing
            title: Frame it as growth
            purpose: Open the conversation.
            text: At Acme, start from the goals you set in the last talent review.
        """)
    before = (UPSTREAM / "phases" / "manager-conversation.yml").read_text()
    library = load_playbooks([UPSTREAM, tmp_path])
    phase = library.get("phase", "manager-conversation")
    assert phase.duration == "Before the Q1 talent review"
    assert phase.title == "Manager conversation"
    assert library.scripts["growth-framing"].text.startswith("At Acme, start from")
    assert [s.id for s in phase.steps] == ["open-with-growth-framing"]
    assert (UPSTREAM / "phases" / "manager-conversation.yml").read_text() == before


def test_replace_swaps_the_whole_playbook(tmp_path: Path) -> None:
    write(tmp_path, "role-evolution.yml", """\
        kind: path
        id: role-evolution
        merge: replace
        title: Grow into ML on your team
        summary: At Acme, role evolution needs a director's sign-off.
        headcount_required: "No"
        managers_involved: Two
        speed: One review cycle
        best_when: Your team owns a model
        primary_risk: The director says no
        total_timeline: 12 months
        """)
    path = load_playbooks([UPSTREAM, tmp_path]).get("path", "role-evolution")
    assert path.title == "Grow into ML on your team"
    assert path.manager_conversation is True  # the upstream 'false' is gone with the rest


def test_the_last_folder_wins(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    write(first, "acme.yml", ACME)
    write(second, "acme.yml", "kind: company\nid: acme\nmerge: extend\ntotal_timeline: 1 year\n")
    write(tmp_path / "c", "acme.yml",
          "kind: company\nid: acme\nmerge: extend\ntotal_timeline: 2 years\n")
    library = load_playbooks([UPSTREAM, first, second, tmp_path / "c"])
    assert library.get("company", "acme").total_timeline == "2 years"
    assert library.sources[("company", "acme")].files == [
        first / "acme.yml", second / "acme.yml", tmp_path / "c" / "acme.yml"]


def test_same_id_without_merge_is_an_error_naming_both_files(tmp_path: Path) -> None:
    write(tmp_path / "fork", "transfer.yml", """\
        kind: path
        id: internal-transfer
        title: Our transfer
        """)
    with pytest.raises(PlaybookError) as caught:
        load_playbooks([UPSTREAM, tmp_path / "fork"])
    [problem] = caught.value.problems
    message = str(problem)
    assert str(problem.mark.file) == str(tmp_path / "fork" / "transfer.yml")
    assert "fork/transfer.yml:2:5: id: path 'internal-transfer' is already defined in " in \
        message
    assert "playbooks/paths/internal-transfer.yml" in message
    assert "add 'merge: extend' or 'merge: replace'" in message


def test_two_fork_files_with_the_same_id_conflict_too(tmp_path: Path) -> None:
    write(tmp_path, "acme.yml", ACME)
    write(tmp_path, "acme-copy.yml", ACME)
    with pytest.raises(PlaybookError) as caught:
        load_playbooks([UPSTREAM, tmp_path])
    [problem] = caught.value.problems
    assert problem.mark.file.name == "acme.yml"  # the later of the two, in file order
    assert "acme-copy.yml" in problem.message


def test_merge_with_nothing_to_merge_into_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "acme.yml", "kind: company\nid: acme\nmerge: extend\ntotal_timeline: 1y\n")
    with pytest.raises(PlaybookError, match="nothing to extend: no earlier company has id "
                                            "'acme'"):
        load_playbooks([UPSTREAM, tmp_path])


def test_an_internal_only_overlay_applies_only_to_the_internal_edition(tmp_path: Path) -> None:
    write(tmp_path / "fork", "acme.yml", ACME)
    write(tmp_path / "internal", "acme.yml", """\
        kind: company
        id: acme
        merge: extend
        internal: true
        total_timeline: Eleven months, the median of the last two rounds
        """)
    folders = [UPSTREAM, tmp_path / "fork", tmp_path / "internal"]
    public = load_playbooks(folders, "public")
    assert public.get("company", "acme").total_timeline == "9 to 14 months"
    assert "Eleven months, the median of the last two rounds" in public.internal_texts
    internal = load_playbooks(folders, "internal")
    assert internal.get("company", "acme").total_timeline.startswith("Eleven months")


def test_a_fork_replaces_one_template_and_changes_one_hard_case_by_id(tmp_path: Path) -> None:
    fork = tmp_path / "company-playbooks"
    write(fork, "follow-up.yml", """\
        kind: template
        id: agreement-follow-up-email
        merge: replace
        title: Acme plan confirmation
        summary: At Acme, confirm the plan in the talent system and copy your manager.
        text: |
          Talent system entry: [milestones], [dates], [checkpoint]
        """)
    write(fork, "tenure.yml", """\
        kind: hard-case
        id: minimum-tenure
        merge: extend
        summary: At Acme, you can move after 12 months in your team.
        next:
          - Ask your talent partner for the date your 12 months are up.
        """)
    library = load_playbooks([ROOT / "playbooks", fork])
    template = library.get("template", "agreement-follow-up-email")
    assert template.title == "Acme plan confirmation"
    assert template.body is None  # replaced whole: the upstream guidance is gone
    case = library.get("hard-case", "minimum-tenure")
    assert case.next == ["Ask your talent partner for the date your 12 months are up."]
    assert case.phases == ["landscape-mapping", "transfer-or-formalization"]  # kept

    checklist = next(c for c in plan_all(library)
                     if c.situation.slug == "large-process/internal-transfer/development-plan")
    [offered] = [i.template for i in checklist.items if i.step.id == "confirm-plan-in-writing"]
    assert offered is template
    listed = [found.case for p in checklist.phases for found in p.hard_cases
              if found.case.id == "minimum-tenure"]
    assert listed and all(found is case for found in listed)

    pages = {page.uri: page.content for page in Guide(library, Renderer()).pages()}
    page = pages["templates/agreement-follow-up-email.md"]
    assert "Talent system entry: [milestones]" in page
    assert "Subject: Our plan for my move" not in page
    assert "date your 12 months are up" in pages["hard-cases/minimum-tenure.md"]

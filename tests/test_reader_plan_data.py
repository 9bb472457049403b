"""The data behind a reader's own plan: the dated-plan block on checklist pages and the
progress file's model and published schema."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from pydantic import ValidationError

from conftest import FIXTURES, ROOT
from inside_track.library.loader import load_playbooks
from inside_track.outputs.manifest import build as build_manifest
from inside_track.outputs.pages import Guide, checklist_uri
from inside_track.outputs.plan_data import plan_data
from inside_track.outputs.progress import Progress, schema_text
from inside_track.render.renderer import Renderer

GUIDE = FIXTURES / "guide" / "playbooks"
BLOCK = re.compile(r'<script type="application/json" id="it-plan-data">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def guide() -> Guide:
    return Guide(load_playbooks([GUIDE]), Renderer())


def valid() -> dict[str, Any]:
    return {"format": "inside-track-progress", "version": 1,
            "checklist": "large/transfer/not-yet",
            "situation": {"company_type": "large", "path": "transfer",
                          "manager_response": "not-yet", "company": None},
            "start_date": "2027-01-31", "steps": ["map-teams"], "signs": [],
            "exported": "2026-12-02T18:00:00.000Z"}


def test_committed_progress_schema_matches_the_model() -> None:
    committed = (ROOT / "schema" / "progress.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), \
        "run: inside-track schema progress -o schema/progress.schema.json"
    assert json.loads(committed)["required"] == [
        "format", "version", "checklist", "situation", "start_date", "steps", "signs",
        "exported"]


@pytest.mark.parametrize(("field", "value"), [
    ("format", "something-else"), ("version", 2), ("start_date", "31/01/2027"),
    ("checklist", "../etc"), ("steps", ["Not An Id"]), ("surprise", 1)])
def test_progress_model_refuses_what_the_format_does_not_allow(field: str, value: Any) -> None:
    Progress.model_validate(valid())
    with pytest.raises(ValidationError):
        Progress.model_validate({**valid(), field: value})


def test_plan_data_dates_every_step_in_its_own_phase_in_the_guides_order(guide: Guide) -> None:
    order = [phase.id for phase in guide.library.phases]
    for checklist in guide.checklist_pages:
        data = plan_data(checklist)
        assert data["checklist"] == checklist.slug
        phases = [p["id"] for p in data["phases"]]
        assert phases == sorted(phases, key=order.index), checklist.slug
        placed = [(step["id"], phase["id"]) for phase in data["phases"] for step in phase["steps"]]
        assert sorted(placed) == sorted((item.step.id, item.step.phase)
                                        for item in checklist.items), checklist.slug
        for phase in data["phases"]:
            assert 0 <= phase["start_month"] <= phase["end_month"] <= data["total_months"]["max"]


@pytest.fixture(scope="module")
def fork_guide() -> Guide:
    """The guide's playbooks and the example fork's company, which has its own months."""
    return Guide(load_playbooks([ROOT / "playbooks",
                                 ROOT / "examples" / "acme" / "company-playbooks"]),
                 Renderer())


def test_dates_and_calendar_read_the_planners_milestones_and_total(fork_guide: Guide) -> None:
    """The page's dates, its calendar file and checklists.json read the same months."""
    manifest = {e["id"]: e for e in build_manifest(fork_guide.checklists, fork_guide.page_of,
                                                   "public", lambda uri: uri)["checklists"]}
    plain = [c for c in fork_guide.checklist_pages if not c.variants]
    for checklist in plain:
        data = plan_data(checklist)
        entry = manifest[checklist.slug]
        assert [(m["id"], m["month"]) for m in data["milestones"]] == [
            (m["id"], m["month"]) for m in entry["milestones"]]
        assert all(m["phase"] in {p["id"] for p in data["phases"]} for m in data["milestones"])
        assert (data["total_months"]["min"], data["total_months"]["max"]) == (
            entry["total_months"]["min"], entry["total_months"]["max"])
    review = plan_data(next(c for c in plain
                            if c.slug == "large-process/internal-transfer/not-yet"))
    assert {"readiness-check", "manager-conversation", "review-cycle"} <= {
        m["id"] for m in review["milestones"]}


def test_a_page_covering_every_answer_dates_each_answer_by_its_own_plan(
        fork_guide: Guide) -> None:
    merged = [c for c in fork_guide.checklist_pages if c.variants]
    assert merged
    moved = 0
    for checklist in merged:
        data = plan_data(checklist)
        for variant in checklist.variants:
            answer = variant.situation.response.id  # type: ignore[union-attr]
            own = {p.phase.id: (p.span.start, p.span.end) for p in variant.phases}
            shown = {p["id"]: (p["by_response"][answer]["start_month"],
                               p["by_response"][answer]["end_month"])
                     for p in data["phases"] if answer in p["by_response"]}
            assert shown == own
            total = data["total_by_response"][answer]
            assert (total["min"], total["max"]) == (variant.total.min,  # type: ignore[union-attr]
                                                    variant.total.max)  # type: ignore[union-attr]
            dated = sorted((m["id"], m["month"]) for m in data["milestones"]
                           if m["responses"] is None or answer in m["responses"])
            assert dated == sorted((m.id, m.month) for m in variant.milestones)
            if own != {p.phase.id: (p.span.start, p.span.end) for p in checklist.phases}:
                moved += 1
    assert moved  # a six-month revisit moves the plan of that answer only


def test_merged_company_page_says_which_answers_each_part_is_for(guide: Guide) -> None:
    merged = [c for c in guide.checklist_pages if c.variants and
              any(item.responses for item in c.items)]
    assert merged
    for checklist in merged:
        data = plan_data(checklist)
        assert data["responses"] == [r.id for r in checklist.responses]
        assert data["situation"]["company"] == checklist.situation.company.id  # type: ignore[union-attr]
        steps = {s["id"]: s["responses"] for p in data["phases"] for s in p["steps"]}
        assert steps == {i.step.id: list(i.responses) if i.responses else None
                         for i in checklist.items}


def test_checklist_page_carries_the_plan_data(guide: Guide) -> None:
    pages = {page.uri: page for page in guide.pages()}
    for checklist in guide.checklist_pages:
        found = BLOCK.findall(pages[checklist_uri(checklist)].content)
        assert len(found) == 1
        assert json.loads(found[0]) == plan_data(checklist)

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


def test_plan_data_follows_the_planned_phases(guide: Guide) -> None:
    gated = 0
    for checklist in guide.checklist_pages:
        data = plan_data(checklist)
        assert data["checklist"] == checklist.slug
        assert [p["id"] for p in data["phases"]] == [p.phase.id for p in checklist.phases]
        for phase, planned in zip(data["phases"], checklist.phases, strict=True):
            assert (phase["start_month"], phase["end_month"]) == (planned.span.start,
                                                                  planned.span.end)
            assert [s["id"] for s in phase["steps"]] == [i.step.id for i in planned.items]
        gates = [p for p in checklist.phases if p.readiness is not None]
        milestones = {m["id"]: m for m in data["milestones"]}
        if gates:
            gated += 1
            assert milestones["readiness-check"]["month"] == gates[0].span.start
            assert milestones["manager-conversation"]["month"] == gates[0].span.end
        else:
            assert milestones == {}
        assert data["total_months"]["max"] >= max(p.span.end for p in checklist.phases)
    assert gated  # the fixture has checklists with the conversation still ahead


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

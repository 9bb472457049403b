"""The progress file a reader exports from a checklist page and imports back.

The browser writes it (the modules in ``assets/js/``); this model is its definition, and
``schema/progress.schema.json`` is derived from it so that other tools (a mentor's script,
a fork's dashboard) can read the file without this package. Ids are the playbooks' stable
step and sign ids, so a file keeps its meaning across builds that add or reorder steps.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..model.playbooks import Id

FORMAT = "inside-track-progress"
VERSION = 1
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*){1,2}$"
MAX_IDS = 2000


class ProgressSituation(BaseModel):
    """The reader's answers: which checklist the ticks were made on."""

    model_config = ConfigDict(extra="forbid")

    company_type: Id = Field(description="Company type id.")
    path: Id = Field(description="Path id.")
    manager_response: Id | None = Field(
        description="Manager response id; null when the path has no manager conversation "
                    "or, on a page that covers every answer, none was chosen.")
    company: Id | None = Field(description="Company id, for a company's own checklist.")


class Progress(BaseModel):
    """One reader's progress on one checklist, as exported by the checklist page."""

    model_config = ConfigDict(extra="forbid", title="Inside Track progress")

    format: Literal["inside-track-progress"] = Field(
        description="Always 'inside-track-progress': tells this file from any other JSON.")
    version: Literal[1] = Field(description="Format version; a change that old readers "
                                            "cannot read gets a new number.")
    checklist: str = Field(pattern=SLUG_PATTERN, max_length=250,
                           description="The checklist's stable slug, as in checklists.json.")
    situation: ProgressSituation
    start_date: dt.date | None = Field(
        description="The day the reader started the plan (YYYY-MM-DD), or null.")
    steps: list[Id] = Field(max_length=MAX_IDS, description="Ids of the ticked steps.")
    signs: list[Id] = Field(max_length=MAX_IDS, description="Ids of the readiness signs "
                                                            "that hold.")
    exported: dt.datetime = Field(description="When the file was written (ISO 8601).")


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a progress file, published next to the playbook schema."""
    schema = Progress.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["description"] = ("A reader's progress on one Inside Track checklist, written by "
                             "'Export progress' on the checklist page.")
    return schema


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"

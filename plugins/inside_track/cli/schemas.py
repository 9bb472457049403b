"""The published schemas (``schema/NAME.schema.json``), each derived from its model, as the
text ``inside-track schema`` prints and ``new company`` writes for editors."""

from __future__ import annotations

import json

from .. import model
from ..outputs import manifest, progress

SCHEMAS = {"playbook": model.json_schema, "checklists": manifest.json_schema,
           "progress": progress.json_schema}


def schema_text(of: str = "playbook") -> str:
    return json.dumps(SCHEMAS[of](), indent=2, sort_keys=True) + "\n"

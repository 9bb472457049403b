"""Validate files against the published schemas with check-jsonschema, a third-party validator."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = ROOT / "schema"


def check_jsonschema(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", *map(str, args)],
                          capture_output=True, text=True, check=False)


def schema_errors(instance: Path, schema: str) -> str:
    """Empty when ``instance`` validates against schema/``schema``.schema.json, else why not."""
    result = check_jsonschema("--schemafile", SCHEMA_DIR / f"{schema}.schema.json", instance)
    return "" if result.returncode == 0 else result.stdout + result.stderr

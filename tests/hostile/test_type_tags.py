"""YAML's type tags on any field of any kind of playbook: a located problem, never a traceback.

Each example takes a playbook the guide ships, puts one of YAML's core tags (or an odd
tag) with an odd value on one of its ``key: value`` lines, and loads the file on its own:
whatever is wrong with it must come out as ``file:line:col: message`` lines.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from hostile import assert_every_problem_located
from inside_track.library.loader import load_playbooks
from inside_track.problems import PlaybookError

SHIPPED = sorted((ROOT / "playbooks").rglob("*.yml"))
TAGS = ["!!str", "!!int", "!!float", "!!bool", "!!null", "!!timestamp", "!!binary", "!!set",
        "!!omap", "!!pairs", "!!seq", "!!map", "!!merge", "!!value", "!!yaml", "!internal",
        "!", "!!python/tuple", "!<tag:yaml.org,2002:bool>", "!<tag:example.org,2024:x>"]
VALUES = ["maybe", "hello", "x", "1", "-1", "1e400", "0x1F", "0o17", "1_000", "10:30", ".nan",
          "-.inf", "2024-13-45", "2024-02-29", "2024-01-01 10:00:00", "YWJj", "''", "~",
          "{a: 1}", "[a, b]", "[{a: 1}]", "{a, b}", "[a: b]", "!!int x", "*nope", "&a x"]
FIELD = re.compile(r"^(\s*(?:- )?[A-Za-z_]+:)[ \t]*(.*)$", re.MULTILINE)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SHIPPED), st.integers(0, 10_000), st.sampled_from(TAGS),
       st.sampled_from(VALUES))
def test_a_type_tag_on_any_field_is_a_located_problem_or_loads(
        tmp_path_factory: object, shipped: Path, which: int, tag: str, value: str) -> None:
    text = shipped.read_text(encoding="utf-8")
    fields = list(FIELD.finditer(text))
    field = fields[which % len(fields)]
    changed = text[:field.start(2)] + f"{tag} {value}" + text[field.end(2):]
    folder = tmp_path_factory.mktemp("tagged")  # type: ignore[attr-defined]
    (folder / shipped.name).write_text(changed, encoding="utf-8")
    try:
        load_playbooks([folder])
    except PlaybookError as error:
        assert_every_problem_located(error, Path.cwd())

"""Markdown that nests or backtracks: refused at load time with a located message.

Python-Markdown parses nested lists and quotes by recursion, and looks ahead from every
``[`` for the end of a link: so 500 list markers in one summary used to end the build in a
RecursionError, and 19,000 brackets took minutes. Both are now limits of the text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hostile import VALID_PATH, assert_located_failure, run_cli
from inside_track.model import safety
from inside_track.render.fragments import fragment


def path_with(tmp_path: Path, field: str, value: str) -> Path:
    folder = tmp_path / "playbooks"
    folder.mkdir()
    text = VALID_PATH.replace("summary: Move within the same org.", f"summary: {value!r}") \
        if field == "summary" else VALID_PATH.replace("text: Ask around.", f"text: {value!r}")
    (folder / "sideways.yml").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("marker", ["- ", "* ", "+ ", "1. ", "> "])
@pytest.mark.parametrize(("field", "levels"), [("summary", 500), ("text", 490)])
def test_deep_nesting_is_a_located_error(tmp_path: Path, marker: str, field: str,
                                         levels: int) -> None:
    folder = path_with(tmp_path, field, marker * levels + "x")
    run = run_cli("validate", folder, cwd=tmp_path)
    assert_located_failure(run, tmp_path, "sideways.yml", "levels deep")


def test_many_brackets_are_a_located_error(tmp_path: Path) -> None:
    folder = path_with(tmp_path, "summary", "[" * 19_000)
    run = run_cli("validate", folder, cwd=tmp_path)
    assert_located_failure(run, tmp_path, "sideways.yml", "'[' characters")


@pytest.mark.parametrize("text", [
    "- " * safety.MAX_NESTING + "x",
    "[" * safety.MAX_BRACKETS,
    "    " * (safety.MAX_NESTING) + "code",
])
def test_text_at_the_limits_is_accepted_and_renders(text: str) -> None:
    assert safety.check_text(text) == text
    assert fragment(text)

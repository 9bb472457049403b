"""Hostile and oversized YAML: every limit stops the load with a located, one-line message."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT
from hostile import (
    VALID_PATH,
    alias_chain,
    assert_every_problem_located,
    assert_located_failure,
    billion_laughs,
    merge_bomb,
    run_cli,
)
from inside_track import model
from inside_track.library import loader
from inside_track.library.loader import load_playbooks
from inside_track.model import safety
from inside_track.problems import Mark, PlaybookError, Problem
from inside_track.source import reader as yaml_source

BASE = FIXTURES / "minimal" / "playbooks"


def problems_for(tmp_path: Path, text: str | bytes, name: str = "x.yml") -> list[str]:
    """Load the fixture's playbooks plus one extra file; return the problems as printed."""
    folder = tmp_path / "extra"
    folder.mkdir(exist_ok=True)
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(PlaybookError) as caught:
        load_playbooks([BASE, folder])
    assert_every_problem_located(caught.value, Path.cwd())
    return [str(problem) for problem in caught.value.problems]


def only(problems: list[str]) -> str:
    assert len(problems) == 1, problems
    return problems[0]


def test_file_size_limit(tmp_path: Path) -> None:
    text = VALID_PATH + "body: " + "x" * yaml_source.MAX_FILE_BYTES + "\n"
    got = only(problems_for(tmp_path, text))
    assert got.endswith(f"x.yml:1:1: file is {len(text.encode()):,} bytes; a playbook may be "
                        f"at most {yaml_source.MAX_FILE_BYTES:,} bytes")


def test_nesting_depth_limit_in_block_style(tmp_path: Path) -> None:
    deep = "".join(f"{'  ' * i}k{i}:\n" for i in range(60)) + "  " * 60 + "leaf\n"
    got = only(problems_for(tmp_path, VALID_PATH + "body:\n" + "".join(
        "  " + line + "\n" for line in deep.splitlines())))
    assert f"nesting is deeper than {yaml_source.MAX_DEPTH} levels" in got


def test_flow_nesting_thousands_deep_does_not_exhaust_the_stack(tmp_path: Path) -> None:
    text = VALID_PATH + "body: " + "[" * 5000 + "]" * 5000 + "\n"
    got = only(problems_for(tmp_path, text))
    assert f"x.yml:15:{yaml_source.MAX_DEPTH + 7}: nesting is deeper than" in got


def test_alias_chain_ten_thousand_levels(tmp_path: Path) -> None:
    got = only(problems_for(tmp_path, alias_chain(10_000)))
    assert f"nesting is deeper than {yaml_source.MAX_DEPTH} levels" in got


def test_billion_laughs(tmp_path: Path) -> None:
    got = only(problems_for(tmp_path, billion_laughs()))
    assert f"file expands to more than {yaml_source.MAX_VALUES:,} values" in got


def test_merge_key_bomb(tmp_path: Path) -> None:
    got = only(problems_for(tmp_path, merge_bomb()))
    assert f"file expands to more than {yaml_source.MAX_VALUES:,} values" in got


def test_merge_key_that_includes_itself(tmp_path: Path) -> None:
    got = only(problems_for(tmp_path, "kind: path\nid: loop\nx: &x {<<: *x}\n"))
    assert "x.yml:3:4: nesting is deeper than" in got


def test_sequence_that_contains_itself(tmp_path: Path) -> None:
    got = only(problems_for(tmp_path, "kind: path\nid: loop\nx: &x [*x]\n"))
    assert "nesting is deeper than" in got


@pytest.mark.parametrize(("text", "message"), [
    (alias_chain(10_000), "nesting is deeper than"),
    (billion_laughs(), "values (too many aliases?)"),
    (merge_bomb(), "values (too many aliases?)"),
])
def test_bombs_through_the_cli(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "bomb").mkdir()
    (tmp_path / "bomb" / "bomb.yml").write_text(text, encoding="utf-8")
    run = run_cli("validate", BASE, "bomb", cwd=tmp_path)
    assert_located_failure(run, tmp_path, "bomb/bomb.yml", message)


def test_too_many_steps(tmp_path: Path) -> None:
    steps = "".join(f"  - {{id: s{i}, phase: landscape-mapping, text: Do it.}}\n"
                    for i in range(model.MAX_STEPS + 1))
    got = only(problems_for(tmp_path, VALID_PATH.split("steps:")[0] + "steps:\n" + steps))
    assert got.endswith(f"x.yml:12:3: steps: has {model.MAX_STEPS + 1} items; at most "
                        f"{model.MAX_STEPS} are allowed (split it into more playbooks)")


def test_too_many_list_items(tmp_path: Path) -> None:
    signs = ", ".join(["A sign."] * (model.MAX_ITEMS + 1))
    text = VALID_PATH.replace("kind: path\nid: sideways", "kind: company-type\nid: other")
    text = text.split("headcount_required")[0] + f"recognise: [{signs}]\npaths: [transfer]\n"
    got = only(problems_for(tmp_path, text))
    assert f"recognise: has {model.MAX_ITEMS + 1} items; at most {model.MAX_ITEMS} are " \
           "allowed" in got


def test_text_too_long(tmp_path: Path) -> None:
    text = VALID_PATH + f"body: {'word ' * (model.MAX_TEXT // 5 + 1)}\n"
    got = only(problems_for(tmp_path, text))
    assert f"x.yml:15:7: body: text is {model.MAX_TEXT + 4:,} characters; at most " \
           f"{model.MAX_TEXT:,} are allowed" in got


def test_empty_text(tmp_path: Path) -> None:
    got = only(problems_for(tmp_path, VALID_PATH.replace("speed: Fast", "speed: ''")))
    assert got.endswith("x.yml:7:8: speed: must not be empty")


def test_too_many_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MAX_FILES", 3)
    with pytest.raises(PlaybookError) as caught:
        load_playbooks([BASE])
    assert [p.message for p in caught.value.problems] == [
        "6 playbook files found; a guide may have at most 3"]
    assert caught.value.problems[0].mark.file.name == "phase-b.yml"  # the first one left out


@pytest.mark.parametrize(("value", "kind", "tag"), [
    ("2024-13-45", "date", "timestamp"),
    ("1" * 5000, "whole number", "int"),
])
def test_scalars_yaml_cannot_construct(tmp_path: Path, value: str, kind: str,
                                       tag: str) -> None:
    got = problems_for(tmp_path, VALID_PATH.replace("speed: Fast", f"speed: {value}"))
    assert got[0].endswith(f"as a {kind} ('!!{tag}'); put it in quotes to keep it as text")
    assert f"x.yml:7:8: cannot read '{value[:10]}" in got[0]


def test_control_character(tmp_path: Path) -> None:
    got = only(problems_for(tmp_path, VALID_PATH.replace("Fast", "Fa\x00st").encode()))
    assert got.endswith("x.yml:7:10: character U+0000 is not allowed in YAML; remove it")


def test_values_with_line_breaks_are_reported_on_one_line(tmp_path: Path) -> None:
    text = VALID_PATH.replace("id: sideways", 'id: "side\\nways"') + '"ty\\u2028po": 1\n'
    got = problems_for(tmp_path, text)
    assert any("id: 'side\\x0aways' is not a valid id" in line for line in got), got
    assert any("ty\\u2028po: unknown field" in line for line in got), got


@pytest.mark.parametrize("yaml_text", ["kind: [path]\nid: x\n", "kind: {a: b}\nid: x\n"])
def test_kind_of_the_wrong_type(tmp_path: Path, yaml_text: str) -> None:
    got = only(problems_for(tmp_path, yaml_text))
    assert "x.yml:1:7: kind: a " in got and "is not a playbook kind" in got


def test_overlay_with_unhashable_ids(tmp_path: Path) -> None:
    text = "kind: path\nid: transfer\nmerge: extend\nsteps:\n  - {id: [1], remove: true}\n"
    got = problems_for(tmp_path, text)
    assert any("x.yml:5:10: steps[0].id: expected text, got a list" in line for line in got), got


def test_problem_str_escapes_every_line_break() -> None:
    problem = Problem(Mark(Path("a.yml"), 2, 3), "one\rtwo\x85three\u2029four", field="f\nx")
    assert str(problem) == "a.yml:2:3: f\\x0ax: one\\x0dtwo\\x85three\\u2029four"


def test_limits_are_documented_as_enforced() -> None:
    page = (ROOT / "docs" / "reference" / "safety.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(): line.split("|")[2].strip()
            for line in page.splitlines() if line.startswith("| ") and line.count("|") == 3}
    assert rows["Size of one playbook file"] == f"{yaml_source.MAX_FILE_BYTES:,} bytes"
    assert rows["Nesting depth, counting aliases and merge keys as expanded"] == \
        f"{yaml_source.MAX_DEPTH} levels"
    assert rows["Values in one file, counting aliases as expanded"] == \
        f"{yaml_source.MAX_VALUES:,}"
    assert rows["Playbook files in a build"] == f"{loader.MAX_FILES:,}"
    assert rows["Steps in one playbook"] == f"{model.MAX_STEPS:,}"
    assert rows["Characters in a text field"] == f"{model.MAX_TEXT:,}"
    assert rows["Lists and quotes nested in one line of text"] == \
        f"{safety.MAX_NESTING} levels"
    assert rows["Opening brackets `[` in one text"] == f"{safety.MAX_BRACKETS:,}"
    assert [value for name, value in rows.items() if name.startswith("Items in any other")] \
        == [f"{model.MAX_ITEMS:,}"]

"""Golden error cases: each folder under error_cases/ is laid over the minimal fixture's
playbooks, and must produce exactly the problems listed in its expected.txt."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from inside_track.cli import main
from inside_track.library.loader import load_playbooks
from inside_track.problems import PlaybookError

CASES = Path(__file__).parent / "error_cases"
BASE = Path(__file__).parent / "fixtures" / "minimal" / "playbooks"


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir()))
def test_error_case(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = CASES / case
    monkeypatch.chdir(folder)
    with pytest.raises(PlaybookError) as caught:  # paths as a user in the folder types them
        load_playbooks([Path(os.path.relpath(BASE)), Path(".")])
    got = [str(problem) for problem in caught.value.problems]
    expected = (folder / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert got == expected


def test_cli_validate_reports_and_exits_1(monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    folder = CASES / "unknown-reference"
    monkeypatch.chdir(folder)
    assert main(["validate", str(BASE), "."]) == 1
    err = capsys.readouterr().err
    assert "x.yml:10:12: steps[0].phase: 'landscape-maping' is not a known phase" in err
    assert err.rstrip().endswith("3 problems found.")
    assert "Traceback" not in err


def test_cli_validate_ok_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(BASE)]) == 0
    assert "1 company type, 2 paths, 1 manager response, 0 companies" in capsys.readouterr().out

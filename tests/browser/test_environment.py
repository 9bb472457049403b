"""Finding Chromium, and skipping or failing without one (no browser needed for these)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .environment import find_chromium, in_ci, unavailable


def executable(tmp_path: Path, name: str) -> str:
    path = tmp_path / name
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return str(path)


def test_the_variable_wins_then_the_usual_paths_then_the_path(tmp_path: Path) -> None:
    chosen = executable(tmp_path, "my-chrome")
    usual = executable(tmp_path, "chromium")
    assert find_chromium({"INSIDE_TRACK_CHROMIUM": chosen}, (usual,)) == (chosen, "")
    assert find_chromium({}, (str(tmp_path / "none"), usual)) == (usual, "")
    assert find_chromium({}, (), lambda name: f"/opt/{name}") == ("/opt/chromium", "")


def test_without_chromium_the_reason_says_how_to_install_it(tmp_path: Path) -> None:
    path, why = find_chromium({}, (str(tmp_path / "chromium"),), lambda name: None)
    assert path is None
    assert "no Chromium found" in why and "apt-get install chromium" in why
    path, why = find_chromium({"INSIDE_TRACK_CHROMIUM": str(tmp_path / "x")}, (), lambda n: None)
    assert path is None and "is not an executable file" in why


def test_a_missing_browser_is_a_skip_outside_ci_and_a_failure_in_ci() -> None:
    with pytest.raises(pytest.skip.Exception, match="no Chromium"):
        unavailable("no Chromium", {})
    with pytest.raises(pytest.fail.Exception, match="may not be skipped"):
        unavailable("no Chromium", {"CI": "true"})
    assert not in_ci({"CI": "false"}) and in_ci({"CI": "1"})

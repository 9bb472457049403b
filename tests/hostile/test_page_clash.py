"""A hand-written page where the guide generates one: the build stops and names the file,
instead of publishing one of the two and dropping the other without a word."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, run_build

MINE = "A page written by hand for this site."


def upstream(tmp_path: Path) -> Path:
    root = tmp_path / "site-project"
    shutil.copytree(FIXTURES / "upstream", root)
    shutil.copytree(ROOT / "schema", root / "schema")
    shutil.copytree(ROOT / "overrides", root / "overrides")
    return root


@pytest.mark.slow
@pytest.mark.parametrize("page", [
    "paths/internal-transfer.md",          # the generated page's own path
    "paths/internal-transfer/index.md",    # another source for the same address
    "phases/scope-expansion.md",
])
def test_a_hand_written_page_at_a_generated_pages_address_stops_the_build(
        tmp_path: Path, page: str) -> None:
    root = upstream(tmp_path)
    written = root / "docs" / page
    written.parent.mkdir(parents=True, exist_ok=True)
    written.write_text(f"# Mine\n\n{MINE}\n", encoding="utf-8")
    build = run_build(root)
    assert build.returncode == 1, build.log
    assert f"docs/{page}" in build.log and "Traceback" not in build.log
    assert "generated" in build.log


@pytest.mark.slow
def test_a_hand_written_page_elsewhere_still_builds(tmp_path: Path) -> None:
    root = upstream(tmp_path)
    (root / "docs" / "paths").mkdir()
    (root / "docs" / "paths" / "notes.md").write_text(f"# Notes\n\n{MINE}\n", encoding="utf-8")
    build = run_build(root)
    assert build.returncode == 0, build.log
    assert MINE in (build.site / "paths" / "notes" / "index.html").read_text("utf-8")

"""The command line with paths that are not what it needs: a message, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT
from hostile import run_cli

BAD = [
    ["validate", "no-such-folder"],
    ["validate", "/dev/null"],
    ["schema", "-o", "."],
    ["schema", "-o", "no-such-folder/schema.json"],
    ["check-leaks", "no-such-site"],
    ["check-leaks", "site", "-f", "no-such.yml"],
    ["check-leaks", "site", "-f", "."],
    ["check-leaks", "site", "no-such-folder"],
    ["export", "README.md"],
    ["export", "out", "-f", "docs"],
    ["export", "out", "-f", "no-such.yml"],
    ["new", "company", "acme-x", "--folder", "/dev/null"],
]


@pytest.mark.parametrize("args", BAD, ids=" ".join)
def test_every_subcommand_reports_a_bad_path_without_a_traceback(tmp_path: Path,
                                                                 args: list[str]) -> None:
    (tmp_path / "README.md").write_text("# not a folder\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "site").mkdir()
    shutil.copytree(FIXTURES / "minimal" / "playbooks", tmp_path / "playbooks")
    run = run_cli(*args, cwd=tmp_path)
    assert run.returncode != 0, run.output
    assert "Traceback" not in run.output, run.output
    assert run.output.strip(), args


def test_check_leaks_fails_when_a_folder_is_not_one(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    shutil.copytree(FIXTURES / "minimal" / "playbooks", tmp_path / "playbooks")
    (tmp_path / "internal").write_text("not a folder", encoding="utf-8")
    run = run_cli("check-leaks", "site", "playbooks", "--internal", "internal", cwd=tmp_path)
    assert run.returncode == 2 and "cannot read this playbook folder" in run.output


def test_check_leaks_fails_when_there_is_nothing_to_compare(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    shutil.copytree(FIXTURES / "minimal" / "playbooks", tmp_path / "playbooks")
    run = run_cli("check-leaks", "site", "playbooks", cwd=tmp_path)
    assert run.returncode == 2 and "nothing to compare against" in run.output


def test_check_leaks_reads_the_folders_of_the_internal_configuration() -> None:
    example = ROOT / "examples" / "acme"
    from inside_track.adapters.mkdocs.leak_folders import leak_folders

    folders = leak_folders(example / "mkdocs.internal.yml")
    assert folders.public == [(ROOT / "playbooks").resolve(), example / "company-playbooks"]
    assert folders.internal == [example / "internal-playbooks"]
    # the public configuration knows its internal-only folder too (internal_playbooks)
    assert leak_folders(example / "mkdocs.yml") == folders


def test_export_force_never_deletes_a_folder_that_was_not_an_export(tmp_path: Path) -> None:
    project = tmp_path / "guide"
    shutil.copytree(FIXTURES / "guide", project)
    other = tmp_path / "other-site"
    for name in ("hooks", "overrides"):
        (other / name).mkdir(parents=True)
        (other / name / "keep.txt").write_text("mine", encoding="utf-8")
    (other / "mkdocs.yml").write_text("site_name: Mine\n", encoding="utf-8")
    run = run_cli("export", other, "-f", project / "mkdocs.yml", "--force", cwd=tmp_path)
    assert run.returncode == 1 and "not an earlier export" in run.output, run.output
    assert (other / "hooks" / "keep.txt").is_file()
    assert (other / "overrides" / "keep.txt").is_file()
    assert (other / "mkdocs.yml").read_text(encoding="utf-8") == "site_name: Mine\n"


def test_paths_are_shown_as_written_and_folders_asked_for_by_name(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# not a folder\n", encoding="utf-8")
    missing = tmp_path.parent / "no-such-dir" / "x.json"
    run = run_cli("schema", "-o", missing, cwd=tmp_path)
    assert run.returncode == 2 and f"{missing.parent}: no such folder" in run.output, run.output
    assert "../" not in run.output
    run = run_cli("export", "README.md", cwd=tmp_path)
    assert run.returncode == 2 and "README.md: expected a folder, found a file" in run.output


def test_validate_reads_the_packaged_guide_once_inside_its_source_tree() -> None:
    run = run_cli("validate", "--packaged-guide", "playbooks", cwd=ROOT)
    assert run.returncode == 0, run.output
    assert "already defined" not in run.output


@pytest.mark.parametrize("output", ["new-folder/", "schemas/progress/"])
def test_a_schema_output_written_as_a_folder_is_not_written_as_a_file(
        tmp_path: Path, output: str) -> None:
    """``-o name/`` asks for a folder; writing a file called ``name`` would put the schema
    where nobody looks for it, with exit 0."""
    run = run_cli("schema", "progress", "-o", output, cwd=tmp_path)
    assert run.returncode == 2, run.output
    assert f"{output.rstrip('/')}: expected a file name, not a folder" in run.output
    assert not (tmp_path / output.rstrip("/")).is_file()


def test_check_leaks_passes_a_guide_whose_internal_folders_hold_nothing_internal(
        tmp_path: Path) -> None:
    """Upstream's own publish step: every folder read, none marks anything internal-only."""
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<p>Hello</p>", encoding="utf-8")
    shutil.copytree(FIXTURES / "minimal" / "playbooks", tmp_path / "playbooks")
    (tmp_path / "internal-playbooks").mkdir()
    (tmp_path / "internal-playbooks" / "README.md").write_text("# empty\n", encoding="utf-8")
    run = run_cli("check-leaks", "site", "playbooks", "--internal", "internal-playbooks",
                  cwd=tmp_path)
    assert run.returncode == 0, run.output
    assert "nothing to leak" in run.output

"""``inside-track new company``: a well-formed, commented playbook whose placeholders must be
replaced before it passes, and never an overwrite."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT
from inside_track.cli import main
from inside_track.library.loader import load_playbooks


@pytest.fixture
def fork(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fork's working copy: upstream playbooks and schema, an empty company folder."""
    root = tmp_path / "fork"
    shutil.copytree(FIXTURES / "upstream", root)
    shutil.copytree(ROOT / "schema", root / "schema")
    monkeypatch.chdir(root)
    return root


def fill_in(path: Path) -> None:
    """What a maintainer does first: write real text where the template has placeholders."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("TODO: ", "At this company: "), encoding="utf-8")


def test_untouched_placeholders_do_not_pass(fork: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "company", "globex"]) == 0
    capsys.readouterr()
    assert main(["validate", "playbooks", "company-playbooks"]) == 1
    err = capsys.readouterr().err.splitlines()
    lines = (fork / "company-playbooks" / "globex.yml").read_text(encoding="utf-8").splitlines()
    step = next(n for n, line in enumerate(lines, 1) if "Replace this with the first" in line)
    assert any(line.startswith(f"company-playbooks/globex.yml:{step}:") and
               "steps[0].text: placeholder text from the template" in line for line in err)
    assert err[-1] == "5 problems found."  # the summary and the mobility lines too


def test_new_company_is_valid_once_filled_in(fork: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "company", "globex"]) == 0
    out = capsys.readouterr().out
    assert "Wrote company-playbooks/globex.yml" in out
    assert "inside-track validate playbooks company-playbooks" in out
    fill_in(fork / "company-playbooks" / "globex.yml")
    assert main(["validate", "playbooks", "company-playbooks"]) == 0
    assert ", 1 company, 0 templates, 0 hard cases (public edition)" in capsys.readouterr().out
    company = load_playbooks(["playbooks", "company-playbooks"]).get("company", "globex")
    assert company.name == "Globex"
    assert company.company_type == "large-process"  # the first type of the playbooks
    assert [step.id for step in company.steps] == ["globex-first-step"]


def test_new_company_points_editors_at_the_schema(fork: Path) -> None:
    assert main(["new", "company", "globex", "--folder", "forks/ours"]) == 0
    path = fork / "forks" / "ours" / "globex.yml"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schema/playbook.schema.json"
    schema = (path.parent / first.split("=", 1)[1]).resolve()
    assert schema == (fork / "schema" / "playbook.schema.json").resolve()
    fill_in(path)
    assert main(["validate", "playbooks", "forks/ours"]) == 0


def test_new_company_is_commented(fork: Path) -> None:
    assert main(["new", "company", "globex"]) == 0
    text = (fork / "company-playbooks" / "globex.yml").read_text(encoding="utf-8")
    comments = [line for line in text.splitlines() if line.lstrip().startswith("#")]
    assert len(comments) > 30
    for hint in ("!internal", "internal: true", "replaces:", "docs/reference/playbooks.md",
                 "# paths: [internal-transfer, role-evolution]", "landscape-mapping"):
        assert hint in text, hint


def test_type_and_name_options(fork: Path) -> None:
    name = 'Initech: "Software" #2'
    assert main(["new", "company", "initech", "--type", "large-process", "--name", name]) == 0
    fill_in(fork / "company-playbooks" / "initech.yml")
    assert main(["validate", "playbooks", "company-playbooks"]) == 0
    company = load_playbooks(["playbooks", "company-playbooks"]).get("company", "initech")
    assert (company.name, company.title) == (name, name)


def test_refuses_to_overwrite(fork: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = fork / "company-playbooks" / "globex.yml"
    target.write_text("kind: company\n# my edits\n", encoding="utf-8")
    assert main(["new", "company", "globex"]) == 1
    err = capsys.readouterr().err
    assert "company-playbooks/globex.yml already exists; not overwriting it" in err
    assert target.read_text(encoding="utf-8") == "kind: company\n# my edits\n"


@pytest.mark.parametrize("slug", ["Globex", "globex_corp", "globex-", "globex--corp", "a" * 61])
def test_refuses_a_bad_slug(fork: Path, slug: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "company", slug]) == 1
    assert "is not a valid id" in capsys.readouterr().err
    assert list((fork / "company-playbooks").glob("*.yml")) == []


def test_refuses_an_unknown_type(fork: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "company", "globex", "--type", "large-proces"]) == 1
    assert "'large-proces' is not a known company type; expected one of large-process" in \
        capsys.readouterr().err


def test_falls_back_to_the_upstream_ids_without_playbooks(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", "company", "globex", "--type", "ml-planned"]) == 0
    assert "no upstream playbooks found" in capsys.readouterr().err
    text = (tmp_path / "company-playbooks" / "globex.yml").read_text(encoding="utf-8")
    assert "company_type: \"ml-planned\"" in text
    assert "phase: landscape-mapping" in text
    assert text.startswith("# yaml-language-server: $schema=../schema/playbook.schema.json")
    assert (tmp_path / "schema" / "playbook.schema.json").is_file()  # written, as it was missing


def test_a_site_of_its_own_gets_a_schema_its_playbook_points_to(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from inside_track.cli.schemas import schema_text

    monkeypatch.chdir(tmp_path)
    assert main(["new", "company", "globex", "--folder", "docs/playbooks",
                 "--packaged-guide"]) == 0
    out = capsys.readouterr().out
    assert "Created the folder docs/playbooks." in out
    assert "Wrote docs/schema/playbook.schema.json" in out
    path = tmp_path / "docs" / "playbooks" / "globex.yml"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    schema = path.parent / first.split("$schema=", 1)[1]
    assert schema.read_text(encoding="utf-8") == schema_text("playbook")
    assert main(["new", "company", "initech", "--folder", "docs/playbooks",
                 "--packaged-guide"]) == 0
    assert "schema" not in capsys.readouterr().out  # written once, then found


def test_refuses_missing_upstream_folders_before_writing(
        fork: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "company", "globex", "--playbooks", "nosuch"]) == 2
    assert "nosuch: no such playbook folder or file (--playbooks)" in capsys.readouterr().err
    assert not (fork / "company-playbooks" / "globex.yml").exists()


def test_a_file_where_a_folder_is_expected_is_named(
        fork: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (fork / "README.md").write_text("# a file\n", encoding="utf-8")
    assert main(["new", "company", "globex", "--folder", "README.md"]) == 2
    assert "README.md: expected a folder, found a file" in capsys.readouterr().err

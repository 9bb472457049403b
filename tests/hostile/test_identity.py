"""Identity and arithmetic: data that would silently build a wrong site is a located error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES
from inside_track.library.loader import load_playbooks
from inside_track.problems import PlaybookError

COMPANY = """\
kind: company
id: {id}
title: A company
name: A company
summary: How moves work there.
company_type: large
{extra}
"""


def problems(tmp_path: Path, company_id: str = "acme", extra: str = "",
             edit: tuple[str, str, str] | None = None) -> str:
    folder = tmp_path / "playbooks"
    shutil.copytree(FIXTURES / "minimal" / "playbooks", folder)
    (folder / "company.yml").write_text(COMPANY.format(id=company_id, extra=extra),
                                        encoding="utf-8")
    if edit:
        path = folder / edit[0]
        path.write_text(path.read_text(encoding="utf-8").replace(edit[1], edit[2]),
                        encoding="utf-8")
    with pytest.raises(PlaybookError) as error:
        load_playbooks([folder])
    return str(error.value)


def test_a_company_may_not_take_a_company_types_id(tmp_path: Path) -> None:
    found = problems(tmp_path, company_id="large")
    assert "company.yml:2:5: id: company id 'large' is also a company type's id" in found


@pytest.mark.parametrize(("steps", "message"), [
    ("  - {id: a, phase: landscape-mapping, text: A., replaces: a}", "step 'a' replaces itself"),
    ("  - {id: a, phase: landscape-mapping, text: A., replaces: b}\n"
     "  - {id: b, phase: landscape-mapping, text: B., replaces: a}",
     "replacement cycle (a → b → a)"),
])
def test_replacement_cycles_are_located_errors(tmp_path: Path, steps: str,
                                               message: str) -> None:
    found = problems(tmp_path, extra="steps:\n" + steps)
    assert message in found and "company.yml:8:" in found
    assert found.count("replacement cycle") <= 1


def test_a_span_that_ends_before_it_starts_is_refused(tmp_path: Path) -> None:
    found = problems(tmp_path, edit=("phase-a.yml", "span: {start: 0, end: 1}",
                                     "span: {start: 5, end: 2}"))
    assert "phase-a.yml:7:7: span: end (month 2) is before start (month 5)" in found


@pytest.mark.parametrize("escaped", ['"\\a"', '"x\\u202Ey"', '"\\x1b[31mred"', '"\\u2066"'])
def test_escaped_control_and_direction_characters_are_refused(tmp_path: Path,
                                                              escaped: str) -> None:
    found = problems(tmp_path, extra=f"mobility: {{decides: {escaped}}}")
    assert "company.yml:7:" in found and "invisible character U+" in found


@pytest.mark.parametrize("slug", ["on", "no", "null", "123", "2024-01-01", "yes", "off"])
def test_new_company_writes_slugs_that_yaml_reads_as_other_values(tmp_path: Path,
                                                                 slug: str) -> None:
    from inside_track.cli.scaffold import known_ids, new_company
    from test_scaffold import fill_in

    upstream = tmp_path / "playbooks"
    shutil.copytree(FIXTURES / "minimal" / "playbooks", upstream)
    known = known_ids([upstream])
    written = new_company(slug, tmp_path / "company-playbooks", known,
                          upstream=[upstream]).playbook
    fill_in(written)
    library = load_playbooks([upstream, tmp_path / "company-playbooks"])
    assert [c.id for c in library.companies] == [slug]


@pytest.mark.parametrize(("slug", "name", "message"), [
    ("large", None, "is the id of a company type"),
    ("acme", "Acme <b>", "cannot use"),
    ("acme", "Acme \u202e", "invisible character"),
])
def test_new_company_refuses_what_it_cannot_write(tmp_path: Path, slug: str,
                                                 name: str | None, message: str) -> None:
    from inside_track.cli.scaffold import ScaffoldError, known_ids, new_company

    upstream = tmp_path / "playbooks"
    shutil.copytree(FIXTURES / "minimal" / "playbooks", upstream)
    with pytest.raises(ScaffoldError, match=message):
        new_company(slug, tmp_path / "out", known_ids([upstream]), name=name,
                    upstream=[upstream])
    assert not (tmp_path / "out").exists()

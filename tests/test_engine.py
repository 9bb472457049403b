"""Engine unit tests: loading, overlays, editions and the schema, without MkDocs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT
from inside_track import model
from inside_track.cli.main import schema_text
from inside_track.library.loader import load_playbooks
from inside_track.problems import PlaybookError

BASE = FIXTURES / "minimal" / "playbooks"


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_valid_playbooks_load_in_display_order() -> None:
    library = load_playbooks([BASE])
    assert [p.id for p in library.phases] == ["landscape-mapping", "manager-conversation"]
    assert [p.id for p in library.paths] == ["transfer", "evolution"]
    assert library.get("path", "transfer").steps[0].id == "agree-release"


def test_extend_overlay_replaces_adds_and_removes_steps(tmp_path: Path) -> None:
    write(tmp_path, "transfer.yml", """\
        kind: path
        id: transfer
        merge: extend
        total_timeline: 9 to 12 months at Acme
        steps:
          - id: agree-release
            phase: manager-conversation
            text: Agree your release in the Q1 talent review.
          - id: book-talent-review
            phase: landscape-mapping
            text: Book a slot in the talent review.
        """)
    write(tmp_path, "phase.yml", """\
        kind: phase
        id: landscape-mapping
        merge: extend
        span: {end: 2}
        steps:
          - {id: meet-ml-engineer, remove: true}
        """)
    library = load_playbooks([BASE, tmp_path])
    transfer = library.get("path", "transfer")
    assert transfer.total_timeline == "9 to 12 months at Acme"
    assert transfer.headcount_required == "Yes"  # untouched fields stay
    assert [(s.id, s.text) for s in transfer.steps] == [
        ("agree-release", "Agree your release in the Q1 talent review."),
        ("book-talent-review", "Book a slot in the talent review."),
    ]
    phase = library.get("phase", "landscape-mapping")
    assert (phase.span.start, phase.span.end) == (0, 2)
    assert phase.steps == []


def test_replace_overlay_swaps_the_whole_playbook(tmp_path: Path) -> None:
    write(tmp_path, "plan.yml", """\
        kind: manager-response
        id: development-plan
        merge: replace
        title: Development plan (Acme)
        summary: At Acme this means a written plan in Workday.
        says: Let's write it down
        means: Support
        handle: Put milestones in the plan
        """)
    response = load_playbooks([BASE, tmp_path]).get("manager-response", "development-plan")
    assert response.title == "Development plan (Acme)"
    assert response.steps == []


def test_overlay_errors_point_at_the_overlay_file(tmp_path: Path) -> None:
    write(tmp_path, "transfer.yml", """\
        kind: path
        id: transfer
        merge: extend
        speed: 3
        """)
    with pytest.raises(PlaybookError) as caught:
        load_playbooks([BASE, tmp_path])
    [problem] = caught.value.problems
    assert problem.mark.file == tmp_path / "transfer.yml"
    assert (problem.mark.line, problem.field) == (4, "speed")


def test_internal_content_exists_only_in_the_internal_edition(tmp_path: Path) -> None:
    write(tmp_path, "transfer.yml", """\
        kind: path
        id: transfer
        merge: extend
        primary_risk: !internal Ask Dana Whitfield in People Ops before anyone else
        steps:
          - id: secret-step
            phase: landscape-mapping
            text: Read the confidential headcount sheet.
            internal: true
        """)
    public = load_playbooks([BASE, tmp_path], "public")
    internal = load_playbooks([BASE, tmp_path], "internal")
    assert public.get("path", "transfer").primary_risk == "Manager blocks release"
    assert "secret-step" not in public.steps
    assert internal.get("path", "transfer").primary_risk.startswith("Ask Dana Whitfield")
    assert "secret-step" in internal.steps
    assert public.internal_texts >= {
        "Ask Dana Whitfield in People Ops before anyone else",
        "Read the confidential headcount sheet."}


def test_public_reference_to_internal_script_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "phase.yml", """\
        kind: phase
        id: landscape-mapping
        merge: extend
        scripts:
          - {id: hr-script, title: HR, purpose: Ask HR., text: Hi., internal: true}
        steps:
          - {id: call-hr, phase: landscape-mapping, text: Call HR., script: hr-script}
        """)
    load_playbooks([BASE, tmp_path], "internal")
    with pytest.raises(PlaybookError) as caught:
        load_playbooks([BASE, tmp_path], "public")
    assert "'hr-script' is not a known script" in str(caught.value)


def test_all_problems_of_all_files_are_reported_together(tmp_path: Path) -> None:
    folder = tmp_path / "playbooks"
    shutil.copytree(BASE, folder)
    for name in ("transfer.yml", "evolution.yml"):
        path = folder / name
        path.write_text(path.read_text().replace("summary:", "sumary:"))
    with pytest.raises(PlaybookError) as caught:
        load_playbooks([folder])
    files = {p.mark.file.name for p in caught.value.problems}
    assert files == {"transfer.yml", "evolution.yml"}


def test_committed_schema_matches_the_model() -> None:
    committed = (ROOT / "schema" / "playbook.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "run: inside-track schema -o schema/playbook.schema.json"
    schema = json.loads(committed)
    assert schema["properties"]["kind"]["enum"] == sorted(model.KINDS)
    chosen = {branch["if"]["properties"]["kind"]["const"]: branch["then"]["else"]["$ref"]
              for branch in schema["allOf"]}
    assert chosen == {name: f"#/$defs/{kind.model.__name__}" for name, kind in model.KINDS.items()}


def test_engine_imports_and_renders_without_mkdocs() -> None:
    code = textwrap.dedent(f"""
        import sys
        sys.modules["mkdocs"] = None  # any import of mkdocs now fails
        from inside_track.library.loader import load_playbooks
        from inside_track.outputs.pages import Guide
        from inside_track.render.renderer import Renderer
        import inside_track.cli, inside_track.plan.checklists
        pages = Guide(load_playbooks([{str(BASE)!r}]), Renderer()).pages()
        assert any(p.uri == "paths/transfer.md" for p in pages)
        assert not any(name.startswith("mkdocs") for name in sys.modules if sys.modules[name])
        print("ok", len(pages))
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok")


@pytest.mark.parametrize(("source", "target", "directory_urls", "expected"), [
    ("checklists/a/b/plan.md", "guide/timeline.md#x", True, "../../../../guide/timeline/#x"),
    ("checklists/a/b/plan.md", "index.md", True, "../../../../"),
    ("checklists/a/b/plan.md", "checklists/index.md", True, "../../../"),
    ("checklists/a/b/plan.md", "#phase-x", True, "#phase-x"),
    ("index.md", "paths/transfer.md", True, "paths/transfer/"),
    ("checklists/a/b/plan.md", "guide/timeline.md#x", False, "../../../guide/timeline.html#x"),
    ("paths/transfer.md", "paths/index.md", False, "index.html"),
])
def test_links_in_finished_html_are_relative_to_the_pages_address(
        source: str, target: str, directory_urls: bool, expected: str) -> None:
    from inside_track.render.renderer import site_href

    assert site_href(source, target, directory_urls) == expected

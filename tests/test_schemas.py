"""The published schemas, checked by a validator this project did not write (check-jsonschema).

Editors compile a schema's ``pattern`` as an ECMA-262 regular expression with the ``u``
flag, Python as ``re``: every pattern must mean the same to both. Every YAML file the
repository ships, and what ``inside-track new company`` writes, must validate against the
published schema as an editor sees it (the ``!internal`` tag read as its plain value, as
the editor settings in ``.vscode/settings.json`` tell the language server).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import FIXTURES, ROOT
from inside_track.cli import main
from inside_track.cli.main import SCHEMAS as GENERATED
from inside_track.cli.main import schema_text
from schemas import check_jsonschema

SCHEMAS = sorted((ROOT / "schema").glob("*.json"))
PLAYBOOK_SCHEMA = ROOT / "schema" / "playbook.schema.json"
PLAYBOOK_FOLDERS = ("playbooks", "company-playbooks", "internal-playbooks")


def patterns(schema: Any) -> Iterator[str]:
    """Every regular expression in a schema: ``pattern`` values and ``patternProperties`` keys."""
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "pattern" and isinstance(value, str):
                yield value
            elif key == "patternProperties" and isinstance(value, dict):
                yield from value
            yield from patterns(value)
    elif isinstance(schema, list):
        for item in schema:
            yield from patterns(item)


def all_patterns() -> list[str]:
    found = {p for path in SCHEMAS for p in patterns(json.loads(path.read_text("utf-8")))}
    return sorted(found)


def test_there_are_patterns_to_check() -> None:
    assert any("[" in pattern for pattern in all_patterns())


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_published_schema_is_the_one_its_model_gives(name: str) -> None:
    published = ROOT / "schema" / f"{name}.schema.json"
    assert published in SCHEMAS
    assert published.read_text(encoding="utf-8") == schema_text(name), \
        f"run: inside-track schema {name} -o schema/{name}.schema.json"


@pytest.mark.parametrize("schema", SCHEMAS, ids=lambda path: path.name)
def test_schema_is_valid_against_its_metaschema(schema: Path) -> None:
    """Includes ``format: regex`` checked the ECMA-262 way (check-jsonschema's default)."""
    result = check_jsonschema("--check-metaschema", schema)
    assert result.returncode == 0, result.stdout + result.stderr


def test_metaschema_check_refuses_a_pattern_only_python_accepts(tmp_path: Path) -> None:
    """The check above can fail: the escape that once broke the schema in editors."""
    schema = tmp_path / "bad.schema.json"
    schema.write_text(json.dumps({"$schema": "https://json-schema.org/draft/2020-12/schema",
                                  "type": "string", "pattern": r'^[^\"]+$'}), "utf-8")
    re.compile(r'^[^\"]+$')
    result = check_jsonschema("--check-metaschema", schema)
    assert result.returncode == 1
    assert "is not a 'regex'" in result.stdout


@pytest.mark.parametrize("pattern", all_patterns())
def test_pattern_compiles_in_python(pattern: str) -> None:
    re.compile(pattern)


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_every_pattern_compiles_as_ecma_262_with_the_u_flag() -> None:
    script = ("const ps = JSON.parse(require('fs').readFileSync(0, 'utf8')); const bad = [];"
              "for (const p of ps) { try { new RegExp(p, 'u'); } catch (e) {"
              " bad.push(p + ': ' + e.message); } }"
              "console.log(JSON.stringify(bad));")
    result = subprocess.run(["node", "-e", script], input=json.dumps(all_patterns()),
                            capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == []


# --- shipped YAML against the published schema -------------------------------------------------

def shipped_playbooks() -> list[Path]:
    """Every playbook file in the repository that is meant to be valid."""
    roots = [ROOT, ROOT / "examples" / "acme", *sorted(p for p in FIXTURES.iterdir()
                                                      if p.is_dir())]
    return sorted(path for root in roots for folder in PLAYBOOK_FOLDERS
                  for path in (root / folder).rglob("*.y*ml") if path.is_file())


def as_editors_read_it(source: Path, target: Path) -> Path:
    """A copy of ``source`` with each ``!internal`` tag read as its plain value.

    That is what the language server does with ``yaml.customTags: ["!internal scalar",
    "!internal mapping", "!internal sequence"]``; the data are otherwise unchanged.
    """
    resolver = yaml.resolver.Resolver()
    root = yaml.compose(source.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)

    def untag(node: yaml.Node) -> None:
        if node.tag == "!internal":
            value = node.value if isinstance(node, yaml.ScalarNode) else None
            implicit = isinstance(node, yaml.ScalarNode) and node.style is None
            node.tag = resolver.resolve(type(node), value, (implicit, False))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                untag(key)
                untag(value)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                untag(item)

    untag(root)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.serialize(root), encoding="utf-8")
    return target


def validate(files: list[Path], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    copies = [as_editors_read_it(path, tmp_path / "read" / f"{i:03d}-{path.name}")
              for i, path in enumerate(files)]
    return check_jsonschema("--schemafile", PLAYBOOK_SCHEMA, *copies)


def test_the_internal_tag_is_read_as_its_plain_value(tmp_path: Path) -> None:
    source = tmp_path / "tagged.yml"
    source.write_text("a: !internal text\nb: !internal {c: 1}\nd: !internal [2]\ne: !internal 3\n",
                      encoding="utf-8")
    read = yaml.safe_load(as_editors_read_it(source, tmp_path / "plain.yml").read_text("utf-8"))
    assert read == {"a": "text", "b": {"c": 1}, "d": [2], "e": 3}


def test_every_shipped_playbook_validates_against_the_published_schema(tmp_path: Path) -> None:
    files = shipped_playbooks()
    folders = {path.parent.relative_to(ROOT).parts[0] for path in files}
    assert {"playbooks", "examples", "tests"} <= folders
    assert any("!internal" in path.read_text(encoding="utf-8") for path in files)
    result = validate(files, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_new_company_validates_against_the_published_schema(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fork = tmp_path / "fork"
    shutil.copytree(FIXTURES / "upstream", fork)
    monkeypatch.chdir(fork)
    assert main(["new", "company", "globex", "--name", "Globex", "--type", "large-process"]) == 0
    result = validate([fork / "company-playbooks" / "globex.yml"], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_misspelled_field_is_rejected_with_its_name(tmp_path: Path) -> None:
    text = (ROOT / "playbooks" / "paths" / "role-evolution.yml").read_text(encoding="utf-8")
    broken = tmp_path / "role-evolution.yml"
    broken.write_text(text.replace("\nsummary:", "\nsumary:", 1), encoding="utf-8")
    assert "\nsumary:" in broken.read_text(encoding="utf-8")
    result = validate([broken], tmp_path)
    assert result.returncode == 1
    assert "'sumary' was unexpected" in result.stdout


def test_an_overlay_may_leave_out_what_it_inherits_but_not_misspell_it(tmp_path: Path) -> None:
    overlay = tmp_path / "overlay.yml"
    overlay.write_text("kind: company\nid: acme\nmerge: extend\n"
                       "steps: [{id: acme-old-step, remove: true}]\n"
                       "phases: {scope-expansion: {span: {start: 2}}}\n", encoding="utf-8")
    assert validate([overlay], tmp_path).returncode == 0
    overlay.write_text(overlay.read_text("utf-8") + "mobility: {decidez: The council}\n",
                       encoding="utf-8")
    result = check_jsonschema("--verbose", "--schemafile", PLAYBOOK_SCHEMA, overlay)
    assert result.returncode == 1
    assert "'decidez' was unexpected" in result.stdout


# --- the editor settings the repository ships ---------------------------------------------------

def test_editor_settings_point_every_playbook_folder_at_the_schema() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    (schema, globs), = settings["yaml.schemas"].items()
    assert (ROOT / schema).resolve() == PLAYBOOK_SCHEMA
    matched = {path.resolve() for pattern in globs for path in ROOT.glob(pattern)}
    repository_playbooks = [path for path in shipped_playbooks()
                            if not path.is_relative_to(FIXTURES)]
    assert repository_playbooks
    assert [p for p in repository_playbooks if p.resolve() not in matched] == []
    assert sorted(settings["yaml.customTags"]) == [
        "!internal mapping", "!internal scalar", "!internal sequence"]
    extensions = json.loads((ROOT / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]

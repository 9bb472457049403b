"""The browser code's modules: their unit tests under Node, and the join into one script.

The Node tests (``tests/js/``) check the pure rules (dates, the calendar file, progress
files and share fragments) without a browser; they run when Node.js is installed and are
skipped, saying why, without it (under CI, where Node is expected, a skip is a failure).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT
from inside_track.outputs.browser import ENTRY, JoinError, joined_script, load_order

MODULES = ROOT / "plugins" / "inside_track" / "outputs" / "assets" / "js"
NODE_TESTS = sorted((ROOT / "tests" / "js").glob("*.test.js"))


def node() -> str:
    found = shutil.which("node")
    if not found:
        reason = "the browser code's unit tests need Node.js (https://nodejs.org/), not found"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI=true, so they may not be skipped", pytrace=False)
        pytest.skip(reason)
    return found


def test_the_pure_rules_pass_their_node_tests() -> None:
    assert NODE_TESTS, "no tests/js/*.test.js"
    result = subprocess.run([node(), "--test", *map(str, NODE_TESTS)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


def test_the_joined_script_is_valid_javascript(tmp_path: Path) -> None:
    script = tmp_path / "inside-track.js"
    script.write_text(joined_script(), encoding="utf-8")
    result = subprocess.run([node(), "--check", str(script)], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr


def test_the_joined_script_holds_every_module_once_without_module_syntax() -> None:
    script = joined_script()
    for module in MODULES.glob("*.js"):
        assert script.count(f"/* --- {module.name} --- */") == 1, module.name
    lines = script.splitlines()
    assert not [line for line in lines if line.startswith(("import ", "export "))]
    assert lines[-1] == "})();"  # one function around everything: no globals leak


def test_a_module_comes_after_the_modules_it_imports() -> None:
    order = load_order({path.name: path.read_text(encoding="utf-8")
                        for path in MODULES.glob("*.js")})
    assert order[-1] == ENTRY
    for position, name in enumerate(order):
        text = (MODULES / name).read_text(encoding="utf-8")
        for other in order[position + 1:]:
            assert f'from "./{other}"' not in text, f"{name} imports {other}, joined later"


def write(folder: Path, **modules: str) -> Path:
    for name, text in modules.items():
        (folder / f"{name.replace('_', '-')}.js").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(("modules", "message"), [
    ({"main": 'import {b as c} from "./b.js";\n', "b": "export function b() {}\n"},
     "main.js: imports 'b as c', which b.js does not export"),
    ({"main": 'import {missing} from "./b.js";\n', "b": "export var b = 1;\n"},
     "main.js: imports 'missing', which b.js does not export"),
    ({"main": 'import {b} from "./nowhere.js";\n'}, "imports nowhere.js, which is not a module"),
    ({"main": 'import {b} from "./b.js";\nvar b = 2;\n', "b": "export var b = 1;\n"},
     "main.js: declares 'b', as b.js does"),
    ({"main": 'import {b} from "./b.js";\nexport var a = 1;\n',
      "b": 'import {a} from "./main.js";\nexport var b = 1;\n'},
     "modules import each other (main.js -> b.js -> main.js)"),
    ({"main": 'import {b} from "./b.js";\n', "b": "export default function b() {}\n"},
     "b.js: the join takes"),
    ({"main": 'import * as b from "./b.js";\n', "b": "export var b = 1;\n"},
     "main.js: the join takes"),
    ({"b": "export var b = 1;\n"}, "main.js: the entry module is missing"),
])
def test_the_join_refuses_what_one_shared_scope_would_change(
        tmp_path: Path, modules: dict[str, str], message: str) -> None:
    with pytest.raises(JoinError, match=message.replace("(", r"\(").replace(")", r"\)")):
        joined_script(write(tmp_path, **modules))


def test_the_join_keeps_the_entry_header_first_and_modules_it_does_not_need_out(
        tmp_path: Path) -> None:
    folder = write(tmp_path, main='/* The header. */\nimport {b} from "./b.js";\nb();\n',
                   b="export function b() {}\n", unused="export var unused = 1;\n")
    script = joined_script(folder)
    assert script.startswith("/* The header. */\n(function () {")
    assert "function b() {}" in script
    assert "unused" not in script

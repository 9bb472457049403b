"""The package's shape: data flows one way between its modules, and only the adapters and
the command line know about MkDocs. Read from the source (ast), so an import inside a
function or under ``TYPE_CHECKING`` counts like any other."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "plugins" / "inside_track"
OUTSIDE_THE_ENGINE = ("inside_track.adapters", "inside_track.cli")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, modules: set[str]) -> set[str]:
    """The modules (of any package) that the module at ``path`` imports, fully named.

    ``from package import name`` counts as importing ``package.name`` when that is a
    module of ours, and ``package`` otherwise.
    """
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base)
    return found - {name}


def import_graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(path) for path in paths}
    return {module_name(path): imports(path, modules) & modules for path in paths}


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle of the graph, as the modules along it, or an empty list."""
    state: dict[str, int] = {}
    trail: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        trail.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*trail[trail.index(target):], target]
            if target not in state and (found := visit(target)):
                return found
        trail.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return []


def test_the_walk_sees_every_module_and_the_imports_between_them() -> None:
    graph = import_graph()
    assert "inside_track.adapters.mkdocs.plugin" in graph
    assert "inside_track.outputs.pages" in graph["inside_track.adapters.mkdocs.plugin"]
    assert "inside_track.model" in graph["inside_track.library.loader"]  # from .. import model
    assert "inside_track.model.kinds" in graph["inside_track.model"]  # a package's own face


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) == []


def test_no_module_imports_itself_through_others() -> None:
    cycle = find_cycle(import_graph())
    assert cycle == [], "import cycle: " + " → ".join(cycle)


def test_the_engine_never_imports_mkdocs() -> None:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(path) for path in paths}
    offenders = sorted(
        f"{module_name(path)} imports {target}" for path in paths
        if not module_name(path).startswith(OUTSIDE_THE_ENGINE)
        for target in imports(path, modules)
        if target == "mkdocs" or target.startswith("mkdocs."))
    assert offenders == []


def test_the_engine_imports_neither_the_adapters_nor_the_command_line() -> None:
    graph = import_graph()
    offenders = sorted(f"{module} imports {target}" for module, targets in graph.items()
                       if not module.startswith(OUTSIDE_THE_ENGINE)
                       for target in targets if target.startswith(OUTSIDE_THE_ENGINE))
    assert offenders == []


STAGES = ["problems", "source", "model", "library", "plan", "render", "outputs", "checks",
          "adapters", "cli"]
"""The package's folders in pipeline order (ARCHITECTURE.md): each imports only earlier ones."""


def test_each_stage_imports_only_the_stages_before_it() -> None:
    def stage(module: str) -> str:
        return module.split(".")[1] if "." in module else ""

    backwards = sorted(
        f"{module} imports {target}" for module, targets in import_graph().items()
        for target in targets
        if stage(module) in STAGES and stage(target) in STAGES
        and STAGES.index(stage(target)) > STAGES.index(stage(module)))
    assert backwards == []

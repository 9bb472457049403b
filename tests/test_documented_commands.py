"""Every command the README and the fork walk-through show is one the tools accept: a
renamed option or subcommand fails here before a reader types it.

Commands are read from the documents themselves (code blocks and inline code), their
arguments checked by the real parsers: ``inside-track``'s argparse, ``dev.py``'s command
table, and MkDocs' own command line for what ``dev.py build`` and ``serve`` pass on.
"""

from __future__ import annotations

import importlib.util
import re
import shlex
from types import ModuleType

import pytest

from conftest import ROOT

DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
_COMMAND = re.compile(r"(?:^|[\s`(])((?:\S*/)?(?:inside-track|dev\.py)(?: [^`#\n]*)?)")
_FENCE = re.compile(r"^```")


def documented_commands() -> list[tuple[str, str]]:
    """(where, command) for each ``inside-track ...`` and ``dev.py ...`` in the documents."""
    found = []
    for document in DOCUMENTS:
        fenced, held = False, ""
        for number, line in enumerate(document.read_text(encoding="utf-8").splitlines(), 1):
            if fenced and line.rstrip().endswith("\\"):  # continued on the next line
                held += line.rstrip()[:-1] + " "
                continue
            line, held = held + line, ""
            if _FENCE.match(line.strip()):
                fenced = not fenced
                continue
            spans = [line] if fenced else re.findall(r"`([^`]+)`", line)
            for span in spans:
                for match in _COMMAND.finditer(span):
                    command = match.group(1).strip()
                    if _is_command(command):
                        where = f"{document.relative_to(ROOT)}:{number}"
                        found.append((where, command))
    return found


def _is_command(text: str) -> bool:
    """``inside-track validate ...`` is a command; ``inside-track:`` (the plugin's name in
    a configuration) and ``inside-track-url`` are not."""
    words = text.split()
    tool = words[0].replace("\\", "/").rsplit("/", 1)[-1]
    return len(words) >= 2 and "..." not in words and tool in ("inside-track", "dev.py")


def _arguments(command: str) -> list[str]:
    words = shlex.split(command.replace("\\", "/"), comments=True)
    return words[1:]


COMMANDS = documented_commands()


def _dev_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dev", ROOT / "dev.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_documents_show_commands() -> None:
    tools = {command.split()[0].rsplit("/", 1)[-1] for _, command in COMMANDS}
    assert {"inside-track", "dev.py"} <= tools


@pytest.mark.parametrize(("where", "command"),
                         [c for c in COMMANDS if "inside-track" in c[1].split()[0]],
                         ids=lambda value: value)
def test_inside_track_commands_parse(where: str, command: str) -> None:
    from inside_track.cli.main import _parser

    args = _arguments(command)
    if args == ["--version"]:
        return
    if len(args) == 1:  # a command named in prose ("the site `inside-track export` writes")
        subcommands = _parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
        assert args[0] in subcommands, f"{where}: inside-track has no command '{args[0]}'"
        return
    try:
        _parser().parse_args(args)
    except SystemExit as stop:
        pytest.fail(f"{where}: '{command}' is refused by inside-track (exit {stop.code})")


@pytest.mark.parametrize(("where", "command"),
                         [c for c in COMMANDS if c[1].split()[0].endswith("dev.py")],
                         ids=lambda value: value)
def test_dev_py_commands_exist_and_pass_on_what_mkdocs_accepts(where: str,
                                                               command: str) -> None:
    import click
    from mkdocs.__main__ import cli

    dev = _dev_module()

    name, *rest = _arguments(command)
    assert name in dev.COMMANDS, f"{where}: dev.py has no command '{name}'"
    if name in ("build", "serve"):
        passed = [arg for arg in rest if arg not in dev.OWN_OPTIONS]
        try:
            cli.make_context("mkdocs", [name, *passed], resilient_parsing=False)
        except click.UsageError as error:
            pytest.fail(f"{where}: '{command}' passes on what mkdocs {name} refuses: {error}")
    elif name == "test":
        unknown = [arg for arg in rest if arg.startswith("--") and arg not in dev.OWN_OPTIONS]
        assert not unknown, f"{where}: '{command}': dev.py test has no {unknown}"

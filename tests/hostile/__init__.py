"""Hostile playbooks, and the checks every error report must pass, shared by several tests."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from inside_track.problems import PlaybookError

# file:line:col: message — one problem, one line.
PROBLEM_LINE = re.compile(r"^(?P<file>[^\n]+?):(?P<line>\d+):(?P<col>\d+): (?P<message>.+)$")
TIMEOUT = 60  # seconds; the guard against a hang, far above what any of these should take

VALID_PATH = """\
kind: path
id: sideways
title: Sideways move
summary: Move within the same org.
headcount_required: "No"
managers_involved: One
speed: Fast
best_when: Your org has an ML team
primary_risk: Stalls
total_timeline: 3 months
steps:
  - id: ask-around
    phase: landscape-mapping
    text: Ask around.
"""


@dataclass
class Run:
    returncode: int
    output: str


def run_cli(*args: str | Path, cwd: Path) -> Run:
    """``inside-track ARGS`` in a child process, as a user would run it."""
    result = subprocess.run(
        [sys.executable, "-m", "inside_track.cli", *map(str, args)],
        cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT,
    )
    return Run(result.returncode, result.stdout + result.stderr)


def problem_lines(output: str) -> list[re.Match[str]]:
    """The ``file:line:col: message`` lines of a report."""
    return [m for m in (PROBLEM_LINE.match(line.strip()) for line in output.splitlines()) if m]


def assert_located_failure(run: Run, cwd: Path, where: str, *needles: str) -> None:
    """A non-zero exit, no traceback, and a located line naming ``where`` with each needle."""
    assert run.returncode != 0, run.output
    assert "Traceback" not in run.output, run.output
    lines = [m for m in problem_lines(run.output) if m["file"].endswith(where)]
    assert lines, f"no file:line:col line for {where}:\n{run.output}"
    for match in lines:
        assert int(match["line"]) >= 1 and int(match["col"]) >= 1
        assert (cwd / match["file"]).is_file(), match["file"]
    text = "\n".join(m.group(0) for m in lines)
    for needle in needles:
        assert needle in text, f"{needle!r} not in:\n{run.output}"


def assert_every_problem_located(error: PlaybookError, cwd: Path) -> None:
    """Every problem prints as one ``file:line:col: message`` line naming a real file."""
    assert error.problems
    for problem in error.problems:
        text = str(problem)
        assert "\n" not in text and "\r" not in text, repr(text)
        assert len(text.splitlines()) == 1, repr(text)
        match = PROBLEM_LINE.match(text)
        assert match, repr(text)
        assert int(match["line"]) >= 1 and int(match["col"]) >= 1, text
        path = Path(match["file"])
        assert (path if path.is_absolute() else cwd / path).exists(), text


def alias_chain(levels: int) -> str:
    """Each anchor holds the previous one, one level deeper: ``a9999`` is 10,000 deep."""
    lines = ["kind: path", "id: chain", "a0: &a0 [x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    """The classic: a few hundred bytes that expand to ``width ** levels`` values."""
    lines = ["kind: path", "id: laughs", f"l0: &l0 [{', '.join(['lol'] * width)}]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def merge_bomb(levels: int = 30) -> str:
    """Merge keys that each fold in the previous mapping twice: 2 ** levels merges."""
    lines = ["kind: path", "id: merges", "m0: &m0 {k: v}"]
    lines += [f"m{i}: &m{i} {{<<: [*m{i - 1}, *m{i - 1}], k{i}: v}}" for i in range(1, levels)]
    return "\n".join(lines) + "\n"

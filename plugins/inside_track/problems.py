"""Located problems: what went wrong, and where in which playbook file.

Every check in the engine reports a :class:`Problem` instead of raising, so a build can
show all of them at once; :class:`PlaybookError` carries the collected list out.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Mark:
    """A position in a file, 1-based, as an editor shows it."""

    file: Path
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{display_path(self.file)}:{self.line}:{self.column}"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the playbooks, worded for the person who wrote them."""

    mark: Mark
    message: str
    field: str = ""

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        return f"{self.mark}: {where}{self.message}"


@dataclass
class PlaybookError(Exception):
    """Raised once, after loading, when any problem was found."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"{count} {noun} in the playbooks:"]
        lines += [f"  {problem}" for problem in sorted(self.problems)]
        return "\n".join(lines)


def display_path(path: Path) -> str:
    """Show a path relative to the working directory when it is inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)

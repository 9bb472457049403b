"""Located problems: what went wrong, and where in which playbook file.

Every check in the engine reports a :class:`Problem` instead of raising, so a build can
show all of them at once; :class:`PlaybookError` carries the collected list out.
"""

from __future__ import annotations

import difflib
import os
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

WHOLE_FILE = 0
"""The line of a mark about a file or folder as a whole: shown without a position."""


@dataclass(frozen=True, order=True)
class Mark:
    """A position in a file, 1-based, as an editor shows it."""

    file: Path
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        where = one_line(display_path(self.file))
        return where if self.line == WHOLE_FILE else f"{where}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the playbooks, worded for the person who wrote them.

    A ``consequence`` follows from another problem (an id that is unknown because the file
    or step defining it has a mistake of its own): it says so, and sorts after every cause,
    so the first line a reader sees is the one to fix.
    """

    mark: Mark
    message: str
    field: str = ""
    consequence: bool = False

    def _key(self) -> tuple[bool, Mark, str, str]:
        return self.consequence, self.mark, self.message, self.field

    def __lt__(self, other: Problem) -> bool:
        return self._key() < other._key()

    def __str__(self) -> str:
        """Always exactly one line, whatever characters the playbook's keys and values hold."""
        where = f"{self.field}: " if self.field else ""
        return f"{self.mark}: {one_line(where + self.message)}"


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
    """Show a path relative to the working directory when it is inside it, else as given:
    ``/srv/x.json`` stays itself rather than becoming ``../../srv/x.json``."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative == os.pardir or relative.startswith(os.pardir + os.sep) \
        else relative


def source_line(mark: Mark) -> str | None:
    """The line of the file that ``mark`` points at, as written, to show beside a problem;
    None for a whole file, or a line that cannot be read."""
    if mark.line == WHOLE_FILE:
        return None
    try:
        with mark.file.open(encoding="utf-8", errors="replace") as stream:
            for number, line in enumerate(stream, start=1):
                if number == mark.line:
                    return line.rstrip("\r\n")
    except OSError:
        return None
    return None


def one_line(text: str) -> str:
    """``text`` with line breaks and other invisible control characters shown as escapes."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == " " else _escape(ch) for ch in text)


def _escape(ch: str) -> str:
    if unicodedata.category(ch) == "Zs":  # unusual spaces are harmless on one line
        return ch
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 \
        else f"\\U{code:08x}"


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` when a close candidate exists, else an empty string."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""

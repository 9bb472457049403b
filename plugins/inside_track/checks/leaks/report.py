"""How a leak check reports: the same words from the plugin, the export and ``check-leaks``.

The advice never asks a fork to edit the upstream guide's pages (a fork only adds files):
internal text that turns up on a page the fork did not write is most likely said there
already, and then it is not a secret (see :func:`public_lines`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .forms import shorten
from .scan import Leak

MAX_SHOWN = 40
"""A report names at most this many leaks, then says how many more there are."""

ADVICE = ("Remove it where it comes from: your own page, template or theme override, or an "
          "extra file; or mark that content internal in the playbooks. If it is on a page "
          "of the upstream guide, the words are public already: say the internal fact in "
          "your own words in the playbook rather than changing the upstream page.")


def leak_lines(leaks: Sequence[Leak], folder: Path | str, limit: int | None = MAX_SHOWN,
               indent: str = "  ") -> list[str]:
    """The leak report: one line per leak, at most ``limit`` of them, then how many more."""
    shown = leaks if limit is None else leaks[:limit]
    lines = [indent + leak.under(folder) for leak in shown]
    if len(leaks) > len(shown):
        lines.append(f"{indent}... and {len(leaks) - len(shown)} more")
    return lines


def leak_report(leaks: Sequence[Leak], folder: Path, outcome: str) -> str:
    """Why a build or an export fails: how many leaks, ``outcome`` (what was done about it,
    or what to do), each leak (see :func:`leak_lines`), and where to remove them."""
    return (f"internal-only text reached {len(leaks)} place(s) in {folder}; {outcome}.\n"
            + "\n".join(leak_lines(leaks, folder)) + "\n" + ADVICE)


def public_lines(texts: Sequence[str], limit: int | None = MAX_SHOWN) -> list[str]:
    """One warning per internal text that the public playbooks say too: it is not looked
    for, because it is no secret."""
    shown = texts if limit is None else texts[:limit]
    lines = [f'internal-only text "{shorten(text)}" is also in the public playbooks, so it '
             "is public anyway and not checked; if it is meant to stay inside, write it in "
             "words of your own" for text in shown]
    if len(texts) > len(shown):
        lines.append(f"... and {len(texts) - len(shown)} more such texts")
    return lines

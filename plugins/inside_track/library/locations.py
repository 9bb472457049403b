"""Where a value is in located playbook data: its mark, and its field as the author wrote it.

Every stage that reports a problem in a playbook (validation messages, cross-references,
links, the guidance rules) names the place the same way: ``file:line:col: field: message``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..problems import Mark
from ..source.reader import Internal, LocatedDict, LocatedList
from .library import Source


def locate(raw: Any, loc: Sequence[str | int], key_itself: bool = False) -> Mark:
    """The mark of the value at ``loc`` inside located data (or of its nearest parent)."""
    mark: Mark = raw.mark
    node = raw
    for depth, part in enumerate(loc):
        last = depth == len(loc) - 1
        if isinstance(node, LocatedDict) and isinstance(part, str) and part in node:
            marks = node.key_marks if (last and key_itself) else node.value_marks
            mark, node = marks[part], node[part]
        elif isinstance(node, LocatedList) and isinstance(part, int) and part < len(node):
            mark, node = node.mark_of(part), node[part]
        else:
            break
    return mark


def field_name(loc: Sequence[str | int]) -> str:
    """``steps[2].phase`` from ``('steps', 2, 'phase')``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def file_loc(source: Source, loc: Sequence[str | int]) -> list[str | int]:
    """``loc`` with each list position counted as in the file, before the edition's cut.

    The public edition drops internal items, so ``contacts[2]`` of the file is
    ``contacts[1]`` of the data; messages name the position the author sees in both.
    """
    node: Any = source.raw
    written: Any = source.originals.get(source.files[0]) if source.files else None
    shown: list[str | int] = []
    for part in loc:
        while isinstance(written, Internal):
            written = written.value
        if isinstance(node, LocatedList) and isinstance(part, int) and 0 <= part < len(node):
            mark = node.mark_of(part)
            marks = written.marks if isinstance(written, LocatedList) else []
            index = marks.index(mark) if mark in marks else None
            shown.append(part if index is None else index)
            written = None if index is None else written[index]
            node = node[part]
        elif isinstance(node, LocatedDict) and isinstance(part, str) and part in node:
            shown.append(part)
            written = written.get(part) if isinstance(written, LocatedDict) else None
            node = node[part]
        else:
            shown.append(part)
            node = written = None
    return shown


def where(source: Source, loc: Sequence[str | int]) -> tuple[Mark, str]:
    """The mark of the value at ``loc`` and its field name as written in the file."""
    return locate(source.raw, loc), field_name(file_loc(source, loc))

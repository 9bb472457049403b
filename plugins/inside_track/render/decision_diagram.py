"""Lay out the one-glance picture of the reader's decision, for a template to draw as SVG.

Four columns, left to right: company types, the paths each one offers, the manager's
answer, and the checklist they lead to. Lines join each company type to its paths, each
path that has a manager conversation to every answer, and every answer (or a path without
that conversation) to the checklist. A line that skips a column (a path without the
manager question, straight to the checklist) crosses it through a gap between its boxes,
never through a box. A label too long for two lines makes its box taller rather than
being cut. This module only places boxes and lines; the
template ``decision-diagram.md.j2`` draws them, escaping every label, and says the same in
words beside the picture.
"""

from __future__ import annotations

import itertools
import textwrap
from dataclasses import dataclass

from ..library.library import Library
from ..model import playbooks as model

COLUMN = 190
GAP = 44
BOX = 46
"""Height of a box: room for two lines of text."""
LINE_HEIGHT = 18
"""Distance between the lines of a label."""
SPACING = 12
HEAD = 34
"""Height of the column headings above the boxes."""
LINE_CHARS = 22
"""About how many characters of the labels' font fit on one line of a box."""
HEADINGS = ("Your company", "Your path", "Your manager's answer", "Your checklist")


@dataclass(frozen=True)
class Box:
    """One answer (or the checklist) in the picture; ``lines`` is its label, wrapped."""

    lines: tuple[str, ...]
    x: int
    y: int
    playbook: model.Playbook | None = None
    height: int = BOX

    @property
    def right(self) -> tuple[int, int]:
        return self.x + COLUMN, self.y + self.height // 2

    @property
    def left(self) -> tuple[int, int]:
        return self.x, self.y + self.height // 2


@dataclass(frozen=True)
class Line:
    """A curve from one box's right side to another's left side, as SVG path data."""

    d: str


@dataclass(frozen=True)
class Diagram:
    width: int
    height: int
    headings: tuple[tuple[str, int], ...]
    """Each column's heading and the x of its centre."""
    columns: tuple[tuple[Box, ...], ...]
    lines: tuple[Line, ...]


def wrap(label: str, whole: bool = False) -> tuple[str, ...]:
    """A label on at most two lines, the second shortened with an ellipsis if need be;
    ``whole`` keeps every line (its box grows to fit)."""
    lines = textwrap.wrap(" ".join(label.split()), LINE_CHARS) or [""]
    if len(lines) > 2 and not whole:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), LINE_CHARS, placeholder="…")]
    return tuple(lines)


def box_height(lines: tuple[str, ...]) -> int:
    """A box's height: two lines' worth, or more for a label kept whole."""
    return max(BOX, len(lines) * LINE_HEIGHT + 10)


def decision_diagram(library: Library) -> Diagram:
    """The picture of the three questions for ``library``'s company types, paths, answers."""
    types = [t for t in library.company_types if t.paths]
    offered = {p for t in types for p in t.paths}
    paths = [p for p in library.paths if p.id in offered]
    responses = list(library.responses) if any(p.manager_conversation for p in paths) else []
    tallest = max(len(types), len(paths), len(responses), 1)
    height = HEAD + tallest * BOX + (tallest - 1) * SPACING

    def column(index: int, items: list[tuple[str, model.Playbook | None]],
               whole: bool = False) -> tuple[Box, ...]:
        labels = [wrap(label, whole) for label, _ in items]
        heights = [box_height(lines) for lines in labels]
        used = sum(heights) + (len(items) - 1) * SPACING
        top = HEAD + (height - HEAD - used) // 2
        x = index * (COLUMN + GAP)
        boxes = []
        for lines, tall, (_, playbook) in zip(labels, heights, items, strict=True):
            boxes.append(Box(lines, x, top, playbook, tall))
            top += tall + SPACING
        return tuple(boxes)

    type_boxes = column(0, [(t.title, t) for t in types])
    path_boxes = column(1, [(p.title, p) for p in paths])
    response_boxes = column(2, [(r.title, r) for r in responses])
    checklist = column(3, [("A checklist in order, with how long each phase takes", None)],
                       whole=True)
    by_path = {box.playbook.id: box for box in path_boxes if box.playbook}
    lines = [_curve(t_box.right, by_path[path].left)
             for t_box, t in zip(type_boxes, types, strict=True)
             for path in t.paths if path in by_path]
    for p_box, path in zip(path_boxes, paths, strict=True):
        if path.manager_conversation and response_boxes:
            lines += [_curve(p_box.right, r_box.left) for r_box in response_boxes]
        elif response_boxes:
            lines.append(_bypass(p_box.right, response_boxes, checklist[0].left))
        else:
            lines.append(_curve(p_box.right, checklist[0].left))
    lines += [_curve(r_box.right, checklist[0].left) for r_box in response_boxes]
    width = 4 * COLUMN + 3 * GAP
    headings = tuple((heading, n * (COLUMN + GAP) + COLUMN // 2)
                     for n, heading in enumerate(HEADINGS))
    return Diagram(width, height, headings,
                   (type_boxes, path_boxes, response_boxes, checklist), tuple(lines))


def _curve(start: tuple[int, int], end: tuple[int, int]) -> Line:
    return Line("M" + _bend(start, end))


def _bend(start: tuple[int, int], end: tuple[int, int]) -> str:
    (x1, y1), (x2, y2) = start, end
    middle = (x1 + x2) // 2
    return f"{x1} {y1} C{middle} {y1} {middle} {y2} {x2} {y2}"


def gaps(column: tuple[Box, ...]) -> list[int]:
    """The heights at which a line can cross ``column`` without touching a box: midway
    between two boxes, and just above the first and below the last."""
    ys = [column[0].y - SPACING // 2]
    ys += [(above.y + above.height + below.y) // 2
           for above, below in itertools.pairwise(column)]
    ys.append(column[-1].y + column[-1].height + SPACING // 2)
    return ys


def _bypass(start: tuple[int, int], column: tuple[Box, ...], end: tuple[int, int]) -> Line:
    """A line from ``start`` to ``end`` that crosses ``column`` through its nearest gap."""
    y = min(gaps(column), key=lambda gap: (abs(gap - start[1]), gap))
    left, right = column[0].x, column[0].x + COLUMN
    into = _bend(start, (left, y))   # ends at the column's left edge, in the gap
    out = _bend((right, y), end)     # starts at its right edge, in the same gap
    return Line(f"M{into} L{out}")

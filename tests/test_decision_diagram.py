"""The home page's decision diagram keeps every word of its last box, and no connector
crosses a box it does not join, whatever the playbooks' labels and paths are."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from inside_track.library.loader import PlaybookLoader
from inside_track.render import decision_diagram as layout
from inside_track.render.decision_diagram import Box, Diagram, decision_diagram


def upstream() -> Diagram:
    return decision_diagram(PlaybookLoader().load([ROOT / "playbooks"], "public"))


def points(d: str) -> list[tuple[float, float]]:
    """Sample points along an SVG path made of M, C and L commands (a fine polyline)."""
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]
    commands = re.findall(r"[MCL]", d)
    out: list[tuple[float, float]] = []
    at = 0
    here = (0.0, 0.0)
    for command in commands:
        if command == "M":
            here = (numbers[at], numbers[at + 1])
            at += 2
            out.append(here)
        elif command == "L":
            end = (numbers[at], numbers[at + 1])
            at += 2
            out += [(here[0] + (end[0] - here[0]) * t / 20, here[1]) for t in range(21)]
            here = end
        else:
            c1, c2, end = [(numbers[at + i], numbers[at + i + 1]) for i in (0, 2, 4)]
            at += 6
            for step in range(41):
                t = step / 40
                x = ((1 - t) ** 3 * here[0] + 3 * (1 - t) ** 2 * t * c1[0]
                     + 3 * (1 - t) * t ** 2 * c2[0] + t ** 3 * end[0])
                y = ((1 - t) ** 3 * here[1] + 3 * (1 - t) ** 2 * t * c1[1]
                     + 3 * (1 - t) * t ** 2 * c2[1] + t ** 3 * end[1])
                out.append((x, y))
            here = end
    return out


def inside(box: Box, point: tuple[float, float]) -> bool:
    x, y = point
    return box.x + 1 < x < box.x + layout.COLUMN - 1 and box.y + 1 < y < box.y + box.height - 1


def test_the_checklist_box_keeps_its_whole_label() -> None:
    box = upstream().columns[3][0]
    assert "…" not in " ".join(box.lines)
    assert " ".join(box.lines) == "A checklist in order, with how long each phase takes"
    assert box.height >= len(box.lines) * layout.LINE_HEIGHT


def test_no_connector_runs_through_a_box() -> None:
    diagram = upstream()
    crossings = [(line.d, " ".join(box.lines)) for line in diagram.lines
                 for column in diagram.columns for box in column
                 if any(inside(box, point) for point in points(line.d))]
    assert crossings == []


@pytest.mark.parametrize("start_y", [0, 60, 130, 400])
def test_a_line_skipping_a_column_crosses_it_through_a_gap(start_y: int) -> None:
    column = tuple(Box(("x",), 234, 34 + n * 58) for n in range(5))
    line = layout._bypass((190, start_y), column, (702, 150))
    assert not [box for box in column for point in points(line.d) if inside(box, point)]

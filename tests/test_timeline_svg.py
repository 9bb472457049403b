"""The timeline graphic: geometry, accessibility and escaping, from planned phases."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from conftest import FIXTURES
from inside_track import model
from inside_track.library.loader import load_playbooks
from inside_track.plan.checklists import Checklist, PlannedPhase, plan_all
from inside_track.render.timeline_svg import axis_end, months_label, tick_step, timeline

SVG = "{http://www.w3.org/2000/svg}"


def guide_checklist(slug: str) -> Checklist:
    library = load_playbooks([FIXTURES / "guide" / "playbooks"])
    return next(c for c in plan_all(library) if c.situation.slug == slug)


def planned(phase_id: str, title: str, start: float, end: float,
            duration: str = "a while") -> PlannedPhase:
    phase = model.Phase(kind="phase", id=phase_id, title=title, summary="S.", order=1,
                        duration=duration, span=model.Span(start=start, end=end))
    return PlannedPhase(phase, duration, phase.span, [])


def test_one_bar_per_phase_placed_on_the_month_axis() -> None:
    checklist = guide_checklist("large/transfer/not-asked")
    root = ET.fromstring(str(timeline(checklist)))
    svg = root.find(f"{SVG}svg")
    assert svg is not None
    rows = svg.findall(f"{SVG}g[@class='it-timeline__phase']")
    assert [g.get("data-it-phase") for g in rows] == [p.phase.id for p in checklist.phases]
    bars = {g.get("data-it-phase"): g.find(f"{SVG}rect[@class='it-timeline__bar']")
            for g in rows}
    # Scope expansion runs from month 1 to 4 on an axis that ends at month 9.
    scope = bars["scope-expansion"]
    assert scope is not None
    assert (scope.get("x"), scope.get("width")) == ("11.111%", "33.333%")
    labels = [t.text for t in svg.findall(f"{SVG}g[@class='it-timeline__axis']/{SVG}text")]
    assert labels == [str(m) for m in range(10)]


def test_chart_is_an_image_with_a_name_a_description_and_a_list_in_words() -> None:
    checklist = guide_checklist("startup/evolution/development-plan")
    root = ET.fromstring(str(timeline(checklist)))
    svg = root.find(f"{SVG}svg")
    assert svg is not None and svg.get("role") == "img"
    title = svg.find(f"{SVG}title")
    desc = svg.find(f"{SVG}desc")
    assert title is not None and title.get("id") == svg.get("aria-labelledby")
    assert desc is not None and desc.get("id") == svg.get("aria-describedby")
    assert title.text == "Timeline of this plan: 4 phases over about 8 months"
    assert desc.text is not None and "2. Scope expansion: months 1–4, typically 2 to 4 months." \
        in desc.text
    items = root.findall("ol/li")
    assert [li.get("data-it-phase") for li in items] == [p.phase.id for p in checklist.phases]
    first = items[0].find("a")
    assert first is not None and first.get("href") == "#phase-landscape-mapping"
    assert "".join(items[0].itertext()) == "Landscape mapping: 2 to 4 weeks (months 0–1)"


def test_text_is_escaped() -> None:
    checklist = Checklist(situation=None, phases=[  # type: ignore[arg-type]
        planned("r-and-d", "R&D < one \"month\"", 0, 0.5, duration="2 weeks & more")],
        total_timeline="soon")
    figure = str(timeline(checklist))
    assert "R&amp;D &lt; one &#34;month&#34;" in figure
    assert '"month"' not in figure  # not even inside an attribute
    assert "2 weeks &amp; more" in figure
    root = ET.fromstring(figure)  # still well-formed, and reads as written
    assert [a.text for a in root.iter("a")] == ['R&D < one "month"']


def test_short_and_zero_length_phases_still_show() -> None:
    checklist = Checklist(situation=None, phases=[  # type: ignore[arg-type]
        planned("kickoff", "Kickoff", 0, 0), planned("long", "Long", 0, 30)],
        total_timeline="")
    bar = re.search(r'data-it-phase="kickoff">.*?class="it-timeline__bar" x="([^"]+)" y="\d+" '
                    r'width="([^"]+)"', str(timeline(checklist)))
    assert bar is not None and bar.groups() == ("0%", "1%")


def test_axis_and_labels() -> None:
    assert axis_end([planned("a", "A", 0, 4.2)]) == 5
    assert axis_end([]) == 1
    assert [tick_step(m) for m in (1, 12, 13, 24, 60)] == [1, 1, 2, 2, 5]
    assert months_label(3, 5) == "months 3–5"
    assert months_label(0.5, 0.5) == "month 0.5"


def test_no_phases_no_figure() -> None:
    checklist = Checklist(situation=None, phases=[], total_timeline="")  # type: ignore[arg-type]
    assert str(timeline(checklist)) == ""


def test_the_today_marker_has_its_own_lane_and_crosses_only_the_bars() -> None:
    """The "Today" label sits above the month labels, never on the axis caption, and its
    marks cross the bars, never a phase's label (on every width: nothing is placed by x)."""
    checklist = guide_checklist("large/transfer/not-asked")
    svg = ET.fromstring(str(timeline(checklist))).find(f"{SVG}svg")
    assert svg is not None
    today = svg.find(f"{SVG}g[@class='it-timeline__today']")
    assert today is not None and today.get("display") == "none"
    label = today.find(f"{SVG}text")
    assert label is not None and label.text == "Today"
    months = [float(t.get("y", 0)) for t in
              svg.findall(f"{SVG}g[@class='it-timeline__axis']/{SVG}text")]
    caption = svg.find(f"{SVG}text[@class='it-timeline__caption']")
    assert caption is not None
    font = 13
    assert float(label.get("y", 0)) < min(months) - font + 2  # above the month labels
    assert float(label.get("y", 0)) < float(caption.get("y", 0)) - font
    marks = today.findall(f"{SVG}line")
    rows = svg.findall(f"{SVG}g[@class='it-timeline__phase']")
    assert len(marks) == len(rows)
    for mark, row in zip(marks, rows, strict=True):
        text = row.find(f"{SVG}text")
        bar = row.find(f"{SVG}rect[@class='it-timeline__bar']")
        assert text is not None and bar is not None
        baseline = float(text.get("y", 0))
        top, bottom = float(mark.get("y1", 0)), float(mark.get("y2", 0))
        assert top > baseline + 3  # below the label's descenders
        assert top <= float(bar.get("y", 0)) and bottom >= float(bar.get("y", 0)) + 14
        for other in rows:  # and clear of every other row's label
            other_text = other.find(f"{SVG}text")
            assert other_text is not None
            other_base = float(other_text.get("y", 0))
            assert not (top < other_base + 4 and bottom > other_base - font)


def test_a_phase_after_the_answer_says_so_on_the_timeline() -> None:
    library = load_playbooks([FIXTURES.parent.parent / "playbooks"])
    checklist = next(c for c in plan_all(library)
                     if c.slug == "large-process/internal-transfer/not-yet")
    figure = ET.fromstring(str(timeline(checklist)))
    after = [li.get("data-it-phase") for li in figure.findall("ol/li")
             if "(after your answer)" in "".join(li.itertext())]
    assert after == [p.phase.id for p in checklist.phases if p.after_answer] != []

"""The calendar file the build writes for each checklist names itself as the checklist is
titled: commas and semicolons escaped in the file, and read back as written, because the
name's value type is declared (X-WR-CALNAME;VALUE=TEXT)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import icalendar
import pytest

from conftest import ROOT
from inside_track.library.loader import load_playbooks
from inside_track.outputs.pages import Guide
from inside_track.outputs.plan_calendar import calendar_text
from inside_track.outputs.plan_data import plan_data
from inside_track.render.renderer import Renderer


@pytest.mark.parametrize("title", ["Large, process-driven · Internal transfer",
                                   "A; b, c\\d"])
def test_the_calendar_name_reads_back_as_written(title: str) -> None:
    guide = Guide(load_playbooks([ROOT / "playbooks"]), Renderer())
    data = plan_data(guide.checklist_pages[0])
    text = calendar_text(data, title, date(2027, 1, 4), datetime(2026, 12, 6, tzinfo=UTC))
    unfolded = text.replace("\r\n ", "")
    assert "X-WR-CALNAME;VALUE=TEXT:" in unfolded
    assert str(icalendar.Calendar.from_ical(text)["X-WR-CALNAME"]) == f"Inside Track: {title}"

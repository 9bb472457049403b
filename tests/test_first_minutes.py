"""The pieces a reader meets first: the decision diagram, chooser descriptions, the
manager's words on a response page and checklists grouped by the other answer."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT
from inside_track import model
from inside_track.library.loader import PlaybookLoader
from inside_track.outputs.directives import expand_directives
from inside_track.outputs.pages import Guide, checklist_groups, first_sentence, words_heard
from inside_track.render.decision_diagram import decision_diagram
from inside_track.render.renderer import Renderer

HOSTILE = '<script>alert(1)</script> & "quotes" <img src=x onerror=alert(1)>'


def upstream() -> Guide:
    library = PlaybookLoader().load([ROOT / "playbooks"], "public")
    return Guide(library, Renderer())


def test_the_diagram_joins_each_company_type_to_the_paths_it_offers() -> None:
    library = upstream().library
    diagram = decision_diagram(library)
    types, _paths, responses, checklist = diagram.columns
    assert [b.playbook for b in types] == [t for t in library.company_types if t.paths]
    assert len(checklist) == 1 and len(responses) == len(library.responses)
    offered = sum(len(t.paths) for t in library.company_types)
    talking = sum(1 for p in library.paths if p.manager_conversation)
    silent = len(library.paths) - talking
    assert len(diagram.lines) == offered + talking * len(responses) + silent + len(responses)
    assert all(box.x + 190 <= diagram.width and box.y >= 0 for col in diagram.columns
               for box in col)


def test_every_playbook_value_in_the_diagram_is_escaped() -> None:
    guide = upstream()
    library = guide.library
    library.shelves["company-type"] = [t.model_construct(**{**t.__dict__, "title": HOSTILE})
                             for t in library.company_types]
    library.shelves["manager-response"] = [r.model_construct(**{**r.__dict__, "title": HOSTILE})
                         for r in library.responses]
    out = expand_directives(guide, "<!-- inside-track: decision-diagram -->\n", "index.md",
                            Path("index.md"))
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;" in out
    svg = out[out.index("<svg"):out.index("</svg>")]
    assert '"quotes"' not in svg  # attribute-safe too


def test_the_diagram_has_a_title_and_points_to_its_words() -> None:
    out = expand_directives(upstream(), "<!-- inside-track: decision-diagram -->\n",
                            "index.md", Path("index.md"))
    assert 'role="img"' in out and 'aria-describedby="it-decision-words"' in out
    assert 'id="it-decision-words"' in out
    assert "[Large, process-driven](company-types/large-process.md)" in out


def test_a_description_is_the_summary_s_first_sentence() -> None:
    assert first_sentence("One thing.  Then\nanother. ") == "One thing."
    assert first_sentence("No full stop") == "No full stop"
    assert first_sentence("Version 2.0 ships. Later.") == "Version 2.0 ships."


def test_the_manager_s_words_show_only_when_they_add_to_the_title() -> None:
    responses = {r.id: r for r in upstream().library.responses}
    assert words_heard(responses["development-plan"]) is None  # the title, quoted
    assert words_heard(responses["not-yet"]) is None  # no conversation yet
    vague = responses["vague"]
    heard = vague.model_copy(update={"says": "“Maybe, let's see”"})
    assert words_heard(heard) == "“Maybe, let's see”"


def test_checklists_on_a_path_page_are_grouped_by_company_type() -> None:
    guide = upstream()
    path = next(p for p in guide.library.paths if p.id == "internal-transfer")
    page = next(p for p in guide.pages() if p.uri == "paths/internal-transfer.md")
    groups = checklist_groups(path, [c for c in guide.checklist_pages
                                     if c.situation.path is path])
    assert [g.title for g in groups] == [t.title for t in guide.library.company_types
                                         if "internal-transfer" in t.paths]
    assert all(label != path.title for g in groups for label, _ in g.checklists)
    assert isinstance(path, model.Path)
    # one line per company type, not one per checklist
    section = page.content[page.content.index("## Checklists"):]
    assert section.count("\n- ") == len(groups)

"""Fuzzing: any text a contributor writes either is refused with a message, or renders to
HTML inside the allow-list. Never a traceback, never an attribute from the text.

Bounded time is a property of the limits (:func:`inside_track.model.safety.check_limits`),
not a timing here: what is accepted nests at most a few levels and has few brackets.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inside_track.model import safety
from inside_track.render.fragments import fragment, inline
from inside_track.render.renderer import label

PIECES = ["[", "]", "(", ")", "{", "}", "{:", "](", "<", ">", "&", "#", "*", "_", "`", "!",
          "- ", "1. ", "> ", "    ", "\n", "\n\n", "|", "\\", '"', "'", "=", ":", "javascript:",
          "style=", "onclick=", "autofocus", "&#106;", "%6A", "\u202e", "x", " ", "!!! note",
          "???", "~~~", "```", "[x]: ", "https://e.example/", "../guide/a.md"]
hostile = st.lists(st.sampled_from(PIECES), max_size=60).map("".join) | st.text(max_size=200)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile)
def test_text_is_refused_or_renders_inside_the_allow_list(text: str) -> None:
    try:
        safety.check_text(text)
    except safety.UnsafeText as error:
        assert str(error)
        return
    for html in (fragment(text), inline(text)):
        assert safety.audit_page(html) == []
        assert "<script" not in html.lower() and " id=" not in html


@settings(max_examples=200, deadline=None)
@given(hostile)
def test_labels_never_carry_markdown_syntax(text: str) -> None:
    assert not set("[]{}<>|`") & set(label(text))

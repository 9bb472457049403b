"""Bounded rendering: whatever blocks a text is made of, rendering it costs about linear work.

Python-Markdown splits a block at each heading, rule or setext underline it finds inside it
and hands the rest back to every block processor, which scans it again: a block of ``L``
lines and ``B`` characters costs about ``L * B``. Validation bounds the lines of a block
(:data:`safety.MAX_BLOCK_LINES`) and of a text (:data:`safety.MAX_LINES`), so the work is at
most a constant times the text's length. Work is counted, not timed: the characters every
block processor is handed to test, and the Python and C calls made while rendering.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inside_track.model import MAX_TEXT, markdown_config, safety
from inside_track.render import fragments

SCANS_PER_CHARACTER = 8 * safety.MAX_BLOCK_LINES
"""A block is scanned about once per line it is split at, by the few processors that test
for a split there: measured, a block of rules at the limit costs 5 scans per character and
line. Eight leaves room; a block a few times longer than the limit exceeds it."""
CALLS_PER_CHARACTER = 400
"""Measured within the limits: at most about 100 calls per character (definitions nesting in
one block of short lines). A guard against a construct that loops in Python code."""

FILLER = "Plain words that make a line long enough to count"
LINES = [
    "#", "# {w}", "###### {w}", "***", "---", "___", "* * *", "{w}", "===", "| {w} | {w} |",
    "|---|---|", "{w} | {w}", "!!! note", "!!! note \"{w}\"", "??? note", "???+ note",
    "    {w}", "- {w}", "1. {w}", "> {w}", ": {w}", "```", "~~~", "```text", "[x]: https://e.example/",
    "- # {w}", "> ---", "    - {w}", "{w}  ", "\\", "&amp; {w}",
]


@st.composite
def block_soup(draw: Callable[..., Any]) -> str:
    """A text of up to :data:`safety.MAX_LINES` lines in blocks of up to the block limit,
    each line one of the constructs above, with words to make it long."""
    blocks: list[str] = []
    total = 0
    width = draw(st.sampled_from([0, 12, MAX_TEXT // safety.MAX_LINES - 8]))
    while total < safety.MAX_LINES - 1:
        size = draw(st.integers(1, min(safety.MAX_BLOCK_LINES, safety.MAX_LINES - total)))
        lines = [draw(st.sampled_from(LINES)).replace("{w}", (FILLER * 3)[:width] or "w")
                 for _ in range(size)]
        blocks.append("\n".join(lines))
        total += size + 1
    return "\n\n".join(blocks)[:MAX_TEXT]


class Counted:
    """A Markdown instance that counts the characters its block processors are handed."""

    def __init__(self, extensions: list[str], configs: dict[str, Any] | None = None) -> None:
        self.md = markdown.Markdown(extensions=extensions, extension_configs=configs or {})
        self.scanned = 0
        for processor in self.md.parser.blockprocessors:
            processor.test = self._counting(processor.test)  # type: ignore[method-assign]

    def _counting(self, test: Callable[[Any, str], bool]) -> Callable[[Any, str], bool]:
        def counted(parent: Any, block: str) -> bool:
            self.scanned += len(block)
            return test(parent, block)
        return counted

    def work(self, text: str) -> tuple[int, int]:
        """(characters scanned by block processors, calls) to render ``text``."""
        self.scanned = calls = 0

        def profile(frame: Any, event: str, arg: Any) -> None:
            nonlocal calls
            calls += event in ("call", "c_call")

        self.md.reset()
        sys.setprofile(profile)
        try:
            self.md.convert(text)
        finally:
            sys.setprofile(None)
        return self.scanned, calls


RENDERERS = {
    "page fragments": lambda: Counted(markdown_config.TEXT_EXTENSIONS,
                                      markdown_config.TEXT_EXTENSION_CONFIGS),
    "validation": lambda: Counted([*markdown_config.TEXT_EXTENSIONS, "attr_list"],
                                  markdown_config.TEXT_EXTENSION_CONFIGS),
}
"""The parser playbook text is rendered with, and validation's, which adds attribute lists
to find them."""


def within_bounds(renderer: Counted, text: str) -> bool:
    scanned, calls = renderer.work(text)
    size = len(text) + 1
    return scanned <= SCANS_PER_CHARACTER * size and calls <= CALLS_PER_CHARACTER * size


@pytest.mark.parametrize("name", list(RENDERERS))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.data_too_large])
@given(text=block_soup())
def test_text_validation_accepts_renders_in_linear_work(name: str, text: str) -> None:
    try:
        safety.check_blocks(text)
    except safety.UnsafeText:  # pragma: no cover - the soup is built within the limits
        pytest.fail("a soup within the limits was refused")
    assert within_bounds(RENDERERS[name](), text)


@pytest.mark.parametrize("line", ["#", "***", "---", "# A heading of some length", "===",
                                  "!!! note"])
def test_a_block_past_the_limit_is_refused_and_would_break_the_bound(line: str) -> None:
    """The bound is tight enough to see what the limit prevents: a long block of one
    splitting construct costs more than it allows."""
    block = "\n".join([line] * safety.MAX_LINES)[:MAX_TEXT]
    with pytest.raises(safety.UnsafeText, match=f"at most {safety.MAX_BLOCK_LINES} lines"):
        safety.check_text(block)
    if line != "!!! note":  # notes only nest, one level a line, which is cheap
        assert not within_bounds(RENDERERS["page fragments"](), block)


def test_definition_lists_nest_only_as_deep_as_a_block_allows() -> None:
    """Each definition in one block nests the next, by recursion: 500 of them exhaust
    Python's stack. A block at the limit renders; the 500 are refused."""
    at_limit = "\n".join(["a", ": b"] * (safety.MAX_BLOCK_LINES // 2))
    assert "<dd>" in fragments.fragment(safety.check_text(at_limit))
    with pytest.raises(safety.UnsafeText):
        safety.check_text("a\n: b\n" * 500)

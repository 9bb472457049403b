"""Generated pages whose body is finished HTML reach MkDocs without a second parse.

A checklist page is Markdown headings between blocks of HTML the engine has already
rendered and sanitized (:attr:`inside_track.outputs.files.GeneratedPage.html`). Markdown
would only pass those blocks through, after reading every tag of them: for a fork with
many companies, that is most of the build. So MkDocs gets the page with each block
replaced by a one-line stand-in (an empty ``div``, which Markdown treats exactly like the
block it stands for: a raw HTML element between blank lines), renders that as usual (the
headings give the table of contents, the title and their anchors), and the blocks take
their stand-ins' places in the HTML before any other plugin sees it. The result is the
HTML Markdown would have made of the whole page, byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from mkdocs.structure.pages import Page

STAND_IN = '<div data-inside-track-block="{}"></div>'


def stand_ins(markdown: str, blocks: tuple[str, ...]) -> str | None:
    """``markdown`` with each of ``blocks`` replaced by its stand-in, or None (parse the
    page as it is) if a block is not found in order, standing alone between blank lines."""
    pieces: list[str] = []
    at = 0
    for number, block in enumerate(blocks):
        found = markdown.find(block, at)
        end = found + len(block)
        if found < 0 or not (found == 0 or markdown.startswith("\n\n", found - 2)) \
                or not (end == len(markdown) or markdown.startswith("\n", end)):
            return None
        pieces += (markdown[at:found], STAND_IN.format(number))
        at = end
    pieces.append(markdown[at:])
    return "".join(pieces)


def put_back(html: str, blocks: tuple[str, ...]) -> str | None:
    """The page's HTML with each stand-in replaced by its block, or None if a stand-in is
    missing (a Markdown extension changed it): then the page is to be parsed whole."""
    pieces: list[str] = []
    at = 0
    for number, block in enumerate(blocks):
        stand_in = STAND_IN.format(number)
        found = html.find(stand_in, at)
        if found < 0:
            return None
        pieces += (html[at:found], block)
        at = found + len(stand_in)
    pieces.append(html[at:])
    return "".join(pieces)


def add_anchors(page: Page, anchors: Iterable[str], blocks: tuple[str, ...]) -> None:
    """Tell MkDocs which of ``anchors``, named by links to ``page``, are ids in the blocks
    it did not parse: it checks links against the ids it saw. Each anchor is looked up by
    itself; a page no link names with an anchor is never searched."""
    present = page.present_anchor_ids
    if present is None:
        return
    for anchor in anchors:
        if anchor not in present and any(f' id="{anchor}"' in block for block in blocks):
            present.add(anchor)


class Anchors(dict[str, set[str]]):
    """Page → the ids of its elements, read from a page's HTML only when asked for.

    Only a page that some link names with an ``#anchor`` is ever asked for, and those are
    a few guide pages, not the thousands of checklist pages of a large fork. ``ids`` gives
    a page's ids, or None if the page is not known.
    """

    def __init__(self, ids: Callable[[str], set[str] | None]) -> None:
        super().__init__()
        self._ids = ids

    def get(self, page: str, default: Any = None) -> Any:
        if page not in self:
            found = self._ids(page)
            if found is None:
                return default
            self[page] = found
        return self[page]

"""Playbook text as finished, sanitized HTML: rendered once per distinct text, placed as is.

Templates that build a page as HTML place these fragments instead of pasting text into
Markdown syntax, so no text can close a template's link, join its attribute list or open
a tag. Each text is rendered with the parser validation used
(:mod:`inside_track.model.markdown_config`), then reduced to the allow-list of
:mod:`inside_track.model.safety` by nh3 (Ammonia): whatever slipped past validation is
dropped here, and pages built only from fragments need no audit.

Links to the guide's own pages (paths under ``docs/`` once loaded) are marked, and the
renderer makes them relative to the page they land on (:meth:`Renderer.render`).
"""

from __future__ import annotations

import functools
import re

from markupsafe import Markup

from ..model.markdown_config import text_markdown
from ..model.safety import link_scheme, sanitize

URL_MARK = "inside-track-url:"
"""Prefix of a link to a page of the guide, made relative to the page once it is rendered."""
_HREF = re.compile(r'href="([^"]*)"')
_ONE_PARAGRAPH = re.compile(r"<p>((?:(?!</?p>).)*)</p>", re.DOTALL)

@functools.lru_cache(maxsize=1 << 17)
def fragment(text: str) -> Markup:
    """``text`` (Markdown) as sanitized block HTML."""
    md = text_markdown()
    try:
        rendered = md.reset().convert(text)
    finally:
        md.reset()
    return Markup(_HREF.sub(_mark_page_link, sanitize(rendered)))


@functools.lru_cache(maxsize=1 << 17)
def inline(text: str) -> Markup:
    """``text`` folded onto one line, as sanitized inline HTML (for labels and list items)."""
    html = fragment(" ".join(text.split()))
    single = _ONE_PARAGRAPH.fullmatch(html.strip())
    return Markup(single[1]) if single else html


def _mark_page_link(match: re.Match[str]) -> str:
    target = match[1]
    if not target or target.startswith("#") or link_scheme(target) is not None:
        return match[0]
    return f'href="{URL_MARK}{target}"'

"""The internal edition's notice: a banner at the top of every HTML page, or the first
block of every Markdown page when a site is exported."""

from __future__ import annotations

import re

from .renderer import Renderer

_BANNER_SLOT = re.compile(r'<div data-md-component="announce">|<body\b[^>]*>', re.IGNORECASE)


def internal_banner(renderer: Renderer, notice: str) -> str:
    """The banner for finished HTML pages (see :func:`with_banner`)."""
    return renderer.render("internal-banner.html.j2", "", notice=notice)


def internal_notice(renderer: Renderer, notice: str) -> str:
    """The notice as the first block of a Markdown page, followed by a blank line."""
    return renderer.render("internal-notice.html.j2", "", notice=notice)


def with_banner(page: str, banner: str) -> str:
    """``page`` with ``banner`` at its top: with Material, just before its announcement bar
    (which a reader may dismiss); with any other theme, first thing in the body. A file
    that is not an HTML page (``sitemap.xml``, a feed), or an empty banner, leaves it as it is."""
    slot = _BANNER_SLOT.search(page) if banner else None
    if slot is None:
        return page
    at = slot.start() if slot.group().startswith("<div") else slot.end()
    return page[:at] + banner + page[at:]

"""The Markdown playbook text is written in, and what generated pages need: declared once.

Playbook text is validated (:mod:`.safety`) with the very parser that renders it
(:mod:`inside_track.render.fragments`): if the checks read a text one way and the page
another, a text could pass as a harmless code block and render as something else. The
extensions are a fixed, bounded set: no attribute lists, no raw HTML of their own.

Generated pages are Markdown written by the templates; :data:`PAGE_EXTENSIONS` is what a
site must enable for them (the MkDocs adapter refuses a configuration without them).
"""

from __future__ import annotations

import threading
from typing import Any

import markdown

TEXT_EXTENSIONS = ("tables", "admonition", "def_list", "fenced_code", "pymdownx.details")
"""Playbook text: tables, ``!!!`` notes, definition lists, fenced code, ``???`` details."""
TEXT_EXTENSION_CONFIGS: dict[str, dict[str, Any]] = {"tables": {"use_align_attribute": True}}
PAGE_EXTENSIONS = ("admonition", "attr_list", "md_in_html", "tables", "toc")
"""The generated pages: ``!!!`` notes, ``{: .class }`` attribute lists, Markdown inside HTML
blocks (``markdown="block"``), tables, and heading anchors (which playbook links may name)."""

_local = threading.local()


def text_markdown(*, attr_list: bool = False) -> markdown.Markdown:
    """This thread's parser for playbook text. ``attr_list`` adds attribute lists, which
    text may not use: validation renders with and without it to find them."""
    name = "with_attr_list" if attr_list else "text"
    instance = getattr(_local, name, None)
    if instance is None:
        instance = markdown.Markdown(
            extensions=[*TEXT_EXTENSIONS, *(["attr_list"] if attr_list else [])],
            extension_configs=TEXT_EXTENSION_CONFIGS)
        setattr(_local, name, instance)
    return instance

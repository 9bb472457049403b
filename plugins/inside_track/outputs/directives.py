"""The ``<!-- inside-track: NAME [ARG] -->`` directives that guide pages use to quote
playbook data: a table of one kind, a script, the readiness check, the decision diagram.

A guide page is the site's own Markdown; each directive line in it is replaced by the
rendered data before the site generator reads the page, so the page always says what the
playbooks say.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..problems import Mark, PlaybookError, Problem, did_you_mean
from ..render import decision_diagram as diagram_layout
from ..render.decision_diagram import decision_diagram
from .pages import Guide

DIRECTIVE_MARK = "inside-track:"
"""Every directive holds this; a page without it has none to expand."""
DIRECTIVE = re.compile(r"^<!--\s*inside-track:\s*(?P<name>[a-z-]+)(?:\s+(?P<arg>\S+))?\s*-->\s*$",
                       re.MULTILINE)
TABLES = ("company-types", "paths", "manager-responses", "phases")
KNOWN = ("table", "script", "readiness", "decision-diagram")


def has_directives(markdown: str) -> bool:
    """Whether a guide page may hold directives (a quick test, before any parsing)."""
    return DIRECTIVE_MARK in markdown


def expand_page(guide: Guide, markdown: str, page_uri: str, source: Path) -> str | None:
    """A guide page's Markdown with its directives expanded, or None if it has none."""
    if not has_directives(markdown):
        return None
    return expand_directives(guide, markdown, page_uri, source)


def expand_directives(guide: Guide, markdown: str, page_uri: str, source: Path) -> str:
    """Replace ``<!-- inside-track: NAME [ARG] -->`` lines with rendered playbook data."""
    problems: list[Problem] = []

    def replace(match: re.Match[str]) -> str:
        name, arg = match["name"], match["arg"]
        try:
            return _directive(guide, name, arg, page_uri)
        except LookupError as error:
            line = markdown.count("\n", 0, match.start()) + 1
            problems.append(Problem(Mark(source, line, 1), str(error.args[0])))
            return ""

    result = DIRECTIVE.sub(replace, markdown)
    if problems:
        raise PlaybookError(problems)
    return result


def _directive(guide: Guide, name: str, arg: str | None, page_uri: str) -> str:
    library = guide.library
    if name == "table":
        if arg not in TABLES:
            raise LookupError(f"unknown table '{arg}'; expected one of "
                              f"{', '.join(TABLES)}{did_you_mean(arg or '', TABLES)}")
        return guide.render(f"table-{arg}.md.j2", page_uri)
    if name == "script":
        scripts = library.scripts
        if arg not in scripts:
            raise LookupError(f"unknown script '{arg}'{did_you_mean(arg or '', scripts)}")
        return guide.render("script.md.j2", page_uri, script=scripts[arg])
    if name == "readiness":
        gated = [p for p in library.phases if p.readiness is not None]
        if not gated:
            raise LookupError("no phase has a 'readiness' section to show")
        return guide.render("readiness.md.j2", page_uri, playbook=gated[0])
    if name == "decision-diagram":
        return guide.render("decision-diagram.md.j2", page_uri,
                            diagram=decision_diagram(library),
                            box_width=diagram_layout.COLUMN, box_height=diagram_layout.BOX)
    raise LookupError(f"unknown directive '{name}'; expected one of {', '.join(KNOWN)}"
                      f"{did_you_mean(name, KNOWN)}")

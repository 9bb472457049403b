"""Scaffolding: write a new, valid and commented company playbook for a fork to edit.

The ids it fills in (company type, phases, paths) come from the upstream playbooks when
they can be loaded, so the file is well-formed as written; without them it falls back to
the ids the upstream guide ships. Its texts are placeholders (:data:`PLACEHOLDER`) that
``inside-track validate`` and the build refuse until the maintainer replaces them.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..library.loader import load_playbooks
from ..library.placeholders import PLACEHOLDER
from ..model import ID_PATTERN, safety
from ..problems import PlaybookError
from .hints import command
from .schemas import schema_text

SCHEMA_FILE = Path("schema") / "playbook.schema.json"
FALLBACK_TYPES = ["large-process", "small-relationship", "ml-in-pockets", "ml-planned",
                  "no-ml"]
FALLBACK_PHASES = ["landscape-mapping", "scope-expansion", "relationship-building",
                   "manager-conversation", "transfer-or-formalization", "external-search"]


MAX_SLUG = 60  # room for the step ids made from it (ids are at most 80 characters)


class ScaffoldError(Exception):
    """A request the scaffolder refuses, worded for the person who made it."""


@dataclass
class Known:
    """The ids a new playbook may refer to."""

    company_types: dict[str, list[str]] = field(default_factory=dict)  # type id → path ids
    phases: list[str] = field(default_factory=list)
    from_playbooks: bool = False


def known_ids(folders: list[Path]) -> Known:
    """The company types (with their paths) and phases in ``folders``, or the fallbacks."""
    try:
        library = load_playbooks(folders)
    except PlaybookError:
        library = None
    if library is None or not library.company_types or not library.phases:
        return Known({type_id: [] for type_id in FALLBACK_TYPES}, list(FALLBACK_PHASES))
    return Known({t.id: list(t.paths) for t in library.company_types},
                 [p.id for p in library.phases], from_playbooks=True)


@dataclass
class Written:
    """What ``new company`` wrote: the playbook, and the schema if none was there."""

    playbook: Path
    schema: Path | None = None


def new_company(slug: str, folder: Path, known: Known, company_type: str | None = None,
                name: str | None = None, upstream: list[Path] | None = None) -> Written:
    """Write ``folder/SLUG.yml``; refuse a bad slug, an unknown type or an existing file."""
    if not re.fullmatch(ID_PATTERN, slug) or len(slug) > MAX_SLUG:
        raise ScaffoldError(f"'{slug}' is not a valid id: use lowercase letters, digits and "
                            f"single dashes, at most {MAX_SLUG} characters, e.g. "
                            "'acme-robotics'")
    if slug in known.company_types:
        raise ScaffoldError(f"'{slug}' is the id of a company type; a company needs its own "
                            "id (its checklists would take over the type's addresses), e.g. "
                            f"'{slug}-inc'")
    if name is not None:
        try:
            safety.check_label(name)
        except safety.UnsafeText as error:
            raise ScaffoldError(f"cannot use {name!r} as the company's name: {error}") from None
    types = list(known.company_types)
    chosen = company_type or types[0]
    if chosen not in known.company_types:
        raise ScaffoldError(f"'{chosen}' is not a known company type; expected one of "
                            f"{', '.join(types)}")
    path = folder / f"{slug}.yml"
    if path.exists():
        raise ScaffoldError(f"{path} already exists; not overwriting it. Edit it, or pick "
                            "another name")
    folder.mkdir(parents=True, exist_ok=True)
    folders = [*(upstream or [Path("playbooks")]), folder]
    validate = f"{command('inside-track')} validate " + " ".join(f.as_posix() for f in folders)
    schema = _schema_file(folder)
    written = None if schema.is_file() else _write_schema(schema)
    text = render_company(slug, name or _title(slug), chosen, known,
                          Path(os.path.relpath(schema, folder.resolve())).as_posix(), validate)
    with path.open("x", encoding="utf-8") as stream:  # "x": never overwrite, even in a race
        stream.write(text)
    return Written(path, written)


def render_company(slug: str, name: str, company_type: str, known: Known, schema: str,
                   validate: str = "inside-track validate playbooks company-playbooks") -> str:
    """The text of a new company playbook."""
    phases = known.phases
    paths = known.company_types.get(company_type) or []
    paths_line = (f"# paths: [{', '.join(paths)}]" if paths
                  else "# paths: [internal-transfer, role-evolution]")
    quoted_name = _yaml_text(name)
    return _TEMPLATE.format(
        schema=schema, validate=validate, slug=slug, id=_yaml_text(slug), name=quoted_name,
        company_type=_yaml_text(company_type),
        types=", ".join(known.company_types), phases=", ".join(phases),
        first_phase=phases[0], paths_line=paths_line, plain_name=" ".join(name.split()),
        step_text=_yaml_text(f"{PLACEHOLDER} Replace this with the first thing to do at {name}."),
    )


def _schema_file(folder: Path) -> Path:
    """The schema editors should read: the nearest ``schema/`` above ``folder`` (a fork's
    own), else one beside the folder (``docs/schema/`` for ``docs/playbooks``), to write."""
    start = folder.resolve()
    for candidate in (start, *start.parents):
        if (candidate / SCHEMA_FILE).is_file():
            return candidate / SCHEMA_FILE
    return start.parent / SCHEMA_FILE


def _write_schema(path: Path) -> Path:
    """A site built from the installed package has no ``schema/``: write the package's,
    so the playbook's ``$schema`` line leads editors to a file that exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_text("playbook"), encoding="utf-8")
    return path


def _title(slug: str) -> str:
    return " ".join(part.capitalize() for part in slug.split("-"))


def _yaml_text(text: str) -> str:
    """A one-line YAML string, quoted so no character can change its meaning."""
    escaped = " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


_TEMPLATE = """\
# yaml-language-server: $schema={schema}
#
# Company playbook for {plain_name}.
# It becomes a page (companies/{slug}/) and a checklist for each path and manager
# response open here, with the steps below merged into the generic ones. Check it with:
#
#   {validate}
#
# Every field is described in the playbook reference (docs/reference/playbooks.md).
# Text is Markdown. To keep something inside the company:
#   - one value:     decides: !internal "TODO: who says yes to a move"
#   - a whole item:  add `internal: true` to a step, script, contact or link
# The public edition drops it before anything is rendered; the internal edition
# (mkdocs.internal.yml) shows it.
kind: company
id: {id}  # never change it: the page and checklist addresses are made from it
name: {name}
title: {name}
# One of: {types}
company_type: {company_type}
# Text starting with "TODO:" is a placeholder: validate and the build refuse it until it
# is replaced, so it is never published.
summary: >-
  TODO: One or two sentences about {plain_name}: its size, where ML work happens, and
  what decides how fast an internal move goes.

# How moving between teams actually works here. Delete a line you cannot fill in yet.
mobility:
  review_cycles: "TODO: When performance and talent reviews happen, and when headcount is planned."
  transfer_process: "TODO: How a transfer is requested and approved, step by step."
  decides: "TODO: Who says yes to a move (the receiving manager, a committee, HR)."

# The paths open here; leave it out to offer every path of the company type.
{paths_line}

# Durations that differ here, by phase id. Phases: {phases}
# phases:
#   {first_phase}:
#     duration: 3 to 6 weeks
#     span: {{start: 0, end: 2}}     # months from the decision to move
# total_timeline: 9 to 14 months

# Steps that only apply here. Step ids must be unique across all playbooks; keep the
# company's id as a prefix. Add `replaces: STEP-ID` to stand in for a generic step, and
# `when: {{path: [internal-transfer]}}` to limit a step to some checklists.
steps:
  - id: "{slug}-first-step"
    phase: {first_phase}
    text: {step_text}

# Scripts: words to use, quoted on this company's page.
# scripts:
#   - id: {slug}-ask-for-transfer
#     title: Asking for a transfer
#     purpose: When to use it.
#     text: What to say.

# People to talk to. Mark anyone who must not be named publicly `internal: true`.
# contacts:
#   - name: ML guild office hours
#     role: Open to every engineer
#   - name: "TODO: the name of your HR partner"
#     role: "TODO: what they do for someone moving into ML"
#     internal: true

# Useful pages. Intranet links belong in the internal edition only.
# links:
#   - title: Careers page
#     url: https://example.com/careers
#   - title: Internal mobility handbook
#     url: https://intranet.example.com/mobility
#     internal: true
"""

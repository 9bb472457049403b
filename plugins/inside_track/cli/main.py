"""The ``inside-track`` command line: check playbooks, print the schema, check a built site
for leaked internal text, start a company playbook — all without a site build — and export
a site as plain Markdown.

Every subcommand reports problems as ``file:line:col: message`` lines on stderr and exits
1; it never shows a traceback for bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from .. import model
from ..checks.guidance import check_checklists, check_pages, load_rules
from ..checks.leaks import checked_texts, find_leaks, shorten, texts_from_playbooks
from ..library.edition import EDITIONS
from ..library.loader import load_playbooks
from ..outputs.pages import Guide
from ..problems import PlaybookError, display_path
from ..render.renderer import Renderer
from .scaffold import ScaffoldError, known_ids, new_company


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except PlaybookError as error:
        for problem in sorted(error.problems):
            print(problem, file=sys.stderr)
        count = len(error.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found.", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inside-track",
        description="Validate and inspect Inside Track playbooks.",
    )
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    validate = commands.add_parser(
        "validate", help="check playbook folders and report every problem",
        description="Load playbook folders in order (later folders overlay earlier ones) and "
                    "report every problem as file:line:col: message. Exits 1 on any problem.")
    validate.add_argument("folders", nargs="*", type=Path, default=[Path("playbooks")],
                          metavar="PATH", help="playbook folders (default: playbooks)")
    validate.add_argument("--edition", choices=EDITIONS, default="public",
                          help="which edition to check (default: public)")
    validate.add_argument("--rules", action="append", type=Path, metavar="FILE",
                          help="more guidance rules to check every checklist against, on "
                               "top of the packaged ones (repeatable)")
    validate.set_defaults(run=_validate)

    schema = commands.add_parser("schema", help="print the JSON Schema of a playbook file")
    schema.add_argument("--output", "-o", type=Path, help="write to this file instead")
    schema.set_defaults(run=_schema)

    leaks = commands.add_parser(
        "check-leaks", help="fail if a built public site contains internal-only text",
        description="Search every file under SITE_DIR (pages, search index, sitemap, "
                    "manifest, assets) for text that the playbooks mark internal-only, and "
                    "print each file that contains some. Exits 1 on any leak.")
    leaks.add_argument("site", type=Path, metavar="SITE_DIR", help="the built public site")
    leaks.add_argument("folders", nargs="*", type=Path, default=[Path("playbooks")],
                       metavar="PATH", help="playbook folders the public edition reads, in "
                       "order (default: playbooks)")
    leaks.add_argument("--internal", action="append", type=Path, default=[], metavar="PATH",
                       help="a folder only the internal edition reads; all of its text counts "
                       "as internal (repeatable)")
    leaks.set_defaults(run=_check_leaks)

    export = commands.add_parser(
        "export", help="write the site as plain Markdown that builds without this plugin",
        description="Write the complete site source into OUT_DIR: every generated page as "
                    "plain Markdown (playbook pages, indexes, checklists, the chooser), the "
                    "guide pages with their directives expanded, checklists.json, the "
                    "browser assets, and a mkdocs.yml without the inside-track plugin. "
                    "'mkdocs build' (or 'zensical build') in OUT_DIR gives the same pages.")
    export.add_argument("out", type=Path, metavar="OUT_DIR", help="where to write the site")
    export.add_argument("--config-file", "-f", type=Path, default=Path("mkdocs.yml"),
                        metavar="FILE", help="the site's configuration (default: mkdocs.yml)")
    export.add_argument("--force", action="store_true",
                        help="replace docs/ and mkdocs.yml of an earlier export in OUT_DIR")
    export.set_defaults(run=_export)

    new = commands.add_parser("new", help="start a new playbook from a commented template")
    new_kinds = new.add_subparsers(title="kinds", required=True, metavar="KIND")
    company = new_kinds.add_parser(
        "company", help="a company playbook, written to FOLDER/SLUG.yml",
        description="Write a valid, commented company playbook to FOLDER/SLUG.yml, ready to "
                    "edit. Never overwrites an existing file.")
    company.add_argument("slug", metavar="SLUG",
                         help="the company's id, lowercase-dashed (e.g. acme-robotics)")
    company.add_argument("--folder", type=Path, default=Path("company-playbooks"),
                         help="where to write it (default: company-playbooks)")
    company.add_argument("--type", dest="company_type", metavar="COMPANY_TYPE_ID",
                         help="the company type id (default: the first one in the playbooks)")
    company.add_argument("--name", help="the company's name as readers know it "
                         "(default: made from SLUG)")
    company.add_argument("--playbooks", action="append", type=Path, metavar="PATH",
                         help="upstream playbook folder to take ids from (default: playbooks)")
    company.set_defaults(run=_new_company)
    return parser


def _validate(args: argparse.Namespace) -> int:
    library = load_playbooks(args.folders, args.edition)
    rules = load_rules(args.rules or ())
    guide = Guide(library, Renderer())
    broken = (check_checklists(library, guide.checklists, rules)
              + check_pages(library, guide.pages(), rules))
    if broken:
        raise PlaybookError(broken)
    counts = ", ".join(f"{n} {kind}" for kind, n in library.counts().items())
    print(f"OK: {counts} ({args.edition} edition); {len(guide.checklists)} checklists "
          f"meet {len(rules)} guidance rules.")
    return 0


def _check_leaks(args: argparse.Namespace) -> int:
    if not args.site.is_dir():
        print(f"{display_path(args.site)}: not a folder; build the site first", file=sys.stderr)
        return 2
    internal, public = texts_from_playbooks(args.folders, args.internal)
    leaks = find_leaks(args.site, internal, public)
    for leak in leaks:
        print(f"{display_path(args.site / leak.file)}: contains internal-only text "
              f"\"{shorten(leak.text)}\"")
    checked = len(checked_texts(internal, public))
    files = len({leak.file for leak in leaks})
    if leaks:
        print(f"{len(leaks)} leak{'s' if len(leaks) != 1 else ''} in {files} "
              f"file{'s' if files != 1 else ''}; do not publish this site.", file=sys.stderr)
        return 1
    print(f"OK: none of {checked} internal-only texts found in {display_path(args.site)}.")
    return 0


def _new_company(args: argparse.Namespace) -> int:
    upstream = args.playbooks or [Path("playbooks")]
    known = known_ids(upstream)
    try:
        path = new_company(args.slug, args.folder, known, args.company_type, args.name,
                           upstream)
    except ScaffoldError as error:
        print(f"inside-track new company: {error}", file=sys.stderr)
        return 1
    if not known.from_playbooks:
        print("note: no upstream playbooks found; used the default ids", file=sys.stderr)
    folders = " ".join(display_path(folder) for folder in [*upstream, args.folder])
    print(f"Wrote {display_path(path)}. Edit it, then check it with:\n"
          f"  inside-track validate {folders}")
    return 0


def _export(args: argparse.Namespace) -> int:
    # MkDocs is imported here only: the rest of the command line never needs it.
    from mkdocs.exceptions import MkDocsException

    from ..adapters.mkdocs.export import ExportError, export_site

    try:
        result = export_site(args.config_file, args.out, force=args.force)
    except (ExportError, MkDocsException) as error:
        print(f"inside-track export: {error}", file=sys.stderr)
        return 1
    print(f"Wrote {result.pages} pages ({result.files} files, {result.edition} edition) and "
          f"{display_path(result.config_file)}. Build it with:\n"
          f"  mkdocs build -f {display_path(result.config_file)}")
    return 0


def schema_text() -> str:
    return json.dumps(model.json_schema(), indent=2, sort_keys=True) + "\n"


def _schema(args: argparse.Namespace) -> int:
    if args.output:
        args.output.write_text(schema_text(), encoding="utf-8")
    else:
        sys.stdout.write(schema_text())
    return 0



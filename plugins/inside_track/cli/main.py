"""The ``inside-track`` command line: check playbooks, print the schema, check a built site
for leaked internal text, start a company playbook — all without a site build — and export
a site as plain Markdown.

Every subcommand reports problems as ``file:line:col: message`` lines on stderr and exits
1; it never shows a traceback for bad input.
"""

from __future__ import annotations

import argparse
import errno
import importlib.metadata
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ..checks.guidance import check_checklists, check_pages, load_rules
from ..checks.leaks import edition_texts, leak_lines, public_lines, scan_site
from ..library.edition import EDITIONS
from ..library.loader import SUFFIXES, load_playbooks, playbook_files
from ..library.upstream import guide_root
from ..outputs.pages import Guide
from ..problems import PlaybookError, display_path
from ..render.renderer import Renderer
from .hints import command
from .scaffold import ScaffoldError, known_ids, new_company
from .schemas import SCHEMAS, schema_text


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
    except OSError as error:  # a path that is not what the command needs: say which
        where = display_path(Path(error.filename)) if error.filename else args.command_name
        print(f"inside-track {args.command_name}: {where}: {error.strerror or error}",
              file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inside-track",
        description="Validate and inspect Inside Track playbooks.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    validate = commands.add_parser(
        "validate", help="check playbook folders and report every problem",
        description="Load playbook folders in order (later folders overlay earlier ones) and "
                    "report every problem as file:line:col: message. Exits 1 on any problem.")
    validate.add_argument("folders", nargs="*", type=Path, default=[Path("playbooks")],
                          metavar="PATH", help="playbook folders or single playbook files, "
                          "upstream first (default: playbooks)")
    validate.add_argument("--edition", choices=EDITIONS, default="public",
                          help="which edition to check (default: public)")
    validate.add_argument("--packaged-guide", action="store_true",
                          help="read the upstream playbooks that ship in the package first "
                          "(for a site using the plugin's packaged_guide option)")
    validate.add_argument("--rules", action="append", type=Path, metavar="FILE",
                          help="more guidance rules to check every checklist against, on "
                               "top of the packaged ones (repeatable)")
    validate.set_defaults(command_name="validate", run=_validate)

    schema = commands.add_parser("schema", help="print the JSON Schema of a playbook file "
                                 "(or of checklists.json, or of a reader's progress file)")
    schema.add_argument("of", nargs="?", choices=SCHEMAS, default="playbook",
                        help="which file's schema (default: playbook)")
    schema.add_argument("--output", "-o", help="write to this file instead")
    schema.set_defaults(command_name="schema", run=_schema)

    leaks = commands.add_parser(
        "check-leaks", help="fail if a built public site contains internal-only text",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Search every file under SITE_DIR (pages, search index, sitemap, "
                    "manifest, assets), read whole, links followed, for text that the "
                    "playbooks mark internal-only or that only the internal edition's "
                    "folders hold, and print each file that contains some.",
        epilog=LEAK_EXIT_CODES)
    leaks.add_argument("site", type=Path, metavar="SITE_DIR", help="the built public site")
    leaks.add_argument("folders", nargs="*", type=Path, default=[],
                       metavar="PATH", help="playbook folders the public edition reads, in "
                       "order (default: those of the configuration)")
    leaks.add_argument("--config-file", "-f", type=Path, default=None, metavar="FILE",
                       help="the site's configuration, read by MkDocs: an internal edition's "
                       "(its folders beyond those of the public configuration it INHERITs "
                       "are internal-only) or a public one (its internal_playbooks are) "
                       "(default: mkdocs.internal.yml, else mkdocs.yml)")
    leaks.add_argument("--internal", action="append", type=Path, default=[], metavar="PATH",
                       help="a folder only the internal edition reads; all of its text counts "
                       "as internal (repeatable)")
    leaks.add_argument("--packaged-guide", action="store_true",
                       help="the public edition reads the upstream playbooks that ship in the "
                       "package first (a site using the plugin's packaged_guide option)")
    leaks.set_defaults(command_name="check-leaks", run=_check_leaks)

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
    export.set_defaults(command_name="export", run=_export)

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
    company.add_argument("--packaged-guide", action="store_true",
                         help="take ids from the upstream playbooks that ship in the package")
    company.set_defaults(command_name="new company", run=_new_company)
    return parser


def _packaged_playbooks() -> Path:
    return guide_root() / "playbooks"


def _expect_folder(path: Path) -> None:
    """A path that must be a folder, if it exists: say so rather than 'File exists'."""
    if path.exists() and not path.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "expected a folder, found a file", str(path))


def _in_order(folders: Sequence[Path]) -> list[Path]:
    """``folders`` without repeats: the packaged guide of a source checkout *is* its
    ``playbooks/``, and reading it twice would call every playbook a duplicate."""
    seen: set[Path] = set()
    kept = []
    for folder in folders:
        if folder.resolve() not in seen:
            seen.add(folder.resolve())
            kept.append(folder)
    return kept


def _validate(args: argparse.Namespace) -> int:
    folders = _in_order([_packaged_playbooks(), *args.folders] if args.packaged_guide
                        else args.folders)
    if folders and all(f.is_dir() for f in folders) and not any(map(playbook_files, folders)):
        print(f"inside-track validate: no playbook files ({' or '.join(SUFFIXES)}) in "
              f"{', '.join(display_path(f) for f in folders)}; nothing was checked. Name the "
              "folders that hold them (default: playbooks).", file=sys.stderr)
        return 2
    library = load_playbooks(folders, args.edition)
    rules = load_rules(args.rules or ())
    guide = Guide(library, Renderer())
    broken = (check_checklists(library, guide.checklists, rules)
              + check_pages(library, guide.pages(), rules))
    if broken:
        raise PlaybookError(broken)
    print(f"OK: {library.summary()} ({args.edition} edition).")
    print(f"{len(guide.checklists)} checklists meet {len(rules)} guidance rules.")
    return 0


LEAK_EXIT_CODES = """exit status:
  0  no internal-only text found: every file was read
  1  internal-only text found (a leak): do not publish the site
  2  could not check: a file or folder that cannot be read, a configuration or
     playbook problem, no playbooks, or no internal-only text to look for"""


class _CannotCheck(Exception):
    """Why check-leaks cannot check (exit 2): a usage or configuration problem."""


def _check_leaks(args: argparse.Namespace) -> int:
    try:
        return _run_check_leaks(args)
    except _CannotCheck as error:
        print(f"inside-track check-leaks: {error}", file=sys.stderr)
        return 2


def _run_check_leaks(args: argparse.Namespace) -> int:
    if not args.site.is_dir():
        raise _CannotCheck(f"{display_path(args.site)}: not a folder; build the site first")
    public, internal_only = _leak_folders(args)
    for folder in [*public, *internal_only]:
        readable = (folder.is_dir() and os.access(folder, os.R_OK | os.X_OK)) or (
            folder.is_file() and bool(playbook_files(folder)) and os.access(folder, os.R_OK))
        if not readable:
            raise _CannotCheck(f"{display_path(folder)}: cannot read this playbook folder; "
                               "nothing in it could be compared")
    try:
        library = load_playbooks(public, "public")
        internal, public_texts = edition_texts(library, internal_only)
    except PlaybookError as error:
        for problem in sorted(error.problems):
            print(problem, file=sys.stderr)
        hint = "" if args.packaged_guide else (
            "; for a site using packaged_guide, add --packaged-guide")
        raise _CannotCheck(f"the playbooks have problems, so what is internal cannot be "
                           f"known{hint}") from None
    if not library.all():
        raise _CannotCheck(
            f"no playbooks in {', '.join(display_path(f) for f in public)}: these are not "
            "the folders the public edition was built from, so nothing could be compared")
    scan = scan_site(args.site, internal, public_texts)
    for line in public_lines(scan.public, limit=None):
        print(f"warning: {line}", file=sys.stderr)
    if not scan.checked and internal_only:  # read them all: nothing is internal-only
        print(f"OK: nothing to leak: the playbooks in "
              f"{', '.join(display_path(f) for f in [*public, *internal_only])} mark no text "
              "internal-only.")
        return 0
    if not scan.checked:
        raise _CannotCheck(
            "nothing to compare against: the playbooks in "
            f"{', '.join(display_path(f) for f in [*public, *internal_only])} have no "
            "internal-only text long enough to check; pass the internal edition's folders "
            "(--internal PATH, or -f mkdocs.internal.yml)")
    site = display_path(args.site)
    for line in leak_lines(scan.leaks, site, limit=None, indent=""):
        print(line)
    for item in scan.unchecked:
        print(item.under(site), file=sys.stderr)
    if scan.leaks:
        files = len({leak.file for leak in scan.leaks})
        print(f"{len(scan.leaks)} leak{'s' if len(scan.leaks) != 1 else ''} in {files} "
              f"file{'s' if files != 1 else ''}; do not publish this site.", file=sys.stderr)
        return 1
    if scan.unchecked:
        raise _CannotCheck(f"{len(scan.unchecked)} file(s) of {site} could not be read, so "
                           "the site was not checked whole")
    print(f"OK: none of {scan.checked} internal-only texts found in {site}.")
    return 0


def _leak_folders(args: argparse.Namespace) -> tuple[list[Path], list[Path]]:
    """(public folders, internal-only folders): as given, or from the configuration."""
    try:
        packaged = [_packaged_playbooks()] if args.packaged_guide else []
    except LookupError as error:
        raise _CannotCheck(f"--packaged-guide: {error}") from None
    if args.folders:
        for folder in args.folders:
            if folder.is_dir() and not playbook_files(folder):
                print(f"note: {display_path(folder)} holds no playbook files", file=sys.stderr)
        return [*packaged, *args.folders], list(args.internal)
    # MkDocs is imported here only: the configuration is read by MkDocs itself.
    from ..adapters.mkdocs.leak_folders import ConfigProblem, leak_folders

    config = args.config_file or next(
        (p for p in (Path("mkdocs.internal.yml"), Path("mkdocs.yml")) if p.is_file()),
        Path("mkdocs.yml"))
    try:
        found = leak_folders(config)
    except ConfigProblem as error:
        raise _CannotCheck(str(error)) from None
    public = [p for p in packaged if p.resolve() not in found.public] + found.public
    return public, [*args.internal, *found.internal]


def _new_company(args: argparse.Namespace) -> int:
    upstream = _in_order(args.playbooks or [_packaged_playbooks() if args.packaged_guide
                                            else Path("playbooks")])
    for folder in args.playbooks or []:  # checked before anything is written
        if not folder.exists():
            raise FileNotFoundError(errno.ENOENT, "no such playbook folder or file "
                                    "(--playbooks)", str(folder))
    _expect_folder(args.folder)
    created = not args.folder.exists()
    known = known_ids(upstream)
    try:
        written = new_company(args.slug, args.folder, known, args.company_type, args.name,
                              upstream)
    except ScaffoldError as error:
        print(f"inside-track new company: {error}", file=sys.stderr)
        return 1
    if created:
        print(f"Created the folder {display_path(args.folder)}.")
    if written.schema:
        print(f"Wrote {display_path(written.schema)}, the playbook schema that editors read "
              "(the playbook's first line points to it).")
    if not known.from_playbooks:
        print("note: no upstream playbooks found; used the default ids", file=sys.stderr)
    folders = " ".join(display_path(folder) for folder in [*upstream, args.folder])
    if args.packaged_guide and not args.playbooks:
        folders = f"--packaged-guide {display_path(args.folder)}"
    print(f"Wrote {display_path(written.playbook)}. Edit it, then check it with:\n"
          f"  {command('inside-track')} validate {folders}")
    return 0


def _export(args: argparse.Namespace) -> int:
    # MkDocs is imported here only: the rest of the command line never needs it.
    from mkdocs.exceptions import MkDocsException

    from ..adapters.mkdocs.export import ExportError, export_site

    _expect_folder(args.out)
    try:
        result = export_site(args.config_file, args.out, force=args.force)
    except (ExportError, MkDocsException) as error:
        print(f"inside-track export: {error}", file=sys.stderr)
        return 1
    print(f"Wrote {result.pages} pages ({result.files} files, {result.edition} edition) and "
          f"{display_path(result.config_file)}. Build it with:\n"
          f"  {command('mkdocs')} build -f {display_path(result.config_file)}")
    return 0


def _version() -> str:
    try:
        return importlib.metadata.version("inside-track")
    except importlib.metadata.PackageNotFoundError:  # run from a source tree, not installed
        return "(not installed)"


def _schema(args: argparse.Namespace) -> int:
    if args.output:
        if args.output.endswith(("/", os.sep)):  # Path() would drop the '/' that asks for a folder
            raise IsADirectoryError(errno.EISDIR, "expected a file name, not a folder",
                                    args.output)
        output = Path(args.output)
        _expect_folder(output.parent)
        if not output.parent.is_dir():
            raise FileNotFoundError(errno.ENOENT, "no such folder to write the schema into",
                                    str(output.parent))
        output.write_text(schema_text(args.of), encoding="utf-8")
    else:
        sys.stdout.write(schema_text(args.of))
    return 0



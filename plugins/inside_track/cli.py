"""The ``inside-track`` command line: check playbooks and print the schema without a site build.

Every subcommand reports problems as ``file:line:col: message`` lines on stderr and exits
1; it never shows a traceback for bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from . import model
from .edition import EDITIONS
from .loader import load_playbooks
from .problems import PlaybookError


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
    validate.set_defaults(run=_validate)

    schema = commands.add_parser("schema", help="print the JSON Schema of a playbook file")
    schema.add_argument("--output", "-o", type=Path, help="write to this file instead")
    schema.set_defaults(run=_schema)
    return parser


def _validate(args: argparse.Namespace) -> int:
    library = load_playbooks(args.folders, args.edition)
    counts = ", ".join(f"{n} {kind}" for kind, n in library.counts().items())
    print(f"OK: {counts} ({args.edition} edition).")
    return 0


def schema_text() -> str:
    return json.dumps(model.json_schema(), indent=2, sort_keys=True) + "\n"


def _schema(args: argparse.Namespace) -> int:
    if args.output:
        args.output.write_text(schema_text(), encoding="utf-8")
    else:
        sys.stdout.write(schema_text())
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

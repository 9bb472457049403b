"""The browser assets as the site ships them: the stylesheet, and one classic script.

The browser code is written as ES modules (``assets/js/``, one concern each, unit-tested by
Node and linted). Pages load one classic script instead: the offline edition opens from
``file://``, where browsers refuse to load modules. Joining them needs no bundler, because
the modules keep to a small form the join checks: named ``import {a, b} from "./x.js";``
lines, ``export`` before top-level declarations, and no top-level name declared twice.
The join puts each module after the ones it imports, drops the import lines and the
``export`` keywords, and wraps the whole in one function, so nothing leaks into the page's
global scope. It is plain text work, so the output is the same on every machine.
"""

from __future__ import annotations

import re
from importlib import resources
from importlib.resources.abc import Traversable

SCRIPT = "inside-track.js"
"""The one script pages load, joined from the modules."""
ENTRY = "main.js"
"""The module that starts the browser code: it imports, directly or not, every other one."""
IMPORT = re.compile(r'^import\s*\{(?P<names>[^}]*)\}\s*from\s*"\./(?P<module>[\w-]+\.js)";[ \t]*\n',
                    re.MULTILINE)
EXPORT = re.compile(r"^export (?=(?:async )?function |var |let |const |class )", re.MULTILINE)
DECLARED = re.compile(r"^(?:export )?(?:async )?(?:function\*? ?|var |let |const |class )(\w+)",
                      re.MULTILINE)
MODULE_SYNTAX = re.compile(r"^(?:import|export)\b.*$", re.MULTILINE)
HEADER = re.compile(r"\A/\*.*?\*/\n", re.DOTALL)


class JoinError(ValueError):
    """A module the join cannot take as it is (the message names the module and why)."""


def modules_folder() -> Traversable:
    return resources.files("inside_track.outputs") / "assets" / "js"


def asset_text(name: str) -> str:
    """A packaged browser asset by file name: the script is joined, the rest read as is."""
    if name == SCRIPT:
        return joined_script()
    return (resources.files("inside_track.outputs") / "assets" / name).read_text(encoding="utf-8")


def joined_script(folder: Traversable | None = None) -> str:
    """The modules in ``folder`` (the packaged ones by default) as one classic script."""
    folder = folder or modules_folder()
    sources = {entry.name: entry.read_text(encoding="utf-8") for entry in folder.iterdir()
               if entry.name.endswith(".js")}
    order = load_order(sources)
    header = HEADER.match(sources[ENTRY])
    parts = []
    for name in order:
        body = sources[name]
        if name == ENTRY and header:
            body = body[header.end():]
        body = EXPORT.sub("", IMPORT.sub("", body)).strip("\n")
        parts.append(f"/* --- {name} --- */\n\n{body}\n")
    opening = header[0] if header else ""
    return opening + '(function () {\n"use strict";\n\n' + "\n".join(parts) + "})();\n"


def load_order(sources: dict[str, str]) -> list[str]:
    """The modules the entry needs, each after those it imports (in their import order).

    Refuses what would change meaning once the modules share one scope: a renamed or
    unknown import, a name declared in two modules, import or export syntax the join does
    not handle, and an import cycle.
    """
    if ENTRY not in sources:
        raise JoinError(f"{ENTRY}: the entry module is missing")
    exported = {name: exports_of(name, text) for name, text in sources.items()}
    declared: dict[str, str] = {}
    order: list[str] = []
    visiting: list[str] = []

    def visit(name: str) -> None:
        if name in order:
            return
        if name in visiting:
            loop = " -> ".join([*visiting[visiting.index(name):], name])
            raise JoinError(f"{name}: modules import each other ({loop})")
        visiting.append(name)
        for match in IMPORT.finditer(sources[name]):
            target = match["module"]
            if target not in sources:
                raise JoinError(f"{name}: imports {target}, which is not a module here")
            for imported in (part.strip() for part in match["names"].split(",")):
                if imported and imported not in exported[target]:
                    raise JoinError(f"{name}: imports '{imported}', which {target} does not "
                                    "export (under that name)")
            visit(target)
        visiting.pop()
        for declaration in DECLARED.findall(sources[name]):
            if declaration in declared:
                raise JoinError(f"{name}: declares '{declaration}', as {declared[declaration]} "
                                "does; the joined script has one scope")
            declared[declaration] = name
        order.append(name)

    visit(ENTRY)
    return order


def exports_of(name: str, text: str) -> set[str]:
    """The names ``text`` exports; anything but plain import lines and exported
    declarations is refused, since the join could not keep its meaning."""
    for line in MODULE_SYNTAX.finditer(IMPORT.sub("", text)):
        if not EXPORT.match(line[0]):
            raise JoinError(f"{name}: the join takes 'import {{a, b}} from \"./x.js\";' and "
                            f"'export' before a declaration, not: {line[0].strip()}")
    return {match[1] for match in DECLARED.finditer(text) if match[0].startswith("export ")}

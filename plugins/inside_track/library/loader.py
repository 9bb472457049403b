"""Load playbook folders into a validated :class:`Library`, or report every problem at once.

Pipeline: find files → read YAML with marks (cached by mtime, so ``serve`` re-reads only
what changed) → apply overlays by (kind, id) in folder order → drop what the edition hides
→ validate against the model (cached too: an unchanged playbook is not validated again) →
check every cross-reference. Each stage adds located problems; the caller gets either a
library or one :class:`PlaybookError` listing them all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .. import model
from ..model import safety
from ..problems import WHOLE_FILE, Mark, PlaybookError, Problem, did_you_mean
from ..source.reader import Internal, LocatedDict, LocatedList, read_yaml
from ..source.reader import mark_of as _mark_of_value
from .edition import Edition, apply_edition, is_dropped
from .overlay import overlay
from .placeholders import check_placeholders

SUFFIXES = (".yml", ".yaml")
MAX_FILES = 2_000


@dataclass
class Source:
    """A playbook as it was merged from its files, before validation."""

    raw: LocatedDict
    files: list[Path]
    originals: dict[Path, Any] = field(default_factory=dict)
    """Each file's data as written, before the edition's cut: positions are counted there."""


@dataclass
class Library:
    """Every playbook of one edition, validated and cross-checked, in display order.

    ``shelves`` holds the playbooks of each registered kind (:data:`model.KINDS`) by kind
    name; the properties below are typed views of the kinds the planner reads.
    """

    edition: Edition
    shelves: dict[str, list[model.Playbook]]
    sources: dict[tuple[str, str], Source] = field(default_factory=dict)
    internal_texts: frozenset[str] = frozenset()

    def all(self) -> list[model.Playbook]:
        return [playbook for kind in model.KINDS for playbook in self.shelves.get(kind, [])]

    def of(self, kind: str) -> list[model.Playbook]:
        """The playbooks of one kind, in display order."""
        return self.shelves.get(kind, [])

    @property
    def phases(self) -> list[model.Phase]:
        return self.of("phase")  # type: ignore[return-value]

    @property
    def company_types(self) -> list[model.CompanyType]:
        return self.of("company-type")  # type: ignore[return-value]

    @property
    def paths(self) -> list[model.Path]:
        return self.of("path")  # type: ignore[return-value]

    @property
    def responses(self) -> list[model.ManagerResponse]:
        return self.of("manager-response")  # type: ignore[return-value]

    @property
    def companies(self) -> list[model.Company]:
        return self.of("company")  # type: ignore[return-value]

    @property
    def templates(self) -> list[model.Template]:
        return self.of("template")  # type: ignore[return-value]

    @property
    def hard_cases(self) -> list[model.HardCase]:
        return self.of("hard-case")  # type: ignore[return-value]

    def get(self, kind: str, playbook_id: str) -> model.Playbook:
        for playbook in self.of(kind):
            if playbook.id == playbook_id:
                return playbook
        raise KeyError((kind, playbook_id))

    @property
    def scripts(self) -> dict[str, model.Script]:
        return {script.id: script for playbook in self.all() for script in playbook.scripts}

    @property
    def steps(self) -> dict[str, model.Step]:
        return {step.id: step for playbook in self.all() for step in playbook.steps}

    def counts(self) -> dict[str, int]:
        return {kind.plural: len(self.of(name)) for name, kind in model.KINDS.items()}

    def summary(self) -> str:
        """``6 phases, 5 company types, ..., 1 company``: the counts, each noun in its number."""
        return ", ".join(f"{n} {kind.plural if n != 1 else kind.noun}"
                         for n, kind in ((len(self.of(name)), kind)
                                         for name, kind in model.KINDS.items()))


class PlaybookLoader:
    """Loads libraries; keeps what unchanged files gave between loads (``mkdocs serve``).

    Parsed files are kept by path and stamp; validated playbooks by edition and the stamps
    of every file merged into them, so an edit re-validates only the playbooks it touches.
    """

    def __init__(self) -> None:
        self._cache: dict[Path, tuple[tuple[int, int], Any, list[Problem]]] = {}
        self._validated: dict[Any, tuple[model.Playbook | None, list[Problem], Any]] = {}

    def load(self, folders: Sequence[Path], edition: Edition = "public") -> Library:
        """Load ``folders`` in order (later ones overlay earlier ones)."""
        problems: list[Problem] = []
        dropped: set[str] = set()
        all_sources = self._merge(self._read_all(folders, problems), edition, dropped, problems)
        unreadable = bool(problems)  # some ids may be missing: cross-checks would mislead
        playbooks: dict[tuple[str, str], model.Playbook] = {}
        validated = {}
        partial: list[tuple[model.Playbook, Source]] = []
        for key, source in all_sources.items():
            stamp = (edition, tuple((path, self._cache[path][0]) for path in source.files))
            result = validated[stamp] = self._validated.get(stamp) or _validate(source)
            if result[0] is not None:
                playbooks[key] = result[0]
            elif result[2] is not None:  # still cross-check what is valid: every problem at once
                partial.append((result[2], source))
            problems.extend(result[1])
        self._validated = validated  # what no file gives any more is forgotten
        sources = {key: all_sources[key] for key in playbooks}
        library = Library(
            edition=edition,
            shelves={kind: _ordered(playbooks, kind) for kind in model.KINDS},
            sources=sources,
            internal_texts=frozenset(text for text in dropped if text.strip()),
        )
        if not unreadable:
            problems.extend(check_references(library, partial, known=all_sources))
        problems.extend(check_placeholders(
            (source.raw, lambda loc, source=source: field_name(file_loc(source, loc)))
            for source in all_sources.values()))
        if problems:
            raise PlaybookError(sorted(set(problems)))
        return rebase_links(library)

    def _read_all(self, folders: Sequence[Path], problems: list[Problem]) -> list[Path]:
        files: list[Path] = []
        for folder in folders:
            if folder.is_file() and folder.suffix in SUFFIXES:
                files.append(folder)  # one playbook file, e.g. the one being edited
                continue
            if not folder.is_dir():
                what = ("not a playbook folder or a .yml file" if folder.exists()
                        else "no such playbook folder or file")
                problems.append(Problem(Mark(folder, WHOLE_FILE, WHOLE_FILE), what))
                continue
            files += sorted(p for p in folder.rglob("*") if p.suffix in SUFFIXES and p.is_file())
        if len(files) > MAX_FILES:
            problems.append(Problem(Mark(files[MAX_FILES]), f"{len(files):,} playbook files "
                                    f"found; a guide may have at most {MAX_FILES:,}"))
            return files[:MAX_FILES]
        return files

    def _read(self, path: Path) -> tuple[Any, list[Problem]]:
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        cached = self._cache.get(path)
        if cached and cached[0] == stamp:
            return cached[1], cached[2]
        value, problems = read_yaml(path)
        self._cache[path] = (stamp, value, problems)
        return value, problems

    def _merge(self, files: list[Path], edition: Edition, dropped: set[str],
               problems: list[Problem]) -> dict[tuple[str, str], Source]:
        """Overlay files by (kind, id), each first cut to what ``edition`` shows.

        Cutting before merging means an internal-only overlay leaves the public value of
        the playbook it overlays in place, rather than leaving a hole.
        """
        sources: dict[tuple[str, str], Source] = {}
        for path in files:
            original, file_problems = self._read(path)
            problems.extend(file_problems)
            if original is None or file_problems:
                continue
            value = apply_edition(original, edition, dropped)
            if is_dropped(value):
                continue
            if not isinstance(value, LocatedDict):
                problems.append(Problem(_mark_of_value(value, Mark(path)),
                                        "a playbook file must be a mapping with 'kind' and 'id'"))
                continue
            key = _identity(value, problems)
            if key is None:
                continue
            earlier = sources.get(key)
            merge = value.get("merge")
            if earlier is None:
                if merge is not None:
                    problems.append(Problem(value.mark_of("merge"),
                                            f"nothing to {merge}: no earlier {key[0]} has id "
                                            f"'{key[1]}'", field="merge"))
                    continue
                sources[key] = Source(value, [path], {path: original})
            elif merge not in ("extend", "replace"):
                first = earlier.files[0]
                problems.append(Problem(
                    value.mark_of("id"),
                    f"{key[0]} '{key[1]}' is already defined in {_rel(first)}; to change it "
                    "from here add 'merge: extend' or 'merge: replace', or pick another id",
                    field="id"))
            else:
                earlier.raw = overlay(earlier.raw, value, problems)
                earlier.files.append(path)
                earlier.originals[path] = original
        return sources


def _validate(source: Source) -> tuple[model.Playbook | None, list[Problem], Any]:
    """The playbook, or its problems and what is left valid of it (to cross-check still)."""
    try:
        return model.KINDS.adapter().validate_python(source.raw), [], None
    except ValidationError as error:
        return None, _validation_problems(error, source), _valid_rest(source.raw, error)


def load_playbooks(folders: Sequence[Path | str], edition: Edition = "public") -> Library:
    """Load once, without a cache: the simple entry point for scripts and tests."""
    return PlaybookLoader().load([Path(f) for f in folders], edition)


def _identity(value: LocatedDict, problems: list[Problem]) -> tuple[str, str] | None:
    kind, playbook_id = value.get("kind"), value.get("id")
    if not isinstance(kind, str) or kind not in model.KINDS:
        where = value.mark_of("kind")
        if kind is None:
            message = f"missing 'kind'; expected one of {_choices(model.KINDS)}"
        else:
            message = f"{_describe_value(kind)} is not a playbook kind; expected one of " \
                      f"{_choices(model.KINDS)}{did_you_mean(str(kind), model.KINDS)}"
        problems.append(Problem(where, message, field="kind"))
        return None
    if not isinstance(playbook_id, str):
        problems.append(Problem(value.mark_of("id"), "missing 'id' (a lowercase-dashed name)",
                                field="id"))
        return None
    return kind, playbook_id


def _ordered(playbooks: dict[tuple[str, str], model.Playbook],
             kind: str) -> list[model.Playbook]:
    found = [p for p in playbooks.values() if p.kind == kind]
    return sorted(found, key=lambda p: (getattr(p, "order", 0), p.title.lower(), p.id))


def _rel(path: Path) -> str:
    return str(Mark(path)).rsplit(":", 2)[0]


def _choices(names: Iterable[str]) -> str:
    return ", ".join(f"'{n}'" for n in names)


# --- locating validation errors ------------------------------------------------------------

def locate(raw: Any, loc: Sequence[str | int], key_itself: bool = False) -> Mark:
    """The mark of the value at ``loc`` inside located data (or of its nearest parent)."""
    mark: Mark = raw.mark
    node = raw
    for depth, part in enumerate(loc):
        last = depth == len(loc) - 1
        if isinstance(node, LocatedDict) and isinstance(part, str) and part in node:
            marks = node.key_marks if (last and key_itself) else node.value_marks
            mark, node = marks[part], node[part]
        elif isinstance(node, LocatedList) and isinstance(part, int) and part < len(node):
            mark, node = node.mark_of(part), node[part]
        else:
            break
    return mark


def field_name(loc: Sequence[str | int]) -> str:
    """``steps[2].phase`` from ``('steps', 2, 'phase')``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def file_loc(source: Source, loc: Sequence[str | int]) -> list[str | int]:
    """``loc`` with each list position counted as in the file, before the edition's cut.

    The public edition drops internal items, so ``contacts[2]`` of the file is
    ``contacts[1]`` of the data; messages name the position the author sees in both.
    """
    node: Any = source.raw
    written: Any = source.originals.get(source.files[0]) if source.files else None
    shown: list[str | int] = []
    for part in loc:
        while isinstance(written, Internal):
            written = written.value
        if isinstance(node, LocatedList) and isinstance(part, int) and 0 <= part < len(node):
            mark = node.mark_of(part)
            marks = written.marks if isinstance(written, LocatedList) else []
            index = marks.index(mark) if mark in marks else None
            shown.append(part if index is None else index)
            written = None if index is None else written[index]
            node = node[part]
        elif isinstance(node, LocatedDict) and isinstance(part, str) and part in node:
            shown.append(part)
            written = written.get(part) if isinstance(written, LocatedDict) else None
            node = node[part]
        else:
            shown.append(part)
            node = written = None
    return shown


def _where(source: Source, loc: Sequence[str | int]) -> tuple[Mark, str]:
    return locate(source.raw, loc), field_name(file_loc(source, loc))


def _error_loc(detail: Any, kind: Any) -> list[str | int]:
    loc = list(detail["loc"])
    return loc[1:] if loc and loc[0] == kind else loc  # the discriminated union adds the tag


def _validation_problems(error: ValidationError, source: Source) -> list[Problem]:
    raw = source.raw
    kind = raw.get("kind")
    problems = []
    for detail in error.errors():
        loc = _error_loc(detail, kind)
        message = _describe(detail, loc, kind)
        if detail["type"] == "missing":
            mark = locate(raw, loc[:-1])
        else:
            mark = locate(raw, loc, key_itself=detail["type"] == "extra_forbidden")
        problems.append(Problem(mark, message, field=field_name(file_loc(source, loc))))
    return problems


def _valid_rest(raw: LocatedDict, error: ValidationError, rounds: int = 4) -> Any:
    """The playbook without the values that failed validation, if that much is valid.

    Lets the cross-checks run on the rest of a playbook with a mistake, so one wrong value
    does not hide the other problems of the same file. Only mapping keys are removed (the
    innermost mapping holding the bad value), so list positions stay those of the file.
    """
    data = _plain(raw)
    kind = raw.get("kind")
    for _ in range(rounds):
        for detail in error.errors():
            loc = _error_loc(detail, kind)
            if not _drop(data, loc[:-1] if detail["type"] == "missing" else loc):
                return None
        try:
            return model.KINDS.adapter().validate_python(data)
        except ValidationError as again:
            error = again
    return None


def _drop(data: Any, loc: Sequence[str | int]) -> bool:
    """Remove the innermost mapping entry along ``loc``; False if there is none."""
    node, entry = data, None
    for part in loc:
        if isinstance(node, dict) and part in node:
            entry = (node, part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            break
    if entry is None or entry[1] in ("kind", "id"):
        return False
    del entry[0][entry[1]]
    return True


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


_EXPECTED = {
    "string_type": "text", "int_type": "a whole number", "float_type": "a number",
    "bool_type": "true or false", "list_type": "a list", "dict_type": "a mapping",
    "model_type": "a mapping", "model_attributes_type": "a mapping",
}


def _describe(detail: Any, loc: list[str | int], kind: Any) -> str:
    kind_name = detail["type"]
    value = detail.get("input")
    if kind_name == "missing":
        return "required field is missing"
    if kind_name == "extra_forbidden":
        allowed = _allowed_fields(kind, loc[:-1])
        hint = did_you_mean(str(loc[-1]), allowed) if allowed else ""
        return f"unknown field{hint}"
    if kind_name in _EXPECTED:
        hint = ""
        if kind_name == "string_type" and isinstance(value, bool | int | float):
            hint = " (YAML reads yes, no, on, off and numbers as non-text; put it in quotes)"
        elif isinstance(value, str) and len(loc) >= 2 and loc[-2] == "signs":
            hint = " (write each sign as {id: a-stable-id, text: ...}; the id keeps readers' ticks)"
        return f"expected {_EXPECTED[kind_name]}, got {_describe_value(value)}{hint}"
    ctx = detail.get("ctx") or {}
    if kind_name == "string_too_long":
        length = f"{len(value):,} characters" if isinstance(value, str) else "too long"
        return f"text is {length}; at most {ctx.get('max_length', 0):,} are allowed"
    if kind_name == "string_too_short":
        return "must not be empty"
    if kind_name == "too_long":
        actual = ctx.get("actual_length")
        count = f"{actual:,} items" if isinstance(actual, int) else "too many items"
        return f"has {count}; at most {ctx.get('max_length', 0):,} are allowed " \
               "(split it into more playbooks)"
    if kind_name == "too_short":
        needed = ctx.get("min_length", 1)
        return f"needs at least {needed} item{'s' if needed != 1 else ''}"
    if kind_name == "string_pattern_mismatch" and ctx.get("pattern") != model.ID_PATTERN:
        return f"{_describe_value(value)} is not an address this guide accepts: " \
               "percent-encode spaces, quotes, brackets and parentheses (%20, %22, %5B, %28)"
    if kind_name == "string_pattern_mismatch":
        return f"{_describe_value(value)} is not a valid id (use lowercase letters, digits " \
               "and single dashes, e.g. 'scope-expansion')"
    if kind_name == "literal_error":
        return f"{_describe_value(value)} is not allowed; expected {detail['ctx']['expected']}"
    if kind_name == "value_error":
        return str(detail["ctx"]["error"])
    return f"{detail['msg'][:1].lower()}{detail['msg'][1:]}"


def _describe_value(value: Any) -> str:
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"'{shown}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _allowed_fields(kind: Any, loc: Sequence[str | int]) -> list[str]:
    """Field names of the model found at ``loc`` inside a playbook of ``kind``."""
    current: Any = model.KINDS[kind].model if kind in model.KINDS else None
    mapping_key = False  # the part after a dict field is a key of that dict, not a field
    for part in loc:
        if isinstance(part, int) or current is None or mapping_key:
            mapping_key = False
            continue
        info = current.model_fields.get(part)
        current = _model_in(info.annotation) if info else None
        mapping_key = info is not None and _is_dict(info.annotation)
    if current is None:
        return []
    return [info.alias or name for name, info in current.model_fields.items()]


def _is_dict(annotation: Any) -> bool:
    if getattr(annotation, "__origin__", None) is dict:
        return True
    return any(_is_dict(arg) for arg in getattr(annotation, "__args__", ()))


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


# --- cross-references ------------------------------------------------------------------------

def check_references(library: Library,
                     partial: Sequence[tuple[model.Playbook, Source]] = (),
                     known: Iterable[tuple[str, str]] = ()) -> list[Problem]:
    """Every id a playbook names must exist.

    ``partial`` are playbooks that failed validation, checked for what is left of them;
    ``known`` are (kind, id) pairs that exist even if their playbook did not validate.
    """
    problems: list[Problem] = []
    checked = [(p, library.sources[(p.kind, p.id)]) for p in library.all()]
    checked += partial
    ids: dict[str, list[str]] = {kind: [] for kind in model.KINDS}
    for kind, playbook_id in [*((p.kind, p.id) for p, _ in checked), *known]:
        if kind in ids and playbook_id not in ids[kind]:
            ids[kind].append(playbook_id)
    types = {p.id: p for p, _ in checked if isinstance(p, model.CompanyType)}
    step_ids: dict[str, Mark] = {}
    script_ids: dict[str, Mark] = {}
    for playbook, source in checked:

        def need(value: str | None, target: str, loc: Sequence[str | int],
                 source: Source = source) -> None:
            pool = ids[target]
            if value is not None and value not in pool:
                hint = did_you_mean(value, pool) if pool else \
                    f" (no {target} playbook is loaded: list the upstream playbooks folder " \
                    "before this one)"
                mark, name = _where(source, loc)
                problems.append(Problem(mark, f"'{value}' is not a known {target}{hint}",
                                        field=name))

        for index, script in enumerate(playbook.scripts):
            _unique(script.id, "script", script_ids, source, ["scripts", index, "id"],
                    problems)
        for index, step in enumerate(playbook.steps):
            here: list[str | int] = ["steps", index]
            _unique(step.id, "step", step_ids, source, [*here, "id"], problems)
            need(step.phase, "phase", [*here, "phase"])
            need(step.template, "template", [*here, "template"])
            if step.when is not None:
                for dimension, target in model.KINDS.dimensions().items():
                    for position, value in enumerate(getattr(step.when, dimension) or []):
                        need(value, target, [*here, "when", dimension, position])
        if isinstance(playbook, model.HardCase):
            for position, phase_id in enumerate(playbook.phases):
                need(phase_id, "phase", ["phases", position])
            need(playbook.template, "template", ["template"])
            for dimension, target in model.KINDS.dimensions().items():
                for position, value in enumerate(getattr(playbook.when, dimension, None) or []):
                    need(value, target, ["when", dimension, position])
        for index, wait in enumerate(playbook.waits):
            need(wait.extends, "phase", ["waits", index, "extends"])
        for index, milestone in enumerate(playbook.milestones):
            need(milestone.phase, "phase", ["milestones", index, "phase"])
        if isinstance(playbook, model.CompanyType):
            for position, path_id in enumerate(playbook.paths):
                need(path_id, "path", ["paths", position])
        if isinstance(playbook, model.Phase) and playbook.readiness is not None:
            need(playbook.readiness.otherwise_phase, "phase",
                 ["readiness", "otherwise_phase"])
        if isinstance(playbook, model.Company):
            need(playbook.company_type, "company-type", ["company_type"])
            company_type = types.get(playbook.company_type)
            for position, path_id in enumerate(playbook.paths or []):
                loc: list[str | int] = ["paths", position]
                if company_type is None or path_id not in ids["path"]:
                    need(path_id, "path", loc)  # an unknown type is reported once, above
                elif path_id not in company_type.paths:
                    mark, name = _where(source, loc)
                    problems.append(Problem(
                        mark, f"company type '{company_type.id}' does not offer the path "
                        f"'{path_id}'; it offers {_choices(company_type.paths)}", field=name))
            for phase_id in playbook.phases:
                need(phase_id, "phase", ["phases", phase_id])
    all_steps = {s for playbook, _ in checked for s in (x.id for x in playbook.steps)}
    all_scripts = {s for playbook, _ in checked for s in (x.id for x in playbook.scripts)}
    for playbook, source in checked:
        for index, step in enumerate(playbook.steps):
            for name, value, pool in (("script", step.script, all_scripts),
                                      ("replaces", step.replaces, all_steps)):
                if value is not None and value not in pool:
                    noun = "script" if name == "script" else "step"
                    mark, shown = _where(source, ["steps", index, name])
                    problems.append(Problem(mark, f"'{value}' is not a known {noun}"
                                            f"{did_you_mean(value, pool)}", field=shown))
    problems += _replacement_cycles(library)
    problems += _shared_addresses(library)
    problems += _order_problems(library)
    return problems


def _replacement_cycles(library: Library) -> list[Problem]:
    """A step that replaces itself, or steps that replace each other, would all vanish."""
    replaces: dict[str, tuple[str, Mark, str]] = {}
    for playbook in library.all():
        raw = library.sources[(playbook.kind, playbook.id)].raw
        for index, step in enumerate(playbook.steps):
            if step.replaces is not None:
                loc: list[str | int] = ["steps", index, "replaces"]
                replaces[step.id] = (step.replaces, locate(raw, loc), field_name(loc))
    problems = []
    reported: set[str] = set()
    for start in sorted(replaces):
        chain, current = [start], replaces[start][0]
        while current in replaces and current not in chain:
            chain.append(current)
            current = replaces[current][0]
        if current == start and start not in reported:
            reported.update(chain)
            what = ("replaces itself" if len(chain) == 1 else
                    "is part of a replacement cycle (" + " → ".join([*chain, start]) + ")")
            problems.append(Problem(replaces[start][1], f"step '{start}' {what}, so none of "
                                    "them would appear in any checklist; replace a generic "
                                    "step with a new one instead", field=replaces[start][2]))
    return problems


def _order_problems(library: Library) -> list[Problem]:
    """``before`` and ``after`` must name a step of the same phase, and never loop."""
    problems: list[Problem] = []
    steps = {step.id: step for playbook in library.all() for step in playbook.steps}
    follows: dict[str, set[str]] = {}  # step id -> ids that must come after it
    for playbook in library.all():
        raw = library.sources[(playbook.kind, playbook.id)].raw
        for index, step in enumerate(playbook.steps):
            for name in ("before", "after"):
                for position, other in enumerate(getattr(step, name)):
                    loc: list[str | int] = ["steps", index, name, position]
                    target = steps.get(other)
                    if target is None:
                        problems.append(Problem(locate(raw, loc), f"'{other}' is not a known "
                                                f"step{did_you_mean(other, steps)}",
                                                field=field_name(loc)))
                    elif target.phase != step.phase:
                        problems.append(Problem(locate(raw, loc), f"'{other}' is in phase "
                                                f"'{target.phase}', not '{step.phase}'; order "
                                                "only steps of the same phase",
                                                field=field_name(loc)))
                    elif name == "before":
                        follows.setdefault(step.id, set()).add(other)
                    else:
                        follows.setdefault(other, set()).add(step.id)
    loop = _find_loop(follows)
    if loop:
        where = next(p for p in library.all() if any(s.id == loop[0] for s in p.steps))
        raw = library.sources[(where.kind, where.id)].raw
        index = next(i for i, s in enumerate(where.steps) if s.id == loop[0])
        problems.append(Problem(locate(raw, ["steps", index, "id"]),
                                "steps are ordered in a loop: " + " before ".join(loop),
                                field="before"))
    return problems


def _find_loop(follows: dict[str, set[str]]) -> list[str]:
    """One cycle in the 'comes before' graph, as the ids along it, or an empty list."""
    state: dict[str, int] = {}
    trail: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        trail.append(node)
        for nxt in sorted(follows.get(node, ())):
            if state.get(nxt) == 1:
                return [*trail[trail.index(nxt):], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        trail.pop()
        state[node] = 2
        return []

    for node in sorted(follows):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return []


def _type_paths(library: Library, type_id: str) -> list[str]:
    for company_type in library.company_types:
        if company_type.id == type_id:
            return company_type.paths
    return []


def _shared_addresses(library: Library) -> list[Problem]:
    """Companies and company types share the first part of checklist addresses."""
    types = {t.id for t in library.company_types}
    problems = []
    for company in library.companies:
        if company.id in types:
            raw = library.sources[("company", company.id)].raw
            problems.append(Problem(locate(raw, ["id"]), f"company id '{company.id}' is also a "
                                    "company type's id; their checklists would share "
                                    f"addresses (checklists/{company.id}/…). Choose another "
                                    "id, such as the company's name", field="id"))
    return problems


def _unique(value: str, noun: str, seen: dict[str, Mark], source: Source,
            loc: list[str | int], problems: list[Problem]) -> None:
    mark, name = _where(source, loc)
    if value in seen:
        problems.append(Problem(mark, f"{noun} id '{value}' is already used at {seen[value]}; "
                                f"{noun} ids must be unique across all playbooks",
                                field=name))
    else:
        seen[value] = mark


def check_page_links(library: Library, pages: Iterable[str]) -> list[Problem]:
    """Every ``see:`` (a path under ``docs/``) and every page link in playbook text (relative
    to the playbook's page) must name a page of the site; anchors are checked by
    :func:`check_link_anchors` once pages are rendered."""
    known = set(pages)
    problems = []
    for playbook in library.all():
        raw = library.sources[(playbook.kind, playbook.id)].raw
        for index, step in enumerate(playbook.steps):
            page = (step.see or "").split("#", 1)[0]
            if page and page not in known:
                loc: list[str | int] = ["steps", index, "see"]
                problems.append(Problem(locate(raw, loc), f"'{page}' is not a page of the guide"
                                        f"{did_you_mean(page, known)}", field=field_name(loc)))
        for loc, target, resolved in _page_links(playbook, raw):
            page = resolved.split("#", 1)[0]
            if page not in known:
                suggestion = did_you_mean(page, known)
                problems.append(Problem(locate(raw, loc), f"link '{target}' leads to '{page}', "
                                        f"which is not a page of the guide{suggestion}",
                                        field=field_name(loc)))
    return problems


_ELEMENT_ID = re.compile(r"""\sid=["']?([^"'\s>]+)""")


def element_ids(html: str) -> set[str]:
    """The ids of the elements of a rendered page: the anchors a link may name."""
    return set(_ELEMENT_ID.findall(html))


def check_link_anchors(library: Library, anchors: dict[str, set[str]]) -> list[Problem]:
    """Every ``#anchor`` of a ``see:`` or a page link must exist on the page it names.

    ``anchors`` maps each page (path under ``docs/``) to the ids found in its HTML.
    """
    problems = []
    for playbook in library.all():
        raw = library.sources[(playbook.kind, playbook.id)].raw
        targets = _page_links(playbook, raw)
        targets += [(["steps", index, "see"], step.see, step.see) for index, step in
                    enumerate(playbook.steps) if step.see]
        for loc, target, resolved in targets:
            page, _, anchor = resolved.partition("#")
            ids = anchors.get(page)
            if anchor and ids is not None and anchor not in ids:
                problems.append(Problem(locate(raw, loc), f"link '{target}': page '{page}' has "
                                        f"no anchor '#{anchor}'{did_you_mean(anchor, ids)}",
                                        field=field_name(loc)))
    return problems


def _page_links(playbook: model.Playbook,
                raw: LocatedDict) -> list[tuple[list[str | int], str, str]]:
    """``(loc, target as written, target as a path under docs/)`` for each page link."""
    page_uri = model.uri_for(playbook)
    return [(loc, target, safety.resolve_page_link(page_uri, target))
            for loc, target in page_links_in(raw)]


def rebase_links(library: Library) -> Library:
    """Rewrite page links in every playbook's text as paths under ``docs/``.

    Authors write them relative to the playbook's own page; the text is also shown on other
    pages, where the renderer makes each link relative again.
    """
    def rebase(value: Any, page_uri: str) -> Any:
        if isinstance(value, str):
            return safety.rebase_page_links(value, page_uri)
        if isinstance(value, list):
            items = [rebase(item, page_uri) for item in value]
            return value if all(a is b for a, b in zip(items, value, strict=True)) else items
        if isinstance(value, dict):
            pairs = {key: rebase(item, page_uri) for key, item in value.items()}
            return value if all(pairs[k] is value[k] for k in value) else pairs
        if isinstance(value, BaseModel):
            changes = {}
            for name in type(value).model_fields:
                old = getattr(value, name)
                new = rebase(old, page_uri)
                if isinstance(value, model.Link) and name == "url" and \
                        safety.link_scheme(old) is None:
                    new = safety.resolve_page_link(page_uri, old)
                if new is not old:
                    changes[name] = new
            return value.model_copy(update=changes) if changes else value
        return value

    library.shelves = {kind: [rebase(playbook, model.uri_for(playbook)) for playbook in playbooks]
                       for kind, playbooks in library.shelves.items()}
    return library


def page_links_in(value: Any, loc: list[str | int] | None = None,
                  ) -> Iterator[tuple[list[str | int], str]]:
    """``(loc, target)`` for every link to a page inside located playbook data."""
    loc = loc or []
    if isinstance(value, LocatedDict):
        for key, item in value.items():
            if key == "url" and isinstance(item, str) and safety.link_scheme(item) is None:
                yield [*loc, key], item  # a company's link to a page of the guide
            else:
                yield from page_links_in(item, [*loc, key])
    elif isinstance(value, LocatedList):
        for index, item in enumerate(value):
            yield from page_links_in(item, [*loc, index])
    elif isinstance(value, str) and (".md" in value or "#" in value):
        for target in safety.page_links(value):
            yield loc, target

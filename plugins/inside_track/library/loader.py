"""Load playbook folders into a validated :class:`Library`, or report every problem at once.

Pipeline: find files → read YAML with marks (cached by mtime, so ``serve`` re-reads only
what changed) → apply overlays by (kind, id) in folder order → drop what the edition hides
→ validate against the model (cached too: an unchanged playbook is not validated again;
errors worded by :mod:`.messages`) → check every cross-reference (:mod:`.references`) →
rebase page links (:mod:`.links`). Each stage adds located problems; the caller gets either
a library or one :class:`PlaybookError` listing them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .. import model
from ..problems import WHOLE_FILE, Mark, PlaybookError, Problem, did_you_mean
from ..source.reader import LocatedDict, read_yaml
from ..source.reader import mark_of as _mark_of_value
from .edition import Edition, apply_edition, is_dropped
from .library import Library, Source
from .links import rebase_links
from .locations import field_name, file_loc
from .messages import choices, describe_value, valid_rest, validation_problems
from .overlay import overlay
from .placeholders import check_placeholders
from .references import check_references

__all__ = ["MAX_FILES", "SUFFIXES", "Library", "PlaybookLoader", "Source", "load_playbooks",
           "playbook_files"]
"""``Library`` is defined in :mod:`.library`; it is named here too for callers that load."""

SUFFIXES = (".yml", ".yaml")
MAX_FILES = 2_000


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
        unreadable: list[Path] = []  # files whose playbook ids are not known
        all_sources = self._merge(self._read_all(folders, problems), edition, dropped,
                                  problems, unreadable)
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
        broken = [source for key, source in all_sources.items() if key not in playbooks]
        problems.extend(check_references(library, partial, known=all_sources,
                                         broken=broken, unreadable=unreadable))
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
            files += playbook_files(folder)
        if not files and folders and not problems:
            shown = ", ".join(str(Mark(folder, WHOLE_FILE)) for folder in folders)
            problems.append(Problem(Mark(folders[0], WHOLE_FILE), "no playbook files "
                                    f"({' or '.join(SUFFIXES)}) found in {shown}"))
        if len(files) > MAX_FILES:  # a limit at the door: nothing past it is read or checked
            raise PlaybookError([*problems, Problem(
                Mark(files[MAX_FILES]), f"{len(files):,} playbook files found; a guide may "
                f"have at most {MAX_FILES:,}")])
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
               problems: list[Problem], unreadable: list[Path]) -> dict[tuple[str, str], Source]:
        """Overlay files by (kind, id), each first cut to what ``edition`` shows.

        Cutting before merging means an internal-only overlay leaves the public value of
        the playbook it overlays in place, rather than leaving a hole.
        """
        sources: dict[tuple[str, str], Source] = {}
        for path in files:
            original, file_problems = self._read(path)
            problems.extend(file_problems)
            if original is None or file_problems:
                unreadable.append(path)
                continue
            value = apply_edition(original, edition, dropped)
            if is_dropped(value):
                continue
            if not isinstance(value, LocatedDict):
                problems.append(Problem(_mark_of_value(value, Mark(path)),
                                        "a playbook file must be a mapping with 'kind' and 'id'"))
                unreadable.append(path)
                continue
            key = _identity(value, problems)
            if key is None:
                unreadable.append(path)
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


def playbook_files(folder: Path) -> list[Path]:
    """The playbook files of ``folder`` (or the file itself), in the order they are read."""
    if folder.is_file():
        return [folder] if folder.suffix in SUFFIXES else []
    return sorted(p for p in folder.rglob("*") if p.suffix in SUFFIXES and p.is_file())


def _validate(source: Source) -> tuple[model.Playbook | None, list[Problem], Any]:
    """The playbook, or its problems and what is left valid of it (to cross-check still)."""
    try:
        return model.KINDS.adapter().validate_python(source.raw), [], None
    except ValidationError as error:
        return None, validation_problems(error, source), valid_rest(source.raw, error)


def load_playbooks(folders: Sequence[Path | str], edition: Edition = "public") -> Library:
    """Load once, without a cache: the simple entry point for scripts and tests."""
    return PlaybookLoader().load([Path(f) for f in folders], edition)


def _identity(value: LocatedDict, problems: list[Problem]) -> tuple[str, str] | None:
    kind, playbook_id = value.get("kind"), value.get("id")
    if not isinstance(kind, str) or kind not in model.KINDS:
        where = value.mark_of("kind")
        if kind is None:
            message = f"missing 'kind'; expected one of {choices(model.KINDS)}"
        else:
            message = f"{describe_value(kind)} is not a playbook kind; expected one of " \
                      f"{choices(model.KINDS)}{did_you_mean(str(kind), model.KINDS)}"
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

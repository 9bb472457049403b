"""Read one YAML file into plain data that remembers where every value came from.

PyYAML's nodes carry ``start_mark``; we keep those marks on the containers we build so a
validation error deep inside a playbook can still name its file, line and column. This
module is also where hostile input stops: duplicate keys, alias bombs, deep nesting,
oversized files and bad encodings all become located :class:`Problem` objects.

Internal-only content is marked with the ``!internal`` tag (any value) and is kept here as
:class:`Internal` wrappers; :mod:`inside_track.library.edition` decides what to do with
them. Which values are internal-only once anchors, aliases and merge keys are resolved is
worked out on the composed graph by :mod:`.taint`, before any value is built.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.resolver import Resolver

try:  # libyaml: the same events as PyYAML's own parser, several times faster
    from yaml import cyaml

    CParser: Any = getattr(cyaml, "CParser", None)
except ImportError:  # pragma: no cover - PyYAML wheels ship libyaml
    CParser = None

from ..problems import Mark, Problem
from . import taint
from .taint import INTERNAL_TAG, MERGE_TAG, REFERENCE_KEYS, Alias

__all__ = ["INTERNAL_TAG", "REFERENCE_KEYS", "Internal", "LocatedDict", "LocatedList",
           "mark_of", "read_yaml"]

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 40
MAX_VALUES = 50_000
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = MERGE_TAG


class LocatedDict(dict[str, Any]):
    """A mapping that knows where it, each key and each value stand in the file."""

    mark: Mark
    key_marks: dict[str, Mark]
    value_marks: dict[str, Mark]

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark
        self.key_marks = {}
        self.value_marks = {}

    def put(self, key: str, value: Any, key_mark: Mark, value_mark: Mark) -> None:
        self[key] = value
        self.key_marks[key] = key_mark
        self.value_marks[key] = value_mark

    def mark_of(self, key: str) -> Mark:
        return self.value_marks.get(key, self.mark)


class LocatedList(list[Any]):
    """A sequence that knows where it and each item stand in the file."""

    mark: Mark
    marks: list[Mark]

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark
        self.marks = []

    def add(self, value: Any, mark: Mark) -> None:
        self.append(value)
        self.marks.append(mark)

    def mark_of(self, index: int) -> Mark:
        return self.marks[index] if 0 <= index < len(self.marks) else self.mark


@dataclass(frozen=True)
class Internal:
    """A value tagged ``!internal``: shown only in an internal edition."""

    value: Any
    mark: Mark


class _TooLarge(Exception):
    def __init__(self, mark: Mark, message: str) -> None:
        self.mark = mark
        self.message = message


def mark_of(value: Any, fallback: Mark) -> Mark:
    """The mark of a located container, or ``fallback`` for plain scalars."""
    return getattr(value, "mark", fallback)


def read_yaml(path: Path) -> tuple[Any, list[Problem]]:
    """Parse ``path`` into located data, or return the problems that stopped it."""
    start = Mark(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, [Problem(start, f"cannot read the file: {error.strerror or error}")]
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            Problem(start, f"file is {len(raw):,} bytes; a playbook may be at most "
                    f"{MAX_FILE_BYTES:,} bytes")
        ]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return None, [
            Problem(Mark(path, line, column),
                    f"file is not valid UTF-8 (byte 0x{raw[error.start]:02x}); save it as UTF-8")
        ]
    aliases: dict[tuple[int, int], Alias] = {}
    try:
        node = _compose(text, path, aliases)
    except _TooLarge as error:
        return None, [Problem(error.mark, error.message)]
    except yaml.MarkedYAMLError as error:
        return None, [_parse_problem(path, error)]
    except yaml.reader.ReaderError as error:
        return None, [_reader_problem(path, text, error)]
    except yaml.YAMLError as error:  # pragma: no cover - every PyYAML error is one of the above
        return None, [Problem(start, f"cannot parse YAML: {error}")]
    if node is None:
        return None, [Problem(start, "file is empty; a playbook needs at least 'kind' and 'id'")]
    problems: list[Problem] = []
    try:
        # Without an alias, no value can travel out of where it is written.
        graph = taint.compute(node, aliases) if aliases else taint.Taint()
        builder = _Builder(path, problems, graph)
        value = builder.build(node)
    except _TooLarge as error:
        return None, [Problem(error.mark, error.message)]
    return value, problems


def _parse_problem(path: Path, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    where = Mark(path, mark.line + 1, mark.column + 1) if mark else Mark(path)
    message = " ".join(part for part in (error.context, error.problem) if part)
    if "\t" in message or "'\\t'" in message:
        message += " (indent YAML with spaces, not tabs)"
    return Problem(where, f"invalid YAML: {message}")


def _reader_problem(path: Path, text: str, error: yaml.reader.ReaderError) -> Problem:
    position = min(max(error.position, 0), len(text))
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    character = error.character
    code = character if isinstance(character, int) else ord(str(character)[:1] or " ")
    return Problem(Mark(path, line, column),
                   f"character U+{code:04X} is not allowed in YAML; remove it")


class _DepthLimit(Composer):
    """Composer that stops at :data:`MAX_DEPTH`.

    PyYAML composes recursively, so a document nested thousands of levels deep would
    exhaust the interpreter's stack; the depth limit is enforced here, before that happens.
    """

    path: Path
    depth: int
    aliases: dict[tuple[int, int], Alias]

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        if parent is not None and self.check_event(yaml.AliasEvent):  # type: ignore[attr-defined]
            event = self.peek_event()  # type: ignore[attr-defined]
            if not (isinstance(parent, yaml.MappingNode) and index is None):  # not a key
                self.aliases[(id(parent), len(parent.value))] = Alias(
                    event.anchor, event.start_mark.line + 1, event.start_mark.column + 1)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                mark = self.peek_event().start_mark  # type: ignore[attr-defined]
                raise _TooLarge(Mark(self.path, mark.line + 1, mark.column + 1),
                                f"nesting is deeper than {MAX_DEPTH} levels")
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _Composer(_DepthLimit, yaml.SafeLoader):
    """PyYAML's own parser, used only to compose nodes; values are built by :class:`_Builder`."""

    def __init__(self, stream: str, path: Path,
                 aliases: dict[tuple[int, int], Alias]) -> None:
        yaml.SafeLoader.__init__(self, stream)
        self.path = path
        self.depth = -1
        self.aliases = aliases


if CParser is not None:  # pragma: no branch - PyYAML wheels ship libyaml

    class _FastComposer(_DepthLimit, CParser, Resolver):
        """libyaml's scanner and parser with PyYAML's composer: the same nodes and marks."""

        def __init__(self, stream: str, path: Path,
                     aliases: dict[tuple[int, int], Alias]) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            Resolver.__init__(self)
            self.path = path
            self.depth = -1
            self.aliases = aliases


def _compose(text: str, path: Path,
             aliases: dict[tuple[int, int], Alias]) -> yaml.Node | None:
    """Compose a document, with libyaml when available.

    A document libyaml refuses is parsed again by the pure-Python parser, so every problem
    reported for a broken file is worded (and placed) the same, with or without libyaml.
    Text with a tab goes straight to that parser: libyaml accepts tabs in places PyYAML
    does not, and a tab where YAML expects indentation should be reported as one.
    """
    if CParser is not None and "\t" not in text:
        fast = _FastComposer(text, path, aliases)
        try:
            node: yaml.Node | None = fast.get_single_node()
            return node
        except yaml.YAMLError:
            aliases.clear()
        finally:
            fast.dispose()
    composer = _Composer(text, path, aliases)
    try:
        return composer.get_single_node()
    finally:
        composer.dispose()


class _Builder:
    """Turn composed nodes into located values, counting as it goes.

    Aliases are shared nodes, so a "billion laughs" document is small on disk but huge
    when expanded; counting every value we build stops it early and cheaply. The document's
    :class:`~.taint.Taint` says which nodes are internal-only; an alias that would carry a
    value out of internal content into public content is refused where it stands.
    """

    def __init__(self, path: Path, problems: list[Problem], graph: taint.Taint) -> None:
        self.path = path
        self.problems = problems
        self.taint = graph
        self.count = 0
        self.inside_internal = 0
        """How many values around the one being built are internal-only: tagged, under a
        tagged key, merged from internal content, or mappings marked ``internal: true``."""

    def mark(self, node: yaml.Node) -> Mark:
        return Mark(self.path, node.start_mark.line + 1, node.start_mark.column + 1)

    def _count(self, node: yaml.Node, values: int = 1) -> None:
        self.count += values
        if self.count > MAX_VALUES:
            raise _TooLarge(self.mark(node), f"file expands to more than {MAX_VALUES:,} values "
                            "(too many aliases?); split it or remove the aliases")

    def build(self, node: yaml.Node, depth: int = 0, parent: yaml.Node | None = None,
              position: int = 0) -> Any:
        """``node`` as located data; ``parent`` and ``position`` say where it stands, so an
        alias is known as one."""
        self._count(node)
        if depth > MAX_DEPTH:
            raise _TooLarge(self.mark(node), f"nesting is deeper than {MAX_DEPTH} levels")
        if node.tag == INTERNAL_TAG:
            return self.internal(node, depth)
        alias = self.taint.is_alias(parent, position) if parent is not None else None
        if alias is not None and not self.inside_internal and id(node) in self.taint.inside \
                and id(node) not in self.taint.marked:
            self._refuse_alias(alias, node)
            return self.internal(node, depth)  # and never shown, whatever the edition
        return self._build_untagged(node, depth)

    def _refuse_alias(self, alias: Alias, node: yaml.Node) -> None:
        """The alias copies text whose internal mark stays where the anchor is written."""
        origin = self.taint.inside[id(node)]
        self.problems.append(Problem(
            Mark(self.path, alias.line, alias.column),
            f"alias '*{alias.anchor}' copies a value out of internal-only content (anchored "
            f"at line {node.start_mark.line + 1}, inside what line "
            f"{origin.start_mark.line + 1} marks internal) into public content; mark this item "
            "'internal: true' too, or write its public text here"))

    def internal(self, node: yaml.Node, depth: int) -> Internal:
        """``node`` as internal-only content, with everything under it."""
        self.inside_internal += 1
        try:
            return Internal(self._build_untagged(node, depth), self.mark(node))
        finally:
            self.inside_internal -= 1

    def _build_untagged(self, node: yaml.Node, depth: int) -> Any:
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode) \
                and node.tag not in (_MAP, _SEQ, INTERNAL_TAG):
            self.problems.append(Problem(self.mark(node), _unknown_tag(node.tag)))
        if isinstance(node, yaml.MappingNode):
            flagged = id(node) in self.taint.marked and node.tag != INTERNAL_TAG
            self.inside_internal += flagged
            try:
                return self._mapping(node, depth)
            finally:
                self.inside_internal -= flagged
        if isinstance(node, yaml.SequenceNode):
            items = LocatedList(self.mark(node))
            for position, child in enumerate(node.value):
                items.add(self.build(child, depth + 1, node, position), self.mark(child))
            return items
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, depth: int) -> LocatedDict:
        result = LocatedDict(self.mark(node))
        for key_node, value_node, hidden, parent, position in self._merged_pairs(node, depth):
            key = self._scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                self.problems.append(Problem(self.mark(key_node), "keys must be plain words"))
                continue
            if key in result:
                first = result.key_marks[key]
                self.problems.append(Problem(
                    self.mark(key_node),
                    f"duplicate key '{key}' (first at line {first.line}); YAML would silently "
                    "keep only the last one",
                ))
                continue
            tagged = INTERNAL_TAG in (key_node.tag, value_node.tag)
            hidden = hidden or tagged
            if key in REFERENCE_KEYS and tagged:
                self.problems.append(Problem(
                    self.mark(value_node), f"'{key}' names other items, so it cannot be "
                    "internal-only: public pages are built from it. Mark the whole item "
                    "'internal: true' instead"))
            if hidden and not self.inside_internal:
                self._count(value_node)
                value = self.internal(value_node, depth + 1)
            else:
                value = self.build(value_node, depth + 1, parent, position)
            result.put(key, value, self.mark(key_node), self.mark(value_node))
        return result

    def _scalar(self, node: yaml.Node) -> Any:
        tag = node.tag
        if tag == _STR:  # most values: text as written, nothing to construct
            return node.value
        if tag == INTERNAL_TAG:  # the value under the tag is resolved as plain YAML
            tag = _CONSTRUCT.resolve(yaml.ScalarNode, node.value, (True, False))
        kind = tag.rsplit(":", 1)[1] if tag.startswith(_CORE) else ""
        if kind not in _SCALARS:
            self.problems.append(Problem(self.mark(node), _unknown_tag(tag)))
            return node.value
        # An explicit tag (``!!bool maybe``) is read only if the value is written the way
        # YAML writes that type; PyYAML's constructors assume so and fail in odd ways if not.
        written = _CONSTRUCT.resolve(yaml.ScalarNode, node.value, (True, False))
        if kind == "str" or written == tag or (kind == "float" and written == _INT):
            plain = yaml.ScalarNode(tag, node.value, node.start_mark, node.end_mark)
            try:
                return _CONSTRUCT.construct_object(plain, deep=True)
            except (ValueError, OverflowError, ArithmeticError, LookupError, yaml.YAMLError):
                pass  # e.g. a date like 2024-13-45, or an integer with thousands of digits
        self.problems.append(Problem(self.mark(node), f"cannot read {_quoted(node.value)} as "
                                     f"{_SCALAR_NAMES.get(kind, kind)} ('!!{kind}'); put it in "
                                     "quotes to keep it as text"))
        return node.value

    def _merged_pairs(self, node: yaml.MappingNode, depth: int, hidden: bool = False
                      ) -> list[tuple[yaml.Node, yaml.Node, bool, yaml.Node, int]]:
        """Key/value node pairs with YAML merge keys (``<<: *base``) folded in, each with
        whether it is internal-only (merged from internal content) and the mapping and
        position it is written at.

        Merges can chain, repeat and even include themselves, so each merged mapping counts
        toward the value and depth limits like any other value.
        """
        if depth > MAX_DEPTH:
            raise _TooLarge(self.mark(node), f"nesting is deeper than {MAX_DEPTH} levels "
                            "(merge keys that include each other?)")
        explicit = [(k, v, hidden, node, i) for i, (k, v) in enumerate(node.value)
                    if k.tag != _MERGE]
        merged: list[tuple[yaml.Node, yaml.Node, bool, yaml.Node, int]] = []
        for value, source in taint.merge_sources(node):
            if isinstance(source, yaml.MappingNode):
                self._count(source, len(source.value))
                merged.extend(self._merged_pairs(
                    source, depth + 1, hidden or INTERNAL_TAG in (value.tag, source.tag)
                    or id(source) in self.taint.inside))
            else:
                self.problems.append(Problem(self.mark(source), "a merge key ('<<') "
                                             "takes a mapping or a list of mappings"))
        seen = {k.value for k, *_ in explicit if isinstance(k, yaml.ScalarNode)}
        result = []
        for pair in merged:
            if pair[0].value not in seen:
                seen.add(pair[0].value)
                result.append(pair)
        return result + explicit


def _unknown_tag(tag: str) -> str:
    shown = "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag
    return f"unknown YAML tag '{_short(shown)}'; only '{INTERNAL_TAG}' is understood (a " \
        "playbook holds text, numbers, true/false, lists and mappings)"


def _quoted(value: str) -> str:
    return f"'{_short(value)}'" if value else "an empty value"


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


_SCALARS = {"str", "int", "float", "bool", "null", "timestamp"}
_SCALAR_NAMES = {"int": "a whole number", "float": "a number", "timestamp": "a date",
                 "bool": "true or false", "null": "an empty value"}
_CORE = "tag:yaml.org,2002:"
_STR = _CORE + "str"
_INT = _CORE + "int"
_CONSTRUCT = yaml.SafeLoader("")

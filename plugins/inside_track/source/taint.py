"""Which parts of a composed YAML document are internal-only, computed once on its node graph.

YAML lets a value travel: an anchor (``&t``) names it, an alias (``*t``) repeats it
elsewhere, and a merge key (``<<: *base``) folds one mapping's keys into another. A mark
that says "internal only" must therefore be judged on the composed graph, after merges and
anchors are resolved, and not on the lines as written:

- a node is *marked* when it carries the mark itself: it is tagged ``!internal``, or it is
  a mapping whose ``internal`` key, written or merged in (``<<: *hidden``), is true. A
  marked node keeps its mark wherever an alias puts it, so the edition drops it there;
- a node is *inside* internal content when the place where it is written (its anchor) is
  under a marked node or a key tagged ``!internal``. Its mark is its surroundings, which an
  alias leaves behind: such an alias in public content is refused by the reader.

Values of :data:`REFERENCE_KEYS` name things rather than say them, so they are never inside.
Every node is visited once, along the document as written (an alias is not followed), so
the cost is linear in the file, whatever its aliases expand to.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

INTERNAL_TAG = "!internal"
REFERENCE_KEYS = frozenset({"id", "kind", "merge", "phase", "phases", "script", "replaces",
                            "template", "before", "after", "extends", "company_type", "path",
                            "manager_response", "paths", "otherwise_phase", "group", "when",
                            "see", "to_response", "to_path", "starts_after"})
"""Keys whose values are ids or page paths, not text a reader sees: never internal-only,
since a public page (a URL, a link, a checklist) is made of them. (Kept here because the
reader comes before the model; tests/test_kinds.py checks that every field the model
types as an id, or a list of ids, is listed.)"""
MERGE_TAG = "tag:yaml.org,2002:merge"
_BOOL = "tag:yaml.org,2002:bool"
_TRUE = frozenset({"true", "yes", "on"})
MAX_MERGE_DEPTH = 64
"""Deeper chains of merges are refused by the reader; here they only stop the recursion."""


@dataclass(frozen=True)
class Alias:
    """Where an alias stands in the file, and the anchor it names."""

    anchor: str
    line: int
    column: int


@dataclass
class Taint:
    """The internal-only parts of one document, by node identity."""

    marked: set[int] = field(default_factory=set)
    """Nodes that carry their own mark (tagged ``!internal``, or ``internal: true``)."""
    inside: dict[int, yaml.Node] = field(default_factory=dict)
    """Nodes written inside internal content, each with the marked node that makes it so."""
    aliases: dict[tuple[int, int], Alias] = field(default_factory=dict)
    """Alias occurrences by (parent node, position in the parent's value list)."""

    def is_alias(self, parent: yaml.Node, position: int) -> Alias | None:
        return self.aliases.get((id(parent), position))


def is_true_flag(node: yaml.Node) -> bool:
    """Whether ``node`` is a YAML true (``true``, ``yes``, ``on``), tagged ``!internal`` or not."""
    return (isinstance(node, yaml.ScalarNode) and node.tag in (_BOOL, INTERNAL_TAG)
            and node.value.lower() in _TRUE)


def merge_sources(node: yaml.MappingNode) -> list[tuple[yaml.Node, yaml.Node]]:
    """The ``(merge value, source)`` pairs of a mapping's ``<<`` keys, in order."""
    found: list[tuple[yaml.Node, yaml.Node]] = []
    for key, value in node.value:
        if key.tag == MERGE_TAG:
            sources = value.value if isinstance(value, yaml.SequenceNode) else [value]
            found += [(value, source) for source in sources]
    return found


def compute(root: yaml.Node, aliases: dict[tuple[int, int], Alias]) -> Taint:
    """The taint of the document under ``root``; ``aliases`` as the composer recorded them."""
    taint = Taint(aliases=aliases)
    flags = _Flags()
    stack: list[tuple[yaml.Node, yaml.Node | None]] = [(root, None)]
    while stack:
        node, source = stack.pop()
        if node.tag == INTERNAL_TAG or (isinstance(node, yaml.MappingNode) and flags.of(node)):
            taint.marked.add(id(node))
            source = source or node
        if source is not None:
            taint.inside.setdefault(id(node), source)
        if isinstance(node, yaml.SequenceNode):
            stack += [(child, source) for position, child in enumerate(node.value)
                      if (id(node), position) not in aliases]
        elif isinstance(node, yaml.MappingNode):
            for position, (key, value) in enumerate(node.value):
                if (id(node), position) in aliases:
                    continue
                if isinstance(key, yaml.ScalarNode) and key.value in REFERENCE_KEYS:
                    stack.append((value, None))
                else:
                    stack.append((value, source or (key if key.tag == INTERNAL_TAG else None)))
    return taint


class _Flags:
    """Each mapping's ``internal`` value as YAML merges it: written keys first, then each
    merged mapping in order (the first that has one wins). Remembered per node, so chains
    and bombs of merges cost one visit each; a mapping that merges itself adds nothing."""

    def __init__(self) -> None:
        self.known: dict[int, bool | None] = {}

    def of(self, node: yaml.MappingNode) -> bool:
        return bool(self._flag(node, 0))

    def _flag(self, node: yaml.MappingNode, depth: int) -> bool | None:
        if id(node) in self.known:
            return self.known[id(node)]
        if depth > MAX_MERGE_DEPTH:  # the reader refuses such chains with a located message
            return None
        self.known[id(node)] = None  # while working it out: a merge of itself gives nothing
        flag: bool | None = None
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "internal" \
                    and key.tag != MERGE_TAG:
                flag = is_true_flag(value)
                break
        else:
            for _, source in merge_sources(node):
                if isinstance(source, yaml.MappingNode):
                    flag = self._flag(source, depth + 1)
                    if flag is not None:
                        break
        self.known[id(node)] = flag
        return flag

"""Editions: what the public guide keeps, and what only an internal edition may show.

Internal content is dropped from the raw data *before* validation, so a public page can
never render it and any public reference to it is reported as an unknown id. What was
dropped is remembered as text, for the leak check that runs over the built site.

Only prose is remembered: ids and references (:data:`REFERENCE_KEYS`) name things rather
than say them, are often shared with public playbooks (``phase: scope-expansion``), and
never appear in a page as written. Keep secrets out of ids.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from ..source.reader import REFERENCE_KEYS, Internal, LocatedDict, LocatedList

Edition = Literal["public", "internal"]
EDITIONS: tuple[Edition, ...] = ("public", "internal")
__all__ = ["EDITIONS", "REFERENCE_KEYS", "Edition", "apply_edition", "is_dropped", "texts_in"]


def apply_edition(value: Any, edition: Edition, dropped: set[str]) -> Any:
    """Return ``value`` as the edition shows it; add the text of whatever is cut to ``dropped``.

    A value is internal-only when tagged ``!internal`` or, for a mapping, when it says
    ``internal: true``. That flag works on any mapping, at any depth, and is consumed here
    (both editions): the schema never sees it where it has no field of its own.
    """
    if isinstance(value, Internal):
        if edition == "internal":
            return apply_edition(value.value, edition, dropped)
        dropped.update(texts_in(value.value, skip=REFERENCE_KEYS))
        return _DROP
    if isinstance(value, LocatedDict):
        flag = value.get("internal")
        flag = flag.value if isinstance(flag, Internal) else flag
        if edition == "public" and flag is True:
            dropped.update(texts_in(value, skip=REFERENCE_KEYS))
            return _DROP
        result = LocatedDict(value.mark)
        for key, item in value.items():
            if key == "internal" and isinstance(flag, bool):
                continue
            kept = apply_edition(item, edition, dropped)
            if kept is not _DROP:
                result.put(key, kept, value.key_marks[key], value.value_marks[key])
        return result
    if isinstance(value, LocatedList):
        items = LocatedList(value.mark)
        for index, item in enumerate(value):
            kept = apply_edition(item, edition, dropped)
            if kept is not _DROP:
                items.add(kept, value.mark_of(index))
        return items
    return value


def is_dropped(value: Any) -> bool:
    return value is _DROP


def texts_in(value: Any, skip: frozenset[str] = frozenset()) -> Iterator[str]:
    """Every string inside a value, keys excluded, and values under keys in ``skip`` too."""
    if isinstance(value, Internal):
        yield from texts_in(value.value, skip)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in skip:
                yield from texts_in(item, skip)
    elif isinstance(value, list):
        for item in value:
            yield from texts_in(item, skip)
    elif isinstance(value, str):
        yield value


class _Dropped:
    def __repr__(self) -> str:
        return "<dropped>"


_DROP: Any = _Dropped()

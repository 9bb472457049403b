"""Placeholder text: what ``inside-track new company`` writes where only the maintainer
knows what to say. A playbook holding some is refused, so it is never published as is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..problems import Problem
from ..source.reader import LocatedDict, LocatedList

PLACEHOLDER = "TODO:"
"""How placeholder text starts; editors highlight it, and no guide text starts this way."""


def check_placeholders(sources: Iterable[tuple[LocatedDict, Any]]) -> list[Problem]:
    """A problem at every text that starts with :data:`PLACEHOLDER`.

    ``sources`` are (located data, function giving the field name of a location) pairs.
    """
    problems = []
    for raw, name_of in sources:
        for mark, loc in _placeholders(raw, []):
            problems.append(Problem(mark, "placeholder text from the template: write what is true "
                                    "at this company in its place", field=name_of(loc)))
    return problems


def _placeholders(value: Any, loc: list[str | int]) -> Iterator[tuple[Any, list[str | int]]]:
    if isinstance(value, LocatedDict):
        for key, item in value.items():
            if _is_placeholder(item):
                yield value.value_marks[key], [*loc, key]
            else:
                yield from _placeholders(item, [*loc, key])
    elif isinstance(value, LocatedList):
        for index, item in enumerate(value):
            if _is_placeholder(item):
                yield value.mark_of(index), [*loc, index]
            else:
                yield from _placeholders(item, [*loc, index])


def _is_placeholder(value: Any) -> bool:
    return isinstance(value, str) and value.lstrip().startswith(PLACEHOLDER)

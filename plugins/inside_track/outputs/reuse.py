"""Pages rendered in an earlier build, reused while what they are rendered from is the same.

``mkdocs serve`` builds again after every edit. An edit to one company playbook changes
that company's pages and the pages that list companies, and nothing else; rendering every
page again only to find most of them unchanged is most of a rebuild's work. So the guide
asks :class:`Rendered` for each page with everything the page is rendered from: if a
build before this one rendered a page from the same things, its page is reused as it is.

What a page is rendered from is told by content, not identity: the loader may make new
objects of unchanged playbooks (their links are rebased on every load), so each value is
reduced to a fingerprint (:meth:`Fingerprints.of`), worked out once per build for each
playbook. The fingerprint is Python's hash of the value's parts, so two different inputs
could only share one by a 64-bit collision.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable
from typing import Any

from pydantic import BaseModel

from .files import GeneratedPage


class Fingerprints:
    """Fingerprints of values for one build; each model object's is worked out once."""

    def __init__(self) -> None:
        self._models: dict[int, tuple[Any, int]] = {}  # id → (the object, its fingerprint)

    def of(self, value: Any) -> int:
        """A fingerprint of ``value``: plain values, data classes, models, sequences and
        mappings, by what they hold; functions by identity."""
        if value is None or isinstance(value, str | int | float | bool):
            return hash((type(value), value))
        if isinstance(value, BaseModel):
            known = self._models.get(id(value))
            if known is None:  # the object is kept with it, so its id is not reused
                known = self._models[id(value)] = (value, hash(
                    (type(value), *(self.of(item) for item in value.__dict__.values()))))
            return known[1]
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return hash((type(value), *(self.of(getattr(value, f.name))
                                        for f in dataclasses.fields(value))))
        if isinstance(value, list | tuple):
            return hash((type(value), *(self.of(item) for item in value)))
        if isinstance(value, dict):
            return hash((dict, *((self.of(k), self.of(v)) for k, v in value.items())))
        if isinstance(value, Hashable):
            return hash(value)
        raise TypeError(f"cannot tell a {type(value).__name__} by its content")


class Rendered:
    """The pages of the last build, by fingerprint; kept across the builds of a server."""

    def __init__(self) -> None:
        self._pages: dict[tuple[str, int], GeneratedPage] = {}
        self._now: dict[tuple[str, int], GeneratedPage] = {}
        self.rendered: list[str] = []
        """The pages this build rendered (the others were reused)."""

    def start(self) -> Fingerprints:
        """Begin a build: what the last build rendered may be reused; nothing else."""
        if self._now:
            self._pages, self._now = self._now, {}
        self.rendered = []
        return Fingerprints()

    def page(self, uri: str, inputs: int, render: Callable[[], GeneratedPage]) -> GeneratedPage:
        """The page at ``uri`` rendered from ``inputs`` (a fingerprint): the last build's,
        if it rendered it from the same, else rendered now."""
        key = (uri, inputs)
        page = self._pages.get(key)
        if page is None:
            page = render()
            self.rendered.append(uri)
        self._now[key] = page
        return page

"""Links from playbook text to pages of the guide: checked, and rebased under ``docs/``.

Authors write page links relative to the playbook's own page. The loader checks that each
names a page, rewrites it as a path under ``docs/`` (the renderer makes it relative again
on whichever page shows the text), and once pages are rendered their anchors are checked
against the ids in each page's HTML, read with an HTML parser.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from typing import Any

from pydantic import BaseModel

from .. import model
from ..model import safety
from ..problems import Problem, did_you_mean
from ..source.reader import LocatedDict, LocatedList
from .library import Library
from .locations import field_name, locate


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


class _IdCollector(HTMLParser):
    """Collects the ``id`` of every element, as a browser reads the attribute."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids.update(value for name, value in attrs if name == "id" and value)


def element_ids(html: str) -> set[str]:
    """The ids of the elements of a rendered page: the anchors a link may name."""
    if "id=" not in html:
        return set()
    collector = _IdCollector()
    collector.feed(html)
    collector.close()
    return collector.ids


def check_link_anchors(library: Library, anchors: dict[str, set[str]]) -> list[Problem]:
    """Every ``#anchor`` of a ``see:`` or a page link must exist on the page it names.

    ``anchors`` maps each page (path under ``docs/``) to the ids found in its HTML.
    """
    problems = []
    for raw, loc, target, resolved in _all_page_links(library):
        page, _, anchor = resolved.partition("#")
        ids = anchors.get(page)
        if anchor and ids is not None and anchor not in ids:
            problems.append(Problem(locate(raw, loc), f"link '{target}': page '{page}' has "
                                    f"no anchor '#{anchor}'{did_you_mean(anchor, ids)}",
                                    field=field_name(loc)))
    return problems


def _all_page_links(library: Library,
                    ) -> Iterator[tuple[LocatedDict, list[str | int], str, str]]:
    """``(playbook data, loc, target as written, target under docs/)`` for every page link
    and ``see:`` of every playbook."""
    for playbook in library.all():
        raw = library.sources[(playbook.kind, playbook.id)].raw
        targets = _page_links(playbook, raw)
        targets += [(["steps", index, "see"], step.see, step.see) for index, step in
                    enumerate(playbook.steps) if step.see]
        for loc, target, resolved in targets:
            yield raw, loc, target, resolved


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

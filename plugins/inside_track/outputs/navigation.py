"""Where the generated pages go in the site's navigation.

The site's own nav (as written in its configuration, or None for an automatic one) gets a
section under each kind's index page listing that kind's pages; the checklist pages, and
with many companies the company pages, are left out of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model import KINDS
from .pages import Guide, index_uri

Sections = dict[str, list[tuple[str, str]]]
CHECKLIST_PAGES = "/checklists/*/**"
"""Every checklist page but the chooser: reached from the chooser and playbook pages."""


@dataclass(frozen=True)
class Navigation:
    nav: Any
    """The nav with each kind's section filled in; None stays None (automatic nav)."""
    not_in_nav: list[str]
    """Gitignore-style patterns of the generated pages that are not in the nav."""


def navigation(guide: Guide, nav: Any, company_limit: int) -> Navigation:
    """The site's nav with the generated pages in it.

    Every page renders the whole navigation, so listing each company past ``company_limit``
    would make the site grow with the square of the number of companies: beyond it, the
    nav shows the Companies index alone.
    """
    sections = guide.nav_sections()
    companies = index_uri(KINDS["company"])
    nav = _with_companies(nav, sections, companies)
    hidden = [CHECKLIST_PAGES]
    if len(guide.library.companies) > company_limit:
        sections.pop(companies, None)
        hidden.append(f"/{KINDS['company'].folder}/*")
    return Navigation(_expand_nav(nav, sections), hidden)


def _with_companies(nav: Any, sections: Sections, companies: str) -> Any:
    """Add a "Companies" section to an explicit nav that lacks one, when companies exist.

    It goes right after the "Company types" entry if the nav has one at the top level,
    otherwise at the end; a nav that already lists ``companies/index.md`` is left alone.
    """
    if not isinstance(nav, list) or companies not in sections or companies in _nav_uris(nav):
        return nav
    entry = {KINDS["company"].title: companies}
    types_index = index_uri(KINDS["company-type"])
    for position, item in enumerate(nav):
        if types_index in _nav_uris([item]):
            return [*nav[:position + 1], entry, *nav[position + 1:]]
    return [*nav, entry]


def _nav_uris(nav: Any) -> set[str]:
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, list):
        return set().union(*(_nav_uris(item) for item in nav)) if nav else set()
    if isinstance(nav, dict):
        return set().union(*(_nav_uris(value) for value in nav.values())) if nav else set()
    return set()


def _expand_nav(nav: Any, sections: Sections) -> Any:
    """Replace each ``kind/index.md`` entry of the nav with a section listing that kind's pages."""
    if isinstance(nav, list):
        return [_expand_nav(item, sections) for item in nav]
    if isinstance(nav, dict):
        return {title: _expand_section(value, sections) for title, value in nav.items()}
    return nav


def _expand_section(value: Any, sections: Sections) -> Any:
    if isinstance(value, str) and value in sections:
        return [value, *({name: uri} for name, uri in sections[value])]
    return _expand_nav(value, sections)

"""Options of the ``inside-track`` plugin, declared the MkDocs way."""

from __future__ import annotations

from typing import Any

import pathspec
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from ...outputs.navigation import Navigation
from ...outputs.pages import ASSETS, COMPANY_CHECKLISTS
from ...render.renderer import MARKDOWN_EXTENSIONS

INTERNAL_NOTICE = ("Internal edition: for people inside the company only. Do not share this "
                   "site or anything in it outside the company.")


NAV_COMPANY_LIMIT = 30
INTERNAL_SUFFIX = " (internal)"


class InsideTrackConfig(base.Config):
    """``plugins: - inside-track: {...}`` in ``mkdocs.yml``."""

    playbooks = c.ListOfItems(c.Type(str), default=["playbooks"])
    """Playbook folders, relative to ``mkdocs.yml``; later folders overlay earlier ones."""

    packaged_guide = c.Type(bool, default=False)
    """Build the upstream guide that ships in the package (its playbooks, pages, navigation
    and theme layer) under this site's own: for a site that is not a fork of the repository.
    ``playbooks`` then names only the site's folders."""

    maintainer_pages = c.Type(bool, default=False)
    """With ``packaged_guide``: also publish the guide's pages for fork maintainers (for
    forks, the fork walk-through, the playbook reference, benchmarks), out of the nav."""

    edition = c.Choice(("public", "internal"), default="public")
    """Which edition to build; ``internal`` shows content marked internal-only."""

    templates = c.Optional(c.Type(str))
    """A folder of templates that override the packaged ones by name."""

    leak_check = c.Type(bool, default=True)
    """In the public edition, fail the build if internal-only text reaches any output file."""

    internal_playbooks = c.Optional(c.ListOfItems(c.Type(str)))
    """Folders only the internal edition reads, relative to ``mkdocs.yml`` (default:
    ``internal-playbooks``, when it exists). The public edition never reads them into pages,
    but its leak check looks for all of their text."""

    internal_notice = c.Type(str, default=INTERNAL_NOTICE)
    """In the internal edition, the notice shown at the top of every page."""

    company_checklists = c.Choice(COMPANY_CHECKLISTS, default="per-path")
    """``per-path``: one checklist page per company and path, the manager responses as
    branches on it; ``per-response``: one page per company, path and response."""

    nav_company_limit = c.Type(int, default=NAV_COMPANY_LIMIT)
    """List each company in the navigation only up to this many companies; with more, the
    navigation shows the Companies index alone (every page carries the whole navigation)."""


def check_markdown_extensions(config: MkDocsConfig) -> None:
    """Refuse a configuration without the Markdown extensions the generated pages need:
    without them the pages would show their markup (``{: .it-why }``, ``!!! quote``) as text."""
    missing = [name for name in MARKDOWN_EXTENSIONS if name not in config.markdown_extensions]
    if missing:
        raise PluginError(
            f"inside-track: markdown_extensions in {config.config_file_path or 'mkdocs.yml'} "
            f"lacks {', '.join(missing)}; the guide's pages are written for "
            f"{', '.join(MARKDOWN_EXTENSIONS)}. Add the missing ones to markdown_extensions.")


def adapt(config: MkDocsConfig, nav: Navigation, edition: str) -> None:
    """Give the site's configuration what the guide adds: the generated pages in the nav
    (or left out of it), the browser assets, and the internal edition's name."""
    config.nav = nav.nav
    config.not_in_nav = with_not_in_nav(config.not_in_nav, nav.not_in_nav)
    if ASSETS["inside-track.css"] not in config.extra_css:
        config.extra_css.append(ASSETS["inside-track.css"])
    if ASSETS["inside-track.js"] not in [str(script) for script in config.extra_javascript]:
        config.extra_javascript.append(ASSETS["inside-track.js"])
    if edition == "internal" and not config.site_name.endswith(INTERNAL_SUFFIX):
        config.site_name += INTERNAL_SUFFIX


def with_not_in_nav(existing: Any, patterns: list[str]) -> Any:
    """MkDocs' ``not_in_nav`` (a gitignore-style spec once validated) with ``patterns`` added."""
    kept = [p.pattern for p in getattr(existing, "patterns", []) if p.pattern]
    return pathspec.GitIgnoreSpec.from_lines([*kept, *patterns])

"""Options of the ``inside-track`` plugin, declared the MkDocs way."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from ...outputs.pages import COMPANY_CHECKLISTS

INTERNAL_NOTICE = ("Internal edition: for people inside the company only. Do not share this "
                   "site or anything in it outside the company.")


NAV_COMPANY_LIMIT = 30


class InsideTrackConfig(base.Config):
    """``plugins: - inside-track: {...}`` in ``mkdocs.yml``."""

    playbooks = c.ListOfItems(c.Type(str), default=["playbooks"])
    """Playbook folders, relative to ``mkdocs.yml``; later folders overlay earlier ones."""

    packaged_guide = c.Type(bool, default=False)
    """Build the upstream guide that ships in the package (its playbooks, pages, navigation
    and theme layer) under this site's own: for a site that is not a fork of the repository.
    ``playbooks`` then names only the site's folders."""

    edition = c.Choice(("public", "internal"), default="public")
    """Which edition to build; ``internal`` shows content marked internal-only."""

    templates = c.Optional(c.Type(str))
    """A folder of templates that override the packaged ones by name."""

    leak_check = c.Type(bool, default=True)
    """In the public edition, fail the build if internal-only text reaches any output file."""

    internal_notice = c.Type(str, default=INTERNAL_NOTICE)
    """In the internal edition, the notice shown at the top of every page."""

    company_checklists = c.Choice(COMPANY_CHECKLISTS, default="per-path")
    """``per-path``: one checklist page per company and path, the manager responses as
    branches on it; ``per-response``: one page per company, path and response."""

    nav_company_limit = c.Type(int, default=NAV_COMPANY_LIMIT)
    """List each company in the navigation only up to this many companies; with more, the
    navigation shows the Companies index alone (every page carries the whole navigation)."""

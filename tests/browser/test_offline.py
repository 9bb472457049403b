"""The offline edition (mkdocs.offline.yml): opened from the file system, with file:// URLs,
it searches, its chooser works, ticks are kept, and nothing is loaded from anywhere else."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from conftest import ROOT

from .helpers import CHECKLIST as SHARED
from .helpers import SEARCH_CHECKLIST as CHECKLIST
from .helpers import SEARCH_PLAYBOOK as PLAYBOOK
from .helpers import SEARCH_WORD as WORD
from .helpers import search
from .plan_walk import Walk, walk_the_plan

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

    from .conftest import Site, Watch

def offline(path: str) -> str:
    """An online URL (a folder) as the offline edition's file for it."""
    return path.rstrip("/") + ".html" if path else "index.html"


def open_file(new_context: Callable[..., BrowserContext], site: Site, path: str) -> Page:
    page = new_context().new_page()
    page.goto((site.root / path).as_uri())
    return page


def test_offline_edition_searches_from_the_file_system(
        new_context: Callable[..., BrowserContext], offline_site: Site, watch: Watch) -> None:
    page = open_file(new_context, offline_site, "index.html")
    results = {urlsplit(url).path for url in search(page, WORD)}
    root = offline_site.root.as_uri().removeprefix("file://")
    assert {f"{root}/{offline(PLAYBOOK)}", f"{root}/{offline(CHECKLIST)}"} <= results, results
    page.locator(f".md-search-result__list > li a[href*='{offline(CHECKLIST)}']").first.click()
    page.wait_for_url(f"**/{offline(CHECKLIST)}*")
    # Ticks are kept in localStorage for file:// pages too.
    box = page.locator("input[data-it-step]").first
    box.check()
    page.reload()
    assert box.is_checked()
    assert watch.requests and all(url.startswith("file://") for url in watch.requests)


def test_offline_chooser_opens_the_checklist_file(
        new_context: Callable[..., BrowserContext], offline_site: Site, watch: Watch) -> None:
    page = open_file(new_context, offline_site, "checklists/index.html")
    form = page.locator("form.it-chooser")
    form.get_by_label("Large, process-driven", exact=True).check()
    form.get_by_label("Internal transfer", exact=True).check()
    form.get_by_label("I haven't had the conversation yet", exact=True).check()
    form.get_by_role("button", name="Open my checklist").click()
    target = offline_site.root / "checklists/large-process/internal-transfer/not-yet.html"
    page.wait_for_url(target.as_uri())
    assert page.locator("input[data-it-step]").count() > 0
    assert all(url.startswith("file://") for url in watch.requests)


def test_offline_edition_walks_the_readers_own_plan(
        new_context: Callable[..., BrowserContext], offline_site: Site, watch: Watch,
        tmp_path: Path) -> None:
    """My checklist, dates, the calendar file, export, import and a share link, all from
    file:// pages."""
    root = offline_site.root
    walk_the_plan(Walk(new_context, chooser=(root / "checklists/index.html").as_uri(),
                       checklist=(root / f"{offline(SHARED)}").as_uri(),
                       home=(root / "index.html").as_uri(), downloads=tmp_path))
    assert all(url.startswith(("file://", "blob:")) for url in watch.requests)


class References(HTMLParser):
    """The URLs a page links to (``links``) and those it loads (``loads``)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.loads: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "a" and "href" in values:
            self.links.append(values["href"])
        elif tag in ("script", "img", "iframe") and "src" in values:
            self.loads.append(values["src"])
        elif tag == "link" and values.get("rel") not in ("canonical", "alternate", None):
            self.loads.append(values.get("href", ""))


def test_every_offline_page_links_to_files_that_exist(offline_site: Site) -> None:
    """No link needs a web server: each leads to a file (not a folder) in the edition, and
    nothing is loaded from another host. The 404 page, which only a server shows, aside."""
    missing, remote = [], []
    for name in offline_site.pages:
        if name == "404.html":
            continue
        page = offline_site.root / name
        references = References()
        references.feed(page.read_text(encoding="utf-8"))
        for url in references.links + references.loads:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                if url in references.loads:
                    remote.append(f"{name}: {url}")
            elif parts.path and not (page.parent / parts.path).resolve().is_file():
                missing.append(f"{name}: {url}")
    assert missing == []
    assert remote == []


def test_offline_config_is_the_site_config_plus_the_offline_plugin() -> None:
    """mkdocs.offline.yml inherits mkdocs.yml: as MkDocs loads it, it has every plugin of
    the site with the same options, plus `offline` and the hook that ships the npm shim."""
    from mkdocs.config import load_config

    site = load_config(str(ROOT / "mkdocs.yml"))
    edition = load_config(str(ROOT / "mkdocs.offline.yml"))
    assert list(edition.plugins) == [*site.plugins, "material/offline", "hooks/iframe_worker.py"]
    ours, theirs = site.plugins["inside-track"].config, edition.plugins["inside-track"].config
    assert dict(ours) == dict(theirs)
    assert edition.extra["polyfills"] == ["assets/javascripts/iframe-worker/shim.js"]

"""No third-party requests: every built page loads with all its requests on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page, Response

    from .conftest import Site, Watch

TABS = 6  # pages loaded side by side, to keep the run short


def test_every_page_loads_with_no_request_beyond_this_machine(
        new_context: Callable[..., BrowserContext], site: Site, watch: Watch) -> None:
    context = new_context(base_url=site.url)
    broken: list[str] = []

    def check(page: Page, response: Response) -> None:
        if response.status >= 400:
            broken.append(f"{response.status} {response.url} (on {page.url})")

    tabs = [context.new_page() for _ in range(TABS)]
    for tab in tabs:
        tab.on("response", lambda response, tab=tab: check(tab, response))
        tab.on("requestfailed", lambda request, tab=tab: broken.append(
            f"failed {request.url}: {request.failure} (on {tab.url})"))
    assert "404.html" in site.pages and len(site.pages) > 50
    for start in range(0, len(site.pages), TABS):
        batch = list(zip(tabs, site.pages[start:start + TABS], strict=False))
        for tab, path in batch:
            tab.goto(path.removesuffix("index.html"), wait_until="commit")
        for tab, _path in batch:
            # Until nothing has been requested for half a second: late requests count too.
            tab.wait_for_load_state("networkidle")
    assert watch.external == [], "requests beyond 127.0.0.1"
    assert broken == []
    assert {request.split("/")[2] for request in watch.requests} == {site.url.split("/")[2]}
    loaded = {request.removeprefix(site.url) for request in watch.requests}
    assert {path.removesuffix("index.html") for path in site.pages} <= loaded

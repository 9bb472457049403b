"""The 404 page: served for any unknown URL, styled, and with working links and search."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .helpers import search

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from .conftest import Site


def test_an_unknown_url_gets_the_404_page_with_the_site_around_it(page: Page, site: Site) -> None:
    response = page.goto("no/such/page/")  # nested, so relative links would break
    assert response is not None and response.status == 404
    assert page.get_by_role("heading", level=1).inner_text().startswith("404")
    # The theme's stylesheets loaded: the header has the site's colour, not none.
    header = page.locator(".md-header")
    assert header.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(0, 105, 92)"
    # Links on it lead into the site.
    page.get_by_role("link", name="Build your checklist").first.click()
    page.wait_for_url(site.url + "checklists/")
    assert page.locator("form.it-chooser").is_visible()


def test_search_works_from_the_404_page(page: Page, site: Site) -> None:
    page.goto("guide/old-name/")
    results = search(page, "headcount")
    assert results and all(url.startswith(site.url) for url in results), results
    page.locator(".md-search-result__list > li a").first.click()
    page.wait_for_load_state()
    assert page.url.startswith(site.url)
    assert page.get_by_role("heading", level=1).is_visible()
    assert "404" not in page.title()

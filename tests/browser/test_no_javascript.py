"""Checklists read as plain HTML, as Backstage TechDocs shows them: no script runs and the
guide's own script and stylesheet are not loaded (TechDocs strips ``extra_javascript`` and
ignores ``extra_css``). The site is the public build, a small guide with a company, and the
internal edition built by TechDocs' own package (``mkdocs.techdocs.yml``, in a virtual
environment with ``mkdocs-techdocs-core``; slow). Every checklist page must still hold
every step under its phase with the phase's months, the readiness gate, the hard cases, the
timeline and a calendar file a calendar application reads, and print without the site's
navigation.

What each page must hold comes from the planner (the same library the site was built
from), not from the page itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import icalendar
import pytest

from conftest import FIXTURES, ROOT
from inside_track.library.loader import load_playbooks
from inside_track.outputs.pages import Guide, checklist_uri
from inside_track.render.renderer import Renderer, site_path
from inside_track.render.timeline_svg import months_label
from techdocs_env import install_techdocs, run

from .conftest import Site, serve

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

SITES = {"site": ([ROOT / "playbooks", ROOT / "company-playbooks"], "public"),
         "guide_site": ([FIXTURES / "guide" / "playbooks"], "public"),
         "techdocs_site": ([ROOT / "playbooks", ROOT / "company-playbooks",
                            ROOT / "internal-playbooks"], "internal")}
GUIDE_ASSETS = "**/assets/inside-track/**"


def bare_page(new_context: Callable[..., BrowserContext], site: Site) -> Page:
    """A tab with scripts off that never loads the guide's own script or stylesheet."""
    context = new_context(base_url=site.url, java_script_enabled=False)
    context.route(GUIDE_ASSETS, lambda route: route.abort())
    return context.new_page()


def visible(page: Page, selector: str) -> bool:
    found = page.locator(selector)
    return found.count() == 1 and found.is_visible()


@pytest.fixture(scope="module")
def techdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The internal edition as TechDocs builds it, served."""
    work = tmp_path_factory.mktemp("techdocs")
    scripts = install_techdocs(work)
    run(scripts / "mkdocs", "build", "--strict", "-f", ROOT / "mkdocs.techdocs.yml", "-d",
        work / "site", cwd=ROOT)
    assert (work / "site" / "techdocs_metadata.json").is_file()
    yield from serve(Site(work / "site"))


@pytest.mark.parametrize("which", ["site", "guide_site",
                                   pytest.param("techdocs_site", marks=pytest.mark.slow)])
def test_every_checklist_is_whole_without_scripts(new_context: Callable[..., BrowserContext],
                                                   request: pytest.FixtureRequest,
                                                   which: str) -> None:
    site: Site = request.getfixturevalue(which)
    folders, edition = SITES[which]
    guide = Guide(load_playbooks(folders, edition), Renderer())
    page = bare_page(new_context, site)
    assert guide.checklist_pages
    for checklist in guide.checklist_pages:
        address = site_path(checklist_uri(checklist), directory_urls=True)
        response = page.goto(address)
        assert response is not None and response.ok, address
        for number, planned in enumerate(checklist.phases, 1):
            phase = planned.phase.id
            assert visible(page, f"#phase-{phase}"), (address, phase)
            duration = page.locator(f".it-duration[data-it-phase='{phase}']")
            assert months_label(planned.start_month, planned.end_month) in duration.inner_text()
            for item in planned.items:
                box = f"#it-step-{item.step.id}[data-it-phase='{phase}']"
                assert visible(page, box), (address, item.step.id)
                assert page.locator(f"label[for='it-step-{item.step.id}']").is_visible()
            if planned.readiness:
                assert visible(page, f"#ready-{phase}")
                for sign in planned.readiness.signs:
                    assert page.locator(f"#it-sign-{sign.id}").first.is_visible()
                gate = page.locator(".it-readiness").first
                assert gate.locator("[data-it-branch]").count() == 2  # both outcomes, in words
                assert all(branch.is_visible()
                           for branch in gate.locator("[data-it-branch]").all())
            if planned.hard_cases:
                cases = page.locator(f"#if-{phase} + ul > li")
                assert cases.count() == len(planned.hard_cases)
                assert all(case.is_visible() for case in cases.all())
            row = page.locator(f".it-timeline__list li[data-it-phase='{phase}']")
            assert row.is_visible() and planned.phase.title in row.inner_text(), number
        links = page.locator(".it-calendar-static a[download]")
        assert links.count() == 1, address
        for link in links.all():
            assert link.is_visible()
            href = link.get_attribute("href")
            assert href is not None
            fetched = page.request.get(page.url.split("#")[0] + href)
            assert fetched.ok, href
            parsed = icalendar.Calendar.from_ical(fetched.body())
            phases = [event for event in parsed.walk("VEVENT")
                      if str(event["UID"]).startswith("phase.")]
            # one event a phase, or one for each answer's months where they differ
            assert {str(event["UID"]).split(".")[1] for event in phases} == \
                {planned.phase.id for planned in checklist.phases}


def test_a_checklist_prints_without_the_sites_navigation(
        new_context: Callable[..., BrowserContext], site: Site) -> None:
    page = bare_page(new_context, site)
    page.goto("checklists/large-process/internal-transfer/not-yet/")
    page.emulate_media(media="print")
    assert page.locator(".md-sidebar--primary").is_hidden()
    assert page.locator(".md-header").is_hidden()
    boxes = page.locator("input[type=checkbox][data-it-step]")
    assert boxes.count() > 0 and all(box.is_visible() for box in boxes.all())
    assert page.locator(".it-timeline__list").is_visible()


def test_with_the_script_the_readers_own_calendar_replaces_the_build_time_one(
        new_context: Callable[..., BrowserContext], site: Site) -> None:
    page = new_context(base_url=site.url).new_page()
    page.goto("checklists/large-process/internal-transfer/not-yet/")
    assert page.locator(".it-plan__ics").is_visible()
    assert page.locator(".it-calendar-static").is_hidden()

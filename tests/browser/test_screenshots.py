"""Screenshots of the home page, the chooser and a checklist, on a desktop and a phone, for a
reviewer to look at (test-output/screenshots/). On the way, each page must fit the width
of the screen: nothing scrolls sideways."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from .helpers import CHECKLIST, CHOOSER

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

    from .conftest import Site

DEVICES: dict[str, dict[str, Any]] = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
              "device_scale_factor": 2},
}


def answer_the_chooser(page: Page) -> None:
    form = page.locator("form.it-chooser")
    form.get_by_label("Large, process-driven", exact=True).check()
    form.get_by_label("Internal transfer", exact=True).check()


def tick_a_few(page: Page) -> None:
    for box in page.locator("input[data-it-step]").all()[:3]:
        box.check()
    page.locator("input[data-it-sign]").first.check()


def plan_with_a_start_date(page: Page) -> None:
    tick_a_few(page)
    page.get_by_label("Your start date").fill("2026-09-10")
    page.get_by_role("button", name="Share").click()


PAGES: dict[str, tuple[str, Callable[[Page], None] | None]] = {
    "home": ("", None),
    "chooser": (CHOOSER, answer_the_chooser),
    "checklist": (CHECKLIST, tick_a_few),
    "checklist-planned": (CHECKLIST, plan_with_a_start_date),
}


def whole_page(page: Page, path: Path) -> None:
    """Screenshot the whole page from its top. On a desktop, the window is made as tall as
    the page first, so the sticky sidebars show whole instead of one screen's worth."""
    page.evaluate("window.scrollTo(0, 0)")
    viewport = page.viewport_size
    if viewport and viewport["width"] >= 1000:
        height = page.evaluate("document.documentElement.scrollHeight")
        page.set_viewport_size({"width": viewport["width"], "height": height})
    page.screenshot(path=path, full_page=True)
    if viewport:
        page.set_viewport_size(viewport)


def console_errors(page: Page) -> list[str]:
    """Collects the page's console errors and uncaught exceptions from now on."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def fits_the_width(page: Page) -> bool:
    return bool(page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"))


@pytest.mark.parametrize("device", list(DEVICES))
@pytest.mark.parametrize("name", list(PAGES))
def test_screenshot(new_context: Callable[..., BrowserContext], site: Site,
                    screenshots: Path, name: str, device: str) -> None:
    url, prepare = PAGES[name]
    page = new_context(base_url=site.url, **DEVICES[device]).new_page()
    errors = console_errors(page)
    page.goto(url)
    if prepare:
        prepare(page)
    path = screenshots / f"{name}-{device}.png"
    whole_page(page, path)
    assert path.stat().st_size > 10_000
    assert fits_the_width(page), f"{name} scrolls sideways on a {device}"
    assert errors == []


@pytest.mark.parametrize("scheme", ["dark"])
def test_screenshot_of_a_checklist_in_the_dark_scheme_and_printed(
        new_context: Callable[..., BrowserContext], site: Site, screenshots: Path,
        scheme: str) -> None:
    page = new_context(base_url=site.url, color_scheme=scheme,
                       **DEVICES["desktop"]).new_page()
    errors = console_errors(page)
    page.goto(CHECKLIST)
    tick_a_few(page)
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"  # Material's dark
    whole_page(page, screenshots / f"checklist-{scheme}-desktop.png")
    page.emulate_media(media="print", color_scheme="light")
    whole_page(page, screenshots / "checklist-print.png")
    page.pdf(path=screenshots / "checklist-print.pdf", format="A4")
    for name in (f"checklist-{scheme}-desktop.png", "checklist-print.png",
                 "checklist-print.pdf"):
        assert (screenshots / name).stat().st_size > 10_000, name
    assert errors == []

"""Focus is never hidden under what sticks to the top of the window (WCAG 2.2, 2.4.11).

The test walks the keyboard focus over whole pages, down with Tab and back up with
Shift+Tab, on a wide screen and a phone, and at every stop asks the browser which element
is drawn at the focused element's centre (``elementFromPoint``): it must not be Material's
header or a checklist's sticky progress line. A link to a heading is checked the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from .helpers import CHECKLIST

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

    from .conftest import Site

STICKY = ".md-header, .it-progress"
VIEWPORTS = {"wide": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
# A checklist (header and progress line) on both screens; a long guide page and the home
# page, one screen each: a walk is slow, and the header is the same on every page.
WALKS = [(CHECKLIST, "wide"), (CHECKLIST, "phone"), ("guide/worked-example/", "wide"),
         ("", "phone")]
MAX_STOPS = 600

# After a key press: wait for transitions that move or hide things (a closing overlay fades
# out) to end,
# then say whether the focus came back to where the walk started, and what sticky element
# covers the focused element, if one does.
STOP = """async ([sticky]) => {
    const moves = ["opacity", "width", "height", "transform", "visibility", "top"];
    const running = document.getAnimations().filter(animation =>
        moves.includes(animation.transitionProperty) && animation.effect
        && animation.effect.getComputedTiming().iterations !== Infinity);
    await Promise.race([
        Promise.all(running.map(animation => animation.finished.catch(() => null))),
        new Promise(done => setTimeout(done, 500)),
    ]);
    // What the reader sees: the page after it has been drawn again (two frames).
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    const focused = document.activeElement;
    if (!focused || focused === document.body) return {again: false, same: false, cover: null};
    // Back at the walk's first stop: the walk is over. Still on the last one (the day,
    // month and year of a date field are one element): not a new stop.
    const again = focused.hasAttribute("data-walk-start");
    const same = focused.hasAttribute("data-walk-last");
    document.querySelectorAll("[data-walk-last]")
        .forEach(element => element.removeAttribute("data-walk-last"));
    focused.setAttribute("data-walk-last", "");
    if (!document.querySelector("[data-walk-start]")) focused.setAttribute("data-walk-start", "");
    if (focused.closest(sticky)) return {again, same, cover: null};
    const box = focused.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) return {again, same, cover: null};
    const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
    const y = box.top + Math.min(box.height, 16) / 2;
    if (y < 0 || y >= innerHeight || box.right < 0 || box.left > innerWidth) {
        return {again, same, cover: null};   // off screen: the skip link, a closed drawer
    }
    const top = document.elementFromPoint(x, y);
    const cover = top && top.closest(sticky);
    if (!cover || cover.contains(focused)) return {again, same, cover: null};
    const name = focused.id || focused.textContent.trim().slice(0, 40) || focused.tagName;
    return {again, same, cover: `${name} under ${cover.className}`};
}"""


def walk(page: Page, key: str) -> tuple[int, list[str]]:
    """Press ``key`` until focus comes back round; the stops made and the hidden ones."""
    page.evaluate("""() => document.querySelectorAll("[data-walk-start], [data-walk-last]")
        .forEach(element => {
            element.removeAttribute("data-walk-start");
            element.removeAttribute("data-walk-last");
        })""")
    hidden: list[str] = []
    seen = 0
    for _ in range(MAX_STOPS):
        page.keyboard.press(key)
        stop = page.evaluate(STOP, [STICKY])
        if stop["again"]:
            break
        if stop["same"]:
            continue
        seen += 1
        if stop["cover"]:
            # Hidden for good, not for a frame on a busy machine: look again a moment later.
            page.wait_for_timeout(250)
            later = page.evaluate(STOP, [STICKY])
            if later["cover"]:
                hidden.append(later["cover"])
    return seen, hidden


@pytest.mark.parametrize(("url", "viewport"), WALKS)
def test_focus_is_never_hidden_under_a_sticky_element(
        new_context: Callable[..., BrowserContext], site: Site, url: str,
        viewport: str) -> None:
    page = new_context(base_url=site.url, viewport=VIEWPORTS[viewport]).new_page()
    page.goto(url)
    if url == CHECKLIST:
        page.locator(".it-progress[data-it-ready]").wait_for()
    down, hidden_down = walk(page, "Tab")
    page.keyboard.press("End")
    up, hidden_up = walk(page, "Shift+Tab")
    assert down >= 10 and up >= 10, (down, up)
    assert hidden_down == [] and hidden_up == [], (hidden_down, hidden_up)


def test_a_heading_reached_by_a_link_is_below_the_progress_line(
        new_context: Callable[..., BrowserContext], site: Site) -> None:
    page = new_context(base_url=site.url, viewport=VIEWPORTS["wide"]).new_page()
    page.goto(CHECKLIST)
    page.locator(".it-progress[data-it-ready]").wait_for()
    headings = page.locator(".md-content h2[id]")
    assert headings.count() >= 3
    for index in range(headings.count()):
        heading = headings.nth(index).get_attribute("id")
        page.locator(f".md-sidebar--secondary a[href='#{heading}']").first.click()
        page.wait_for_function("id => location.hash === '#' + id", arg=heading)
        page.wait_for_timeout(100)
        progress = page.locator(".it-progress").bounding_box()
        box = headings.nth(index).bounding_box()
        assert progress and box
        assert box["y"] >= progress["y"] + progress["height"] - 1, (heading, box, progress)

"""Every control says and shows what it did; the layout and the files hold up.

Import brings "My checklist" back; "Fold finished phases" says what it folded (or why
nothing); a folded phase says how many done steps it hides; a share link opens on its
explanation and Copy copies it; "Make this my checklist" keeps the keyboard focus; each
checklist and each phase shows its percentage; the home page greets a returning reader;
the calendar's name is the page's heading as written; and the 404 page, the call to action
and the scripts look as they should, on screen and on paper.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .helpers import CHECKLIST, STEP_BOXES
from .plan_walk import download

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

    from .conftest import Site


def percent(done: int, total: int) -> str:
    value = round(done / total * 100)
    return f"{min(value, 99) if done < total else 100}%"


def first_phase(page: Page) -> tuple[str, int]:
    phase = page.locator(STEP_BOXES).first.get_attribute("data-it-phase") or ""
    return phase, page.locator(f"{STEP_BOXES}[data-it-phase='{phase}']").count()


def test_each_checklist_and_phase_shows_its_percentage(page: Page) -> None:
    from playwright.sync_api import expect

    page.goto(CHECKLIST)
    total = page.locator(STEP_BOXES).count()
    phase, own = first_phase(page)
    bar = page.locator(".it-progress__percent")
    expect(bar).to_have_text("0%")
    page.locator(f"{STEP_BOXES}[data-it-phase='{phase}']").first.check()
    expect(bar).to_have_text(percent(1, total))
    assert page.locator(".it-progress__percent progress").evaluate("p => [p.value, p.max]") \
        == [1, total]
    share = percent(1, own)
    item = page.locator(f".it-timeline__list [data-it-phase='{phase}']")
    expect(item.locator(".it-timeline__percent")).to_have_text(f" · {share} done")
    href = item.locator("a").get_attribute("href")
    toc = page.locator(f".md-nav--secondary a[href='{href}'] .it-toc-percent").first
    expect(toc).to_have_text(f" ({share} done)")


def test_fold_says_what_it_did_and_a_folded_phase_what_it_hides(page: Page) -> None:
    from playwright.sync_api import expect

    page.goto(CHECKLIST)
    fold = page.get_by_role("button", name="Fold finished phases")
    note = page.locator(".it-plan__note")
    fold.click()
    expect(fold).to_have_attribute("aria-pressed", "true")
    expect(note).to_contain_text("No phase is finished yet")
    fold.click()
    expect(fold).to_have_attribute("aria-pressed", "false")
    expect(note).to_contain_text("unfolded")
    phase, own = first_phase(page)
    for box in page.locator(f"{STEP_BOXES}[data-it-phase='{phase}']").all():
        box.check()
    fold.click()
    expect(note).to_contain_text(f"Folded 1 finished phase, hiding {own} done step")
    hidden = page.locator(f".it-folded-note[data-it-phase='{phase}']")
    expect(hidden).to_be_visible()
    expect(hidden).to_contain_text(f"{own} done step")


def test_import_brings_my_checklist_back(page: Page, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    page.goto(CHECKLIST)
    page.get_by_role("button", name="Make this my checklist").click()
    page.locator(STEP_BOXES).first.check()
    saved = download(page, "Export progress", tmp_path)
    assert json.loads(saved.read_text())["checklist"] in CHECKLIST
    page.evaluate("localStorage.clear()")
    page.reload()
    mine = page.locator("a[data-it-my-checklist]")
    expect(mine).to_be_hidden()
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Import progress").click()
    chooser.value.set_files(str(saved))
    expect(page.locator(".it-plan__note")).to_contain_text("This is your checklist again")
    expect(mine).to_be_visible()
    assert (mine.get_attribute("href") or "").endswith(CHECKLIST)
    expect(page.locator(STEP_BOXES).first).to_be_checked()


def test_make_this_my_checklist_keeps_the_focus(page: Page) -> None:
    from playwright.sync_api import expect

    page.goto(CHECKLIST)
    button = page.get_by_role("button", name="Make this my checklist")
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_be_hidden()
    focused = page.evaluate("document.activeElement.className")
    assert "it-plan__note" in focused, focused


def test_a_share_link_is_copied_and_opens_on_its_explanation(
        new_context: Callable[..., BrowserContext], site: Site) -> None:
    from playwright.sync_api import expect

    context = new_context(base_url=site.url, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(CHECKLIST)
    page.locator(STEP_BOXES).first.check()
    page.get_by_role("button", name="Share").click()
    link = page.get_by_label("Link to your progress").input_value()
    page.get_by_role("button", name="Copy link").click()
    expect(page.locator(".it-plan__note")).to_contain_text("Link copied")
    assert page.evaluate("navigator.clipboard.readText()") == link

    for viewport in ({"width": 1366, "height": 900}, {"width": 390, "height": 844}):
        reader = new_context(base_url=site.url, viewport=viewport).new_page()
        reader.goto(link)
        notice = reader.locator(".it-shared")
        expect(notice).to_be_visible()
        box = notice.bounding_box()
        assert box and box["y"] < viewport["height"] / 2, (viewport, box)
        assert reader.evaluate("""() => document.querySelector('.md-content h1')
            .nextElementSibling.classList.contains('it-shared')""")


def test_the_home_page_greets_a_returning_reader(page: Page) -> None:
    from playwright.sync_api import expect

    page.goto("")
    expect(page.locator(".it-continue")).to_be_hidden()  # a first visit: nothing to continue
    page.goto(CHECKLIST)
    total = page.locator(STEP_BOXES).count()
    page.get_by_role("button", name="Make this my checklist").click()
    for index in (0, 1, 3):
        page.locator(STEP_BOXES).nth(index).check()
    title = page.locator(".md-content h1").evaluate(
        "h => { const c = h.cloneNode(true); c.querySelector('.headerlink')?.remove();"
        " return c.textContent.trim() }")
    page.goto("")
    greeting = page.locator(".it-continue")
    expect(greeting).to_contain_text(f"({3} of {total} steps done)")
    expect(greeting).to_contain_text(title)
    greeting.get_by_role("link", name="Continue where you left off").click()
    page.wait_for_url(f"**/{CHECKLIST}")


def test_the_calendar_is_named_after_the_heading_as_written(page: Page, tmp_path: Path) -> None:
    import icalendar

    page.goto(CHECKLIST)
    page.get_by_label("Your start date").fill("2026-03-02")
    raw = download(page, "Download calendar (.ics)", tmp_path).read_bytes()
    title = page.locator(".md-content h1").evaluate(
        "h => { const c = h.cloneNode(true); c.querySelector('.headerlink')?.remove();"
        " return c.textContent.trim() }")
    assert "," in title or "'" in title  # a title with characters the file must escape
    unfolded = raw.replace(b"\r\n ", b"")
    assert b"X-WR-CALNAME;VALUE=TEXT:" in unfolded
    name = str(icalendar.Calendar.from_ical(raw)["X-WR-CALNAME"])
    assert name == f"Inside Track: {title}", name
    assert "¶" not in name and "\\" not in name


def test_my_checklist_is_always_a_real_link(page: Page) -> None:
    page.goto("")
    assert page.locator("a[data-it-my-checklist]").get_attribute("href")


def test_the_404_page_puts_its_ways_on_side_by_side(
        new_context: Callable[..., BrowserContext], site: Site) -> None:
    page = new_context(base_url=site.url, viewport={"width": 1366, "height": 900}).new_page()
    page.goto("no/such/page/")
    buttons = page.locator(".it-not-found__ways .md-button:visible")
    assert buttons.count() == 3
    boxes = [box for box in (b.bounding_box() for b in buttons.all()) if box]
    assert len({round(box["y"]) for box in boxes}) == 1, boxes  # one row
    assert len({round(box["height"]) for box in boxes}) == 1, boxes  # one height
    for left, right in itertools.pairwise(boxes):
        assert right["x"] - (left["x"] + left["width"]) >= 8, boxes  # apart


def test_the_call_to_action_is_set_apart_and_prints_as_a_link(page: Page) -> None:
    page.goto("templates/impact-log/")
    cta = page.locator(".it-cta")
    button = cta.locator(".md-button")
    assert cta.evaluate("e => getComputedStyle(e).borderLeftStyle") == "solid"
    assert button.evaluate("e => getComputedStyle(e).display") in ("table", "block")
    page.emulate_media(media="print")
    style = button.evaluate("""e => { const s = getComputedStyle(e);
        return [s.backgroundColor, s.textDecorationLine, s.borderTopWidth] }""")
    assert style == ["rgba(0, 0, 0, 0)", "underline", "0px"], style


def test_the_line_to_say_looks_different_from_the_line_to_avoid(page: Page) -> None:
    page.goto("phases/manager-conversation/")
    script = page.locator(".admonition.quote:has(blockquote ~ blockquote)").first
    avoid, say = script.locator("blockquote").first, script.locator("blockquote").last
    styles = [quote.evaluate("""q => { const s = getComputedStyle(q);
        return [s.borderLeftStyle, s.backgroundColor, s.fontStyle] }""") for quote in (avoid, say)]
    assert styles[0] != styles[1], styles
    assert styles[0][0] == "dashed" and styles[1][0] == "solid", styles
    assert re.match(r"rgba?\(", styles[1][1]) and styles[1][1] != "rgba(0, 0, 0, 0)", styles

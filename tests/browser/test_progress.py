"""Progress on a checklist: ticks survive reloads and navigation, "Clear progress" clears
them, every checkbox works from the keyboard, and a printed checklist shows its ticks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .helpers import ALL_BOXES, CHECKLIST, STEP_BOXES, checked_ids, kept

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from .conftest import Site

def tick_some(page: Page) -> list[str]:
    """Tick the first and last step and the first readiness sign by clicking their labels."""
    steps = page.locator(STEP_BOXES)
    chosen = [steps.first, steps.last, page.locator("input[data-it-sign]").first]
    ids = []
    for box in chosen:
        box_id = box.get_attribute("id") or ""
        page.locator(f"label[for='{box_id}']").click()
        ids.append(box_id)
    return sorted(ids)


def count_text(page: Page) -> str:
    return page.locator(".it-progress__count").inner_text()


def test_ticks_survive_a_reload_and_navigating_away_and_back(page: Page, site: Site) -> None:
    page.goto(CHECKLIST)
    total = page.locator(STEP_BOXES).count()
    assert total > 2
    assert count_text(page) == f"0 of {total} done"
    ticked = tick_some(page)
    assert sorted(checked_ids(page)) == ticked
    assert count_text(page) == f"2 of {total} done"
    assert sorted(kept(page)) == sorted(
        box_id.removeprefix("it-").replace("-", ":", 1) for box_id in ticked)

    page.reload()
    assert sorted(checked_ids(page)) == ticked
    assert count_text(page) == f"2 of {total} done"

    # Away by a link on the page, and back with the browser's Back button.
    page.get_by_role("link", name="Choose another checklist").click()
    page.wait_for_url(site.url + "checklists/")
    page.go_back()
    page.wait_for_url(site.url + CHECKLIST)
    assert sorted(checked_ids(page)) == ticked
    assert count_text(page) == f"2 of {total} done"

    # Away to the home page, and back by following links, a fresh load of the page.
    page.goto("")
    page.goto("checklists/")
    page.locator(f"a[data-it-slug='{CHECKLIST.removeprefix('checklists/').strip('/')}']").click()
    page.wait_for_url(site.url + CHECKLIST)
    assert sorted(checked_ids(page)) == ticked


def test_clear_progress_clears_the_ticks_and_undo_brings_them_back(page: Page) -> None:
    page.goto(CHECKLIST)
    total = page.locator(STEP_BOXES).count()
    ticked = tick_some(page)
    page.get_by_role("button", name="Clear progress").click()
    assert checked_ids(page) == []
    assert count_text(page) == f"0 of {total} done"
    assert not kept(page)
    assert page.locator(".it-progress__note").inner_text() == "Cleared 3 ticks on this page."

    page.get_by_role("button", name="Undo").click()
    assert sorted(checked_ids(page)) == ticked

    page.get_by_role("button", name="Clear progress").click()
    page.reload()
    assert checked_ids(page) == []
    assert count_text(page) == f"0 of {total} done"


def test_every_checkbox_is_reached_with_tab_and_ticked_with_space(page: Page) -> None:
    page.goto(CHECKLIST)
    boxes = page.eval_on_selector_all(ALL_BOXES, "boxes => boxes.map(box => box.id)")
    total = page.locator(STEP_BOXES).count()
    reached: list[str] = []
    for _ in range(600):  # the whole page, header and navigation included
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => {
            const el = document.activeElement;
            if (!el || el.type !== "checkbox" || !el.matches("[data-it-step], [data-it-sign]")) {
                return null;
            }
            const style = getComputedStyle(el);
            return {id: el.id, outline: style.outlineStyle, visible: el.checkVisibility()};
        }""")
        if focused is None:
            if len(reached) == len(boxes):
                break
            continue
        assert focused["visible"], focused
        assert focused["outline"] != "none", f"{focused['id']} shows no focus outline"
        page.keyboard.press("Space")
        assert page.is_checked(f"#{focused['id']}"), focused["id"]
        reached.append(focused["id"])
    assert reached == boxes  # each once, in the order of the page
    assert count_text(page) == f"{total} of {total} done"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")  # the last one again: unticks it
    assert count_text(page) == f"{total - 1} of {total} done"


def test_printed_checklist_shows_its_ticks_and_no_navigation(page: Page) -> None:
    page.goto(CHECKLIST)
    ticked = tick_some(page)
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary",
                   ".md-footer", ".it-progress__actions", ".md-search"):
        assert page.locator(hidden).first.is_hidden(), f"{hidden} is printed"
    boxes = page.locator(ALL_BOXES)
    for box_id in ticked:
        assert page.locator(f"#{box_id}").is_visible()
        assert page.is_checked(f"#{box_id}")
    assert all(box.is_visible() for box in boxes.all())
    assert page.locator("h1").is_visible()
    assert page.locator(".it-progress__count").inner_text().startswith("2 of ")
    # What a printer gets: a PDF with the page's text, which Chromium can make headless.
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")

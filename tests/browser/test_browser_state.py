"""What the page keeps and reads back, on a real browser: two editions served under one
origin keep separate progress (as GitLab and GitHub Pages serve a group's sites), the keys
of before move under the first site that loads, persistent storage is asked for once, and
hostile saved state, files and links show a message and leave the controls reset, never an
uncaught error (the ``new_context`` fixture fails a test on one)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from conftest import ROOT

from .conftest import Site, build_site, serve
from .helpers import CHECKLIST, CHOOSER, STEP_BOXES, checked_ids, kept, site_prefix, storage

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

LEGACY = "inside-track:v1:"
SLUG = "large-process/internal-transfer/not-yet"


@pytest.fixture(scope="module")
def one_origin(site: Site, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The public edition at /guide-a/ and the internal edition at /guide-b/ of one origin."""
    internal = build_site(ROOT / "mkdocs.internal.yml",
                          tmp_path_factory.mktemp("internal") / "site")
    root = tmp_path_factory.mktemp("origin")
    os.symlink(site.root, root / "guide-a")
    os.symlink(internal.root, root / "guide-b")
    yield from serve(Site(root))


def test_two_editions_on_one_origin_keep_separate_progress(
        new_context: Callable[..., BrowserContext], one_origin: Site) -> None:
    page = new_context(base_url=one_origin.url).new_page()
    page.goto("guide-a/" + CHECKLIST)
    steps = page.locator(STEP_BOXES)
    first, second = steps.nth(0).get_attribute("id"), steps.nth(1).get_attribute("id")
    page.check(f"#{first}")
    page.goto("guide-b/" + CHECKLIST)
    assert page.locator("[data-inside-track-edition=internal]").count() > 0
    assert checked_ids(page) == []  # the other edition's tick is not here
    page.check(f"#{second}")
    assert list(kept(page, "internal")) == [f"step:{second.removeprefix('it-step-')}"]
    page.goto("guide-a/" + CHECKLIST)
    assert checked_ids(page) == [first]
    assert list(kept(page)) == [f"step:{first.removeprefix('it-step-')}"]
    prefixes = {key.rsplit(":step:", 1)[0] for key in storage(page) if ":step:" in key}
    assert len(prefixes) == 2 and not any(key.startswith(LEGACY) for key in storage(page))


def test_keys_of_before_move_under_the_first_site_that_loads(
        new_context: Callable[..., BrowserContext], one_origin: Site) -> None:
    page = new_context(base_url=one_origin.url).new_page()
    page.goto("guide-a/" + CHECKLIST)
    step = page.locator(STEP_BOXES).first.get_attribute("data-it-step")
    page.evaluate("([key, start]) => { localStorage.setItem(key, '1');"
                  " localStorage.setItem(start, '2027-01-31'); }",
                  [f"{LEGACY}step:{step}", f"{LEGACY}start:{SLUG}"])
    page.reload()
    assert checked_ids(page) == [f"it-step-{step}"]
    assert page.get_by_label("Your start date").input_value() == "2027-01-31"
    assert not [key for key in storage(page) if key.startswith(LEGACY)]
    page.goto("guide-b/" + CHECKLIST)
    assert checked_ids(page) == []  # moved once, to the site that loaded first


def test_persistent_storage_is_asked_once_and_a_refusal_reminds_to_export(
        new_context: Callable[..., BrowserContext], site: Site) -> None:
    context = new_context(base_url=site.url)
    context.add_init_script("""
        if (location.protocol === 'http:') {
          window.__persistAsked = Number(sessionStorage.getItem('persist-asked-count') || 0);
          navigator.storage.persist = () => {
            sessionStorage.setItem('persist-asked-count', String(++window.__persistAsked));
            return Promise.resolve(false);
          };
        }""")
    page = context.new_page()
    page.goto(CHECKLIST)
    note = page.locator(".it-progress__note")
    assert page.evaluate("window.__persistAsked") == 0  # no progress, no question
    steps = page.locator(STEP_BOXES)
    steps.nth(0).check()
    page.wait_for_function("window.__persistAsked === 1")
    from playwright.sync_api import expect

    expect(note).to_contain_text("Export progress")
    steps.nth(1).check()
    page.reload()
    page.locator(STEP_BOXES).nth(2).check()
    assert page.evaluate("window.__persistAsked") == 1


def test_a_date_typed_with_the_keyboard_is_kept_year_by_year(
        new_context: Callable[..., BrowserContext], site: Site) -> None:
    page = new_context(base_url=site.url, locale="en-US").new_page()
    page.goto(CHECKLIST)
    field = page.get_by_label("Your start date")
    field.focus()  # the month, first in an en-US date field
    page.keyboard.type("05172026", delay=30)  # month, day, then the year digit by digit
    assert field.input_value() == "2026-05-17"
    page.reload()
    assert page.get_by_label("Your start date").input_value() == "2026-05-17"
    assert page.locator(".it-dates time").first.get_attribute("datetime") == "2026-05-17"


def test_a_start_in_9999_gives_no_broken_calendar(
        new_context: Callable[..., BrowserContext], site: Site) -> None:
    page = new_context(base_url=site.url).new_page()
    page.goto(CHECKLIST)
    page.get_by_label("Your start date").fill("9999-06-01")
    downloads: list[object] = []
    page.on("download", lambda download: downloads.append(download))
    page.get_by_role("button", name="Download calendar (.ics)").click()
    from playwright.sync_api import expect

    expect(page.locator(".it-plan__note")).to_contain_text("past the year 9999")
    assert downloads == []


def hostile_page(new_context: Callable[..., BrowserContext], site: Site, path: str,
                 values: dict[str, str]) -> Page:
    """A page opened with ``values`` already kept under this site's keys."""
    page = new_context(base_url=site.url).new_page()
    page.goto(path)
    prefix = site_prefix(page)
    page.evaluate("entries => entries.forEach(([k, v]) => localStorage.setItem(k, v))",
                  [[prefix + key, value] for key, value in values.items()])
    page.reload()
    return page


@pytest.mark.parametrize("saved", ['{"company_type":5}', "[1,2]", "not json", "null5",
                                   json.dumps({"company_type": "large-process",
                                               "path": {"toString": None}}),
                                   json.dumps({"company_type": "large-process",
                                               "path": "internal-transfer",
                                               "manager_response": None, "company": None,
                                               "checklist": "large-process/internal-transfer",
                                               "url": "javascript:alert(1)"})])
def test_a_saved_situation_of_the_wrong_shape_is_forgotten_with_a_message(
        new_context: Callable[..., BrowserContext], site: Site, saved: str) -> None:
    page = hostile_page(new_context, site, CHOOSER, {"situation": saved})
    message = page.locator(".it-chooser__message")
    assert "could not be read" in message.inner_text()
    assert len(message.inner_text()) < 300
    assert page.locator("form.it-chooser input[type=radio]:checked").count() == 0
    assert "situation" not in kept(page)
    assert page.locator("a[data-it-my-checklist]").is_hidden()
    page.get_by_label("Large, process-driven").check()  # the chooser still works


def test_a_saved_start_date_that_is_no_day_is_cleared_with_a_message(
        new_context: Callable[..., BrowserContext], site: Site) -> None:
    bad = "x" * 100_000
    page = hostile_page(new_context, site, CHECKLIST,
                        {"start:large-process/internal-transfer/not-yet": bad})
    note = page.locator(".it-plan__note").inner_text()
    assert "not a day" in note and len(note) < 300
    assert page.get_by_label("Your start date").input_value() == ""
    assert "start:large-process/internal-transfer/not-yet" not in kept(page)


@pytest.mark.parametrize("change", [
    lambda data: {**data, "steps": [{"toString": None}]},
    lambda data: {**data, "steps": ["x" * 5_000_000]},
    lambda data: {**data, "situation": {"company_type": 5}},
    lambda data: {**data, "start_date": "0000-01-01"},
    lambda data: {**data, "steps": [[[[[]]]]] * 3, "extra": True},
    lambda data: "[" * 100_000 + "]" * 100_000,
])
def test_a_hostile_progress_file_is_refused_with_a_short_message(
        new_context: Callable[..., BrowserContext], site: Site, tmp_path: Path,
        change: Callable[[dict[str, object]], object]) -> None:
    page = new_context(base_url=site.url).new_page()
    page.goto(CHECKLIST)
    valid = {"format": "inside-track-progress", "version": 1,
             "checklist": "large-process/internal-transfer/not-yet",
             "situation": {"company_type": "large-process", "path": "internal-transfer",
                           "manager_response": "not-yet", "company": None},
             "start_date": None, "steps": [], "signs": [],
             "exported": "2026-12-02T18:00:00.000Z"}
    content = change(valid)
    file = tmp_path / "progress.json"
    file.write_text(content if isinstance(content, str) else json.dumps(content),
                    encoding="utf-8")
    page.locator(".it-plan__file").set_input_files(str(file))
    from playwright.sync_api import expect

    note = page.locator(".it-plan__note")
    expect(note).not_to_have_text("")
    assert len(note.inner_text()) < 300
    assert "Imported" not in note.inner_text()
    assert checked_ids(page) == []


def test_a_damaged_share_link_is_not_shown(new_context: Callable[..., BrowserContext],
                                           site: Site) -> None:
    page = new_context(base_url=site.url).new_page()
    slug = "large-process/internal-transfer/not-yet"
    page.goto(f"{CHECKLIST}#it-share&v=1&checklist={slug}&steps=ok,{'x' * 90}&signs=")
    note = page.locator(".it-plan__note")
    assert "damaged" in note.inner_text()
    assert page.locator(".it-shared").is_hidden()
    assert page.locator(".it-plan").is_visible()

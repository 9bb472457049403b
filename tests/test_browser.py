"""In a real browser: ticks, their storage, the readiness status, clearing, the chooser.

Runs when Playwright is installed and a Chromium is on the PATH
(``pip install playwright`` and, on Debian, ``apt-get install chromium``); skipped otherwise.
"""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from conftest import FIXTURES, run_build

sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    pytest.skip("no Chromium on the PATH", allow_module_level=True)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = tmp_path_factory.mktemp("browser") / "guide"
    shutil.copytree(FIXTURES / "guide", project)
    build = run_build(project)
    assert build.returncode == 0, build.log
    handler = functools.partial(QuietHandler, directory=str(build.site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture
def page(base_url: str) -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(base_url=base_url)
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        yield tab
        assert errors == []
        assert context.cookies() == []
        browser.close()


def storage(page: Any) -> dict[str, str]:
    return dict(page.evaluate("Object.entries(localStorage)"))


def test_ticks_are_saved_by_step_id_and_survive_a_reload(page: Any) -> None:
    page.goto("checklists/large/transfer/not-asked/")
    count = page.locator(".it-progress__count")
    assert count.inner_text() == "0 of 10 done"
    page.get_by_label("Keep an impact log in ML system terms.").check()
    page.focus("#it-step-find-who-moved")
    page.keyboard.press("Space")
    assert count.inner_text() == "2 of 10 done"
    assert storage(page) == {"inside-track:v1:step:keep-impact-log": "1",
                             "inside-track:v1:step:find-who-moved": "1"}
    page.reload()
    assert count.inner_text() == "2 of 10 done"
    assert page.is_checked("#it-step-keep-impact-log")
    page.uncheck("#it-step-keep-impact-log")
    assert storage(page) == {"inside-track:v1:step:find-who-moved": "1"}


def test_a_step_ticked_in_one_checklist_is_ticked_in_another(page: Any) -> None:
    page.goto("checklists/large/transfer/not-asked/")
    page.check("#it-step-find-who-moved")
    page.check("#it-step-check-ml-roadmap")
    page.goto("checklists/no-ml/external/plan/")
    assert page.is_checked("#it-step-find-who-moved")
    assert page.locator(".it-progress__count").inner_text() == "2 of 5 done"
    statuses = page.locator(".it-timeline__list li").all_inner_texts()
    assert statuses[0].endswith("(done)")
    assert statuses[1].endswith("(you are here)")


def test_readiness_status_follows_the_signs(page: Any) -> None:
    page.goto("checklists/startup/evolution/not-asked/")
    status = page.locator(".it-readiness__status")
    page.check("#it-sign-can-name-role")
    assert status.inner_text() == "1 of 3 signs hold: not yet, you need at least 2."
    page.check("#it-sign-ml-team-knows-you")
    assert status.inner_text() == "2 of 3 signs hold: you are ready."
    assert "inside-track:v1:sign:ml-team-knows-you" in storage(page)
    assert page.locator(".it-progress__count").inner_text() == "0 of 6 done"


def test_clear_progress_clears_this_page_only_and_can_be_undone(page: Any) -> None:
    page.goto("checklists/no-ml/external/plan/")
    page.evaluate("localStorage.setItem('inside-track:v1:step:elsewhere', '1')")
    page.check("#it-step-keep-impact-log")
    page.get_by_role("button", name="Clear progress").click()
    assert page.locator(".it-progress__count").inner_text() == "0 of 5 done"
    assert storage(page) == {"inside-track:v1:step:elsewhere": "1"}
    page.get_by_role("button", name="Undo").click()
    assert page.is_checked("#it-step-keep-impact-log")
    assert "inside-track:v1:step:keep-impact-log" in storage(page)


def test_chooser_offers_only_valid_answers_and_opens_the_matching_checklist(page: Any) -> None:
    page.goto("checklists/")
    form = page.locator("form.it-chooser")
    assert form.is_visible()
    page.get_by_label("Small, relationship-driven").check()
    paths = page.locator("[data-it-question=path] label:visible").all_inner_texts()
    assert paths == ["Internal transfer", "Role evolution"]
    assert "Evolution, then transfer" in page.locator(".it-chooser__explain").inner_text()
    page.get_by_role("button", name="Open my checklist").click()
    assert page.locator(".it-chooser__message").inner_text() == (
        "Please answer question 2 first.")
    page.get_by_label("Role evolution").check()
    page.get_by_label("Not yet").check()
    page.get_by_role("button", name="Open my checklist").click()
    page.wait_for_url("**/checklists/startup/evolution/not-yet/")


def test_chooser_explains_the_ruled_out_paths_and_the_missing_third_question(
        page: Any) -> None:
    page.goto("checklists/")
    page.get_by_label("No ML, none planned").check()
    assert "no team to transfer into" in page.locator(".it-chooser__explain").inner_text()
    assert page.is_checked("input[name=path][value=external]")
    assert not page.locator("[data-it-question=manager_response]").is_visible()
    assert "no third question" in page.locator(".it-chooser__no-third").inner_text()
    page.get_by_role("button", name="Open my checklist").click()
    page.wait_for_url("**/checklists/no-ml/external/plan/")


def test_a_company_page_shows_the_steps_of_the_chosen_answer_only(page: Any) -> None:
    page.goto("checklists/acme/transfer/")
    count = page.locator(".it-progress__count")
    steps = page.locator("input[data-it-step]")
    every = steps.count()
    assert count.inner_text() == f"0 of {every} done"  # no answer chosen: every step shows
    assert page.locator("#it-step-ask-for-milestones").is_visible()
    page.click("#answer-development-plan")
    assert page.get_attribute("#answer-development-plan", "aria-current") == "true"
    assert page.locator("#it-step-ask-for-milestones").is_visible()
    assert not page.locator("#it-step-open-conversation").is_visible()
    assert not page.locator(".it-readiness").is_visible()
    shown = page.locator("input[data-it-step]:visible").count()
    assert 0 < shown < every
    page.check("#it-step-ask-for-milestones")
    assert count.inner_text() == f"1 of {shown} done"
    page.goto("checklists/acme/transfer/#answer-not-asked")  # as the manifest links it
    assert page.locator(".it-readiness").is_visible()
    assert not page.locator("#it-step-ask-for-milestones").is_visible()
    page.get_by_role("link", name="Every answer").click()
    assert page.locator("input[data-it-step]:visible").count() == every

"""Templates to copy: a copy button that puts the text on the clipboard, and text that can
still be selected and copied when scripts are off; checklists lead to them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

    from .conftest import Site

TEMPLATE = "templates/agreement-follow-up-email/"
FIRST_LINE = "Subject: Our plan for my move towards ML engineering"


def test_the_copy_button_puts_the_template_on_the_clipboard(
        new_context: Callable[..., BrowserContext], site: Site) -> None:
    context = new_context(base_url=site.url,
                          permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(TEMPLATE)
    button = page.locator(".it-template button[data-md-type=copy]")
    assert button.count() == 1
    button.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith(FIRST_LINE)
    assert "Checkpoint: [date and time]" in copied


def test_without_scripts_the_text_is_there_to_select(
        new_context: Callable[..., BrowserContext], site: Site) -> None:
    page = new_context(base_url=site.url, java_script_enabled=False).new_page()
    page.goto(TEMPLATE)
    text = page.locator(".it-template pre code")
    assert text.is_visible()
    assert text.inner_text().startswith(FIRST_LINE)
    assert page.locator(".it-template__how").is_visible()


def test_a_checklist_step_leads_to_its_template(
        new_context: Callable[..., BrowserContext], site: Site) -> None:
    page = new_context(base_url=site.url).new_page()
    page.goto("checklists/large-process/internal-transfer/development-plan/")
    page.locator(".it-uses-template a", has_text="Follow-up email after your manager").click()
    page.wait_for_url(f"**/{TEMPLATE}")
    assert page.locator("h1").inner_text().startswith("Follow-up email")

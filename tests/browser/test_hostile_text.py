"""Hostile playbook text in a real browser: no element of any page gets a ``style``, an
event handler or ``autofocus`` from it, no script runs and nothing loads from elsewhere."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pytest

from conftest import FIXTURES

from .conftest import Site, build_site, serve

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

    from .conftest import Watch

HOSTILE = {
    "manager-responses/not-yet.yml": {
        "says": 'Sounds interesting](https://example.org/){ autofocus onfocus="alert(1)" } [x',
        "title": 'Not yet](#x){ style="color:red" } [y'},
    "phases/scope-expansion.yml": {
        "title": 'Scope expansion {: style="background:url(https://evil.example/px.png)"'},
    "company-types/large.yml": {
        "title": 'Large {: style="outline:9px solid red" onmouseover="alert(1)"'},
    "paths/transfer.yml": {"title": "Transfer](javascript:alert(1)) [y"},
}
FORBIDDEN = """() => [...document.querySelectorAll('*')].flatMap(element =>
  [...element.attributes].filter(a => /^(style|autofocus)$|^on/i.test(a.name)
    && !element.closest('.md-header, .md-sidebar, .md-tabs, .md-search, .md-dialog'))
  .map(a => `${element.tagName.toLowerCase()} ${a.name}="${a.value}"`))"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    project = tmp_path_factory.mktemp("hostile") / "guide"
    shutil.copytree(FIXTURES / "guide", project)
    for name, fields in HOSTILE.items():
        path = project / "playbooks" / name
        text = path.read_text(encoding="utf-8")
        for key, value in fields.items():
            quoted = "'" + value.replace("'", "''") + "'"
            text, count = re.subn(rf"^{key}: .*$", f"{key}: {quoted}", text, count=1,
                                  flags=re.M)
            assert count == 1, (name, key)
        path.write_text(text, encoding="utf-8")
    built = build_site(project / "mkdocs.yml", project / "site")
    yield from serve(built)


def test_no_element_carries_style_handlers_or_autofocus_from_playbook_text(
        new_context: Callable[..., BrowserContext], hostile_site: Site, watch: Watch) -> None:
    page = new_context(base_url=hostile_site.url).new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    found: dict[str, list[str]] = {}
    assert len(hostile_site.pages) > 20
    for path in hostile_site.pages:
        page.goto(path.removesuffix("index.html"))
        if attributes := page.evaluate(FORBIDDEN):
            found[path] = attributes
    assert found == {}
    assert dialogs == []
    assert watch.external == []
    page.goto("checklists/large/transfer/not-asked/")
    assert "{: style=" in page.inner_text("article")

"""A live preview with a broken playbook keeps answering: every address shows the located
problems, and the open page reloads by itself once the file is fixed (and again when it
breaks)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import FIXTURES

from .conftest import TIMEOUT_MS

BROKEN_FIELD = "    wyh: "


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def answer(url: str) -> int:
    """The status the server gives ``url``; a server that holds the request fails here."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def wait_for(condition: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the preview never got there"
        time.sleep(0.3)


@pytest.fixture
def guide(tmp_path: Path) -> Path:
    site = tmp_path / "guide"
    shutil.copytree(FIXTURES / "guide", site)
    return site


@pytest.fixture
def preview(guide: Path) -> Iterator[str]:
    """``mkdocs serve`` of the guide fixture, started with one playbook already broken."""
    playbook = guide / "playbooks" / "paths" / "evolution.yml"
    playbook.write_text(playbook.read_text().replace("    text: ", BROKEN_FIELD, 1))
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=guide, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: _listening(port) or server.poll() is not None)
        assert server.poll() is None, "serve stopped on a broken playbook"
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_every_address_answers_with_the_located_problem(preview: str) -> None:
    for path in ("", "paths/evolution/", "checklists/", "no/such/page/"):
        with pytest.raises(urllib.error.HTTPError) as shown:
            urllib.request.urlopen(preview + path, timeout=30)
        page = shown.value.read().decode()
        assert "playbooks/paths/evolution.yml:" in page
        assert "unknown field" in page and "wyh" in page


def test_the_page_reloads_by_itself_when_fixed_and_when_broken_again(
        preview: str, guide: Path, new_context: Callable[..., object]) -> None:
    page = new_context().new_page()  # type: ignore[attr-defined]
    page.goto(preview + "paths/evolution/")
    problem = page.locator("li", has_text="unknown field")
    problem.wait_for()
    assert "evolution.yml:" in problem.inner_text()
    assert BROKEN_FIELD.strip() in problem.locator("pre").inner_text()  # the line itself

    playbook = guide / "playbooks" / "paths" / "evolution.yml"
    playbook.write_text(playbook.read_text().replace(BROKEN_FIELD, "    text: "))
    page.locator("h1", has_text="Role evolution").wait_for(timeout=6 * TIMEOUT_MS)

    playbook.write_text(playbook.read_text().replace("    text: ", BROKEN_FIELD, 1))
    page.locator("li", has_text="unknown field").wait_for(timeout=6 * TIMEOUT_MS)

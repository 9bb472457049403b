"""Shared helpers: write playbook files, copy a fixture site into a temporary folder and
build it for real; the guide itself built once per session; the ``slow`` marker.

Tests that build a whole site, drive a browser or build a wheel are marked ``slow``
(browser tests are marked here, by the fixtures they use). The fast loop,
``python3 dev.py test --fast``, runs ``pytest -m "not slow"``; there a test that starts a
build without the marker fails, saying so, so the loop cannot quietly grow slow again.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def write(folder: Path, name: str, text: str) -> Path:
    """Write ``text`` (dedented) to ``folder/name``, making the folder if needed."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def put(root: Path, name: str, content: str | bytes) -> Path:
    """Write ``content`` as it is (bytes, or text in UTF-8) to ``root/name``, making its
    folders: a file of a built site, for the leak check to read."""
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@dataclass
class Build:
    """The result of one ``mkdocs build``: exit code, log and the output folder."""

    returncode: int
    log: str
    site: Path

    def read(self, path: str) -> str:
        return (self.site / path).read_text(encoding="utf-8")


SLOW_FIXTURES = frozenset({"browser", "site", "guide_site", "offline_site"})
"""Fixtures of the browser tests that start a browser or build a site."""
_fast_loop = False


def pytest_configure(config: pytest.Config) -> None:
    """Note whether this is the fast loop (the ``slow`` marker is declared in pyproject)."""
    global _fast_loop
    _fast_loop = "not slow" in (config.option.markexpr or "")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark slow what needs a built site: the browser tests' fixtures, and ``real_site``
    (the guide built once per session), whichever fixture asks for it."""
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if "real_site" in used or (SLOW_FIXTURES & used and "browser" in item.path.parts):
            item.add_marker(pytest.mark.slow)


def refuse_in_fast_loop(what: str) -> None:
    """Fail a test that does ``what`` (something slow) without the ``slow`` marker."""
    if _fast_loop:
        pytest.fail(f"this test {what}: mark it @pytest.mark.slow (the fast loop leaves "
                    "such tests out)", pytrace=False)


def run_build(project: Path, *extra: str, env: dict[str, str] | None = None) -> Build:
    """Run ``mkdocs build --strict`` in ``project`` in a child process, as a user would."""
    refuse_in_fast_loop("builds a site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *extra],
        cwd=project, capture_output=True, text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", **(env or {})},
    )
    return Build(result.returncode, result.stdout + result.stderr, project / "site")


@pytest.fixture
def fixture_project(tmp_path: Path):
    """Copy a fixture site (by folder name under tests/fixtures) into ``tmp_path``."""

    def copy(name: str = "minimal") -> Path:
        target = tmp_path / name
        shutil.copytree(FIXTURES / name, target)
        return target

    return copy


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The guide itself (``mkdocs.yml``), built once for all the tests that only read it."""
    site_dir = tmp_path_factory.mktemp("real") / "site"
    build = run_build(ROOT, "--site-dir", str(site_dir))
    assert build.returncode == 0, build.log
    return Build(build.returncode, build.log, site_dir)

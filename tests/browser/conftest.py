"""Fixtures for the browser tests: built sites, a local HTTP server, Chromium via Playwright.

Each site is built once per test session into a temporary folder and served on 127.0.0.1
(an ephemeral port) under the path of its ``site_url``, as a reader's web server would
serve it, 404 page included. One Chromium runs for the whole session; each test gets a new
browser context (fresh storage) whose requests to any host but 127.0.0.1 are blocked and
reported as a failure.

Chromium is Debian's (``apt-get install chromium``), found through $INSIDE_TRACK_CHROMIUM,
/usr/bin/chromium, /usr/bin/chromium-browser or the PATH. Without it, or without the
Playwright package, the browser tests are skipped, except under CI (CI=true), where that is
a failure.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

from conftest import FIXTURES, ROOT

from .environment import find_chromium, unavailable

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
SCREENSHOTS = ROOT / "test-output" / "screenshots"
TIMEOUT_MS = 10_000


# --- sites -------------------------------------------------------------------------------


@dataclass
class Site:
    """A built site and, once served, the URL of its home page."""

    root: Path
    url: str = ""
    pages: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.pages = sorted(
            path.relative_to(self.root).as_posix()
            for path in self.root.rglob("*.html")
        )


def build_site(config: Path, site_dir: Path) -> Site:
    """``mkdocs build --strict`` of ``config`` into ``site_dir``, in a child process."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config),
         "--site-dir", str(site_dir)],
        cwd=config.parent, capture_output=True, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return Site(site_dir)


def site_path(config: Path) -> str:
    """The path part of the config's ``site_url``: where the site is deployed."""
    from mkdocs.config import load_config

    loaded = load_config(config_file=str(config))
    path = urlsplit(loaded["site_url"] or "/").path
    return path if path.endswith("/") else path + "/"


class SiteHandler(SimpleHTTPRequestHandler):
    """Serve a built site under a path prefix, answering unknown URLs with its 404 page."""

    prefix = "/"

    def send_head(self) -> Any:
        if not urlsplit(self.path).path.startswith(self.prefix):
            self.send_error(404)
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + path[len(self.prefix):])

    def list_directory(self, path: Any) -> None:
        self.send_error(404)  # a folder without index.html: no listing, as on a real host

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a tab that moved on
            super().handle_error(request, client_address)


def serve(site: Site, prefix: str = "/") -> Iterator[Site]:
    """Serve ``site`` on 127.0.0.1 at an ephemeral port until the generator is closed."""
    handler = type("Handler", (SiteHandler,), {"prefix": prefix})
    server = QuietServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site.root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    site.url = f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The real site (mkdocs.yml at the repository root), built and served."""
    config = ROOT / "mkdocs.yml"
    built = build_site(config, tmp_path_factory.mktemp("site") / "site")
    yield from serve(built, site_path(config))


@pytest.fixture(scope="session")
def guide_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The small guide under tests/fixtures/guide, whose checklists tests can count on."""
    built = build_site(FIXTURES / "guide" / "mkdocs.yml",
                       tmp_path_factory.mktemp("guide") / "site")
    yield from serve(built)


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The offline edition (mkdocs.offline.yml), built but not served: it is opened as files."""
    if not (ROOT / "node_modules" / "iframe-worker").is_dir() and not os.environ.get("CI"):
        pytest.skip("the offline edition needs its npm packages: run 'npm ci' (needs Node.js)")
    return build_site(ROOT / "mkdocs.offline.yml", tmp_path_factory.mktemp("offline") / "site")


# --- the browser -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium() -> str:
    path, why = find_chromium()
    if path is None:
        unavailable(why)
    assert path is not None
    return path


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        unavailable("the Playwright package is missing: `python3 dev.py test` installs it "
                    "(the `test` extra)")
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="session")
def browser(chromium: str, playwright: Playwright) -> Iterator[Browser]:
    launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
    yield launched
    launched.close()


def is_local(url: str) -> bool:
    """Whether a request stays on this machine: 127.0.0.1, or no network at all."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "file"):
        return True
    return parts.hostname == "127.0.0.1"


@dataclass
class Watch:
    """What the contexts of one test did that a test may not allow."""

    requests: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture
def watch() -> Watch:
    return Watch()


@pytest.fixture
def new_context(browser: Browser, watch: Watch) -> Iterator[Callable[..., BrowserContext]]:
    """Open browser contexts that record every request and block any that would leave
    127.0.0.1; the test fails if one was tried or a page threw an uncaught error."""
    contexts: list[BrowserContext] = []

    def request(url: str) -> None:
        watch.requests.append(url)
        if not is_local(url):
            watch.external.append(url)

    def watch_page(page: Page) -> None:
        page.on("pageerror", lambda error: watch.errors.append(f"{page.url}: {error}"))

    def make(**options: Any) -> BrowserContext:
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        context.route(lambda url: not is_local(url), lambda route: route.abort())
        context.on("request", lambda req: request(req.url))
        context.on("page", watch_page)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    assert watch.external == [], "requests left 127.0.0.1"
    assert watch.errors == [], "uncaught errors in the page"


@pytest.fixture
def page(new_context: Callable[..., BrowserContext], site: Site) -> Page:
    """A tab in a fresh context on the real site; relative URLs resolve against its home."""
    return new_context(base_url=site.url).new_page()


@pytest.fixture
def guide_page(new_context: Callable[..., BrowserContext], guide_site: Site) -> Page:
    """A tab in a fresh context on the guide fixture site."""
    return new_context(base_url=guide_site.url).new_page()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """Where screenshots for a reviewer go: test-output/screenshots/ (git-ignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS

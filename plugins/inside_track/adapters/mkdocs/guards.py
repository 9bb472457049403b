"""When the plugin stops a build, and how: one clear message, never a traceback; in a live
preview, a page that shows the message instead of a server that stops answering."""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.theme import Theme

from ...checks.leaks import edition_texts, leak_report, public_lines, scan_site
from ...library.library import Library
from ...problems import PlaybookError
from ...render.preview import problems_page
from ...render.renderer import Renderer


class Stops:
    """Problems found during a build. ``mkdocs build`` stops at the first hook that finds
    some, with their list (exit 1). ``mkdocs serve`` must keep answering: MkDocs' server
    holds every request while a rebuild has failed, so there the build goes on without the
    guide's pages, and :meth:`show` answers every address with the list until a rebuild
    has none."""

    def __init__(self) -> None:
        self.serving = False
        self.failures: list[PlaybookError | str] = []
        self.builds = 0

    def start(self) -> None:
        """A new build: forget the last one's problems."""
        self.failures, self.builds = [], self.builds + 1

    @property
    def failed(self) -> bool:
        return bool(self.failures)

    def fail_on(self, problem: PlaybookError | str | None) -> None:
        """Stop the build with ``problem`` (a message, or playbook problems if it lists any);
        while serving, keep it for the page instead."""
        if not problem or (isinstance(problem, PlaybookError) and not problem.problems):
            return
        if not self.serving:
            raise PluginError(str(problem))
        self.failures.append(problem)

    @contextmanager
    def playbook_problems(self) -> Iterator[None]:
        """Playbook problems found inside a hook end the build with their list."""
        try:
            yield
        except PlaybookError as error:
            self.fail_on(error)

    def show(self, config: MkDocsConfig, renderer: Renderer) -> None:
        """Make every address of the served site answer with the problems: no page of the
        last good build is left to be served as if it were current."""
        site = Path(config.site_dir)
        site.mkdir(parents=True, exist_ok=True)
        for page in site.rglob("*.html"):
            page.unlink()
        base = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
        stylesheets = [base + css.relative_to(site).as_posix()
                       for css in sorted(site.glob("assets/stylesheets/*.css"))]
        stylesheets += [base + str(css).lstrip("/") for css in config.extra_css]
        (site / "404.html").write_text(problems_page(
            renderer, self.failures, site_name=config.site_name, stylesheets=stylesheets,
            stamp=f"{self.builds}"), encoding="utf-8")


def refuse_gh_deploy(command: str, edition: str) -> None:
    """GitHub Pages sites are public on most plans: the internal edition is never deployed."""
    if command == "gh-deploy" and edition == "internal":
        raise PluginError(
            "inside-track: refusing to run gh-deploy on the internal edition; GitHub Pages "
            "would publish it. Build it with 'mkdocs build' and copy the site folder to a "
            "private host instead.")


def leak_check(site: Path, library: Library, log: logging.LoggerAdapter[logging.Logger],
               theme: Theme | None = None, internal_folders: Sequence[Path] = ()) -> str | None:
    """The report that fails a public build if any of its files holds internal-only text or
    could not be read (the site is removed first, so nothing unchecked is published); None
    if the site is clean.

    Internal text is what the edition cut and every text of ``internal_folders`` (the
    folders only the internal edition reads). Internal text that the public playbooks say
    too is named, at the info level so that ``--strict`` does not fail on it: it is public
    anyway. Files that the installed ``theme`` ships unchanged are not searched; its
    ``custom_dir`` is the site's own, so what comes from there is."""
    shipped = [Path(d) for d in theme.dirs if d != theme.custom_dir] if theme else []
    started = time.perf_counter()
    try:
        internal, public = edition_texts(library, internal_folders)
    except PlaybookError as error:
        shutil.rmtree(site, ignore_errors=True)
        return (f"inside-track: the leak check cannot know every internal text, so {site} "
                f"was removed unchecked:\n{error}")
    if not internal:  # nothing was cut and no folder is internal-only: nothing can leak
        log.info("leak check: the playbooks have no internal-only text")
        return None
    scan = scan_site(site, internal, public, shipped)
    for line in public_lines(scan.public):
        log.info("leak check: %s", line)
    if scan.leaks:
        shutil.rmtree(site, ignore_errors=True)  # nothing of it may be published
        return "inside-track: " + leak_report(scan.leaks, site, "it was removed")
    if scan.unchecked:
        shutil.rmtree(site, ignore_errors=True)
        return (f"inside-track: the leak check could not read {len(scan.unchecked)} file(s) "
                f"of {site}, so it was removed unchecked:\n" + "\n".join(
                    f"  {item.under(site)}" for item in scan.unchecked))
    log.info("leak check: no internal-only text in %s (%d texts, %.2f s)", site,
             scan.checked, time.perf_counter() - started)
    return None

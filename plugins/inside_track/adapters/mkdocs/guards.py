"""When the plugin stops a build, and how: one clear message, never a traceback."""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.theme import Theme

from ...checks.leaks import leak_report, library_leaks
from ...library.library import Library
from ...problems import PlaybookError


def fail_on(problem: PlaybookError | str | None) -> None:
    """Stop the build with ``problem``: a message, or playbook problems (if it lists any)."""
    if problem and (not isinstance(problem, PlaybookError) or problem.problems):
        raise PluginError(str(problem))


@contextmanager
def playbook_problems() -> Iterator[None]:
    """Playbook problems found inside a hook end the build with their list."""
    try:
        yield
    except PlaybookError as error:
        raise PluginError(str(error)) from None


def refuse_gh_deploy(command: str, edition: str) -> None:
    """GitHub Pages sites are public on most plans: the internal edition is never deployed."""
    if command == "gh-deploy" and edition == "internal":
        raise PluginError(
            "inside-track: refusing to run gh-deploy on the internal edition; GitHub Pages "
            "would publish it. Build it with 'mkdocs build' and copy the site folder to a "
            "private host instead.")


def leak_check(site: Path, library: Library, log: logging.LoggerAdapter[logging.Logger],
               theme: Theme | None = None) -> None:
    """Fail a public build if any of its files holds internal-only text; remove the site.

    Files that the installed ``theme`` ships unchanged are not searched; its ``custom_dir``
    is the site's own, so what comes from there is."""
    shipped = [Path(d) for d in theme.dirs if d != theme.custom_dir] if theme else []
    if not library.internal_texts:  # nothing was cut, so nothing can leak
        return log.info("leak check: the playbooks have no internal-only text")
    started = time.perf_counter()
    if leaks := library_leaks(site, library, shipped):
        shutil.rmtree(site, ignore_errors=True)  # nothing of it may be published
        raise PluginError("inside-track: " + leak_report(leaks, site, "it was removed"))
    log.info("leak check: no internal-only text in %s (%d texts, %.2f s)", site,
             len(library.internal_texts), time.perf_counter() - started)

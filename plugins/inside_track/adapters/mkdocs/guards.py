"""When the plugin stops a build, and how: one clear message, never a traceback."""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.theme import Theme

from ...checks.leaks import edition_texts, leak_report, public_lines, scan_site
from ...library.loader import Library
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
               theme: Theme | None = None, internal_folders: Sequence[Path] = ()) -> None:
    """Fail a public build if any of its files holds internal-only text, or could not be
    read; remove the site then, so nothing unchecked is published.

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
        raise PluginError("inside-track: the leak check cannot know every internal text, so "
                          f"{site} was removed unchecked:\n{error}") from None
    if not internal:  # nothing was cut and no folder is internal-only: nothing can leak
        return log.info("leak check: the playbooks have no internal-only text")
    scan = scan_site(site, internal, public, shipped)
    for line in public_lines(scan.public):
        log.info("leak check: %s", line)
    if scan.leaks:
        shutil.rmtree(site, ignore_errors=True)  # nothing of it may be published
        raise PluginError("inside-track: " + leak_report(scan.leaks, site, "it was removed"))
    if scan.unchecked:
        shutil.rmtree(site, ignore_errors=True)
        raise PluginError(f"inside-track: the leak check could not read {len(scan.unchecked)} "
                          f"file(s) of {site}, so it was removed unchecked:\n" + "\n".join(
                              f"  {item.under(site)}" for item in scan.unchecked))
    log.info("leak check: no internal-only text in %s (%d texts, %.2f s)", site,
             scan.checked, time.perf_counter() - started)

"""Reproducible builds: the same sources give the same bytes, whenever they are built.

The only clock MkDocs reads is the build date (the sitemap's ``lastmod`` and the gzip
header of ``sitemap.xml.gz``), and it honours ``SOURCE_DATE_EPOCH``. When that variable is
not set, the plugin sets it from the sources themselves: the time of the project's last git
commit, or, outside a git checkout, the newest modification time among the site's sources.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from pathlib import Path

VARIABLE = "SOURCE_DATE_EPOCH"


def source_date_epoch(root: Path, sources: Iterable[Path]) -> int | None:
    """The time the sources last changed, in seconds since the epoch, or ``None`` if unknown."""
    return _git_commit_time(root) or _newest_mtime(sources)


def default_source_date_epoch(root: Path, sources: Iterable[Path]) -> bool:
    """Set ``SOURCE_DATE_EPOCH`` from the sources unless the caller set it; True if we did."""
    if VARIABLE in os.environ:
        return False
    epoch = source_date_epoch(root, sources)
    if epoch is None:
        return False
    os.environ[VARIABLE] = str(epoch)
    return True


def _git_commit_time(root: Path) -> int | None:
    try:
        result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root,
                                capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    value = result.stdout.strip()
    return int(value) if result.returncode == 0 and value.isdigit() else None


def _newest_mtime(sources: Iterable[Path]) -> int | None:
    newest: int | None = None
    for source in sources:
        files = [source] if source.is_file() else source.rglob("*") if source.is_dir() else []
        for path in files:
            try:
                if path.is_file():
                    mtime = int(path.stat().st_mtime)
                    newest = mtime if newest is None else max(newest, mtime)
            except OSError:
                continue
    return newest


def renew_default(ours: bool, root: Path, sources: Iterable[Path]) -> bool:
    """:func:`default_source_date_epoch` for one more build of a long-running process
    (``mkdocs serve``): a value it set itself (``ours``) for an earlier build is dropped
    first, since the sources may have changed since."""
    if ours:
        os.environ.pop(VARIABLE, None)
    return default_source_date_epoch(root, sources)

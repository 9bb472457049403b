"""Which Chromium the browser tests drive, and what happens when there is none."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

ENV_VAR = "INSIDE_TRACK_CHROMIUM"
CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
NAMES = ("chromium", "chromium-browser")
INSTALL_HINT = (
    "install it with `apt-get install chromium` (Debian, Ubuntu: chromium-browser), "
    f"or point {ENV_VAR} at a Chromium or Chrome executable"
)


def is_executable(path: str) -> bool:
    return Path(path).is_file() and os.access(path, os.X_OK)


def find_chromium(
        environ: Mapping[str, str] = os.environ,
        candidates: tuple[str, ...] = CANDIDATES,
        which: Callable[[str], str | None] = shutil.which,
) -> tuple[str | None, str]:
    """The Chromium to drive: $INSIDE_TRACK_CHROMIUM, else the first of ``candidates``, else
    one on the PATH. Without one, None and why, with how to install it."""
    configured = environ.get(ENV_VAR)
    if configured:
        if is_executable(configured):
            return configured, ""
        return None, f"{ENV_VAR}={configured} is not an executable file: {INSTALL_HINT}"
    for candidate in candidates:
        if is_executable(candidate):
            return candidate, ""
    for name in NAMES:
        found = which(name)
        if found:
            return found, ""
    return None, f"no Chromium found for the browser tests: {INSTALL_HINT}"


def in_ci(environ: Mapping[str, str] = os.environ) -> bool:
    return environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def unavailable(reason: str, environ: Mapping[str, str] = os.environ) -> None:
    """Skip the browser tests, or fail them under CI (CI=true), where they must run."""
    if in_ci(environ):
        pytest.fail(f"{reason}; CI=true, so the browser tests may not be skipped",
                    pytrace=False)
    pytest.skip(reason)

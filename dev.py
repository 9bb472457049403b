#!/usr/bin/env python3
"""Set up and run Inside Track with nothing but Python 3.11+ and git.

    python3 dev.py serve            # set up, then preview the site with live reload
    python3 dev.py build            # set up, then build the site into site/
    python3 dev.py build --offline  # ... or the offline edition into site-offline/
    python3 dev.py test             # set up, then run linters, type checks and every test
    python3 dev.py test --fast      # ... every test but full builds, browsers and the wheel

Setup is a virtual environment in .venv with the project installed in editable mode; it is
redone only when pyproject.toml changes. Extra arguments are passed on (to mkdocs or pytest).
Everything but the offline edition needs only Python; that edition also needs Node.js with npm.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".inside-track-setup"
NPM_SHIM = ROOT / "node_modules" / "iframe-worker" / "shim" / "index.js"  # hooks/iframe_worker.py
NPM_STAMP = ROOT / "node_modules" / ".inside-track-setup"
BROWSER_CODE = ("plugins/inside_track/outputs/assets/js", "tests/js", "eslint.config.js")
# Signals a process manager or `kill` sends to stop a command: passed on to it, so stopping
# `python3 dev.py serve` stops `mkdocs serve` too, rather than leaving it holding the port.
FORWARDED = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP")
             if hasattr(signal, name)]


COMMANDS = ("serve", "build", "test")
OWN_OPTIONS = ("--offline", "--fast")
"""Options dev.py takes itself; the rest are passed on to mkdocs or pytest."""


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 - this file runs before any setup
        sys.exit("Inside Track needs Python 3.11 or newer.")
    command, *rest = argv or ["help"]
    commands = {"serve": serve, "build": build, "test": test}
    if command in ("help", "-h", "--help"):
        print(__doc__)
        return 0
    if command not in commands:
        close = difflib.get_close_matches(command, list(commands), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        print(f"dev.py: unknown command '{command}'{hint}; expected one of "
              f"{', '.join(commands)}.\n{__doc__}", file=sys.stderr)
        return 2
    setup()
    return commands[command](rest)


def setup() -> None:
    """Create .venv and install the project with its test tools, if anything changed."""
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (BIN / "python").exists():
        print("Creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("Installing Inside Track and its test tools into .venv (a minute or two the first "
          "time; pip lists each package as it goes) ...", flush=True)
    run(BIN / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(BIN / "python", "-m", "pip", "install", "--progress-bar", "on", "-e", f"{ROOT}[test]")
    STAMP.write_text(wanted)
    print(f"Set up .venv. Its commands run without activating it: "
          f"{(BIN / 'inside-track').relative_to(ROOT)} validate playbooks", flush=True)


def serve(args: list[str]) -> int:
    return run(BIN / "mkdocs", "serve", *args, check=False)


def build(args: list[str]) -> int:
    if "--offline" in args:  # the edition to open from files: mkdocs.offline.yml
        install_npm_packages()
        if not NPM_SHIM.exists():
            print("dev.py: the offline edition needs Node.js with npm, which is not on the "
                  "PATH: its search shim (iframe-worker, pinned in package.json) comes from npm."
                  "\nInstall Node.js (https://nodejs.org/, or apt-get install npm), then run "
                  "'python3 dev.py build --offline' again. The web site itself needs no npm: "
                  "'python3 dev.py build'.", file=sys.stderr)
            return 1
        args = ["--config-file", str(ROOT / "mkdocs.offline.yml"),
                *(arg for arg in args if arg != "--offline")]
    return run(BIN / "mkdocs", "build", "--strict", *args, check=False)


def install_npm_packages() -> None:
    """The offline edition's shim and the browser code's linter come from npm
    (package-lock.json), when npm is here; reinstalled when the lock file changes."""
    lock = ROOT / "package-lock.json"
    wanted = hashlib.sha256(lock.read_bytes()).hexdigest() if lock.exists() else ""
    if not wanted or not shutil.which("npm") or (
            NPM_STAMP.exists() and NPM_STAMP.read_text() == wanted):
        return
    print("Installing the npm packages (the offline edition's search shim, ESLint) ...",
          flush=True)
    run("npm", "ci", "--no-audit", "--no-fund", "--silent")
    NPM_STAMP.write_text(wanted)


def lint_browser_code() -> int:
    """ESLint over the browser modules and their tests, when npm installed it."""
    eslint = shutil.which("eslint", path=str(ROOT / "node_modules" / ".bin"))
    if not eslint:
        print("dev.py: ESLint is not installed (it needs Node.js with npm), so the browser "
              "code is not linted.", flush=True)
        return 0
    return run(eslint, *BROWSER_CODE, check=False)


def test(args: list[str]) -> int:
    """Lint, type-check and test; ``--fast`` leaves out the tests marked slow (full
    builds, browsers, the wheel): the loop to run while editing."""
    if "--fast" in args:
        args = ["-m", "not slow", *(arg for arg in args if arg != "--fast")]
    install_npm_packages()
    linted = [p for p in ("plugins", "tests", "benchmarks", "hooks", "dev.py", "setup.py")
              if (ROOT / p).exists()]
    for step in ([BIN / "ruff", "check", *linted], [BIN / "mypy"]):
        if run(*step, check=False):
            return 1
    if lint_browser_code():
        return 1
    return run(BIN / "python", "-m", "pytest", *args, check=False)


def run(*command: object, check: bool = True) -> int:
    """Run ``command`` and wait for it, passing on the signals that ask it to stop.

    Ctrl-C reaches the command by itself (it is in the terminal's foreground process group),
    so here it only must not interrupt the wait; other stop signals are sent to one process.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen([str(part) for part in command], cwd=ROOT, env=env)

    def forward(signum: int, _frame: object) -> None:
        process.send_signal(signum)

    previous = {signum: signal.signal(signum, forward) for signum in FORWARDED}
    previous[signal.SIGINT] = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        returncode = process.wait()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if check and returncode:
        sys.exit(returncode)
    return returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

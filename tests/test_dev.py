"""``dev.py``, the one command a new contributor runs: what it says and how it stops."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT))
import dev  # the script at the top of the repository


def test_an_unknown_command_is_named_with_a_suggestion(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert dev.main(["serv"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("dev.py: unknown command 'serv' (did you mean 'serve'?); expected "
                          "one of serve, build, test.")


def test_help_is_not_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert dev.main(["--help"]) == 0
    assert "python3 dev.py serve" in capsys.readouterr().out


def test_the_offline_build_without_npm_says_what_is_missing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    ran: list[tuple[object, ...]] = []
    monkeypatch.setattr(dev, "NPM_SHIM", tmp_path / "missing" / "index.js")
    monkeypatch.setattr(dev, "ROOT", tmp_path)  # no node_modules here
    monkeypatch.setattr(dev.shutil, "which", lambda name: None)
    monkeypatch.setattr(dev, "run", lambda *command, check=True: ran.append(command) or 0)
    assert dev.build(["--offline"]) == 1
    assert ran == []  # neither npm nor mkdocs
    err = capsys.readouterr().err
    assert "the offline edition needs Node.js with npm, which is not on the PATH" in err
    assert "The web site itself needs no npm: 'python3 dev.py build'" in err


@pytest.mark.skipif(os.name == "nt", reason="POSIX signals")
def test_a_stop_signal_reaches_the_command(tmp_path: Path) -> None:
    """``kill -TERM`` on ``dev.py serve`` must stop ``mkdocs serve``, not orphan it."""
    pid_file = tmp_path / "child.pid"
    child = f"import os, time; open({str(pid_file)!r}, 'w').write(str(os.getpid())); " \
            "time.sleep(120)"
    parent = subprocess.Popen([sys.executable, "-c", f"import sys; sys.path.insert(0, "
                               f"{str(ROOT)!r}); import dev; "
                               f"dev.run(sys.executable, '-c', {child!r}, check=False)"])
    try:
        for _ in range(200):
            if pid_file.exists() and pid_file.read_text():
                break
            time.sleep(0.05)
        child_pid = int(pid_file.read_text())
        parent.send_signal(signal.SIGTERM)
        parent.wait(timeout=20)
        with pytest.raises(ProcessLookupError):
            os.kill(child_pid, 0)  # reaped by dev.py after the signal ended it
    finally:
        parent.kill()


def test_the_fast_loop_leaves_out_the_slow_tests_and_still_lints(
        monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[tuple[str, ...]] = []
    monkeypatch.setattr(dev, "install_npm_packages", lambda: None)
    monkeypatch.setattr(dev, "lint_browser_code", lambda: ran.append(("eslint",)) or 0)
    monkeypatch.setattr(dev, "run", lambda *command, check=True:
                        ran.append(tuple(str(part) for part in command)) or 0)
    assert dev.test(["--fast", "-x", "tests/test_kinds.py"]) == 0
    linters = [command[0] for command in ran[:-1]]
    assert [Path(name).name for name in linters] == ["ruff", "mypy", "eslint"]
    assert ran[-1][-4:] == ("-m", "not slow", "-x", "tests/test_kinds.py")

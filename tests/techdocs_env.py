"""A virtual environment with Backstage TechDocs' MkDocs plugin (``mkdocs-techdocs-core``)
and this project installed together, for the tests that build with TechDocs' own package.

pip must find one set of versions both accept: a resolver conflict fails the test that asked
(it means this project's ranges no longer allow TechDocs' pins); no package index skips it,
saying why, except under CI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import venv
from pathlib import Path

import pytest

from conftest import ROOT

TECHDOCS_CORE = "mkdocs-techdocs-core>=1.7.1"
SOURCES = ["pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "LICENSE", "plugins",
           "mkdocs.yml", "playbooks", "docs", "overrides"]  # the guide the package carries


def run(*command: object, cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run a command of that environment with a clean one of ours (no PYTHONPATH, venv)."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    result = subprocess.run([str(part) for part in command], cwd=cwd, env=env,
                            capture_output=True, text=True)
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def copy(names: list[str], target: Path) -> None:
    """Copy files and folders of the repository by name into ``target``."""
    for name in names:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns(
                "__pycache__", "*.egg-info"))
        else:
            shutil.copy2(ROOT / name, target / name)


def install_techdocs(work: Path) -> Path:
    """The scripts folder of a new virtual environment under ``work`` with TechDocs' package
    and this one installed (from a copy, so the install writes nothing into the repository)."""
    source = work / "source"
    source.mkdir()
    copy(SOURCES, source)
    venv.EnvBuilder(with_pip=True).create(work / "venv")
    scripts = work / "venv" / ("Scripts" if os.name == "nt" else "bin")
    installed = run(scripts / "python", "-m", "pip", "install", "--quiet", TECHDOCS_CORE,
                    source, cwd=work, check=False)
    if installed.returncode != 0:
        reason = installed.stderr.strip().splitlines()[-1:] or ["no message"]
        if os.environ.get("CI") or "ResolutionImpossible" in installed.stderr \
                or "conflict" in installed.stderr.lower():
            pytest.fail(f"pip could not install {TECHDOCS_CORE} with this project:\n"
                        + installed.stdout + installed.stderr)
        pytest.skip(f"could not install {TECHDOCS_CORE} (no package index?): {reason[0]}")
    return scripts

"""The publishing recipes (``.github/workflows/``, ``.github/recipes/``): valid for the CI
service that runs them, by that service's published schema (the copies check-jsonschema
ships, so no network), and built the way the docs say: the public edition is built and
checked for internal text before the internal one is published, and every file, folder
and edition they name exists in this repository."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT

RECIPES = ROOT / ".github" / "recipes"
GITHUB = [*sorted((ROOT / ".github" / "workflows").glob("*.yml")),
          RECIPES / "github-pages-private.yml", RECIPES / "techdocs.yml"]
GITLAB = RECIPES / "gitlab-pages.gitlab-ci.yml"
LEAK_CHECK = re.compile(r"inside-track check-leaks (\S+)((?: [\w./-]+)*)")


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def site_dir(config: str) -> str:
    """The ``site_dir`` a configuration builds into (following ``INHERIT``)."""
    data = yaml.load((ROOT / config).read_text(encoding="utf-8"), Loader=_Loader)
    if "site_dir" in data:
        return str(data["site_dir"])
    return site_dir(data["INHERIT"]) if "INHERIT" in data else "site"


class _Loader(yaml.SafeLoader):
    """MkDocs' files use ``!ENV``; its value does not matter here."""


_Loader.add_constructor("!ENV", lambda loader, node: None)


def scripts(job: dict[str, Any], github: bool) -> list[str]:
    if github:
        return [step["run"] for step in job.get("steps", []) if "run" in step]
    return [str(line) for key in ("before_script", "script") for line in job.get(key, [])]


def needed(jobs: dict[str, Any], name: str) -> set[str]:
    """Every job ``name`` waits for, directly or not."""
    direct = jobs[name].get("needs", [])
    direct = [direct] if isinstance(direct, str) else direct
    found = set(direct)
    for other in direct:
        found |= needed(jobs, other)
    return found


@pytest.mark.parametrize(("schema", "files"), [
    ("vendor.github-workflows", GITHUB), ("vendor.gitlab-ci", [GITLAB])])
def test_recipes_are_valid_for_their_ci_service(schema: str, files: list[Path]) -> None:
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                             schema, *map(str, files)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def check_recipe(jobs: dict[str, Any], github: bool, published: set[str]) -> None:
    """The jobs build the public edition and check it before anything in ``published``
    (the jobs that publish) runs; every command names files that exist."""
    checking = set()
    for name, job in jobs.items():
        for script in scripts(job, github):
            for command in script.splitlines():
                if "dev.py build" in command or "mkdocs build" in command:
                    words = shlex.split(command.split("#")[0])
                    if "-f" in words:
                        assert (ROOT / words[words.index("-f") + 1]).is_file(), command
            found = LEAK_CHECK.search(" ".join(script.split()))
            if found:
                folders = [word for word in found[2].split() if not word.startswith("-")]
                assert all((ROOT / folder).is_dir() for folder in folders), found[0]
                assert "internal-playbooks" in folders
                assert found[1] in ("site", "site-public"), found[0]  # the public build
                checking.add(name)
    assert checking, "no job checks the public edition"
    for name in published:
        assert checking & (needed(jobs, name) | {name}), f"{name} runs before the leak check"


def test_github_pages_private_builds_internal_after_checking_public() -> None:
    workflow = load(RECIPES / "github-pages-private.yml")
    jobs = workflow["jobs"]
    check_recipe(jobs, github=True, published={"build", "deploy"})
    build = jobs["build"]
    runs = " ".join(scripts(build, github=True))
    assert "-f mkdocs.internal.yml" in runs
    [upload] = [s for s in build["steps"] if "upload-pages-artifact" in s.get("uses", "")]
    assert upload["with"]["path"] == site_dir("mkdocs.internal.yml")
    assert "deploy-pages" in str(jobs["deploy"]["steps"])


def test_gitlab_pages_publishes_only_the_internal_edition_after_the_check() -> None:
    pipeline = load(GITLAB)
    jobs = {name: job for name, job in pipeline.items()
            if isinstance(job, dict) and ("script" in job)}
    check_recipe(jobs, github=False, published={"pages"})
    pages = jobs["pages"]
    assert pages["artifacts"]["paths"] == ["public"]
    script = " ".join(scripts(pages, github=False))
    assert "-f mkdocs.internal.yml" in script
    assert f"mv {site_dir('mkdocs.internal.yml')} public" in script
    assert any("CI_DEFAULT_BRANCH" in rule["if"] for rule in pages["rules"])


def test_the_public_publish_workflow_checks_before_it_uploads() -> None:
    workflow = load(ROOT / ".github" / "workflows" / "publish.yml")
    steps = workflow["jobs"]["build"]["steps"]
    names = [step.get("run", "") + step.get("uses", "") for step in steps]
    checked = next(i for i, text in enumerate(names) if "check-leaks" in text)
    uploaded = next(i for i, text in enumerate(names) if "upload-pages-artifact" in text)
    assert checked < uploaded
    assert "mkdocs.internal" not in " ".join(names)  # the public workflow never builds it


def test_techdocs_recipe_checks_public_then_builds_and_publishes_the_techdocs_edition() -> None:
    jobs = load(RECIPES / "techdocs.yml")["jobs"]
    check_recipe(jobs, github=True, published=set())
    runs = [step.get("run", "") for step in jobs["techdocs"]["steps"]]
    built = next(i for i, run in enumerate(runs) if "-f mkdocs.techdocs.yml" in run)
    checked = next(i for i, run in enumerate(runs) if "check-leaks" in run)
    published = next(i for i, run in enumerate(runs) if "@techdocs/cli publish" in run)
    assert checked < built < published
    out = shlex.split(runs[built].split("run:")[-1])
    assert out[out.index("-d") + 1] in runs[published]


def test_catalog_entry_points_techdocs_at_the_repository() -> None:
    entity = load(RECIPES / "catalog-info.yaml")
    assert entity["apiVersion"] == "backstage.io/v1alpha1"
    assert entity["kind"] == "Component"
    assert entity["metadata"]["annotations"]["backstage.io/techdocs-ref"] == "dir:."
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", entity["metadata"]["name"])
    assert {"type", "lifecycle", "owner"} <= set(entity["spec"])
    techdocs = load(RECIPES / "techdocs.yml")
    entity_ref = techdocs["jobs"]["techdocs"]["env"]["ENTITY"]
    assert entity_ref.split("/")[2] == entity["metadata"]["name"]


def test_techdocs_site_recipe_lists_techdocs_core_beside_the_guide() -> None:
    config = load(RECIPES / "techdocs-site.mkdocs.yml")
    names = [next(iter(p)) if isinstance(p, dict) else p for p in config["plugins"]]
    assert "techdocs-core" in names and "inside-track" in names
    options = next(p for p in config["plugins"] if isinstance(p, dict))["inside-track"]
    assert options["edition"] == "internal" and options["packaged_guide"] is True
    image = (RECIPES / "Dockerfile.techdocs").read_text(encoding="utf-8")
    assert "mkdocs-techdocs-core>=1.7.1" in image

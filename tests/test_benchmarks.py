"""The benchmark script still runs: a benchmark that broke would otherwise go unnoticed.

Nothing here asserts a time: the smoke run measures the smallest fork once, and its
figures mean nothing; what counts is that every measurement completes and the page is
written whole.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from conftest import ROOT

SCRIPT = ROOT / "benchmarks" / "run.py"


@pytest.fixture(scope="module")
def bench() -> Iterator[ModuleType]:
    spec = importlib.util.spec_from_file_location("benchmarks_run", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[spec.name]


def test_forks_get_everything_the_config_references(bench: ModuleType, tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "docs").mkdir(parents=True)
    (site / "theme-layer" / "partials").mkdir(parents=True)
    (site / "theme-layer" / "partials" / "footer.html").write_text("", encoding="utf-8")
    (site / "hooks").mkdir()
    (site / "hooks" / "tweak.py").write_text("", encoding="utf-8")
    (site / "books").mkdir()
    (site / "base.yml").write_text("site_name: Base\ntheme: {name: material, "
                                   "custom_dir: theme-layer}\n", encoding="utf-8")
    (site / "mkdocs.yml").write_text("INHERIT: base.yml\nhooks: [hooks/tweak.py]\n"
                                     "plugins: {inside-track: {playbooks: [books]}}\n",
                                     encoding="utf-8")
    (site / "unrelated.txt").write_text("", encoding="utf-8")
    fork = tmp_path / "fork"
    bench.copy_site_sources(site, fork)
    copied = sorted(str(p.relative_to(fork)) for p in fork.rglob("*"))
    assert copied == ["base.yml", "books", "docs", "hooks", "hooks/tweak.py", "mkdocs.yml",
                      "theme-layer", "theme-layer/partials", "theme-layer/partials/footer.html"]


def test_the_repository_config_brings_its_theme_layer(bench: ModuleType) -> None:
    assert Path("overrides") in bench.referenced(ROOT / "mkdocs.yml")


@pytest.mark.slow  # builds forks of every size the benchmarks measure
def test_smoke_run_measures_everything_and_writes_the_whole_page(tmp_path: Path) -> None:
    page = tmp_path / "benchmarks.md"
    result = subprocess.run([sys.executable, str(SCRIPT), "--smoke", "--output", str(page)],
                            cwd=tmp_path, capture_output=True, text=True, timeout=900,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    text = page.read_text(encoding="utf-8")
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout.strip()
    assert f"`{commit}`" in text
    for section in ("Plugin build against the plain build", "The engine alone",
                    "Editing one playbook in `mkdocs serve`", "Company checklist layouts",
                    "The leak check, with internal-only text in every company",
                    "The worst case for the screen: every internal word on public pages",
                    "Against the targets"):
        assert section in text, section
    assert "{{" not in text, "a placeholder was left unfilled"
    assert text.startswith("---\nsearch:\n  boost: 0.1"), "the page keeps its low search rank"
    assert "| Target | Measured | Met? |" in text


def test_forks_with_internal_text_give_the_leak_check_one_text_per_company(
        bench: ModuleType, tmp_path: Path) -> None:
    from inside_track.library.loader import load_playbooks

    fork = tmp_path / "fork"
    bench.make_fork(fork, 3, source=ROOT, internal=True)
    folders = [fork / "playbooks", fork / "company-playbooks"]
    public = load_playbooks(folders)
    internal = load_playbooks(folders, "internal")
    for index in range(3):
        secret = f"call extension {4000 + index}"
        assert any(secret in text for text in public.internal_texts)
        company = next(c for c in internal.companies if c.id == f"company-{index:04d}")
        assert any(secret in (contact.role or "") for contact in company.contacts)


def test_the_worst_case_fork_puts_every_internal_word_on_public_pages_but_no_internal_text(
        bench: ModuleType, tmp_path: Path) -> None:
    from inside_track.checks.leaks import checked_texts, texts_from_playbooks, words

    fork = tmp_path / "fork"
    bench.make_fork(fork, 3, source=ROOT, internal=True, every_word=True)
    internal, public = texts_from_playbooks([fork / "playbooks", fork / "company-playbooks"])
    checked = checked_texts(internal, public)
    assert len(checked) == len(internal) >= 6  # none of them became public
    public_words = {word for text in public for word in words(text)}
    for text in internal:
        assert set(words(text)) <= public_words, text

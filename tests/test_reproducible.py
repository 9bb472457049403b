"""Two builds of the same sources produce the same bytes, file for file."""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FIXTURES
from inside_track.adapters import reproducible

EPOCH = 1_600_000_000  # 2020-09-13 12:26:40 UTC
GIT = shutil.which("git")


def build(project: Path, site: Path, **env: str) -> None:
    base = {"NO_MKDOCS_2_WARNING": "1", "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project, capture_output=True, text=True, env=base | env, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def copy_tree(source: Path, target: Path, reverse: bool, stamp: float) -> None:
    """Copy file by file, in sorted or reversed order, giving every file the time ``stamp``.

    The copy gets a ``site_url``, so that MkDocs writes a dated sitemap and canonical links.
    """
    files = sorted(p for p in source.rglob("*") if p.is_file())
    for path in reversed(files) if reverse else files:
        destination = target / path.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        data = path.read_bytes()
        if path.name == "mkdocs.yml":
            data += b"site_url: https://example.org/guide/\n"
        destination.write_bytes(data)
        os.utime(destination, (stamp, stamp))


def first_difference(one: Path, two: Path) -> str | None:
    """Compare every file of two output folders; describe the first that differs."""
    names_one = sorted(str(p.relative_to(one)) for p in one.rglob("*") if p.is_file())
    names_two = sorted(str(p.relative_to(two)) for p in two.rglob("*") if p.is_file())
    if names_one != names_two:
        return f"different files: only in first {sorted(set(names_one) - set(names_two))}, " \
               f"only in second {sorted(set(names_two) - set(names_one))}"
    for name in names_one:
        a, b = (one / name).read_bytes(), (two / name).read_bytes()
        if a != b:
            at = next(i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y) \
                if a[: len(b)] != b[: len(a)] else min(len(a), len(b))
            return f"{name} differs at byte {at}: {a[at - 40:at + 40]!r} vs {b[at - 40:at + 40]!r}"
    return None


@pytest.mark.slow
def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    """Different folders, copy order, file times, hash seeds, time zones and wall-clock times."""
    first, second = tmp_path / "first", tmp_path / "second"
    copy_tree(FIXTURES / "minimal", first, reverse=False, stamp=1_000_000_000)
    copy_tree(FIXTURES / "minimal", second, reverse=True, stamp=1_700_000_000)
    build(first, tmp_path / "out-1", SOURCE_DATE_EPOCH=str(EPOCH), PYTHONHASHSEED="1",
          TZ="Pacific/Kiritimati")
    time.sleep(1.1)
    build(second, tmp_path / "out-2", SOURCE_DATE_EPOCH=str(EPOCH), PYTHONHASHSEED="2",
          TZ="America/Adak")
    files = [p for p in (tmp_path / "out-1").rglob("*") if p.is_file()]
    names = {str(p.relative_to(tmp_path / "out-1")) for p in files}
    assert {"index.html", "sitemap.xml", "sitemap.xml.gz", "checklists.json",
            "search/search_index.json", "paths/transfer/index.html"} <= names
    assert first_difference(tmp_path / "out-1", tmp_path / "out-2") is None
    # the date really comes from SOURCE_DATE_EPOCH, not the clock
    assert "<lastmod>2020-09-13</lastmod>" in (tmp_path / "out-1" / "sitemap.xml").read_text()
    with gzip.open(tmp_path / "out-1" / "sitemap.xml.gz") as archive:
        archive.read()
        assert archive.mtime == 1_599_955_200  # midnight of that date


@pytest.mark.slow
def test_output_holds_no_absolute_path_of_the_build(tmp_path: Path) -> None:
    project = tmp_path / "where-am-i"
    copy_tree(FIXTURES / "minimal", project, reverse=False, stamp=EPOCH)
    build(project, tmp_path / "out", SOURCE_DATE_EPOCH=str(EPOCH))
    for path in (tmp_path / "out").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml"):
            assert str(tmp_path) not in path.read_text(encoding="utf-8"), path


@pytest.mark.slow
@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_without_source_date_epoch_the_last_commit_dates_the_build(tmp_path: Path) -> None:
    """No variable set: two checkouts of one commit, with different file times, still agree."""
    outputs = []
    for name, stamp in (("one", 1_000_000_000), ("two", 1_700_000_000)):
        project = tmp_path / name
        copy_tree(FIXTURES / "minimal", project, reverse=name == "two", stamp=stamp)
        env = {"GIT_AUTHOR_DATE": f"{EPOCH} +0000", "GIT_COMMITTER_DATE": f"{EPOCH} +0000",
               "GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@example.org",
               "GIT_COMMITTER_NAME": "a", "GIT_COMMITTER_EMAIL": "a@example.org",
               "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path)}
        for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "sources"]):
            subprocess.run(["git", *command], cwd=project, env=env, check=True)
        out = tmp_path / f"out-{name}"
        build(project, out)
        outputs.append(out)
    assert first_difference(*outputs) is None
    assert "<lastmod>2020-09-13</lastmod>" in (outputs[0] / "sitemap.xml").read_text()


def test_default_epoch_falls_back_to_the_newest_source(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    (tmp_path / "docs").mkdir()
    for name, stamp in (("a.md", 1_500_000_000), ("b.md", 1_500_000_500)):
        (tmp_path / "docs" / name).write_text("x")
        os.utime(tmp_path / "docs" / name, (stamp, stamp))
    monkeypatch.setattr(reproducible, "_git_commit_time", lambda root: None)
    assert reproducible.default_source_date_epoch(tmp_path, [tmp_path / "docs"]) is True
    assert os.environ["SOURCE_DATE_EPOCH"] == "1500000500"
    # a value the caller set is never overridden
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "42")
    assert reproducible.default_source_date_epoch(tmp_path, [tmp_path / "docs"]) is False
    assert os.environ["SOURCE_DATE_EPOCH"] == "42"


def test_first_difference_names_the_file(tmp_path: Path) -> None:
    for name, text in (("a", "same\nhello world"), ("b", "same\nhello there")):
        (tmp_path / name / "sub").mkdir(parents=True)
        (tmp_path / name / "sub" / "page.html").write_text(text)
    found = first_difference(tmp_path / "a", tmp_path / "b")
    assert found is not None and found.startswith("sub/page.html differs at byte 11")

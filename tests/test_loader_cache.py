"""A loader kept across ``mkdocs serve`` rebuilds validates only the playbooks an edit touches."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES
from inside_track import model
from inside_track.library.loader import PlaybookLoader
from inside_track.problems import PlaybookError


class CountingAdapter:
    """Stands in for the model's adapter and counts the playbooks it validates."""

    def __init__(self, adapter: Any) -> None:
        self.adapter, self.ids = adapter, []

    def validate_python(self, raw: Any) -> Any:
        self.ids.append(raw.get("id"))
        return self.adapter.validate_python(raw)


@pytest.fixture
def folders(tmp_path: Path) -> list[Path]:
    shutil.copytree(FIXTURES / "upstream", tmp_path / "site")
    return [tmp_path / "site" / "playbooks", tmp_path / "site" / "company-playbooks"]


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> CountingAdapter:
    counting = CountingAdapter(model.KINDS.adapter())
    monkeypatch.setattr(model.KINDS, "adapter", lambda: counting)
    return counting


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    stat = path.stat()  # a new mtime even on a coarse clock
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_a_second_load_of_unchanged_files_validates_nothing(
        folders: list[Path], counted: CountingAdapter) -> None:
    loader = PlaybookLoader()
    first = loader.load(folders)
    assert len(counted.ids) == len(first.all()) > 1
    counted.ids.clear()
    second = loader.load(folders)
    assert counted.ids == []
    assert second.all() == first.all()


def test_an_edit_revalidates_only_the_playbook_it_touches(
        folders: list[Path], counted: CountingAdapter) -> None:
    loader = PlaybookLoader()
    loader.load(folders)
    counted.ids.clear()
    path = next(folders[0].rglob("*.yml"))
    playbook_id = next(line.split(":", 1)[1].strip() for line in
                       path.read_text(encoding="utf-8").splitlines() if line.startswith("id:"))
    edit(path, "\ntitle: ", "\ntitle: Edited ")
    library = loader.load(folders)
    assert counted.ids == [playbook_id]
    assert any(p.title.startswith("Edited ") for p in library.all() if p.id == playbook_id)


def test_a_cached_mistake_is_still_reported(folders: list[Path],
                                            counted: CountingAdapter) -> None:
    loader = PlaybookLoader()
    path = next(folders[0].rglob("*.yml"))
    edit(path, "\ntitle: ", "\ntitel: ")
    for _ in range(2):
        with pytest.raises(PlaybookError, match="titel"):
            loader.load(folders)
    assert len(counted.ids) == len(set(counted.ids))  # the second load validated nothing

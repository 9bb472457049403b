"""The search itself: every form of every internal text, in every record of every file.

All forms of all texts go into one Aho-Corasick automaton (ahocorasick-rs), so each record
is searched once, in time that grows with its size and not with the number of texts. A
record is searched only when :class:`.screen.Screen` lets it through; its forms are made
one at a time and dropped after their search, so memory grows with the largest record, not
with the site.
"""

from __future__ import annotations

import filecmp
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import ahocorasick_rs

from ...library.library import Library
from .forms import Needle, prepare, record_forms, shorten
from .records import Unchecked, file_records, site_files
from .screen import Screen
from .texts import edition_texts


@dataclass(frozen=True, order=True)
class Leak:
    """Internal-only ``text`` found in ``file`` (a path relative to the site folder)."""

    file: str
    text: str

    def __str__(self) -> str:
        return f'{self.file}: contains internal-only text "{shorten(self.text)}"'

    def under(self, folder: Path | str) -> str:
        """The leak, its file named inside ``folder`` (the site as the reader named it)."""
        return f'{Path(folder) / self.file}: contains internal-only text "{shorten(self.text)}"'


@dataclass
class Scan:
    """What a check of a site found: ``leaks``, the files it could not check
    (``unchecked``), how many internal texts it looked for (``checked``), and the internal
    texts it did not look for because the public texts hold them too (``public``)."""

    leaks: list[Leak] = field(default_factory=list)
    unchecked: list[Unchecked] = field(default_factory=list)
    checked: int = 0
    public: list[str] = field(default_factory=list)


class CouldNotCheck(Exception):
    """Some files of a site could not be read: the check cannot say there is no leak."""

    def __init__(self, folder: Path, unchecked: Sequence[Unchecked]) -> None:
        self.folder, self.unchecked = folder, list(unchecked)
        super().__init__(f"could not check {len(self.unchecked)} file(s) of {folder} for "
                         "internal-only text:\n" + "\n".join(
                             f"  {item.under(folder)}" for item in self.unchecked))


def scan_site(site_dir: Path, texts: Iterable[str], public_texts: Iterable[str] = (),
              shipped: Iterable[Path] = ()) -> Scan:
    """Every (file, internal text) pair where the text occurs in a file under ``site_dir``,
    and every file that could not be read.

    ``public_texts`` are the texts of the public playbooks: internal texts (and fragments)
    that also occur there are not looked for. ``shipped`` are folders of files that cannot
    hold a fork's text, such as an installed theme's: an output file identical to one of
    them at the same path is not searched. Leaks are sorted by file, then text.
    """
    prepared = prepare(texts, public_texts)
    scan = Scan(checked=len(prepared.needles), public=prepared.public)
    if not site_dir.is_dir():
        scan.unchecked.append(Unchecked("", "not a folder; build the site first"))
        return scan
    if not prepared.needles:
        return scan
    search = _Search(prepared.needles)
    shipped = list(shipped)
    leaks: set[Leak] = set()
    for relative, path in site_files(site_dir):
        if isinstance(path, Unchecked):
            scan.unchecked.append(path)
            continue
        if _shipped_as_is(relative, path, shipped):
            continue
        try:
            found = search.file(relative, path)
        except OSError as error:
            scan.unchecked.append(Unchecked(relative, f"cannot read it "
                                            f"({error.strerror or error})"))
            continue
        leaks.update(Leak(relative, prepared.needles[index].text) for index in found)
    scan.leaks = sorted(leaks)
    return scan


def find_leaks(site_dir: Path, texts: Iterable[str], public_texts: Iterable[str] = (),
               shipped: Iterable[Path] = ()) -> list[Leak]:
    """The leaks :func:`scan_site` finds; raises :class:`CouldNotCheck` if any file could
    not be read (a site that was not read whole has not been checked)."""
    scan = scan_site(site_dir, texts, public_texts, shipped)
    if scan.unchecked:
        raise CouldNotCheck(site_dir, scan.unchecked)
    return scan.leaks


def library_scan(site_dir: Path, library: Library, shipped: Iterable[Path] = (),
                 internal_folders: Sequence[Path] = ()) -> Scan:
    """The scan of a site built from ``library``: for what its edition cut, and for the text
    of ``internal_folders``, the folders only the internal edition reads."""
    internal, public = edition_texts(library, internal_folders)
    return scan_site(site_dir, internal, public, shipped)


def library_leaks(site_dir: Path, library: Library, shipped: Iterable[Path] = (),
                  internal_folders: Sequence[Path] = ()) -> list[Leak]:
    """The leaks of :func:`library_scan`; raises :class:`CouldNotCheck` as
    :func:`find_leaks` does."""
    scan = library_scan(site_dir, library, shipped, internal_folders)
    if scan.unchecked:
        raise CouldNotCheck(site_dir, scan.unchecked)
    return scan.leaks


class _Search:
    """The automaton of every form of every needle, and the screen in front of it."""

    def __init__(self, needles: Sequence[Needle]) -> None:
        forms: dict[str, set[int]] = {}
        for index, needle in enumerate(needles):
            for form in needle.forms:
                forms.setdefault(form, set()).add(index)
        patterns = list(forms)
        self.owners = [forms[pattern] for pattern in patterns]
        self.matcher = ahocorasick_rs.AhoCorasick(patterns)
        self.screen = Screen(needles)
        self.as_written = any("&" in pattern for pattern in patterns)

    def file(self, relative: str, path: Path) -> set[int]:
        """The needles found in one file, by index."""
        found: set[int] = set()
        for window in file_records(relative, path):
            if window.raw is not None and not self.screen.may_hold(window.raw):
                continue
            for record in window:
                if record.raw is not window.raw and not self.screen.may_hold(record.raw):
                    continue
                for form in record_forms(record.text, self.as_written):
                    for pattern, _start, _end in self.matcher.find_matches_as_indexes(
                            form, overlapping=True):
                        found |= self.owners[pattern]
        return found


def _shipped_as_is(relative: str, path: Path, shipped: Sequence[Path]) -> bool:
    """Whether a file of one of the ``shipped`` folders has the same path and bytes."""
    for folder in shipped:
        original = folder / relative
        if original.is_file() and filecmp.cmp(original, path, shallow=False):
            return True
    return False

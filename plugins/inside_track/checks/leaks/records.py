"""The files of a built site, read whole, as the records the leak check screens and searches.

Every file under the site folder is read to its last byte, whatever its size: a file larger
than :data:`WINDOW_BYTES` is read as a stream, in windows that overlap by
:data:`OVERLAP_BYTES` (a text is found when what a file writes for it spans less than
that), so memory stays bounded however large a file is. A file that starts as gzip data
(``sitemap.xml.gz``, or any other name) is read decompressed, also as a stream, and so is
each member of a zip archive (a ``.docx`` or ``.xlsx`` offered for download is one), and
bzip2 and xz data; brotli and zstd data cannot be read, so such a file is not checked.

Records are the units a file is screened and searched in:

- a JSON file (``search/search_index.json``, ``checklists.json``) is decoded first, so every
  escape is read as what it encodes (a surrogate pair as one character); each item of an
  array at the top or one level down is a record (a document of the search index, an entry
  of the manifest), and so is each other value at those levels, with its key;
- any other file is one record per window, decoded as UTF-8 (as Windows-1252 too when it is
  not valid UTF-8, as UTF-16 too when it holds NUL bytes, as a binary file with text in
  UTF-16 does).

Links are followed: a linked file is read like any other, a linked folder is walked (once,
however many links lead to it), so what a web server or an upload would publish through a
link is checked. What cannot be read is never passed over in silence: a link to nothing, a
file that cannot be opened, a special file (a pipe, a device) is an :class:`Unchecked`
entry of the scan, and the check cannot say OK.
"""

from __future__ import annotations

import bz2
import codecs
import gzip
import json
import lzma
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from .forms import without_surrogates

WINDOW_BYTES = 8 * 2**20
"""Files larger than this are read in windows of this size."""

OVERLAP_BYTES = 2**20
"""How much consecutive windows share, so that a text across a window's end is found."""

JSON_WHOLE_BYTES = 128 * 2**20
"""JSON files up to this size are decoded whole, record by record; larger ones are read in
windows like text (their string escapes are still decoded, by the full search)."""

GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK"
_DECOMPRESSED = ((b"BZh", "bz2", bz2.BZ2File, (OSError, EOFError)),
                 (b"\xfd7zXZ\x00", "xz", lzma.LZMAFile, (lzma.LZMAError, EOFError)))
_UNREADABLE = {b"\x28\xb5\x2f\xfd": "zstd"}
"""Compressions the check cannot undo (by magic number; brotli has none: by the name
``.br``): such a file cannot be checked."""
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


@dataclass(frozen=True, order=True)
class Unchecked:
    """A ``file`` of the site (relative to it) that could not be checked, and why."""

    file: str
    reason: str

    def under(self, folder: Path | str) -> str:
        return f"{Path(folder) / self.file}: could not check it: {self.reason}"


@dataclass(frozen=True)
class Record:
    """One unit of a file to screen (``raw``, bytes as written) and to search (``text``)."""

    raw: bytes
    text: str


# --- the files -----------------------------------------------------------------------------------

def site_files(site_dir: Path) -> Iterator[tuple[str, Path | Unchecked]]:
    """Every file under ``site_dir`` as (posix path relative to it, path), sorted by path,
    links followed; what cannot be read as (path, :class:`Unchecked`)."""
    try:
        root = site_dir.stat()
    except OSError as error:
        yield "", Unchecked("", f"cannot read the site folder ({error.strerror or error})")
        return
    yield from _walk(site_dir, "", {(root.st_dev, root.st_ino)})


def _walk(folder: Path, prefix: str,
          seen: set[tuple[int, int]]) -> Iterator[tuple[str, Path | Unchecked]]:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        yield prefix or ".", Unchecked(prefix or ".", f"cannot list this folder "
                                       f"({error.strerror or error})")
        return
    for entry in entries:
        relative = f"{prefix}{entry.name}"
        path = Path(entry.path)
        try:
            info = path.stat()  # follows links
        except OSError as error:
            reason = ("a link to nothing" if entry.is_symlink()
                      else f"cannot read it ({error.strerror or error})")
            yield relative, Unchecked(relative, reason)
            continue
        if stat.S_ISDIR(info.st_mode):
            identity = (info.st_dev, info.st_ino)
            if identity not in seen:  # a folder linked twice, or a loop: walked once
                seen.add(identity)
                yield from _walk(path, relative + "/", seen)
        elif stat.S_ISREG(info.st_mode):
            yield relative, path
        else:
            yield relative, Unchecked(relative, "not a regular file (a pipe, a socket or a "
                                      "device); its content cannot be read safely")


# --- reading a file ------------------------------------------------------------------------------

def file_records(relative: str, path: Path) -> Iterator[Window]:
    """The records of one file, grouped: each group is one window of the file (or the whole
    file), screened whole before its records are made. Raises :class:`OSError` when the
    file cannot be read to its end."""
    with path.open("rb") as stream:
        yield from _unpacked_records(relative, stream, ARCHIVE_DEPTH)


ARCHIVE_DEPTH = 4
"""Archives inside archives read (a .docx in a .zip is two); one nested deeper cannot be
checked."""


def _unpacked_records(name: str, stream: BinaryIO, depth: int) -> Iterator[Window]:
    """The records of gzip data or a zip archive, decompressed, else of the bytes as
    they are. ``stream`` must be seekable."""
    head = stream.read(2)
    stream.seek(0)
    if head == GZIP_MAGIC:
        try:
            with gzip.GzipFile(fileobj=stream) as unzipped:
                yield from _stream_records(name[:-3] if name.endswith(".gz") else name,
                                           unzipped)
            return
        except (EOFError, zlib.error, gzip.BadGzipFile):
            stream.seek(0)  # not really gzip: read the bytes as they are
    elif head == b"BZ" or head == b"\xfd7":
        magic = stream.read(6)
        stream.seek(0)
        for start, suffix, opener, errors in _DECOMPRESSED:
            if magic.startswith(start):
                try:
                    with opener(stream) as unpacked:
                        yield from _stream_records(name.removesuffix("." + suffix), unpacked)
                    return
                except errors:
                    stream.seek(0)  # not really that compression: read it as it is
    elif head == ZIP_MAGIC and zipfile.is_zipfile(stream):
        if depth == 0:
            raise OSError(f"archives nested more than {ARCHIVE_DEPTH} deep")
        stream.seek(0)
        yield from _archive_records(name, stream, depth - 1)
        return
    magic = stream.read(4)
    stream.seek(0)
    if (compression := _UNREADABLE.get(magic, "brotli" if name.endswith(".br") else "")):
        raise OSError(f"{compression}-compressed data, which the check cannot decompress; "
                      "publish it uncompressed, or check the uncompressed site")
    yield from _stream_records(name, stream)


def _archive_records(relative: str, stream: BinaryIO, depth: int) -> Iterator[Window]:
    """Each member of a zip archive (``.zip``, and the documents that are zip archives:
    ``.docx``, ``.xlsx``, ``.odt``, ``.epub``), read decompressed, as a stream; a member
    that is itself gzip data or an archive is unpacked too. A member that cannot be read
    (encrypted, another compression) is an :class:`OSError`: the check never passes what
    it could not read."""
    try:
        with zipfile.ZipFile(stream) as archive:
            for member in archive.infolist():
                if member.is_dir():
                    continue
                with archive.open(member) as unzipped:
                    yield from _unpacked_records(f"{relative}/{member.filename}",
                                                 unzipped,  # type: ignore[arg-type]
                                                 depth)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError,
            zlib.error) as error:
        raise OSError(f"a zip archive whose content cannot be read ({error})") from None


def _stream_records(name: str, stream: _Readable) -> Iterator[Window]:
    if name.endswith(".json"):
        data = stream.read(JSON_WHOLE_BYTES + 1)
        if len(data) <= JSON_WHOLE_BYTES:
            yield _json_or_text(data)
            return
        windows = _windows(data, stream)
    else:
        windows = _windows(stream.read(WINDOW_BYTES), stream)
    for window in windows:
        yield _calendar_records(window) if name.endswith(".ics") else _text_records(window)


_ICS_FOLD = re.compile(rb"\r?\n[ \t]")
_ICS_ESCAPE = re.compile(r"\\([\\;,nN])")


def _calendar_records(data: bytes) -> Window:
    """A calendar file (RFC 5545) folds its lines every 75 bytes, even inside a word, and
    escapes ``,`` ``;`` ``\\`` and line breaks: it is read unfolded, as written and
    unescaped."""
    unfolded = _ICS_FOLD.sub(b"", data)
    return Window(None, _calendar_decodings(unfolded))


def _calendar_decodings(data: bytes) -> Iterator[Record]:
    yield from _decodings(data)
    text = data.decode("utf-8", errors="replace")
    unescaped = _ICS_ESCAPE.sub(lambda m: "\n" if m[1] in "nN" else m[1], text)
    yield Record(without_surrogates(unescaped).encode("utf-8"), unescaped)


def _windows(data: bytes, stream: _Readable) -> Iterator[bytes]:
    """``data`` and the rest of ``stream`` in windows that overlap by :data:`OVERLAP_BYTES`,
    each starting at the start of a UTF-8 character."""
    while True:
        more = stream.read(WINDOW_BYTES)
        yield data
        if not more:
            return
        start = max(0, len(data) - OVERLAP_BYTES)
        while start < len(data) and data[start] & 0xC0 == 0x80:
            start += 1
        data = data[start:] + more


class Window:
    """One window's records, with the window's bytes for the first screen (``None`` when
    its text must be decoded before a screen can see it: each record is screened then)."""

    def __init__(self, raw: bytes | None, records: Iterator[Record]) -> None:
        self.raw = raw
        self._records = records

    def __iter__(self) -> Iterator[Record]:
        return self._records


def _text_records(data: bytes) -> Window:
    encoded = b"\x00" in data[:8192] or data.startswith(codecs.BOM_UTF32_BE)
    return Window(None if encoded else data, _decodings(data))


def _decodings(data: bytes) -> Iterator[Record]:
    """A window as text, in each encoding it may be written in."""
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                          (codecs.BOM_UTF8, "utf-8-sig")):
        if data.startswith(bom):
            text = data.decode(encoding, errors="replace")
            yield Record(without_surrogates(text).encode("utf-8"), text)
            return
    try:
        yield Record(data, data.decode("utf-8"))
    except UnicodeDecodeError:
        yield Record(data, data.decode("utf-8", errors="replace"))
        if b"\x00" not in data[:8192]:
            yield Record(data, data.decode("cp1252", errors="replace"))
    if b"\x00" in data[:8192]:  # binary, or text in UTF-16 (the BOM counts as such)
        for encoding in ("utf-16-le", "utf-16-be"):
            text = data[: len(data) // 2 * 2].decode(encoding, errors="replace")
            yield Record(without_surrogates(text).encode("utf-8"), text)


def _json_or_text(data: bytes) -> Window:
    return Window(data, _json_or_decodings(data))


def _json_or_decodings(data: bytes) -> Iterator[Record]:
    """The records of a JSON file, decoded one at a time; if it turns out not to be JSON,
    the file is read as text after all (records already given are found again there)."""
    try:
        text = data.decode("utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8")
        yield from _json_records(text)
    except (ValueError, RecursionError):  # not JSON (a UnicodeDecodeError is one too), or
        yield from _decodings(data)        # nested deeper than the decoder recurses: as text


def _json_records(text: str) -> Iterator[Record]:
    """Each record of a JSON document: the items of the arrays at its top and one level
    down, and every other value at those levels with its key. Raises :class:`ValueError`
    when ``text`` is not one JSON value."""
    position = _WHITESPACE.match(text, 0).end()  # type: ignore[union-attr]
    if text[position:position + 1] in ("{", "["):
        yield from _container(text, position, split=2)
        return
    value, end = _DECODER.raw_decode(text, position)
    _end_of_document(text, end)
    yield _record([], value)


def _container(text: str, position: int, split: int) -> Generator[Record, None, int]:
    """The records of the object or array at ``position``: an array's items are records;
    an object's members are, except an array (its items are) and, while ``split`` > 1, an
    object (its members are)."""
    closing = "}" if text[position] == "{" else "]"
    position = _skip(text, position + 1)
    if text[position:position + 1] == closing:
        return _end(text, position + 1, split)
    while True:
        label: list[str] = []
        if closing == "}":
            name, position = _DECODER.raw_decode(text, position)
            if not isinstance(name, str):
                raise ValueError("an object key must be a string")
            label = [name]
            position = _skip(text, position)
            if text[position:position + 1] != ":":
                raise ValueError("expected ':'")
            position = _skip(text, position + 1)
        opening = text[position:position + 1]
        if closing == "}" and (opening == "[" or (opening == "{" and split > 1)):
            if label:
                yield _record(label, None)
            end = yield from _container(text, position, split - 1)
            position = end
        else:
            value, position = _DECODER.raw_decode(text, position)
            yield _record(label, value)
        position = _skip(text, position)
        mark = text[position:position + 1]
        if mark == closing:
            return _end(text, position + 1, split)
        if mark != ",":
            raise ValueError(f"expected ',' or '{closing}'")
        position = _skip(text, position + 1)


def _end(text: str, position: int, split: int) -> int:
    if split == 2:  # the outermost value: nothing but whitespace may follow
        _end_of_document(text, position)
    return position


def _end_of_document(text: str, position: int) -> None:
    if _skip(text, position) != len(text):
        raise ValueError("more than one JSON value")


def _skip(text: str, position: int) -> int:
    return _WHITESPACE.match(text, position).end()  # type: ignore[union-attr]


def _record(label: list[str], value: Any) -> Record:
    parts = list(label)
    _strings(value, parts)
    text = without_surrogates("\n".join(parts))
    return Record(text.encode("utf-8"), text)


def _strings(value: Any, parts: list[str]) -> None:
    """Every string of a decoded JSON value, keys included, and its whole numbers."""
    if isinstance(value, str):
        parts.append(value)
    elif isinstance(value, dict):
        for item_key, item in value.items():
            parts.append(item_key)
            _strings(item, parts)
    elif isinstance(value, list):
        for item in value:
            _strings(item, parts)
    elif isinstance(value, int) and not isinstance(value, bool):
        parts.append(str(value))

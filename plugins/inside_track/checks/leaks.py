"""The leak check: find internal-only text in the files of a built site.

The public edition drops internal content before anything is rendered; this module is the
second line of defence, run over the *output* so that nothing else — a template override,
a theme partial, a hand-written page, a plugin that copies files — can publish it either.

Every file under the site folder is searched, whatever its type: HTML pages,
``search/search_index.json``, ``sitemap.xml`` (and ``sitemap.xml.gz``, decompressed),
``404.html``, ``checklists.json``, assets. Each file is looked at in several forms, so
that the escaping a format applies cannot hide a match:

- its raw text, with HTML entities decoded, and with HTML tags removed (``**Dana**``
  renders as ``<strong>Dana</strong>``);
- for ``.json`` files, the decoded strings (``\\u2019``, ``\\"`` and friends), and for any
  file, its text with such string escapes decoded (JSON in a page, a script);
- percent-decoded (an internal text in a link address or query);
- always composed to Unicode NFC (so NFD text matches), with whitespace removed and case
  folded, and typographic quotes, dashes and ellipses folded to ASCII, so line wrapping
  and "smart" punctuation do not matter.

Every form of every text is searched for at once, with an Aho-Corasick automaton
(ahocorasick-rs): one pass per file, however many internal texts a fork has. Preparing those
forms costs far more than the search, so a quick screen comes first (:class:`Screen`): each
form of each text has *anchors*, the rarest ASCII words of the text as written that the form
contains, and a file whose raw bytes (case aside) lack an anchor of every form cannot hold
any form, so it is not read further. An ASCII letter or digit spelled as an entity or escape
(``&#97;``, ``%61``, ``\\u0061``), a character that folds to ASCII letters (``ß``, ``ﬁ``)
and a soft hyphen or zero-width space inside a word are revealed before the screen looks;
a file that escapes an ``&`` (``%26``), and every file when a text has a form with no
ASCII word of three characters or more, get the full search.

Each internal text is looked for as written, in a plain form with Markdown markup removed,
and — when it is long — by distinctive fragments (each sentence or line, its first and its
last :data:`WINDOW` characters, and the targets of its links; each at least
:data:`FRAGMENT_LENGTH` characters), so a text that a template shortens or that rendering
splits up is still found.

Two kinds of internal text are not checked, because they would raise false alarms:

- texts shorter than :data:`MIN_LENGTH` characters (spaces not counted), such as
  ``4 weeks``: too likely to occur anywhere by chance;
- texts (and fragments) that also occur in the public playbooks, such as a company name
  that is public in one place and repeated in an internal note.

This module never imports MkDocs: the plugin, the export and the ``inside-track
check-leaks`` command all call :func:`find_leaks` and report with :func:`leak_lines`.
"""

from __future__ import annotations

import filecmp
import gzip
import html
import html.entities
import io
import json
import os
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import ahocorasick_rs
import yaml

from ..library.edition import REFERENCE_KEYS, texts_in
from ..library.loader import Library, load_playbooks

MIN_LENGTH = 10
"""Internal texts with fewer characters than this (whitespace not counted) are not checked."""

FRAGMENT_LENGTH = 20
"""Fragments of a long text are checked only when at least this long (no whitespace)."""

WINDOW = 32
"""Length of the leading and trailing fragments checked for long texts (no whitespace)."""

ANCHORS = 3
"""Words per form that a file must all hold to be searched in full (see :class:`Screen`)."""

MAX_FILE_BYTES = 50_000_000
MAX_SHOWN = 40
"""A report names at most this many leaks, then says how many more there are."""
"""Larger files (after decompression) are read only up to this size."""

_TAG = re.compile(r"<[^>]*>")
_DASHES = re.compile(r"-{2,}")
_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"', "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u2026": "...", "\u00a0": " ", "\u200b": "", "\u00ad": "",
})
_FOLDED = re.compile("[" + "".join(chr(code) for code in _FOLD) + "]")
_LINK = re.compile(r"!?\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^>\s]+)>")
_ATTR_LIST = re.compile(r"\{:?\s*[#.:][^}]*\}")
_BLOCK_MARK = re.compile(r"(?m)^[ \t]{0,3}(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d+[.)][ \t]+)")
_EMPHASIS = re.compile(r"(?<!\\)(?:\*+|~~|`+)|(?<![\w\\])_+|_+(?!\w)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")
_SENTENCE = re.compile(r"(?<=[.!?;:])\s+|\n+")
_WORD = re.compile(r"[A-Za-z0-9]{3,}")
FOLDS_TO_ASCII = (0xDF, 0x130, 0x149, 0x17F, 0x1F0, 0x1E96, 0x1E97, 0x1E98, 0x1E99, 0x1E9A,
                  0x1E9E, 0x212A, 0xFB00, 0xFB01, 0xFB02, 0xFB03, 0xFB04, 0xFB05, 0xFB06)
"""The characters beyond ASCII whose :func:`key` form holds an ASCII letter or digit
(``ß`` folds to ``ss``, the ligature ``ﬁ`` to ``fi``, the Kelvin sign to ``k``)."""


def _hidden_word_characters() -> re.Pattern[bytes]:
    """Bytes that can hide an ASCII word from :class:`Screen` until revealed: an ASCII letter
    or digit written as an HTML character reference, a percent escape or a string escape; a
    character of :data:`FOLDS_TO_ASCII`, as is or so written; a soft hyphen or a zero-width
    space, which :func:`key` drops from inside words."""
    hidden = [*FOLDS_TO_ASCII, 0xAD, 0x200B]
    names = sorted(name for name, value in html.entities.html5.items()
                   if len(value) == 1 and ord(value) in hidden)
    alnum = rb"(?:3[0-9]|[46][1-9a-fA-F]|[57][0-9aA])"  # 0-9, A-Z, a-z in hexadecimal
    alternatives = [
        rb"&#(?:0*(?:4[89]|5[0-7]|6[5-9]|[78][0-9]|9[07-9]|1[01][0-9]|12[0-2])"
        rb"|[xX]0*" + alnum + rb");",
        rb"%" + alnum,
        rb"\\u00" + alnum,
        rb"\\x" + alnum,
        *(re.escape(b"&" + name.encode()) for name in names),
    ]
    for code in hidden:
        encoded = chr(code).encode()
        alternatives += [
            re.escape(encoded),
            rb"&#0*" + str(code).encode() + rb";",
            rb"&#[xX]0*" + _any_case(f"{code:x}") + rb";",
            b"".join(b"%" + _any_case(f"{byte:02x}") for byte in encoded),
            rb"\\u" + _any_case(f"{code:04x}"),
        ]
        if code < 0x100:
            alternatives.append(rb"\\x" + _any_case(f"{code:02x}"))
    return re.compile(b"|".join(alternatives))


def _any_case(hex_digits: str) -> bytes:
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c
                   for c in hex_digits).encode()


_HIDDEN_WORD_CHARACTER = _hidden_word_characters()
_ESCAPED_AMPERSANDS = (b"%26", b"\\u0026", b"\\x26")  # plain searches: faster than a pattern


def _reveal(match: re.Match[bytes]) -> bytes:
    """A hidden word character as the full search reads it, in :func:`key` form."""
    token = match.group().decode("utf-8", errors="replace")
    if token.startswith("&"):
        token = html.unescape(token)
    elif token.startswith("%"):
        token = unquote(token)
    elif token.startswith("\\"):
        token = chr(int(token[2:], 16))
    return key(token).encode()
_JS_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})|\\([\"'\\/`])|\\[nrt]")


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


@dataclass(frozen=True)
class Needle:
    """One internal text and the normalised forms that count as finding it.

    ``anchors`` holds, for each form, words that a file's raw bytes must all hold for that
    form to be in it (``None`` when some form has no such words).
    """

    text: str
    forms: tuple[str, ...]
    anchors: tuple[tuple[str, ...], ...] | None = None


def find_leaks(site_dir: Path, texts: Iterable[str], public_texts: Iterable[str] = (),
               shipped: Iterable[Path] = ()) -> list[Leak]:
    """Every (file, internal text) pair where the text occurs in a file under ``site_dir``.

    ``public_texts`` are the texts of the public playbooks: internal texts (and fragments)
    that also occur there are not checked. ``shipped`` are folders of files that cannot
    hold a fork's text, such as an installed theme's: an output file identical to one of
    them at the same path is not searched. The result is sorted by file, then text.

    All forms of all texts go into one Aho-Corasick automaton, so each file is read and
    searched once, in time that grows with its size and not with the number of texts.
    """
    needles = make_needles(texts, public_texts)
    if not needles:
        return []
    forms: dict[str, set[int]] = {}
    for index, needle in enumerate(needles):
        for form in needle.forms:
            forms.setdefault(form, set()).add(index)
    patterns = list(forms)
    owners = [forms[pattern] for pattern in patterns]
    matcher = ahocorasick_rs.AhoCorasick(patterns)
    screen = Screen(needles)
    shipped = list(shipped)
    leaks: set[Leak] = set()
    for relative, path in _walk(site_dir):
        name, data = _read(relative, path)
        if name.endswith(".ics"):  # a calendar folds its lines, even inside a word
            data = _ICS_FOLD.sub(b"", data)
        if not screen.may_hold(data) or _shipped_as_is(relative, path, shipped):
            continue
        haystack = "\x00".join(_haystacks(name, data))
        found: set[int] = set()
        for pattern, _start, _end in matcher.find_matches_as_indexes(haystack,
                                                                      overlapping=True):
            found |= owners[pattern]
        leaks.update(Leak(relative, needles[index].text) for index in found)
    return sorted(leaks)


def library_leaks(site_dir: Path, library: Library, shipped: Iterable[Path] = ()) -> list[Leak]:
    """The leaks of ``library``'s internal-only text (what its edition cut) in a site;
    ``shipped`` as for :func:`find_leaks`."""
    return find_leaks(site_dir, library.internal_texts, library_texts(library), shipped)


def leak_lines(leaks: Sequence[Leak], folder: Path | str, limit: int | None = MAX_SHOWN,
               indent: str = "  ") -> list[str]:
    """The leak report: one line per leak, at most ``limit`` of them, then how many more."""
    shown = leaks if limit is None else leaks[:limit]
    lines = [indent + leak.under(folder) for leak in shown]
    if len(leaks) > len(shown):
        lines.append(f"{indent}... and {len(leaks) - len(shown)} more")
    return lines


def leak_report(leaks: Sequence[Leak], folder: Path, outcome: str) -> str:
    """Why a build or an export fails: how many leaks, ``outcome`` (what was done about it,
    or what to do), each leak (see :func:`leak_lines`), and where to remove them."""
    return (f"internal-only text reached {len(leaks)} place(s) in {folder}; {outcome}.\n"
            + "\n".join(leak_lines(leaks, folder)) + "\nRemove it where it comes from (a "
            "template or theme override, a page, an extra file), or mark that content "
            "internal in the playbooks.")


def make_needles(texts: Iterable[str], public_texts: Iterable[str] = ()) -> list[Needle]:
    """The internal texts worth checking, each with the forms to look for, sorted by text.

    Which forms also occur in the public texts is found in one pass over them (an
    Aho-Corasick automaton), so the work grows with the two sizes added, not multiplied.
    """
    public = sorted(set(public_texts))
    candidates = []
    for text in sorted(set(texts)):
        whole = {key(text), key(plain(text))}
        if min(len(form) for form in whole) < MIN_LENGTH:
            continue
        fragments = {f for f in _fragments(text) if len(f) >= FRAGMENT_LENGTH}
        candidates.append((text, whole, fragments))
    patterns = sorted({form for _, whole, fragments in candidates for form in whole | fragments})
    in_public: set[str] = set()
    if patterns and public:
        corpus = "\x00".join([*(key(t) for t in public), *(key(plain(t)) for t in public)])
        matcher = ahocorasick_rs.AhoCorasick(patterns)
        in_public = {patterns[index] for index, _start, _end in
                     matcher.find_matches_as_indexes(corpus, overlapping=True)}
    frequency = Counter(word for text in public for word in words(text))
    needles = []
    for text, whole, fragments in candidates:
        if whole & in_public:
            continue
        forms = tuple(sorted(whole | (fragments - in_public)))
        needles.append(Needle(text, forms, _anchors(text, forms, frequency)))
    return needles


def _anchors(text: str, forms: Sequence[str],
             frequency: Counter[str]) -> tuple[tuple[str, ...], ...] | None:
    """For each form, the :data:`ANCHORS` words of ``text`` it contains that are rarest in
    the public texts (the longest first among equals).

    Words are ASCII letters and digits as written in the Markdown, so markup splits them
    where rendering puts its tags, and they keep their bytes through HTML, JSON and URL
    escaping and Unicode normalisation. ``None`` when a form contains none of them.
    """
    own = sorted(set(words(text)), key=lambda word: (frequency[word], -len(word), word))
    anchors = []
    for form in forms:
        chosen = tuple(word for word in own if word in form)[:ANCHORS]
        if not chosen:
            return None
        anchors.append(chosen)
    return tuple(anchors)


def words(text: str) -> list[str]:
    """The ASCII words of three or more letters and digits in ``text``, lower-cased."""
    return [word.lower() for word in _WORD.findall(text)]


class Screen:
    """The quick first look at a file: can it hold any form of any internal text?

    It searches the file's raw bytes, lower-cased, for every needle's anchors at once,
    after revealing what can hide a letter of a word (see :func:`_hidden_word_characters`).
    A file that encodes an ``&`` as a percent or string escape can hold a character
    reference that the full search decodes in two steps (``%26%2397%3B`` is ``a``), so it
    is always searched in full.
    """

    def __init__(self, needles: Sequence[Needle]) -> None:
        self.matcher: ahocorasick_rs.BytesAhoCorasick | None = None
        if not needles or any(needle.anchors is None for needle in needles):
            return  # a text the screen cannot see: search every file in full
        vocabulary = sorted({word for needle in needles for anchors in needle.anchors or ()
                             for word in anchors})
        number = {word: index for index, word in enumerate(vocabulary)}
        # each form's words, filed under its rarest one
        self.requirements: dict[int, list[frozenset[int]]] = {}
        for needle in needles:
            for anchors in needle.anchors or ():
                self.requirements.setdefault(number[anchors[0]], []).append(
                    frozenset(number[word] for word in anchors))
        self.matcher = ahocorasick_rs.BytesAhoCorasick([w.encode() for w in vocabulary])

    def may_hold(self, data: bytes) -> bool:
        if self.matcher is None or any(escaped in data for escaped in _ESCAPED_AMPERSANDS):
            return True
        if _HIDDEN_WORD_CHARACTER.search(data):
            data = _HIDDEN_WORD_CHARACTER.sub(_reveal, data)
        found = {index for index, _start, _end in
                 self.matcher.find_matches_as_indexes(data.lower(), overlapping=True)}
        return any(required <= found for first in found
                   for required in self.requirements.get(first, ()))


def checked_texts(texts: Iterable[str], public_texts: Iterable[str] = ()) -> list[str]:
    """The internal texts :func:`find_leaks` looks for (the others are too short or public)."""
    return [needle.text for needle in make_needles(texts, public_texts)]


# --- text forms --------------------------------------------------------------------------------

def key(text: str) -> str:
    """The form used for matching: composed (NFC), punctuation folded, whitespace removed,
    case folded."""
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if _FOLDED.search(text):  # str.translate is slow on long non-ASCII text; look first
        text = _FOLDED.sub(lambda match: _FOLD[ord(match.group())], text)
    squashed = "".join(text.split())
    if "--" in squashed:
        squashed = _DASHES.sub("-", squashed)
    return squashed.casefold()


def plain(markdown: str) -> str:
    """Markdown as a reader sees it once rendered: link text kept, markup removed."""
    text = _LINK.sub(r"\1", markdown)
    text = _AUTOLINK.sub(r"\1", text)
    text = _ATTR_LIST.sub("", text)
    text = _BLOCK_MARK.sub("", text)
    text = _EMPHASIS.sub("", text)
    text = _ESCAPE.sub(r"\1", text)
    return html.unescape(text)


def _fragments(markdown: str) -> Iterator[str]:
    """Distinctive parts of a long text, already in :func:`key` form."""
    for _, target in _LINK.findall(markdown):
        yield key(target)
    for target in _AUTOLINK.findall(markdown):
        yield key(target)
    flat = plain(markdown)
    for sentence in _SENTENCE.split(flat):
        yield key(sentence)
    whole = key(flat)
    if len(whole) > WINDOW:
        yield whole[:WINDOW]
        yield whole[-WINDOW:]


def shorten(text: str, width: int = 70) -> str:
    """One line of at most ``width`` characters, for messages."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


# --- the files of a site -----------------------------------------------------------------------

def _walk(site_dir: Path) -> Iterator[tuple[str, Path]]:
    """Every regular file under ``site_dir`` as (posix path relative to it, path), sorted."""
    for folder, dirs, files in os.walk(site_dir):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_file():
                yield path.relative_to(site_dir).as_posix(), path


def _read(relative: str, path: Path) -> tuple[str, bytes]:
    """A file's name and bytes as a reader gets them: a ``.gz`` file decompressed."""
    with path.open("rb") as stream:
        data = stream.read(MAX_FILE_BYTES)
    if relative.endswith(".gz"):
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as unzipped:
                return relative[:-3], unzipped.read(MAX_FILE_BYTES)
        except (OSError, EOFError, zlib.error):
            pass  # not really gzip: search the bytes as they are
    return relative, data


def _shipped_as_is(relative: str, path: Path, shipped: Sequence[Path]) -> bool:
    """Whether a file of one of the ``shipped`` folders has the same path and bytes."""
    for folder in shipped:
        original = folder / relative
        if original.is_file() and filecmp.cmp(original, path, shallow=False):
            return True
    return False


def _haystacks(name: str, data: bytes) -> list[str]:
    """The forms of one file to search, each in :func:`key` form."""
    text = data.decode("utf-8", errors="replace")
    if b"\x00" in data[:8192]:  # binary (an image, a font): only text stored as is
        return [key(text)]
    forms = [text, html.unescape(text), html.unescape(_TAG.sub("", text))]
    if "%" in text:  # addresses: an internal text percent-encoded in a link or a query
        forms.append(html.unescape(unquote(text)))
    if "\\" in text:  # string literals in scripts: JSON embedded in a page, a JS bundle
        forms.append(html.unescape(_JS_ESCAPE.sub(_unescape_js, text)))
    if name.endswith(".ics"):  # calendar text escapes `,` `;` `\` and line breaks (RFC 5545)
        forms.append(html.unescape(_ICS_ESCAPE.sub(lambda m: m[1].replace("n", "\n")
                                                   .replace("N", "\n"), text)))
    if name.endswith(".json"):
        try:
            decoded = "\n".join(_json_strings(json.loads(text)))
        except ValueError:
            decoded = ""
        forms += [decoded, html.unescape(_TAG.sub("", decoded))]
    return [key(form) for form in forms]


_ICS_FOLD = re.compile(rb"\r?\n[ \t]")
_ICS_ESCAPE = re.compile(r"\\([\\;,nN])")


def _unescape_js(match: re.Match[str]) -> str:
    code = match.group(1) or match.group(2)
    if code:
        return chr(int(code, 16))
    return match.group(3) or " "


def _json_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item_key, item in value.items():
            yield item_key
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


# --- what counts as internal and as public -----------------------------------------------------

def library_texts(library: Library) -> set[str]:
    """Every text of every playbook in a library, ids and references excluded."""
    return {text for source in library.sources.values()
            for text in texts_in(source.raw, skip=REFERENCE_KEYS) if text.strip()}


def texts_from_playbooks(folders: Sequence[Path],
                         internal_folders: Sequence[Path] = ()) -> tuple[set[str], set[str]]:
    """(internal texts, public texts) of the playbooks an edition pair is built from.

    The public edition reads ``folders``; the internal edition reads ``folders`` and then
    ``internal_folders``. Internal text is what the public edition drops (``!internal``,
    ``internal: true``) plus any text only the internal edition has, so even unmarked
    playbooks in an internal-only folder count as internal.
    """
    public = load_playbooks(list(folders), "public")
    internal = load_playbooks([*folders, *internal_folders], "internal")
    public_texts = library_texts(public)
    internal_texts = set(public.internal_texts) | (library_texts(internal) - public_texts)
    return internal_texts, public_texts


def folders_from_config(config_file: Path) -> tuple[list[Path], list[Path]]:
    """(public folders, internal-only folders) named by a site's configuration.

    The folders are the ``playbooks`` of the ``inside-track`` plugin, relative to the file.
    An internal configuration that INHERITs the public one (``mkdocs.internal.yml``) names
    both: the parent's folders are public, the rest only the internal edition reads.
    Raises :class:`OSError` for a file that cannot be read.
    """
    own, edition, parent = _plugin_folders(config_file)
    if edition != "internal" or parent is None:
        return own, []
    public, _, _ = _plugin_folders(parent)
    return public, [folder for folder in own if folder not in public]


class _TolerantLoader(yaml.SafeLoader):
    """Reads configurations whose extensions use ``!!python/name:`` and similar tags, as
    nothing: only the plugin's options matter here, and nothing is constructed."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _plugin_folders(config_file: Path) -> tuple[list[Path], str, Path | None]:
    """The plugin's playbook folders, its edition and the INHERITed file, if any."""
    with config_file.open(encoding="utf-8") as stream:
        try:
            data = yaml.load(stream, Loader=_TolerantLoader) or {}
        except yaml.YAMLError as error:
            raise OSError(0, f"cannot read it as YAML ({error})", str(config_file)) from None
    if not isinstance(data, dict):
        raise OSError(0, "not a configuration (expected a mapping)", str(config_file))
    plugins = data.get("plugins") or {}
    if isinstance(plugins, list):  # MkDocs also takes a list of names and {name: options}
        plugins = {name: options for entry in plugins
                   for name, options in (entry.items() if isinstance(entry, dict)
                                         else [(entry, None)])}
    options = plugins.get("inside-track") if isinstance(plugins, dict) else None
    options = options if isinstance(options, dict) else {}
    root = config_file.resolve().parent
    parent = (root / str(data["INHERIT"])).resolve() if data.get("INHERIT") else None
    folders, edition = options.get("playbooks"), options.get("edition")
    if (folders is None or edition is None) and parent is not None:
        inherited, inherited_edition, _ = _plugin_folders(parent)
        return (inherited if folders is None else [(root / str(f)).resolve() for f in folders],
                str(edition or inherited_edition), parent)
    return ([(root / str(f)).resolve() for f in folders or ["playbooks"]],
            str(edition or "public"), parent)

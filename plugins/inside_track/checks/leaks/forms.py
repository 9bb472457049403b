"""The forms of text the leak check compares: of each internal text, and of each record read
from a built site.

Both sides go through :func:`key` (NFC, punctuation folded, whitespace removed, case
folded), so wrapping and "smart" punctuation do not matter. A record of a site is looked at
as written, with HTML entities decoded, with tags removed, percent-decoded, with string
escapes decoded and with ``data:`` addresses in base64 decoded (:func:`record_forms`); an
internal text as written, without its Markdown markup, and by distinctive fragments when it
is long (:func:`prepare`).

Text from a file can hold what Python strings allow but UTF-8 does not: a lone surrogate,
from a ``\\ud83d`` escape without its pair. Such a character cannot be part of any internal
text, so it becomes U+FFFD before anything is compared (:func:`without_surrogates`).
"""

from __future__ import annotations

import base64
import html
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import unquote

import ahocorasick_rs

MIN_LENGTH = 10
"""Internal texts with fewer characters than this (whitespace not counted) are not checked."""

FRAGMENT_LENGTH = 20
"""Fragments of a long text are checked only when at least this long (no whitespace)."""

WINDOW = 32
"""Length of the leading and trailing fragments checked for long texts (no whitespace)."""

ANCHORS = 3
"""Words per form that a record must all hold to be searched in full (see ``screen``)."""

_TAG = re.compile(r"<[^>]*>")
_DASHES = re.compile(r"-{2,}")
_SURROGATE = re.compile("[\ud800-\udfff]")
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
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*)")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_CONTROL = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "0": "\0"}
_DATA_URL = re.compile(r"data:[^,\s\"'<>]*;base64,([A-Za-z0-9+/=\s]+)")
_STRING_ESCAPE = re.compile(
    r"\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})"  # a surrogate pair
    r"|\\u\{([0-9a-fA-F]{1,6})\}"  # ECMAScript 2015: \u{1F916}
    r"|\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})|\\U([0-9a-fA-F]{8})"
    r"|\\([\"'\\/`])|\\([bfnrtv0])")


# --- one text in matching form -------------------------------------------------------------------

def without_surrogates(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD, so it can be encoded."""
    if text.isascii() or not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub("\ufffd", text)


def key(text: str) -> str:
    """The form used for matching: composed (NFC), punctuation folded, whitespace removed,
    case folded. ``text`` holds no lone surrogate (see :func:`without_surrogates`)."""
    if not text.isascii():
        if not unicodedata.is_normalized("NFC", text):
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


def words(text: str) -> list[str]:
    """The ASCII words of three or more letters and digits in ``text``, lower-cased."""
    return [word.lower() for word in _WORD.findall(text)]


def shorten(text: str, width: int = 70) -> str:
    """One line of at most ``width`` characters, for messages."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


def unescape_strings(text: str) -> str:
    """String literal escapes decoded (JSON, JavaScript, Python): a surrogate pair as the one
    character it encodes, a lone surrogate or an impossible code point as U+FFFD."""
    return _STRING_ESCAPE.sub(_unescape_string, text)


def _unescape_string(match: re.Match[str]) -> str:
    high, low, braced, four, two, eight, quoted, control = match.groups()
    if high:
        return chr(0x10000 + ((int(high, 16) - 0xD800) << 10) + (int(low, 16) - 0xDC00))
    code = braced or four or two or eight
    if code:
        value = int(code, 16)
        return "\ufffd" if value > 0x10FFFF or 0xD800 <= value < 0xE000 else chr(value)
    return quoted or _CONTROL[control]


def record_forms(text: str, as_written: bool = True) -> Iterator[str]:
    """The forms of one record of a site to search, each in :func:`key` form, made one at a
    time so that no more than one extra copy of the record is alive at once. ``text`` holds
    no lone surrogate: only JSON decoding makes them, and :mod:`.records` replaces them.

    A form is made only when its decoding changes something (an entity, a ``%XX``, a string
    escape is there). The record as written, beside its entity-decoded form, matters only
    to a text that holds an ``&`` itself; without such texts (``as_written`` false) it is
    left out.
    """
    entities = "&" in text and _ENTITY.search(text) is not None
    if as_written or not entities:
        yield key(text)
    if entities:
        yield key(html.unescape(text))
    if "<" in text:
        yield key(html.unescape(_TAG.sub("", text)))
    if "%" in text and _PERCENT.search(text):  # an internal text in a link or a query
        yield key(html.unescape(unquote(text, errors="replace")))
    if "\\" in text and _STRING_ESCAPE.search(text):  # JSON in a page, a script bundle
        decoded = html.unescape(unescape_strings(text))
        yield key(decoded)
        if "<" in decoded:
            yield key(_TAG.sub("", decoded))
    if "base64," in text:  # data: addresses (an image, a page, a file to download)
        decoded = "\n".join(_data_urls(text))
        if decoded:
            yield key(decoded)
            yield key(html.unescape(_TAG.sub("", decoded)))


def _data_urls(text: str) -> Iterator[str]:
    for match in _DATA_URL.finditer(text):
        try:
            data = base64.b64decode("".join(match.group(1).split()) + "==", validate=False)
        except ValueError:
            continue
        yield data.decode("utf-8", errors="replace")


# --- the internal texts ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Needle:
    """One internal text and the normalised forms that count as finding it.

    ``anchors`` holds, for each form, words that a record's raw bytes must all hold for that
    form to be in it (``None`` when some form has no such words).
    """

    text: str
    forms: tuple[str, ...]
    anchors: tuple[tuple[str, ...], ...] | None = None


@dataclass(frozen=True)
class Needles:
    """What a leak check looks for: the internal texts worth checking (``needles``), and
    the internal texts that are not secret because the public texts say them too
    (``public``, reported as warnings)."""

    needles: list[Needle]
    public: list[str]


def prepare(texts: Iterable[str], public_texts: Iterable[str] = ()) -> Needles:
    """The internal texts worth checking, each with the forms to look for, sorted by text.

    Texts shorter than :data:`MIN_LENGTH` are too likely to occur by chance; texts the
    public texts hold as well are public, whatever a playbook marks. Which forms occur in
    the public texts is found in one pass over them (an Aho-Corasick automaton), so the
    work grows with the two sizes added, not multiplied.
    """
    public = sorted({without_surrogates(text) for text in public_texts})
    candidates = []
    for text in sorted({without_surrogates(text) for text in texts}):
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
    needles, said_in_public = [], []
    for text, whole, fragments in candidates:
        if whole & in_public:
            said_in_public.append(text)
            continue
        forms = tuple(sorted(whole | (fragments - in_public)))
        needles.append(Needle(text, forms, _anchors(text, forms, frequency)))
    return Needles(needles, said_in_public)


def make_needles(texts: Iterable[str], public_texts: Iterable[str] = ()) -> list[Needle]:
    """The needles of :func:`prepare`."""
    return prepare(texts, public_texts).needles


def checked_texts(texts: Iterable[str], public_texts: Iterable[str] = ()) -> list[str]:
    """The internal texts a leak check looks for (the others are too short or public)."""
    return [needle.text for needle in make_needles(texts, public_texts)]


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

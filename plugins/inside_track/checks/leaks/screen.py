"""The quick first look at a record of a site: can it hold any form of any internal text?

Preparing a record's forms (:func:`..forms.record_forms`) costs far more than searching
them, so each record's raw bytes are screened first: each form of each internal text has
*anchors*, the rarest ASCII words of the text as written that the form contains, and a
record whose bytes (case aside) lack an anchor of every form cannot hold any form. An ASCII
letter or digit spelled as an entity or escape (``&#97;``, ``%61``, ``\\u0061``), a
character that folds to ASCII letters (``ß``, ``ﬁ``) and a soft hyphen or zero-width space
inside a word are revealed before the screen looks, and a record with markup inside a
word is also looked at without it. A record that escapes an ``&``
(``%26``) or holds base64 (``data:`` addresses), and every record when a text has a form
with no ASCII word of three characters or more, gets the full search.

The screen looks at one record at a time (a page, one document of a search index, one
entry of a manifest), so a word that happens to occur somewhere in a large file lets only
its own record through, and the cost of a check cannot jump with chance.
"""

from __future__ import annotations

import html
import html.entities
import re
from collections.abc import Sequence
from urllib.parse import unquote

import ahocorasick_rs

from .forms import Needle, key

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
    # longest first: '&shy;' must not be read as '&shy' followed by a stray ';'
    names = sorted((name for name, value in html.entities.html5.items()
                    if len(value) == 1 and ord(value) in hidden), key=lambda n: (-len(n), n))
    alnum = rb"(?:3[0-9]|[46][1-9a-fA-F]|[57][0-9aA])"  # 0-9, A-Z, a-z in hexadecimal
    # grouped by their first byte, so that the pattern tries few branches at each '&', '%'
    # and backslash of a page (Python's re does not factor alternatives by itself)
    references = [rb"#(?:0*(?:4[89]|5[0-7]|6[5-9]|[78][0-9]|9[07-9]|1[01][0-9]|12[0-2])"
                  rb"|[xX]0*" + alnum + rb");", *(re.escape(name.encode()) for name in names)]
    percents = [alnum]
    escapes = [rb"u00" + alnum, rb"u\{0*" + alnum + rb"\}", rb"U000000" + alnum, rb"x" + alnum]
    as_is = []
    for code in hidden:
        encoded = chr(code).encode()
        as_is.append(re.escape(encoded))
        references += [rb"#0*" + str(code).encode() + rb";",
                       rb"#[xX]0*" + _any_case(f"{code:x}") + rb";"]
        percents.append(b"%".join(_any_case(f"{byte:02x}") for byte in encoded))
        escapes += [rb"u" + _any_case(f"{code:04x}"),
                    rb"u\{0*" + _any_case(f"{code:x}") + rb"\}",
                    rb"U" + _any_case(f"{code:08x}")]
        if code < 0x100:
            escapes.append(rb"x" + _any_case(f"{code:02x}"))
    return re.compile(rb"&(?:" + b"|".join(references) + rb")|%(?:" + b"|".join(percents)
                      + rb")|\\(?:" + b"|".join(escapes) + rb")|" + b"|".join(as_is))


def _any_case(hex_digits: str) -> bytes:
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c
                   for c in hex_digits).encode()


HIDDEN_WORD_CHARACTER = _hidden_word_characters()
_INLINE_TAG = re.compile(
    rb"/?(?:a|abbr|b|bdi|bdo|cite|code|data|del|dfn|em|font|i|ins|kbd|mark|q|s|samp|small"
    rb"|span|strong|sub|sup|time|u|var|wbr)(?:[\s/][^<>]*)?>", re.IGNORECASE)
_WORD_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")


def without_tags_in_words(data: bytes) -> bytes | None:
    """``data`` without the inline markup inside words (``Ra<b>man</b>``, which a browser
    shows as one word; a block's tags, ``</p><p>``, part words anyway); None if it has
    none. Split at each ``<``: far quicker than a pattern tried at every byte."""
    pieces = data.split(b"<")
    joined, changed, in_word = [pieces[0]], False, bool(pieces[0]) and \
        pieces[0][-1] in _WORD_BYTES
    for piece in pieces[1:]:
        tag = _INLINE_TAG.match(piece) if in_word else None
        rest = piece[tag.end():] if tag else piece
        if tag and (not rest or rest[0] in _WORD_BYTES):
            joined.append(rest)  # may be empty: the next tag is still inside the word
            changed = True
        else:
            joined.append(b"<" + piece)
            rest = piece
        in_word = (rest[-1] in _WORD_BYTES) if rest else in_word
    return b"".join(joined) if changed else None


_ESCAPED_AMPERSANDS = (b"%26", b"\\u0026", b"\\x26")  # plain searches: faster than a pattern
_ENCODED = (*_ESCAPED_AMPERSANDS, b"base64,")  # what the screen cannot see through


def reveal(match: re.Match[bytes]) -> bytes:
    """A hidden word character as the full search reads it, in :func:`key` form."""
    token = match.group().decode("utf-8", errors="replace")
    if token.startswith("&"):
        token = html.unescape(token)
    elif token.startswith("%"):
        token = unquote(token)
    elif token.startswith("\\"):
        token = chr(int(token[2:].strip("{}"), 16))
    return key(token).encode()


class Screen:
    """Searches a record's raw bytes, lower-cased, for every needle's anchors at once.

    A record that encodes an ``&`` as a percent or string escape can hold a character
    reference that the full search decodes in two steps (``%26%2397%3B`` is ``a``), and a
    ``data:`` address in base64 can hold any text, so such a record is always searched in
    full.
    """

    def __init__(self, needles: Sequence[Needle]) -> None:
        self.matcher: ahocorasick_rs.BytesAhoCorasick | None = None
        if not needles or any(needle.anchors is None for needle in needles):
            return  # a text the screen cannot see: search every record in full
        vocabulary = sorted({word for needle in needles for anchors in needle.anchors or ()
                             for word in anchors})
        number = {word: index for index, word in enumerate(vocabulary)}
        # each form's words, filed under its rarest one
        self.requirements: dict[int, list[frozenset[int]]] = {}
        for needle in needles:
            for anchors in needle.anchors or ():
                self.requirements.setdefault(number[anchors[0]], []).append(
                    frozenset(number[word] for word in anchors))
        # a few thousand short words: a DFA is small, and twice as fast as the default
        self.matcher = ahocorasick_rs.BytesAhoCorasick(
            [w.encode() for w in vocabulary], implementation=ahocorasick_rs.Implementation.DFA)

    def may_hold(self, data: bytes) -> bool:
        if self.matcher is None or any(encoded in data for encoded in _ENCODED):
            return True
        if HIDDEN_WORD_CHARACTER.search(data):
            data = HIDDEN_WORD_CHARACTER.sub(reveal, data)
        if (joined := without_tags_in_words(data)) is not None:
            data += b"\n" + joined  # both ways: an attribute may hold a word too
        found = {index for index, _start, _end in
                 self.matcher.find_matches_as_indexes(data.lower(), overlapping=True)}
        return any(required <= found for first in found
                   for required in self.requirements.get(first, ()))

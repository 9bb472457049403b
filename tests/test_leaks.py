"""The leak check on hand-made site folders: every way a text can be written into a file."""

from __future__ import annotations

import gzip
import html
import json
import re
import unicodedata
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, put
from inside_track.checks.leaks import (
    FRAGMENT_LENGTH,
    MIN_LENGTH,
    Leak,
    Screen,
    checked_texts,
    find_leaks,
    key,
    make_needles,
    plain,
    scan_site,
    texts_from_playbooks,
)
from inside_track.checks.leaks.forms import _fragments
from inside_track.checks.leaks.screen import FOLDS_TO_ASCII, HIDDEN_WORD_CHARACTER, reveal

SECRET = "Ask Priya Raman in People Ops before anyone else"
EXAMPLE = ROOT / "examples" / "acme"


def site(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    root = tmp_path / "site"
    for name, content in files.items():
        put(root, name, content)
    return root


def test_clean_site_has_no_leaks(tmp_path: Path) -> None:
    root = site(tmp_path, {"index.html": "<p>Ask your manager first.</p>"})
    assert find_leaks(root, [SECRET]) == []


def test_raw_text_in_a_page_is_found_and_named(tmp_path: Path) -> None:
    root = site(tmp_path, {"companies/acme/index.html": f"<li>{SECRET}</li>"})
    assert find_leaks(root, [SECRET]) == [Leak("companies/acme/index.html", SECRET)]
    assert str(find_leaks(root, [SECRET])[0]) == (
        'companies/acme/index.html: contains internal-only text "Ask Priya Raman in People Ops '
        'before anyone else"')


def test_markdown_markup_does_not_hide_text(tmp_path: Path) -> None:
    text = "Ask **Priya Raman** in [People Ops](https://people.acme.example/ops) first"
    rendered = ('<p>Ask <strong>Priya Raman</strong> in <a href="https://people.acme.example/'
                'ops">People Ops</a> first</p>')
    root = site(tmp_path, {"a.html": rendered, "b.html": "<p>See https://people.acme.example/ops"
                           "</p>", "c.html": "<p>Ask Priya Raman in People Ops first</p>"})
    assert [leak.file for leak in find_leaks(root, [text])] == ["a.html", "b.html", "c.html"]


def test_html_entities_line_breaks_and_case_do_not_hide_text(tmp_path: Path) -> None:
    text = "Dana's \"quiet\" list: transfers & promotions"
    page = ("<p>DANA&#x27;S &quot;quiet&quot;\n   list:\ttransfers &amp;\n"
            "promotions</p>")
    root = site(tmp_path, {"index.html": page})
    assert find_leaks(root, [text]) == [Leak("index.html", text)]


def test_typographic_punctuation_is_folded(tmp_path: Path) -> None:
    text = "Dana's list -- ask her \"nicely\"..."
    root = site(tmp_path, {"index.html": "<p>Dana&rsquo;s list &ndash; ask her &ldquo;nicely"
                           "&rdquo;&hellip;</p>"})
    assert checked_texts([text]) == [text]
    # '--' becomes one en dash under SmartyPants; the sentence fragment still matches
    assert find_leaks(root, [text]) == [Leak("index.html", text)]


def test_json_escapes_are_decoded(tmp_path: Path) -> None:
    text = "Dana\u2019s \u201cquiet\u201d transfer list"
    index = json.dumps({"docs": [{"location": "x/", "text": f"<p>{text}</p>"}]},
                       ensure_ascii=True)
    assert "Dana" in index and "quiet" in index and "\\u2019" in index
    root = site(tmp_path, {"search/search_index.json": index})
    assert find_leaks(root, [text]) == [Leak("search/search_index.json", text)]


def test_gzipped_files_are_searched_decompressed(tmp_path: Path) -> None:
    secret_url = "https://example.org/guide/companies/acme-perception-division/"
    xml = f"<urlset><url><loc>{secret_url}</loc></url></urlset>"
    root = site(tmp_path, {"sitemap.xml.gz": gzip.compress(xml.encode())})
    assert find_leaks(root, [secret_url]) == [Leak("sitemap.xml.gz", secret_url)]


def test_shortened_long_text_is_found_by_its_fragments(tmp_path: Path) -> None:
    text = ("The Q3 reorganisation will merge the perception and planning teams under one "
            "director and freeze transfers until the new org chart is announced")
    root = site(tmp_path, {"a.html": f"<meta content=\"{text[:70]}...\">",
                           "b.html": f"<p>...{text[-50:]}</p>"})
    assert [leak.file for leak in find_leaks(root, [text])] == ["a.html", "b.html"]


def test_one_sentence_of_a_long_text_is_found(tmp_path: Path) -> None:
    text = ("Transfers need a sponsor. Priya Raman signs off on every ML transfer. "
            "Apply before the calibration meeting.")
    root = site(tmp_path, {"index.html": "<p>Priya Raman signs off on every ML transfer.</p>"})
    assert find_leaks(root, [text]) == [Leak("index.html", text)]


def test_short_and_public_texts_are_not_checked(tmp_path: Path) -> None:
    short = "x" * (MIN_LENGTH - 1)
    public = "Acme Robotics"
    root = site(tmp_path, {"index.html": f"<p>{short} {public} {SECRET}</p>"})
    texts = [short, public, SECRET, "   "]
    assert checked_texts(texts, public_texts=["Working at Acme Robotics"]) == [SECRET]
    assert find_leaks(root, texts, public_texts=["Working at Acme Robotics"]) == [
        Leak("index.html", SECRET)]
    assert checked_texts(["x" * MIN_LENGTH]) == ["x" * MIN_LENGTH]


def test_public_sentence_inside_an_internal_text_is_not_a_fragment(tmp_path: Path) -> None:
    public = "Talk to an ML engineer about what they build."
    text = f"{public} Priya Raman can introduce you."
    root = site(tmp_path, {"index.html": f"<p>{public}</p>"})
    assert find_leaks(root, [text], public_texts=[public]) == []
    (root / "leak.html").write_text("<p>Priya Raman can introduce you.</p>")
    assert find_leaks(root, [text], public_texts=[public]) == [Leak("leak.html", text)]


def test_a_name_alone_is_not_the_whole_text(tmp_path: Path) -> None:
    root = site(tmp_path, {"index.html": "<p>Priya Raman</p>"})
    assert find_leaks(root, [SECRET]) == []


def test_every_file_type_is_searched_and_order_is_deterministic(tmp_path: Path) -> None:
    other = "Headcount for the perception team is frozen until Q3"
    root = site(tmp_path, {
        "z.txt": SECRET, "a/b.js": f'var x = "{other}";', "404.html": f"<p>{SECRET}</p>",
        "assets/logo.png": b"\x89PNG\r\n\x1a\n" + SECRET.encode() + b"\x00\xff",
        "sitemap.xml": f"<loc>{other}</loc>", "checklists.json": json.dumps({"t": other}),
    })
    leaks = find_leaks(root, [SECRET, other])
    assert leaks == sorted(leaks)
    assert [(leak.file, leak.text) for leak in leaks] == [
        ("404.html", SECRET), ("a/b.js", other), ("assets/logo.png", SECRET),
        ("checklists.json", other), ("sitemap.xml", other), ("z.txt", SECRET)]


def test_plain_removes_markdown_markup() -> None:
    assert plain("**Ask** _Priya_ about `the_list` and [the wiki](https://w.example/x)") == (
        "Ask Priya about the_list and the wiki")
    assert plain("- one\n- two\n\n## Three {: #three }") == "one\ntwo\n\nThree "
    assert plain(r"2 \* 3 &lt; 7") == "2 * 3 < 7"


words = st.text(alphabet=st.characters(categories=["L", "N"], max_codepoint=0x2FFF),
                min_size=3, max_size=12)


@settings(max_examples=60, deadline=None)
@given(st.lists(words, min_size=3, max_size=8))
def test_any_text_is_found_however_it_is_escaped(tmp_path_factory, parts: list[str]) -> None:
    text = " ".join(parts) + " & <co>"
    root = tmp_path_factory.mktemp("site")
    (root / "page.html").write_text(f"<p>{html.escape(text)}</p>", encoding="utf-8")
    (root / "index.json").write_text(json.dumps({"text": text}), encoding="utf-8")
    (root / "plain.txt").write_text("\n".join(text.split(" ")), encoding="utf-8")
    found = {leak.file for leak in find_leaks(root, [text])}
    assert found == {"page.html", "index.json", "plain.txt"}


def test_string_escapes_in_scripts_are_decoded(tmp_path: Path) -> None:
    text = 'Dana\u2019s "quiet" list of transfers'
    embedded = json.dumps({"t": text})  # what a page embedding the checklist data writes
    assert "\\u2019" in embedded and '\\"' in embedded
    root = site(tmp_path, {"checklists/x/index.html":
                           f'<script type="application/json">{embedded}</script>',
                           "assets/app.js": "var t='Dana\\x27s \\\"quiet\\\" list of "
                                            "transfers';"})
    assert [leak.file for leak in find_leaks(root, [text])] == [
        "assets/app.js", "checklists/x/index.html"]


def test_decomposed_unicode_and_percent_encoding_do_not_hide_text(tmp_path: Path) -> None:
    import unicodedata
    from urllib.parse import quote

    secret = "Die Beförderungsrunde tagt im Café Müller"
    root = site(tmp_path, {"nfd.html": unicodedata.normalize("NFD", secret),
                           "link.html": f'<a href="https://x.example/?q={quote(secret)}">q</a>'})
    assert find_leaks(root, [secret]) == [Leak("link.html", secret), Leak("nfd.html", secret)]


def test_many_texts_are_found_in_one_pass_each_in_its_own_file(tmp_path: Path) -> None:
    texts = [f"Internal note number {n:04d} about the committee" for n in range(2000)]
    root = site(tmp_path, {f"p{n}.html": f"<p>{texts[n]}</p>" for n in range(0, 2000, 250)})
    assert find_leaks(root, texts) == [Leak(f"p{n}.html", texts[n])
                                       for n in sorted(range(0, 2000, 250), key=str)]


# --- the screen: a quick look at raw bytes that must never hide a leak ------------------------

ENCODINGS = {
    "as is": lambda text: f"<p>{text}</p>",
    "escaped": lambda text: f"<p>{html.escape(text)}</p>",
    "entities for every character": lambda text: "".join(f"&#{ord(c)};" for c in text),
    "hexadecimal entities": lambda text: "".join(f"&#X{ord(c):X};" for c in text),
    "percent-encoded": lambda text: "<a href='/x?q=" + "".join(
        f"%{byte:02X}" for byte in text.encode()) + "'>x</a>",
    "JSON, ASCII only": lambda text: json.dumps({"text": text}),
    "string escapes": lambda text: "var t = '" + "".join(f"\\u{ord(c):04x}" for c in text)
                                   + "';",
    "braced string escapes": lambda text: "var t = '" + "".join(
        f"\\u{{{ord(c):x}}}" for c in text) + "';",
    "decomposed": lambda text: unicodedata.normalize("NFD", text),
    "upper case": lambda text: text.upper(),
    "wrapped in tags": lambda text: "<p>" + "</span> <span>".join(text.split()) + "</p>",
    "soft hyphens": lambda text: "\u00ad".join(text),
    "zero-width spaces": lambda text: "&#8203;".join(text),
    "references inside percent escapes": lambda text: "".join(
        f"%26%23{ord(c)}%3B" for c in text),
    "references inside string escapes": lambda text: "var t = '" + "".join(
        f"\\u0026#{ord(c)};" for c in text) + "';",
    "a reference for one letter": lambda text: text.replace("a", "&#97;", 1),
    "folded ligatures": lambda text: text.replace("fi", "\ufb01").replace("ss", "\u00df"),
    "shortened": lambda text: text[:-6] + "…",
    "last sentence": lambda text: text.rsplit(". ", 1)[-1],
}


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
def test_the_screen_never_hides_what_the_full_search_finds(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str) -> None:
    texts = [SECRET, "Straße office: Fiona Grossmann files the transfer. Ask her first.",
             "Zoë Müller, extension 4417, is the talent partner for platform teams."]
    files = {f"{index}.html": ENCODINGS[encoding](text) for index, text in enumerate(texts)}
    files["clean.html"] = "<p>Ask your manager which team owns the model.</p>"
    root = site(tmp_path, files)
    screened = find_leaks(root, texts)
    assert screened, "every encoding above leaves at least one text findable"
    monkeypatch.setattr(Screen, "may_hold", lambda self, data: True)
    assert screened == find_leaks(root, texts)


@settings(max_examples=60, deadline=None)
@given(words=st.lists(st.sampled_from(["Priya", "Raman", "talent", "ß", "ﬁle", "Zoë", "4417",
                                       "review", "K", "**bold**", "[ops](https://x.example)",
                                       "&amp;", "İstanbul", "co-op"]), min_size=3, max_size=9),
       encoding=st.sampled_from(sorted(ENCODINGS)))
def test_any_text_in_any_encoding_is_found_with_and_without_the_screen(
        tmp_path_factory: pytest.TempPathFactory, words: list[str], encoding: str) -> None:
    text = " ".join(words)
    root = site(tmp_path_factory.mktemp("screen"), {"page.html": ENCODINGS[encoding](text)})
    screened = find_leaks(root, [text])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Screen, "may_hold", lambda self, data: True)
        assert screened == find_leaks(root, [text])


def test_the_screen_passes_over_files_without_the_words() -> None:
    screen = Screen(make_needles([SECRET]))
    assert screen.may_hold(b"<p>ASK PRIYA RAMAN in people ops before anyone else</p>")
    assert not screen.may_hold(b"<p>Ask your manager before anyone else.</p>")
    assert not screen.may_hold(b"<p>Ask your manager &#80;riya</p>")  # one word of many
    assert screen.may_hold(b"<p>Ask &#80;riya R&#x61;man in People Ops before anyone else")
    assert screen.may_hold(b"<a href='?q=%26%2380;riya'>x</a>")  # an escaped '&': in full


def test_every_encoded_ascii_letter_or_digit_is_revealed_to_the_screen() -> None:
    for code in range(0x80):
        forms = [f"&#{code};", f"&#x{code:x};", f"&#X{code:02X};", f"%{code:02x}",
                 f"%{code:02X}", f"\\u{code:04x}", f"\\x{code:02x}", f"\\u{{{code:x}}}",
                 f"\\u{{00{code:X}}}", f"\\U{code:08x}"]
        for form in forms:
            revealed = HIDDEN_WORD_CHARACTER.sub(reveal, form.encode())
            expected = chr(code).lower() if chr(code).isalnum() else form
            assert revealed == expected.encode(), (code, form, revealed)


def test_every_character_that_folds_to_ascii_is_known() -> None:
    folding = [code for code in range(0x80, 0x110000)
               if not 0xD800 <= code < 0xE000 and re.search(r"[A-Za-z0-9]", key(chr(code)))]
    assert tuple(folding) == FOLDS_TO_ASCII


def test_files_a_theme_ships_as_they_are_are_not_searched(tmp_path: Path) -> None:
    theme = site(tmp_path / "theme", {"assets/stemmer.js": f"var words = '{SECRET}';"})
    root = site(tmp_path / "out", {"assets/stemmer.js": f"var words = '{SECRET}';",
                                   "assets/changed.js": f"var words = '{SECRET}!';"})
    assert find_leaks(root, [SECRET], shipped=[theme]) == [Leak("assets/changed.js", SECRET)]
    (root / "assets" / "stemmer.js").write_text(f"var words = '{SECRET}.';", encoding="utf-8")
    assert [leak.file for leak in find_leaks(root, [SECRET], shipped=[theme])] == [
        "assets/changed.js", "assets/stemmer.js"]


def test_needles_drop_what_the_public_texts_hold_exactly_as_a_plain_search_would() -> None:
    """The automaton that finds forms in the public texts agrees with ``in`` on each one."""
    internal, public = texts_from_playbooks([ROOT / "playbooks", EXAMPLE / "company-playbooks"],
                                            [EXAMPLE / "internal-playbooks"])
    public |= {"Ask your HR talent partner to put a one-page summary of your ML work",
               "The Talent Council: the VP of Engineering and two HR partners"}
    corpus = "\x00".join([*(key(t) for t in sorted(public)),
                          *(key(plain(t)) for t in sorted(public))])
    needles = {needle.text: needle for needle in make_needles(internal, public)}
    assert needles, "the example fork has internal text to look for"
    for text in internal:
        whole = {key(text), key(plain(text))}
        if min(map(len, whole)) < MIN_LENGTH or any(form in corpus for form in whole):
            assert text not in needles
            continue
        fragments = {f for f in _fragments(text) if len(f) >= FRAGMENT_LENGTH}
        assert set(needles[text].forms) == whole | {f for f in fragments if f not in corpus}


# --- text from every Unicode plane ---------------------------------------------------------------

PLANE_CHARACTERS = st.integers(0, 16).flatmap(
    lambda plane: st.integers(plane * 0x10000, plane * 0x10000 + 0xFFFF)).filter(
    lambda code: not 0xD800 <= code < 0xE000 and code != ord("&")).map(chr)
"""Any character of any plane, but surrogates (no text holds one) and ``&`` (which would
make the text's own words look like HTML references)."""

WRITTEN = {
    "page.html": lambda text: f"<p>{html.escape(text)}</p>",
    "search_index.json": lambda text: json.dumps({"docs": [{"title": "x", "text": text}]}),
    "script.html": lambda text: f"<script>var d = {json.dumps({'t': text})};</script>",
    "link.html": lambda text: f"<a href='/s?q={quote(text, safe='')}'>s</a>",
    "bundle.js": lambda text: "var t = '" + "".join(f"\\u{{{ord(c):x}}}" for c in text) + "';",
    "utf16.txt": lambda text: ("<p>" + text + "</p>").encode("utf-16"),
}


@settings(max_examples=80, deadline=None)
@given(st.lists(PLANE_CHARACTERS, min_size=10, max_size=30))
def test_text_from_every_plane_is_found_however_it_is_written(
        tmp_path_factory: pytest.TempPathFactory, characters: list[str]) -> None:
    text = "Q" + "".join(characters) + "Q"  # a starter at each end: nothing composes across
    root = site(tmp_path_factory.mktemp("planes"),
                {name: write(text) for name, write in WRITTEN.items()})
    found = {leak.file for leak in find_leaks(root, [text])}
    if checked_texts([text]):
        assert found == set(WRITTEN)
    else:
        assert found == set()


@settings(max_examples=80, deadline=None)
@given(data=st.binary(max_size=300), characters=st.text(max_size=60),
       escapes=st.lists(st.integers(0, 0x10FFFF), max_size=8))
def test_no_file_content_crashes_the_check(tmp_path_factory: pytest.TempPathFactory,
                                           data: bytes, characters: str,
                                           escapes: list[int]) -> None:
    """Bytes of any kind, text with lone surrogates, escapes of any code point, in files
    read as JSON, pages and gzip data: the check reads them and answers."""
    escaped = "".join(f"\\u{code:04x}" if code < 0x10000 else f"\\u{{{code:x}}}"
                      for code in escapes)
    content = characters.encode("utf-8", errors="surrogatepass")
    root = site(tmp_path_factory.mktemp("garbage"), {
        "a.json": data, "b.json": b'{"t": "' + escaped.encode() + b'"}',
        "c.html": content + escaped.encode(), "d.gz": gzip.compress(data)[:-3],
        "e.json": b'["' + content + b'"]',
    })
    scan = scan_site(root, [SECRET, characters + " is an internal text"])
    assert scan.unchecked == []
    assert scan.leaks == sorted(scan.leaks)


# --- the screen looks at one record at a time ---------------------------------------------------

def test_only_the_records_that_hold_the_words_get_the_full_search(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A search index whose one document happens to hold every word of an internal text
    costs one record's forms, not the whole file's."""
    from inside_track.checks.leaks import scan as scan_module

    made: list[str] = []
    original = scan_module.record_forms

    def counted(text: str, *options: bool):
        made.append(text)
        return original(text, *options)

    monkeypatch.setattr(scan_module, "record_forms", counted)
    docs = [{"location": f"p{n}/", "title": f"Page {n}", "text": "<p>Public words.</p>"}
            for n in range(500)]
    docs[17]["text"] = "<p>Raman asks Priya: people ops before anyone else?</p>"  # the words
    docs[400]["text"] = f"<p>{SECRET}</p>"
    root = site(tmp_path, {"search/search_index.json": json.dumps({"docs": docs})})
    assert find_leaks(root, [SECRET]) == [Leak("search/search_index.json", SECRET)]
    assert len(made) == 2 and "p17/" in made[0] and "p400/" in made[1]


def test_text_in_a_base64_data_address_is_found(tmp_path: Path) -> None:
    import base64

    encoded = base64.b64encode(f"<p>{SECRET}</p>".encode()).decode()
    root = site(tmp_path, {"page.html": f'<a href="data:text/html;base64,{encoded}">x</a>',
                           "style.css": "a{background:url(data:image/svg+xml;charset=utf-8;"
                                        f"base64,{encoded[:20]}\n{encoded[20:]})}}"})
    assert find_leaks(root, [SECRET]) == [Leak("page.html", SECRET), Leak("style.css", SECRET)]

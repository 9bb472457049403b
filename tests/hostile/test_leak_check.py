"""The leak check on the inputs that once made it crash, skip or say OK without reading:
characters beyond the Basic Multilingual Plane, files larger than any cut-off, links,
special files, empty or misnamed playbook folders, configurations read by MkDocs
(``!ENV``), internal-only folders the public build must know, and the packaged guide.

Exit codes of ``check-leaks``: 0 clean, 1 a leak, 2 could not check.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, put, run_build
from inside_track.checks.leaks import (
    CouldNotCheck,
    Leak,
    find_leaks,
    scan_site,
    texts_from_playbooks,
)
from inside_track.checks.leaks import records as records_module
from inside_track.cli import main
from test_forks import fork_tree

SECRET = "Ask Priya Raman in People Ops before anyone else"
PERCEPTION = ("Ask to be discussed at the September calibration round of the perception "
              "division")  # only in examples/acme/internal-playbooks
EXAMPLE_FOLDERS = ["../../playbooks", "company-playbooks", "--internal", "internal-playbooks"]


page = put  # a file of a built site


# --- characters beyond the Basic Multilingual Plane -------------------------------------------

def test_an_emoji_escaped_as_a_surrogate_pair_is_read_as_one_character(tmp_path: Path) -> None:
    """MkDocs writes the search index with ASCII escapes: an emoji is two ``\\u`` escapes."""
    site = tmp_path / "site"
    index = json.dumps({"docs": [{"location": "companies/acme/", "title": "Acme Robotics 🤖",
                                  "text": f"<p>Acme Robotics 🤖 {SECRET}</p>"}]})
    assert "\\ud83e\\udd16" in index
    page(site, "search/search_index.json", index)
    page(site, "companies/acme/index.html",
         '<script>var d = "Acme Robotics \\ud83e\\udd16";</script>')
    assert find_leaks(site, [SECRET, "Robotics 🤖 fleet planning"]) == [
        Leak("search/search_index.json", SECRET)]
    assert find_leaks(site, ["Acme Robotics 🤖"]) == [
        Leak("companies/acme/index.html", "Acme Robotics 🤖"),
        Leak("search/search_index.json", "Acme Robotics 🤖")]


def test_lone_surrogates_and_broken_escapes_never_crash_the_check(tmp_path: Path) -> None:
    site = tmp_path / "site"
    page(site, "a.json", '{"t": "\\ud83d lone high, \\ude00 lone low, ' + SECRET + '"}')
    page(site, "b.html", '<script>x="\\ud83d\\u{110000}\\u{1F916}\\U0001F916"</script>')
    page(site, "c.json", '["\\ud800", {"\\udfff": 1}]')
    page(site, "d.html", "&#xD83D;&#55357;&#x110000; %ED%A0%BD %F0%9F%A4%96")
    assert find_leaks(site, [SECRET, "🤖🤖 lone surrogates \ud83d here"]) == [
        Leak("a.json", SECRET)]


@pytest.mark.slow
def test_an_emoji_in_a_company_name_builds_and_checks_a_fork_with_internal_text(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    example = fork_tree(tmp_path) / "examples" / "acme"
    playbook = example / "company-playbooks" / "acme.yml"
    playbook.write_text(playbook.read_text(encoding="utf-8").replace(
        "name: Acme Robotics\n", "name: Acme Robotics 🤖\n", 1), encoding="utf-8")
    build = run_build(example)
    assert build.returncode == 0, build.log
    assert "Traceback" not in build.log
    assert "leak check: no internal-only text" in build.log
    assert "\\ud83e\\udd16" in (example / "site" / "search" / "search_index.json").read_text()
    monkeypatch.chdir(example)
    assert main(["check-leaks", "site", *EXAMPLE_FOLDERS]) == 0
    assert capsys.readouterr().out.startswith("OK: none of ")


# --- every byte of every file ----------------------------------------------------------------

def test_a_file_larger_than_any_window_is_read_to_its_last_byte(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    filler = b"<p>Nothing internal here, only public words about moving into ML.</p>\n"
    with (site / "big.html").open("wb") as stream:
        for _ in range(60 * 2**20 // len(filler)):  # 60 MB, past the old 50 MB cut-off
            stream.write(filler)
        stream.write(f"<p>{SECRET}</p>".encode())
    assert (site / "big.html").stat().st_size > 60_000_000
    page(site, "sitemap.xml.gz", gzip.compress(filler * (55 * 2**20 // len(filler))
                                               + SECRET.encode(), compresslevel=1))
    assert find_leaks(site, [SECRET]) == [Leak("big.html", SECRET), Leak("sitemap.xml.gz",
                                                                          SECRET)]


def test_a_text_across_the_end_of_a_window_is_found(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(records_module, "WINDOW_BYTES", 4096)
    monkeypatch.setattr(records_module, "OVERLAP_BYTES", 512)
    site = tmp_path / "site"
    for offset in range(4096 - len(SECRET) - 2, 4096 + 3):
        page(site, f"p{offset}.txt", "é" * (offset // 2) + "x" * (offset % 2) + SECRET
             + "." * 9000)
    assert {leak.file for leak in find_leaks(site, [SECRET])} == {
        f"p{offset}.txt" for offset in range(4096 - len(SECRET) - 2, 4096 + 3)}


def test_text_in_other_encodings_is_found(tmp_path: Path) -> None:
    site = tmp_path / "site"
    secret = "Die Beförderungsrunde tagt im Café Müller"
    page(site, "utf16.txt", secret.encode("utf-16"))  # with its byte order mark
    page(site, "utf16be.txt", b"\x00\x00" + secret.encode("utf-16-be"))  # none
    page(site, "latin1.html", f"<p>{secret}</p>".encode("cp1252"))
    page(site, "bom.json", b"\xef\xbb\xbf" + json.dumps({"t": secret}).encode())
    page(site, "compressed.bin", gzip.compress(secret.encode()))
    assert [leak.file for leak in find_leaks(site, [secret])] == [
        "bom.json", "compressed.bin", "latin1.html", "utf16.txt", "utf16be.txt"]


# --- links and special files ------------------------------------------------------------------

def test_a_linked_folder_and_a_linked_file_are_read(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    page(outside, "team/index.html", f"<p>{SECRET}</p>")
    page(outside, "note.txt", SECRET)
    site = tmp_path / "site"
    page(site, "index.html", "<p>Public.</p>")
    (site / "linked").symlink_to(outside / "team", target_is_directory=True)
    (site / "note.txt").symlink_to(outside / "note.txt")
    (site / "loop").symlink_to(site, target_is_directory=True)  # walked once, not forever
    assert find_leaks(site, [SECRET]) == [Leak("linked/index.html", SECRET),
                                          Leak("note.txt", SECRET)]


def test_what_cannot_be_read_is_never_passed_as_checked(tmp_path: Path) -> None:
    site = tmp_path / "site"
    page(site, "index.html", "<p>Public.</p>")
    (site / "gone.html").symlink_to(tmp_path / "no-such-file")
    os.mkfifo(site / "pipe")  # reading it would block: it is named, not read
    scan = scan_site(site, [SECRET])
    assert scan.leaks == []
    assert [(item.file, item.reason) for item in scan.unchecked] == [
        ("gone.html", "a link to nothing"),
        ("pipe", "not a regular file (a pipe, a socket or a device); its content cannot be "
                 "read safely")]
    with pytest.raises(CouldNotCheck, match=r"gone\.html: could not check it"):
        find_leaks(site, [SECRET])
    assert scan_site(tmp_path / "no-site", [SECRET]).unchecked


def test_check_leaks_exits_2_on_a_file_it_could_not_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    example = fork_tree(tmp_path) / "examples" / "acme"
    page(example / "site", "index.html", "<p>Public.</p>")
    (example / "site" / "old").symlink_to(example / "removed", target_is_directory=True)
    monkeypatch.chdir(example)
    assert main(["check-leaks", "site", *EXAMPLE_FOLDERS]) == 2
    err = capsys.readouterr().err
    assert "site/old: could not check it: a link to nothing" in err
    page(example / "site", "leak.html", f"<p>{PERCEPTION}.</p>")
    assert main(["check-leaks", "site", *EXAMPLE_FOLDERS]) == 1  # a leak is certain


# --- the playbooks compared against -----------------------------------------------------------

def test_an_empty_or_wrong_playbook_folder_is_not_ok(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    example = fork_tree(tmp_path) / "examples" / "acme"
    page(example / "site", "index.html", "<p>Public.</p>")
    (example / "empty").mkdir()
    monkeypatch.chdir(example)
    assert main(["check-leaks", "site", "empty", "--internal", "internal-playbooks"]) == 2
    out, err = capsys.readouterr()
    assert "empty" in err and "OK" not in out + err
    assert main(["check-leaks", "site", "no-such-folder"]) == 2
    assert "cannot read this playbook folder" in capsys.readouterr().err


def test_env_values_in_the_configuration_are_read_as_mkdocs_reads_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    example = fork_tree(tmp_path) / "examples" / "acme"
    (example / "our-companies").mkdir()
    shutil.move(example / "company-playbooks" / "acme.yml", example / "our-companies")
    config = example / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "playbooks: [../../playbooks, company-playbooks]",
        "playbooks: [../../playbooks, !ENV [ACME_COMPANIES, company-playbooks]]"),
        encoding="utf-8")
    internal = example / "mkdocs.internal.yml"
    internal.write_text(internal.read_text(encoding="utf-8").replace(
        "playbooks: [../../playbooks, company-playbooks, internal-playbooks]",
        "playbooks: !ENV [ACME_INTERNAL_FOLDERS_UNSET, "
        "[../../playbooks, our-companies, internal-playbooks]]"), encoding="utf-8")
    monkeypatch.setenv("ACME_COMPANIES", "our-companies")
    # the Talent Council text is marked !internal in our-companies/acme.yml
    page(example / "site", "index.html", "<p>The Talent Council: the VP of Engineering and "
                                         "two HR partners.</p>")
    monkeypatch.chdir(example)
    assert main(["check-leaks", "site"]) == 1
    assert 'site/index.html: contains internal-only text "The Talent Council' in \
        capsys.readouterr().out
    assert main(["check-leaks", "site", "-f", "mkdocs.yml"]) == 1
    capsys.readouterr()
    monkeypatch.delenv("ACME_COMPANIES")  # company-playbooks/ is empty now: no Acme text
    (example / "internal-playbooks").rename(example / "internal-elsewhere")
    assert main(["check-leaks", "site", "-f", "mkdocs.yml"]) == 2


def test_a_configuration_mkdocs_refuses_is_exit_2(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    example = fork_tree(tmp_path) / "examples" / "acme"
    page(example / "site", "index.html", "<p>Public.</p>")
    (example / "broken.yml").write_text("site_name: [unclosed\n", encoding="utf-8")
    (example / "plain.yml").write_text("site_name: No plugin\ndocs_dir: ../../docs\n",
                                       encoding="utf-8")
    monkeypatch.chdir(example)
    assert main(["check-leaks", "site", "-f", "broken.yml"]) == 2
    assert "MkDocs cannot load this configuration" in capsys.readouterr().err
    assert main(["check-leaks", "site", "-f", "plain.yml"]) == 2
    assert "does not use the inside-track plugin" in capsys.readouterr().err
    assert main(["check-leaks", "site", "-f", "missing.yml"]) == 2


# --- internal-only folders, in the public build too -------------------------------------------

@pytest.mark.slow
def test_text_only_in_internal_playbooks_fails_the_public_build_on_a_hand_written_page(
        tmp_path: Path) -> None:
    root = fork_tree(tmp_path)
    example = root / "examples" / "acme"
    texts, _ = texts_from_playbooks([root / "playbooks", example / "company-playbooks"],
                                         [example / "internal-playbooks"])
    assert any(PERCEPTION in text for text in texts)
    index = root / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + f"\n{PERCEPTION}.\n",
                     encoding="utf-8")
    build = run_build(example)
    assert build.returncode != 0, build.log
    assert f'{example / "site" / "index.html"}: contains internal-only text "Ask to be ' \
           'discussed' in build.log
    assert "Traceback" not in build.log
    assert not (example / "site").exists()


def test_the_public_build_and_the_cli_know_the_same_internal_folders(tmp_path: Path) -> None:
    from inside_track.adapters.mkdocs.leak_folders import leak_folders

    root = fork_tree(tmp_path)
    example = root / "examples" / "acme"
    public = leak_folders(example / "mkdocs.yml")
    assert public.internal == [example / "internal-playbooks"]
    assert leak_folders(example / "mkdocs.internal.yml") == public
    (example / "internal-playbooks").rename(example / "secret-playbooks")
    config = example / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8")
                      + "    internal_playbooks: [secret-playbooks]\n", encoding="utf-8")
    assert leak_folders(config).internal == [example / "secret-playbooks"]


def test_internal_text_the_public_playbooks_also_say_is_a_warning_not_a_leak(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    example = fork_tree(tmp_path) / "examples" / "acme"
    public_sentence = "Register your interest in the mobility portal once your manager has " \
                      "agreed."  # a public step of acme.yml
    wrapped = public_sentence.replace(" once", "  once")  # the same words, spaced otherwise
    page(example / "internal-playbooks", "notes.yml", f"""\
kind: company
id: acme-notes
internal: true
name: Acme notes
title: Acme notes
company_type: large-process
summary: >-
  {wrapped}
""")
    page(example / "site", "index.html", f"<p>{public_sentence}</p>")
    monkeypatch.chdir(example)
    assert main(["check-leaks", "site", *EXAMPLE_FOLDERS]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("OK: none of ")
    assert 'warning: internal-only text "Register your interest in the mobility portal' in err
    assert "is also in the public playbooks" in err


# --- the packaged guide -----------------------------------------------------------------------

TWO_FILE_CONFIG = """\
site_name: Our guide
theme: material
plugins:
  - search
  - inside-track:
      packaged_guide: true
      playbooks: [docs/playbooks]
"""
INITECH = """\
kind: company
id: initech
name: Initech
title: Initech
company_type: large-process
summary: A company where the founders decide who works on what.
contacts:
  - name: Bill Lumbergh, who signs every transfer
    role: Division head; ask him on Tuesdays after the staff meeting
    internal: true
"""


def test_check_leaks_for_a_site_using_the_packaged_guide(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "mkdocs.yml").write_text(TWO_FILE_CONFIG, encoding="utf-8")
    page(tmp_path / "docs" / "playbooks", "initech.yml", INITECH)
    page(tmp_path / "site", "index.html", "<p>Initech.</p>")
    monkeypatch.chdir(tmp_path)
    assert main(["check-leaks", "site", "docs/playbooks"]) == 2  # not the leak code
    err = capsys.readouterr().err
    assert "'large-process' is not a known company-type" in err
    assert "add --packaged-guide" in err
    assert main(["check-leaks", "site", "docs/playbooks", "--packaged-guide"]) == 0
    assert main(["check-leaks", "site"]) == 0  # packaged_guide read from mkdocs.yml
    capsys.readouterr()
    page(tmp_path / "site", "about.html", "<p>Bill Lumbergh, who signs every transfer</p>")
    assert main(["check-leaks", "site", "docs/playbooks", "--packaged-guide"]) == 1
    assert main(["check-leaks", "site"]) == 1
    assert "site/about.html: contains internal-only text" in capsys.readouterr().out


def test_check_leaks_help_states_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["check-leaks", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    for code in ("0", "1", "2"):
        assert f"{code} " in help_text
    assert "exit status" in help_text
    assert "`check-leaks` exits 0" in readme


# --- the examples a fork copies ---------------------------------------------------------------

def _internal_values(block: str, tmp_path: Path) -> set[str]:
    """The texts a block of playbook YAML marks internal (what the public edition drops)."""
    from inside_track.library.edition import apply_edition
    from inside_track.source.reader import read_yaml

    path = tmp_path / "example.yml"
    path.write_text(block, encoding="utf-8")
    value, problems = read_yaml(path)
    assert not problems, (block, problems)
    dropped: set[str] = set()
    apply_edition(value, "public", dropped)
    return dropped


def _yaml_blocks(markdown: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", markdown, flags=re.S)


def _commented_blocks(template: str) -> list[str]:
    """Runs of commented-out YAML in a template (``#   - name: ...``), uncommented."""
    blocks, current = [], []
    for line in [*template.splitlines(), ""]:
        if re.match(r"# [a-z_]+:$", line) or (current and re.match(r"#   ", line)):
            current.append(line[2:])
        elif current:
            blocks.append("\n".join(current) + "\n")
            current = []
    return blocks


def test_no_internal_example_can_become_internal_text_that_upstream_pages_show(
        tmp_path: Path) -> None:
    """An example of an internal value, kept as it is by a fork, must not be text that the
    upstream guide publishes (its pages, its playbooks): it is a placeholder that validation
    refuses, or words no upstream page or playbook holds."""
    from inside_track.checks.leaks import key, library_texts
    from inside_track.library.loader import load_playbooks
    from inside_track.library.placeholders import PLACEHOLDER

    assert main(["new", "company", "globex", "--folder", str(tmp_path / "new"),
                 "--playbooks", str(ROOT / "playbooks")]) == 0
    scaffold = (tmp_path / "new" / "globex.yml").read_text(encoding="utf-8")

    examples: dict[str, set[str]] = {}
    for doc in sorted((ROOT / "docs").rglob("*.md")):
        for block in _yaml_blocks(doc.read_text(encoding="utf-8")):
            if "!internal" in block or "internal: true" in block:
                examples[doc.name] = examples.get(doc.name, set()) | _internal_values(
                    block, tmp_path)
    examples["new company"] = set()
    for block in _commented_blocks(scaffold):
        if "internal: true" in block or "!internal" in block:
            examples["new company"] |= _internal_values(block, tmp_path)
    examples["new company"] |= set(re.findall(r'!internal "([^"]*)"', scaffold))
    assert examples.get("fork.md") and len(examples["new company"]) >= 3
    published = key("\n".join([
        *(doc.read_text(encoding="utf-8") for doc in sorted((ROOT / "docs").rglob("*.md"))),
        *library_texts(load_playbooks([ROOT / "playbooks"]))]))
    for where, values in examples.items():
        for value in values:
            assert value.startswith(PLACEHOLDER) or key(value) not in published, (where, value)


# --- text hidden from the quick screen -------------------------------------------------------

@pytest.mark.parametrize("written", [
    # named references that exist with and without the ';' (&shy and &shy;)
    "Ask Priya Ra&shy;man in People Ops before anyone else",
    "Ask Priya Raman in Peo&shy;ple Ops before any&shy;one else",
    # markup inside a word: a browser shows one word
    "Ask Priya Ra<b>man</b> in People Ops before anyone else",
    "Ask Pri<em></em>ya Raman in People Ops before any<span class=x>one</span> else",
])
def test_a_word_split_by_an_entity_or_a_tag_is_still_found(tmp_path: Path,
                                                          written: str) -> None:
    site = tmp_path / "site"
    page(site, "notes/index.html", f"<p>{written}</p>")
    assert find_leaks(site, [SECRET]) == [Leak("notes/index.html", SECRET)]


def test_text_inside_a_zip_archive_is_found(tmp_path: Path) -> None:
    """A document a site offers for download (.docx, .xlsx, .odt, .epub) is a zip archive:
    its text is compressed, so reading the bytes as they are finds nothing."""
    import zipfile
    site = tmp_path / "site"
    site.mkdir()
    with zipfile.ZipFile(site / "offer-letter.docx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", f"<w:t>{SECRET}</w:t>" * 50)
    with zipfile.ZipFile(site / "clean.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.txt", "Nothing to see here. " * 50)
    assert find_leaks(site, [SECRET]) == [Leak("offer-letter.docx", SECRET)]



@pytest.mark.parametrize("opening", ["[", '{"a":'])
def test_json_nested_deeper_than_python_recurses_is_still_read(tmp_path: Path,
                                                               opening: str) -> None:
    """The JSON decoder recurses once per level: a file nested 100,000 deep is read as
    text (its string escapes decoded), never a crash."""
    site = tmp_path / "site"
    escaped = json.dumps(SECRET).replace("P", "\\u0050")
    closing = "]" if opening == "[" else "}"
    page(site, "data/deep.json", opening * 100_000 + escaped + closing * 100_000)
    assert find_leaks(site, [SECRET]) == [Leak("data/deep.json", SECRET)]


def test_archives_inside_archives_are_read(tmp_path: Path) -> None:
    """A folder of documents zipped for download: a .docx inside a .zip, a .gz inside it."""
    import io
    import zipfile

    def archive(members: dict[str, bytes]) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as written:
            for name, data in members.items():
                written.writestr(name, data)
        return buffer.getvalue()

    site = tmp_path / "site"
    docx = archive({"word/document.xml": f"<w:t>{SECRET}</w:t>".encode()})
    page(site, "downloads/letters.zip", archive({"offer.docx": docx}))
    page(site, "downloads/notes.zip", archive({"notes.txt.gz": gzip.compress(SECRET.encode())}))
    assert find_leaks(site, [SECRET]) == [Leak("downloads/letters.zip", SECRET),
                                          Leak("downloads/notes.zip", SECRET)]


def test_other_compressed_files_are_read_or_reported_unread(tmp_path: Path) -> None:
    """bzip2 and xz data are read decompressed; brotli and zstd, which the check cannot
    decompress, make it say it could not check, never OK."""
    import bz2
    import lzma
    site = tmp_path / "site"
    page(site, "a/index.html.bz2", bz2.compress(SECRET.encode()))
    page(site, "b/index.html.xz", lzma.compress(SECRET.encode()))
    assert find_leaks(site, [SECRET]) == [Leak("a/index.html.bz2", SECRET),
                                          Leak("b/index.html.xz", SECRET)]
    other = tmp_path / "other"
    page(other, "index.html.br", b"\x1b\x2a\x00\xf8\x1d\x09\x00\xd6\x0f" + b"\x8b" * 40)
    page(other, "index.html.zst", b"\x28\xb5\x2f\xfd" + b"\x00" * 40)
    with pytest.raises(CouldNotCheck) as error:
        find_leaks(other, [SECRET])
    assert "index.html.br" in str(error.value) and "index.html.zst" in str(error.value)


@pytest.mark.parametrize("control", ["\b", "\f", "\v"])
def test_every_short_string_escape_is_decoded(tmp_path: Path, control: str) -> None:
    """JSON writes a backspace as ``\\b`` and a form feed as ``\\f``; JavaScript has ``\\v``
    too: each is the one character it stands for."""
    text = f"Ask Priya{control}Raman first"  # short: searched whole, no fragments
    site = tmp_path / "site"
    escaped = json.dumps({"t": text}).replace("\\u000b", "\\v")
    page(site, "index.html", f"<script>var d = {escaped};</script>")
    assert find_leaks(site, [text]) == [Leak("index.html", text)]

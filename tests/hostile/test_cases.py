"""Hostile playbooks kept as files (``cases/``), one per class, each run against the engine,
the command line and a real build.

A case is a playbook file whose opening comments say what must happen to it:

- ``# refused: LINE:COL: words`` (one line per problem): the engine, ``inside-track
  validate`` and ``mkdocs build`` each report a problem at that place of the file, with
  those words, and nothing else goes wrong (no traceback, no unlocated line);
- ``# builds``: the file loads, validates and builds;
- ``# absent: words``: the words are on no page and in no file of the public site;
- ``# reads: words``: the pages the playbook heads read exactly that, in heading and
  title, and no page shows a character reference in its place.

Each file sits beside the minimal fixture's playbooks, which it may refer to.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import FIXTURES, run_build
from hostile import assert_every_problem_located, problem_lines, run_cli
from inside_track.library.loader import load_playbooks
from inside_track.problems import PlaybookError

CASES = Path(__file__).parent / "cases"
BASE = FIXTURES / "minimal" / "playbooks"
_HEADER = re.compile(r"^# (refused|builds|absent|reads)\b:?\s*(.*)$")


def expectations(case: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {"refused": [], "builds": [], "absent": [], "reads": []}
    for line in case.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        if match := _HEADER.match(line):
            found[match[1]].append(match[2])
    assert bool(found["refused"]) != bool(found["builds"]), f"{case.name}: say what happens"
    return found


def refusals(case: Path) -> list[tuple[str, str]]:
    """(``LINE:COL``, words) of each problem the case must give."""
    return [tuple(item.split(": ", 1)) for item in expectations(case)["refused"]]  # type: ignore[misc]


def case_names(kind: str) -> list[str]:
    return sorted(p.name for p in CASES.glob("*.yml") if expectations(p)[kind])


def reported(lines: list[str], name: str, where: str, words: str) -> bool:
    return any(f"{name}:{where}: " in line and words in line for line in lines)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "case"


def place(case: str, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(CASES / case, folder / case))


@pytest.mark.parametrize("case", case_names("refused"))
@pytest.mark.parametrize("edition", ["public", "internal"])
def test_the_engine_refuses_the_case_where_it_goes_wrong(case: str, edition: str,
                                                        folder: Path) -> None:
    place(case, folder)
    with pytest.raises(PlaybookError) as error:
        load_playbooks([BASE, folder], edition)  # type: ignore[arg-type]
    assert_every_problem_located(error.value, Path.cwd())
    lines = [str(problem) for problem in error.value.problems]
    for where, words in refusals(CASES / case):
        assert reported(lines, case, where, words), (where, words, lines)
    assert all(case in line for line in lines), lines  # nothing else breaks


@pytest.mark.parametrize("case", case_names("refused"))
def test_the_command_line_refuses_the_case(case: str, tmp_path: Path) -> None:
    place(case, tmp_path / "case")
    run = run_cli("validate", BASE, "case", cwd=tmp_path)
    assert run.returncode == 1 and "Traceback" not in run.output, run.output
    lines = [m.group(0) for m in problem_lines(run.output)]
    for where, words in refusals(CASES / case):
        assert reported(lines, case, where, words), (where, words, run.output)


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted({*case_names("refused"), *case_names("builds")}))
def test_the_build_refuses_or_builds_the_case(case: str, tmp_path: Path) -> None:
    project = tmp_path / "site"
    shutil.copytree(FIXTURES / "minimal", project)
    place(case, project / "playbooks")
    build = run_build(project)
    assert "Traceback" not in build.log, build.log
    wanted = expectations(CASES / case)
    if wanted["refused"]:
        assert build.returncode != 0, build.log
        for where, words in refusals(CASES / case):
            assert reported(build.log.splitlines(), case, where, words), (where, build.log)
        return
    assert build.returncode == 0, build.log
    published = [p for p in build.site.rglob("*") if p.is_file()]
    for words in wanted["absent"]:
        assert not [p for p in published if words.encode() in p.read_bytes()]
    for words in wanted["reads"]:
        assert_reads_the_same_everywhere(build.site, words)


class _Text(HTMLParser):
    """A page's text as a reader sees it, and its ``<title>`` and ``<h1>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.parts: dict[str, str] = {"title": "", "h1": ""}
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.parts and not self.parts[tag]:
            self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        for tag in self._open:
            self.parts[tag] += data


def read(page: Path) -> _Text:
    parser = _Text()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def assert_reads_the_same_everywhere(site: Path, words: str) -> None:
    """The playbook's page and its checklists are headed ``words``, and those that the
    theme titles with the heading read it the same; no page shows the words written with a
    character reference (``&amp;``) instead of the character."""
    shown = [read(p) for p in site.rglob("*.html")]
    headed = [page for page in shown
              if page.parts["h1"].replace("¶", "").strip().startswith(words)]
    assert len(headed) > 1, "no pages are headed " + words
    titled = [page for page in headed if page.parts["title"].startswith(words)]
    assert titled, "no page's title reads " + words
    written = re.compile(re.escape(words.split()[0]) + r".{0,40}?&(?:#\w+|[A-Za-z]+);")
    assert not [page for page in shown if written.search(" ".join("".join(page.text).split()))]

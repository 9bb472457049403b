"""Unknown fields are reported where they are, with the closest real name, at any depth."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from conftest import FIXTURES
from inside_track.library.loader import load_playbooks
from inside_track.problems import PlaybookError

BASE = FIXTURES / "minimal" / "playbooks"

COMPANY = """\
kind: company
id: acme
title: Acme
summary: S.
name: Acme
company_type: large
"""
PHASE = """\
kind: phase
id: landscape-mapping
merge: extend
"""
PATH = """\
kind: path
id: transfer
merge: extend
"""


@pytest.mark.parametrize(("base", "extra", "expected"), [
    (PATH, "steps:\n  - id: s\n    phase: landscape-mapping\n    text: T\n"
           "    when: {paths: [transfer]}\n",
     "x.yml:8:12: steps[1].when.paths: unknown field (did you mean 'path'?)"),
    (PATH, "steps:\n  - id: s\n    phase: landscape-mapping\n    txet: T\n",
     "x.yml:7:5: steps[1].txet: unknown field (did you mean 'text'?)"),
    (PHASE, "span: {start: 0, ned: 2}\n",
     "x.yml:4:18: span.ned: unknown field (did you mean 'end'?)"),
    (PHASE, "readiness:\n  minimum: 1\n  sign: [x]\n  otherwise: o\n"
            "  otherwise_phase: landscape-mapping\n",
     "x.yml:6:3: readiness.sign: unknown field (did you mean 'signs'?)"),
    (PHASE, "scripts:\n  - {id: s, title: T, purpose: P, text: T, instaed_of: I}\n",
     "x.yml:5:44: scripts[0].instaed_of: unknown field (did you mean 'instead_of'?)"),
    (COMPANY, "mobility: {review_cycle: yearly}\n",
     "x.yml:7:12: mobility.review_cycle: unknown field (did you mean 'review_cycles'?)"),
    (COMPANY, "contacts:\n  - {name: Ada, rol: lead}\n",
     "x.yml:8:17: contacts[0].rol: unknown field (did you mean 'role'?)"),
    (COMPANY, "links:\n  - {title: Wiki, ulr: 'https://example.org'}\n",
     "x.yml:8:19: links[0].ulr: unknown field (did you mean 'url'?)"),
    (COMPANY, "phases:\n  landscape-mapping: {duraton: 2 weeks}\n",
     "x.yml:8:23: phases.landscape-mapping.duraton: unknown field (did you mean 'duration'?)"),
    (COMPANY, "phases:\n  landscape-mapping: {span: {start: 0, edn: 1}}\n",
     "x.yml:8:40: phases.landscape-mapping.span.edn: unknown field (did you mean 'end'?)"),
    (COMPANY, "mobility: {zzz: 1}\n", "x.yml:7:12: mobility.zzz: unknown field"),
])
def test_nested_unknown_field(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, base: str,
                              extra: str, expected: str) -> None:
    (tmp_path / "x.yml").write_text(textwrap.dedent(base) + extra, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(PlaybookError) as caught:
        load_playbooks([BASE, tmp_path])
    got = [str(p) for p in caught.value.problems]
    assert expected in got, got
    unknown = [line for line in got if "unknown field" in line]
    assert unknown == [expected]

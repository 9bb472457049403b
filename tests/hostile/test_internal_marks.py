"""Internal marks that cannot be lost: every way YAML offers to move a value keeps its mark.

Each case hides ``SECRET`` (or a value copied from internal content) in a company playbook;
the public edition must neither show it nor fail, and must remember it for the leak check.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from inside_track.library.loader import load_playbooks
from inside_track.problems import PlaybookError

COMPANY = """\
kind: company
id: acme
title: Acme
name: Acme Corp
summary: How moves work at Acme.
company_type: large
{extra}
"""

HIDDEN = {
    "merged mapping": """\
        steps:
          - {id: acme-a, phase: landscape-mapping, text: Ask., <<: !internal {why: SECRET}}
        """,
    "merged anchor": """\
        steps:
          - {id: acme-a, phase: landscape-mapping, text: Ask., <<: &h !internal {why: SECRET}}
          - {id: acme-b, phase: landscape-mapping, text: Ask again., <<: *h}
        """,
    "merged internal item": """\
        steps:
          - &s {id: acme-a, phase: landscape-mapping, text: Ask., why: SECRET, internal: true}
          - {<<: *s, id: acme-b, text: Ask again.}
        """,
    "tagged key": """\
        steps:
          - id: acme-a
            phase: landscape-mapping
            text: Ask.
            !internal why: SECRET
        """,
    "tagged flag": """\
        steps:
          - {id: acme-a, phase: landscape-mapping, text: Ask.}
          - {id: acme-b, phase: landscape-mapping, text: SECRET, internal: !internal true}
        """,
    "merged flag": """\
        steps:
          - &hidden {internal: true, id: acme-x, phase: landscape-mapping, text: Hidden.}
          - {<<: *hidden, id: acme-a, phase: landscape-mapping, text: SECRET}
          - {id: acme-b, phase: landscape-mapping, text: Ask.}
        """,
    "flag merged through a chain": """\
        steps:
          - &a {internal: true, id: acme-x, phase: landscape-mapping, text: Hidden.}
          - &b {<<: *a, id: acme-y, text: Hidden too.}
          - {<<: [{why: Public.}, *b], id: acme-a, text: SECRET}
          - {id: acme-b, phase: landscape-mapping, text: Ask.}
        """,
    "own mark travels with an alias": """\
        steps:
          - {id: acme-a, phase: landscape-mapping, text: Ask., why: &w !internal SECRET}
          - {id: acme-b, phase: landscape-mapping, text: Ask again., why: *w}
        """,
    "alias inside internal content": """\
        steps:
          - {id: acme-a, phase: landscape-mapping, text: &t SECRET, internal: true}
          - {id: acme-b, phase: landscape-mapping, text: Ask., !internal why: *t}
        """,
}

ALIASED_OUT = {
    "alias to an internal scalar": ("""\
        steps:
          - {id: acme-a, phase: landscape-mapping, text: &t SECRET, internal: true}
          - {id: acme-b, phase: landscape-mapping, text: Ask., why: *t}
        """, "*t"),
    "alias to a value in a tagged list": ("""\
        contacts: !internal
          - {name: &n SECRET}
        mobility: {decides: *n}
        """, "*n"),
    "alias out of a step internal by a merge": ("""\
        steps:
          - &hidden {internal: true, id: acme-x, phase: landscape-mapping, text: Hidden.}
          - {<<: *hidden, id: acme-a, text: &t SECRET}
          - {id: acme-b, phase: landscape-mapping, text: *t}
        """, "*t"),
    "alias out of a nested merge": ("""\
        steps:
          - &a {internal: true, id: acme-x, phase: landscape-mapping, text: Hidden.}
          - &b {<<: *a, id: acme-y, text: Hidden too.}
          - id: acme-a
            <<: *b
            contacts: [{name: &n SECRET}]
          - {id: acme-b, phase: landscape-mapping, text: Ask., why: *n}
        """, "*n"),
    "alias to a mapping under a tagged key": ("""\
        !internal mobility: &m {decides: SECRET}
        steps:
          - {id: acme-b, phase: landscape-mapping, text: Ask., why: {<<: {}, x: *m}}
        """, "*m"),
}



def project(tmp_path: Path, extra: str) -> Path:
    folder = tmp_path / "playbooks"
    shutil.copytree(FIXTURES / "minimal" / "playbooks", folder)
    (folder / "acme.yml").write_text(COMPANY.format(extra=textwrap.dedent(extra)),
                                     encoding="utf-8")
    return folder


def public_text(folder: Path) -> str:
    library = load_playbooks([folder], "public")
    return "\n".join(p.model_dump_json() for p in library.all())


@pytest.mark.parametrize("case", list(HIDDEN))
def test_internal_content_never_reaches_the_public_edition(tmp_path: Path, case: str) -> None:
    folder = project(tmp_path, HIDDEN[case])
    library = load_playbooks([folder], "public")
    assert "SECRET" not in "\n".join(p.model_dump_json() for p in library.all())
    assert "SECRET" in library.internal_texts
    internal = load_playbooks([folder], "internal")
    assert "SECRET" in "\n".join(p.model_dump_json() for p in internal.all())


@pytest.mark.parametrize("case", list(ALIASED_OUT))
@pytest.mark.parametrize("edition", ["public", "internal"])
def test_an_alias_out_of_internal_content_is_refused_where_it_stands(
        tmp_path: Path, case: str, edition: str) -> None:
    text, alias = ALIASED_OUT[case]
    written = COMPANY.format(extra=textwrap.dedent(text))
    before = written[:written.index(alias)]
    where = f"{before.count(chr(10)) + 1}:{len(before) - before.rfind(chr(10))}"
    with pytest.raises(PlaybookError) as error:
        load_playbooks([project(tmp_path, text)], edition)  # type: ignore[arg-type]
    problems = [str(p) for p in error.value.problems]
    assert any(f"acme.yml:{where}: alias '*" in p and "out of internal-only content" in p
               for p in problems), problems


@pytest.mark.parametrize("tagged", [
    "mobility: !interal {decides: x}",
    "links: !Internal [{title: a, url: 'https://example.org'}]",
    "mobility: !!python/object/apply:os.system [echo]",
    "mobility: !!map {decides: !secret x}",
])
def test_every_unknown_tag_is_a_located_error(tmp_path: Path, tagged: str) -> None:
    folder = project(tmp_path, tagged)
    with pytest.raises(PlaybookError) as error:
        load_playbooks([folder], "public")
    problem = str(error.value)
    assert "unknown YAML tag" in problem and "acme.yml:7:" in problem


@pytest.mark.parametrize("extra", [
    "mobility: {decides: SECRET, internal: true}",
    "phases:\n  landscape-mapping: {duration: SECRET, internal: true}",
    "contacts:\n  - {name: SECRET, internal: true}",
])
@pytest.mark.parametrize("edition", ["public", "internal"])
def test_internal_true_works_on_any_item(tmp_path: Path, extra: str, edition: str) -> None:
    library = load_playbooks([project(tmp_path, extra)], edition)  # type: ignore[arg-type]
    shown = "\n".join(p.model_dump_json() for p in library.all())
    assert ("SECRET" in shown) == (edition == "internal")


def test_internal_true_works_on_a_readiness_sign(tmp_path: Path) -> None:
    folder = project(tmp_path, "")
    phase = folder / "phase-b.yml"
    phase.write_text(phase.read_text(encoding="utf-8").replace(
        "- {id: can-name-role, text: You can name the role you want.}",
        "- {id: can-name-role, text: SECRET, internal: true}"), encoding="utf-8")
    assert "SECRET" not in public_text(folder)
    assert "SECRET" in "\n".join(p.model_dump_json()
                                 for p in load_playbooks([folder], "internal").all())


@pytest.mark.parametrize("reference", [
    "    when: !internal {path: [transfer]}",
    "    see: !internal ../guide/x.md",
    "    !internal phase: landscape-mapping",
    "    replaces: !internal agree-release",
])
def test_references_cannot_be_internal(tmp_path: Path, reference: str) -> None:
    extra = "steps:\n  - id: acme-a\n    text: Ask.\n" + reference + (
        "" if "phase" in reference else "\n    phase: landscape-mapping")
    with pytest.raises(PlaybookError) as error:
        load_playbooks([project(tmp_path, extra)], "public")
    assert "cannot be internal-only" in str(error.value)
    assert "acme.yml:10:" in str(error.value)


BASES = {"H": "{internal: true}", "F": "{internal: false}", "P": "{why: A public reason.}",
         "T": "!internal {why: SECRET-T reason.}", "C": "{<<: *H}"}
"""Mappings steps merge: hidden, shown, public, tagged internal, and hidden by a chain."""
FLAG = {"H": True, "F": False, "C": True}


@st.composite
def merged_company(draw: st.DrawFn) -> tuple[str, bool]:
    """A company whose steps merge the mappings above, may say ``internal`` themselves, and
    write a text or alias an earlier one; with whether an alias copies an internal step's
    text into a public step (the one thing that must be refused)."""
    defined: set[str] = set()
    texts: list[bool] = []  # per text anchor: written in an internal step
    leaks = False
    lines = ["steps:"]

    def base(name: str) -> str:
        if name in defined:
            return f"*{name}"
        prefix = base("H") + " " if name == "C" else ""
        defined.add(name)
        body = BASES[name].replace("*H", prefix.strip()) if name == "C" else BASES[name]
        return f"&{name} {body}"

    for number in range(draw(st.integers(1, 6))):
        merges = draw(st.lists(st.sampled_from(sorted(BASES)), max_size=3, unique=True))
        flag = draw(st.sampled_from([None, True, False]))
        internal = flag if flag is not None else next(
            (FLAG[m] for m in merges if m in FLAG), False)
        lines += [f"  - id: s{number}", "    phase: landscape-mapping"]
        if merges:
            lines.append(f"    <<: [{', '.join(base(m) for m in merges)}]")
        if flag is not None:
            lines.append(f"    internal: {str(flag).lower()}")
        if texts and draw(st.booleans()):
            source = draw(st.integers(0, len(texts) - 1))
            lines.append(f"    text: *t{source}")
            leaks = leaks or (texts[source] and not internal)
        else:
            words = f"SECRET-{number} words." if internal else f"Public {number} words."
            lines.append(f"    text: &t{len(texts)} {words}")
            texts.append(internal)
    return "\n".join(lines) + "\n", leaks


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(case=merged_company())
def test_merges_and_aliases_never_carry_internal_text_into_the_public_edition(
        tmp_path_factory: pytest.TempPathFactory, case: tuple[str, bool]) -> None:
    text, leaks = case
    folder = project(tmp_path_factory.mktemp("merged"), text)
    for edition in ("public", "internal"):
        try:
            library = load_playbooks([folder], edition)  # type: ignore[arg-type]
        except PlaybookError as error:
            assert leaks, f"refused without a leak:\n{text}\n{error}"
            assert all("copies a value out of internal-only content" in p.message
                       for p in error.problems), str(error)
            continue
        assert not leaks, f"an alias copied internal text out:\n{text}"
        if edition == "public":
            assert "SECRET" not in "\n".join(p.model_dump_json() for p in library.all())

"""Property-based: whatever a playbook file holds, the loader either loads it or reports
located, one-line problems — never a traceback, never a hang.

Documents start from valid playbooks of every kind and are mutated as data (wrong types in
any field, missing and extra keys, deep nesting, huge strings, hostile Markdown) and then as
text (tabs, duplicated lines and keys, anchors and aliases, merge keys, stray bytes).
"""

from __future__ import annotations

import contextlib
import copy
import io
import os
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from hostile import PROBLEM_LINE, assert_every_problem_located
from inside_track import model
from inside_track.cli import main
from inside_track.library.loader import load_playbooks
from inside_track.problems import PlaybookError

BASE = FIXTURES / "minimal" / "playbooks"
EXAMPLE_TIMEOUT = 60  # seconds: a hang fails the example instead of stalling the suite

settings.register_profile("default", max_examples=200, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow,
                                                 HealthCheck.data_too_large])
settings.register_profile("thorough", parent=settings.get_profile("default"),
                          max_examples=2_000)
settings.load_profile(os.environ.get("INSIDE_TRACK_HYPOTHESIS", "default"))  # or "thorough"

# Readiness signs are {id, text}: the id keys readers' saved ticks.
SIGN: Any = {"id": "ready", "text": "Ready."}
STEP = {"id": "probe-step", "phase": "landscape-mapping", "text": "Do the thing.",
        "why": "Because.", "when": {"path": ["transfer"], "company_type": ["large"]},
        "script": "growth-framing"}
VALID: dict[str, dict[str, Any]] = {
    "path": {"kind": "path", "id": "probe-path", "title": "Probe path", "summary": "S.",
             "headcount_required": "No", "managers_involved": "One", "speed": "Fast",
             "best_when": "Always", "primary_risk": "None", "total_timeline": "1 month",
             "steps": [STEP]},
    "company-type": {"kind": "company-type", "id": "probe-type", "title": "Probe type",
                     "summary": "S.", "recognise": ["A sign."], "paths": ["transfer"],
                     "timeline": "Slow"},
    "company": {"kind": "company", "id": "probe-co", "title": "Probe", "summary": "S.",
                "name": "Probe Inc", "company_type": "large",
                "mobility": {"review_cycles": "Twice a year", "decides": "HR"},
                "phases": {"landscape-mapping": {"duration": "2 weeks",
                                                 "span": {"start": 0, "end": 1}}},
                "contacts": [{"name": "Ada", "role": "ML lead"}],
                "links": [{"title": "Wiki", "url": "https://example.org/wiki"}]},
    "manager-response": {"kind": "manager-response", "id": "probe-answer", "title": "Maybe",
                         "summary": "S.", "says": "Maybe later", "means": "Unsure",
                         "handle": "Follow up"},
    "phase": {"kind": "phase", "id": "probe-phase", "title": "Probe phase", "summary": "S.",
              "order": 7, "duration": "1 week", "span": {"start": 1, "end": 2},
              "readiness": {"minimum": 1, "signs": [SIGN], "otherwise": "Wait.",
                            "otherwise_phase": "landscape-mapping"},
              "scripts": [{"id": "probe-script", "title": "Say it", "purpose": "P",
                           "text": "Words."}],
              "steps": [dict(STEP, id="probe-phase-step", phase="probe-phase")]},
    "template": {"kind": "template", "id": "probe-template", "title": "Probe note",
                 "summary": "S.", "order": 1, "text": "Hi [name],\n\n<b>as written</b>"},
    "hard-case": {"kind": "hard-case", "id": "probe-case", "title": "Probe case",
                  "summary": "S.", "phases": ["landscape-mapping"],
                  "when": {"path": ["transfer"]}, "next": ["Do this.", "Then that."]},
}
FIELD_NAMES = sorted({name for cls in (*(kind.model for kind in model.KINDS.values()),
                                       model.Step, model.Script, model.Readiness, model.Span,
                                       model.Conditions, model.Mobility, model.Contact,
                                       model.Link)
                      for name in cls.model_fields})
NASTY_TEXT = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
              "[x](javascript:alert(1))", "[x](java&#115;cript:x)", "**a**{: onclick=x}",
              "[x]: data:text/html,hi", "[p](guide/timeline.md#x)", "[p](#top)", "yes", "no",
              "~", "2024-13-45", "&lt;/title&gt;", "\u2028", "a\nb", "\x00", "{x}", "- item",
              "!internal", "<<", "*alias", "&anchor", "%TAG", "---", "...", "' \" `"]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=40),
    st.sampled_from(NASTY_TEXT), st.sampled_from(FIELD_NAMES),
    st.integers(min_value=0, max_value=25_000).map(lambda n: "x" * n),  # huge strings
)
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(FIELD_NAMES) | st.text(max_size=12), children, max_size=4),
    max_leaves=20,
)


def slots(node: Any) -> Iterator[tuple[Any, Any]]:
    """Every (container, key-or-index) inside a document, the document itself included."""
    if isinstance(node, dict):
        for key in list(node):
            yield node, key
            yield from slots(node[key])
    elif isinstance(node, list):
        for index in range(len(node)):
            yield node, index
            yield from slots(node[index])


@st.composite
def documents(draw: st.DrawFn) -> Any:
    """A valid playbook with a few random changes to its data."""
    doc = copy.deepcopy(VALID[draw(st.sampled_from(sorted(VALID)))])
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        places = list(slots(doc))
        if not places:
            break
        container, key = draw(st.sampled_from(places))
        operation = draw(st.sampled_from(["replace", "delete", "add", "nest", "repeat"]))
        if operation == "replace":
            container[key] = draw(values)
        elif operation == "delete":
            del container[key]
        elif operation == "add" and isinstance(container, dict):
            container[draw(st.sampled_from(FIELD_NAMES) | st.text(max_size=12))] = draw(values)
        elif operation == "add":
            container.append(draw(values))
        elif operation == "nest":
            depth = draw(st.integers(min_value=1, max_value=60))
            for _ in range(depth):
                container[key] = [container[key]] if draw(st.booleans()) else {"k": container[key]}
        elif isinstance(container[key], list):
            count = draw(st.sampled_from([2, 50, model.MAX_ITEMS + 1, model.MAX_STEPS + 1]))
            container[key] = (container[key] or [None]) * count
    return doc


@st.composite
def files(draw: st.DrawFn) -> bytes:
    """The document as YAML text, then mutated as text and bytes."""
    if draw(st.integers(min_value=0, max_value=19)) == 0:
        return draw(st.binary(max_size=300))
    doc = draw(documents())
    text = yaml.safe_dump(doc, allow_unicode=draw(st.booleans()), sort_keys=False,
                          default_flow_style=draw(st.sampled_from([False, None, True])),
                          width=draw(st.sampled_from([80, 10_000])))
    lines = text.splitlines(keepends=True) or [""]
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        lines = lines or [""]
        at = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        operation = draw(st.sampled_from(["tab", "duplicate", "drop", "junk", "alias", "merge",
                                          "bomb", "deep", "internal"]))
        if operation == "tab":
            lines[at] = "\t" + lines[at].lstrip(" ")
        elif operation == "duplicate":
            lines.insert(at, lines[at])  # often a duplicate key
        elif operation == "drop":
            lines.pop(at)
        elif operation == "junk":
            lines.insert(at, draw(st.text(max_size=30)) + "\n")
        elif operation == "alias":
            lines += ["anchored: &a {k: [1, 2, 3]}\n", "aliased: *a\n",
                      draw(st.sampled_from(["again: *a\n", "missing: *nope\n", "self: &s [*s]\n"]))]
        elif operation == "merge":
            lines += ["base: &b {title: Merged, extra: 1}\n",
                      draw(st.sampled_from(["over: {<<: *b, title: x}\n", "loop: &l {<<: *l}\n",
                                            "<<: *b\n", "<<: [*b, *b]\n"]))]
        elif operation == "bomb":
            levels = draw(st.integers(min_value=2, max_value=12))
            lines += ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"]
            lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, levels)]
        elif operation == "deep":
            depth = draw(st.integers(min_value=1, max_value=3_000))
            lines.append("deep: " + "[" * depth + "]" * depth + "\n")
        else:
            lines[at] = lines[at].replace(": ", ": !internal ", 1)
    data = "".join(lines).encode("utf-8")
    if draw(st.integers(min_value=0, max_value=9)) == 0:
        at = draw(st.integers(min_value=0, max_value=len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at:]
    return data


@contextlib.contextmanager
def hang_guard() -> Iterator[None]:
    if not hasattr(signal, "SIGALRM"):  # pragma: no cover - not on Windows
        yield
        return

    def timeout(signum: int, frame: Any) -> None:
        raise TimeoutError(f"an example took longer than {EXAMPLE_TIMEOUT} s")

    previous = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(EXAMPLE_TIMEOUT)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def load(data: bytes, name: str = "probe.yml") -> PlaybookError | None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "extra"
        folder.mkdir()
        (folder / name).write_bytes(data)
        try:
            with hang_guard():
                load_playbooks([BASE, folder])
        except PlaybookError as error:
            assert_every_problem_located(error, Path.cwd())
            return error
    return None


@given(files())
def test_loader_loads_or_reports_located_problems(data: bytes) -> None:
    load(data)


@given(documents())
def test_mutated_data_is_refused_or_valid(doc: Any) -> None:
    """A document with data-level changes only parses; any problem is about the data."""
    error = load(yaml.safe_dump(doc, allow_unicode=True).encode("utf-8"))
    if error is not None:
        assert not any("invalid YAML" in p.message for p in error.problems)


@settings(max_examples=50)
@given(files())
def test_cli_validate_reports_one_problem_per_line(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "extra"
        folder.mkdir()
        (folder / "probe.yml").write_bytes(data)
        out, err = io.StringIO(), io.StringIO()
        with hang_guard(), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["validate", str(BASE), str(folder)])
    lines = err.getvalue().splitlines()
    if code == 0:
        assert out.getvalue().startswith("OK: ") and not lines
        return
    assert code == 1 and lines, (out.getvalue(), err.getvalue())
    *problems, summary = lines
    assert summary == f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found."
    for line in problems:
        assert PROBLEM_LINE.match(line), line


def test_the_valid_documents_really_are_valid() -> None:
    """The starting points load: so every problem found above comes from a mutation."""
    for kind, doc in VALID.items():
        assert load(yaml.safe_dump(doc).encode(), f"{kind}.yml") is None, kind

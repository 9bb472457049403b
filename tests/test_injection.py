"""Playbook text can never put live markup on a page.

Raw HTML, attribute lists and script links are refused at load time with a located error
(one test per vector and field kind); what is allowed is checked in a real build; and the
escaping that templates apply is checked on its own by bypassing validation entirely.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import FIXTURES, run_build
from hostile import PROBLEM_LINE
from injection import assert_no_live_markup, scan
from inside_track.library.loader import load_playbooks
from inside_track.model import safety
from inside_track.problems import PlaybookError
from inside_track.render.renderer import Renderer

BASE = FIXTURES / "minimal" / "playbooks"

RAW_HTML = "raw HTML is not allowed"
AUTOLINK = "autolinks like"
ATTRIBUTES = "attribute lists like '{: ...}' are not allowed"
SCHEME = "scheme; only http, https, mailto and relative links are allowed"

# (vector, the message it must produce) — each is Markdown a contributor could write.
TEXT_VECTORS = [
    ("<script>alert(1)</script>", RAW_HTML),
    ("Hello <ScRiPt>alert(1)</sCrIpT>", RAW_HTML),
    ('<img src=x onerror="alert(1)">', RAW_HTML),
    ("<IMG SRC=x ONERROR=alert(1)>", RAW_HTML),
    ("<svg/onload=alert(1)>", RAW_HTML),
    ("Fine <!-- hidden --> text", RAW_HTML),
    ("<?xml version='1.0'?>", RAW_HTML),
    ("text </p><p onclick=alert(1)>", RAW_HTML),
    ("See <javascript:alert(1)>", AUTOLINK),
    ("See <https://example.org>", AUTOLINK),
    ("Mail <someone@example.org>", AUTOLINK),
    ("[x](javascript:alert(1))", SCHEME),
    ("[x](JaVaScRiPt:alert(1))", SCHEME),
    ("[x](   javascript:alert(1))", SCHEME),
    ("[x](java&#115;cript:alert(1))", SCHEME),
    ("[x](&#x6A;avascript:alert(1))", SCHEME),
    ("[x](java&#x09;script:alert(1))", SCHEME),
    ("[x](java\tscript:alert(1))", SCHEME),
    ("[x](java\nscript:alert(1))", SCHEME),
    ("[x](javascript:alert(1) \"a title\")", SCHEME),
    ("[x][evil]\n\n[evil]: javascript:alert(1)", SCHEME),
    ("[evil]: JAVASCRIPT:alert(1)", SCHEME),  # a definition alone: used from another field
    ("![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)", SCHEME),
    ("[x](data:text/html,<b>hi</b>)", RAW_HTML),
    ("[x](data:text/html;base64,PGI+aGk8L2I+)", SCHEME),
    ("[x](vbscript:msgbox(1))", SCHEME),
    ('**bold**{: onclick="alert(1)"}', ATTRIBUTES),
    ('[x](https://example.org){: onmouseover="alert(1)" }', ATTRIBUTES),
    ('A paragraph\n{: onclick="alert(1)" }', ATTRIBUTES),
    ("Title {onclick=alert(1)}", ATTRIBUTES),  # live as a heading or table cell
    ("Title {: #__config }", ATTRIBUTES),  # would clobber the theme's own element id
]

# Allowed: Markdown that only looks alarming. Each must load and render as plain text.
SAFE_TEXTS = [
    "Use a < b and 3 > 2: a '<' followed by a space is not a tag.",
    "Hi {manager}, I have been doing {project} work.",
    "Literal markup is written &lt;script&gt; and shows as text.",
    '[a link](https://example.org/a_(b) "a \\" onmouseover=\\"alert(1)")',
    "[mail](mailto:someone@example.org), [a page](../guide/timeline.md#top), [below](#steps)",
]
CODE_SPAN = "`<script>` in code is refused too: a careless renderer would not see the code"

# Readiness signs are {id, text}: the id keys readers' saved ticks.
SIGN, SIGN_FIELD = "{id: s1, text: VALUE}", ".text"

FIELD_KINDS = {
    # field kind -> (playbook template with VALUE, printed field name)
    "summary": ("path", "summary: VALUE\n", "summary"),
    "step text": ("path", "steps:\n  - {id: s1, phase: landscape-mapping, text: VALUE}\n",
                  "steps[0].text"),
    "script text": ("path", "scripts:\n  - {id: sc1, title: T, purpose: P, text: VALUE}\n",
                    "scripts[0].text"),
    "list item": ("company-type", "recognise: [ok, VALUE]\n", "recognise[1]"),
    "nested text": ("company", "mobility: {decides: VALUE}\n", "mobility.decides"),
    "readiness sign": ("phase", "readiness: {minimum: 1, signs: [" + SIGN + "], otherwise: o, "
                       "otherwise_phase: landscape-mapping}\n", "readiness.signs[0]" + SIGN_FIELD),
    "title": ("path", "title: VALUE\n", "title"),
    "label": ("manager-response", "says: VALUE\n", "says"),
    "contact name": ("company", "contacts:\n  - {name: VALUE}\n", "contacts[0].name"),
    "link title": ("company", "links:\n  - {title: VALUE, url: 'https://example.org'}\n",
                   "links[0].title"),
}

BASES = {
    "path": """\
        kind: path
        id: probe
        title: Probe
        summary: S.
        headcount_required: "No"
        managers_involved: One
        speed: Fast
        best_when: Always
        primary_risk: None
        total_timeline: 1 month
        """,
    "company-type": """\
        kind: company-type
        id: probe
        title: Probe
        summary: S.
        paths: [transfer]
        """,
    "company": """\
        kind: company
        id: probe
        title: Probe
        summary: S.
        name: Probe Inc
        company_type: large
        """,
    "phase": """\
        kind: phase
        id: probe
        title: Probe
        summary: S.
        order: 9
        duration: 1 week
        span: {start: 0, end: 1}
        """,
    "manager-response": """\
        kind: manager-response
        id: probe
        title: Probe
        summary: S.
        means: M
        handle: H
        """,
}


def playbook(kind: str, field_yaml: str, value: str) -> str:
    """A playbook of ``kind`` whose field holds ``value`` (as a JSON string: valid YAML)."""
    base = textwrap.dedent(BASES[kind])
    field_yaml = field_yaml.replace("VALUE", json.dumps(value))
    key = field_yaml.split(":", 1)[0]
    lines = [line for line in base.splitlines() if not line.startswith(key + ":")]
    if kind == "company-type" and key != "recognise":
        lines.append("recognise: [A sign.]")
    if kind == "manager-response" and key != "says":
        lines.append("says: Yes")
    return "\n".join(lines) + "\n" + field_yaml


def load_with(tmp_path: Path, text: str) -> PlaybookError | None:
    folder = tmp_path / "extra"
    folder.mkdir(exist_ok=True)
    (folder / "probe.yml").write_text(text, encoding="utf-8")
    try:
        load_playbooks([BASE, folder])
    except PlaybookError as error:
        return error
    return None


@pytest.mark.parametrize("field_kind", list(FIELD_KINDS))
@pytest.mark.parametrize(("vector", "message"), TEXT_VECTORS,
                         ids=[repr(v)[:40] for v, _ in TEXT_VECTORS])
def test_vector_is_refused_with_a_located_error(tmp_path: Path, field_kind: str, vector: str,
                                                message: str) -> None:
    kind, field_yaml, name = FIELD_KINDS[field_kind]
    error = load_with(tmp_path, playbook(kind, field_yaml, vector))
    assert error is not None, f"{vector!r} was accepted in {field_kind}"
    lines = [str(p) for p in error.problems]
    assert len(lines) == 1, lines
    match = PROBLEM_LINE.match(lines[0])
    assert match and match["file"].endswith("probe.yml") and int(match["line"]) > 1, lines
    assert match["message"].startswith(f"{name}: "), lines
    assert message in match["message"], lines


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)",
    "data:text/html;base64,PGI+aGk8L2I+", "vbscript:x", "https://a) [x](javascript:alert(1)",
    "https://example.org/\"onmouseover=\"alert(1)", "https://a b", "/x{: onclick=alert(1)}",
])
def test_link_url_refuses_scripts_and_markdown_breakouts(tmp_path: Path, url: str) -> None:
    text = playbook("company", "links:\n  - {title: T, url: VALUE}\n", url)
    error = load_with(tmp_path, text)
    assert error is not None, url
    assert [p.field for p in error.problems] == ["links[0].url"]


@pytest.mark.parametrize("url", ["https://example.org/a?b=c#d", "mailto:hr@example.org",
                                 "http://intranet.example/mobility%28new%29"])
def test_link_url_accepts_ordinary_addresses(tmp_path: Path, url: str) -> None:
    assert load_with(tmp_path, playbook("company", "links:\n  - {title: T, url: VALUE}\n",
                                        url)) is None


@pytest.mark.parametrize("text", SAFE_TEXTS)
def test_safe_text_is_accepted(tmp_path: Path, text: str) -> None:
    assert load_with(tmp_path, playbook("path", "summary: VALUE\n", text)) is None


def test_code_spans_do_not_smuggle_raw_html(tmp_path: Path) -> None:
    error = load_with(tmp_path, playbook("path", "summary: VALUE\n", CODE_SPAN))
    assert error is not None and RAW_HTML in str(error)


@pytest.mark.parametrize("title", ["a &lt;/title&gt;&lt;img src=x onerror=alert(1)&gt;",
                                   "a &#60;/title>", "a &LT;b", "a &#x3C;b",
                                   "a &amp;lt;/title&amp;gt;", "a &amp;amp;#60;b"])
def test_titles_refuse_encoded_angle_brackets(tmp_path: Path, title: str) -> None:
    """The theme decodes entities in <title>; an encoded '<' there is a live tag."""
    error = load_with(tmp_path, playbook("path", "title: VALUE\n", title))
    assert error is not None
    assert "titles and labels may not contain a tag, not even written with '&lt;'" in \
        str(error)


@pytest.mark.parametrize("title", ["a < b", "R&D &lt; 1 month", "3 <= 4"])
def test_titles_may_hold_a_less_than_sign_that_starts_no_tag(tmp_path: Path,
                                                            title: str) -> None:
    assert load_with(tmp_path, playbook("path", "title: VALUE\n", title)) is None
    assert safety.safe_title(title) == safety.fully_unescaped(title)
    assert safety.safe_title(title + " &lt;/title>") == \
        safety.fully_unescaped(title) + " ‹/title>"


def test_link_scheme_is_read_like_a_browser() -> None:
    assert safety.link_scheme("\x01 java\tscr\nipt:x") == "javascript"
    assert safety.link_scheme("&#106;&#97;vascript&colon;x") == "javascript"
    assert safety.link_scheme("guide/timeline.md#x") is None
    assert safety.link_scheme("HTTPS://example.org") == "https"


def test_html_templates_autoescape_and_markdown_templates_escape_tags(tmp_path: Path) -> None:
    (tmp_path / "card.html.j2").write_text("<p>{{ value }}</p>", encoding="utf-8")
    (tmp_path / "card.md.j2").write_text("{{ value }}", encoding="utf-8")
    renderer = Renderer([tmp_path])
    payload = '<img src=x onerror="alert(1)">'
    as_html = renderer.render("card.html.j2", "x.md", value=payload)
    assert as_html == "<p>&lt;img src=x onerror=&#34;alert(1)&#34;&gt;</p>"
    assert not scan(as_html).handlers
    assert renderer.render("card.md.j2", "x.md", value=payload) == \
        '&lt;img src=x onerror="alert(1)">'


# --- real builds ----------------------------------------------------------------------------

SAFE_PLAYBOOK = """\
kind: path
id: tricky
title: "Tricky: b < a & c"
summary: {summary}
headcount_required: "No"
managers_involved: One
speed: "{{fast}}"
best_when: {best_when}
primary_risk: Risky
total_timeline: 2 months
steps:
  - id: tricky-step
    phase: landscape-mapping
    text: {step}
"""


@pytest.mark.slow
def test_allowed_but_tricky_text_builds_without_live_markup(fixture_project) -> None:
    project = fixture_project("minimal")
    (project / "playbooks" / "tricky.yml").write_text(SAFE_PLAYBOOK.format(
        summary=json.dumps(SAFE_TEXTS[3]), best_when=json.dumps(SAFE_TEXTS[2]),
        step=json.dumps(SAFE_TEXTS[0])), encoding="utf-8")
    build = run_build(project)
    assert build.returncode == 0, build.log
    page = build.read("paths/tricky/index.html")
    assert "&lt;script&gt;" in page  # the literal shows as text
    assert 'title="a \\&quot; onmouseover=\\&quot;alert(1)"' in page  # a title, no handler
    assert_no_live_markup(build.site, build.read("index.html"))


BYPASS = """\
import sys
from inside_track.library import loader
from inside_track import model

HOSTILE = {hostile!r}
original = loader.PlaybookLoader.load


def load(self, folders, edition="public"):
    library = original(self, folders, edition)

    def poison(item, **fields):
        values = dict(item.__dict__)
        values.update(fields)
        return type(item).model_construct(**values)

    text = HOSTILE
    library.shelves["path"] = [
        poison(p, title=text, summary=text, speed=text, best_when=text, total_timeline=text,
               steps=[poison(s, text=text) for s in p.steps])
        for p in library.paths]
    library.shelves["phase"] = [
        poison(p, title=text, duration=text, summary=text,
               steps=[poison(s, text=text) for s in p.steps],
               scripts=[poison(s, title=text, purpose=text, text=text) for s in p.scripts])
        for p in library.phases]
    library.shelves["company-type"] = [poison(t, title=text, transfer_mechanism=text,
                                    recognise=[text]) for t in library.company_types]
    library.shelves["manager-response"] = [poison(r, title=text, says=text, means=text)
                         for r in library.responses]
    return library


loader.PlaybookLoader.load = load
from mkdocs.__main__ import cli

sys.argv = ["mkdocs", "build", "--strict"]
cli()
"""


def run_bypass(project: Path, hostile: str) -> tuple[int, str]:
    (project / "bypass.py").write_text(BYPASS.format(hostile=hostile), encoding="utf-8")
    result = subprocess.run([sys.executable, "bypass.py"], cwd=project, capture_output=True,
                            text=True, timeout=120,
                            env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    return result.returncode, result.stdout + result.stderr


@pytest.mark.slow
def test_escaping_holds_even_when_validation_is_bypassed(fixture_project) -> None:
    """Models built with model_construct skip every check; templates must still escape."""
    clean = fixture_project("minimal")
    baseline = run_build(clean)
    assert baseline.returncode == 0, baseline.log
    theme_page = baseline.read("index.html")
    hostile = ("x <script>alert(1)</script> <img src=x onerror=alert(1)> "
               "&lt;/title&gt;&lt;svg onload=alert(1)&gt; &amp;lt;/title&amp;gt;&amp;lt;"
               "iframe onload=alert(1)&amp;gt;")
    code, log = run_bypass(clean, hostile)
    assert code == 0, log
    page = (clean / "site" / "paths" / "transfer" / "index.html").read_text()
    assert "&lt;script&gt;alert(1)" in page  # the text is there, as text
    assert_no_live_markup(clean / "site", theme_page)


def test_attribute_list_past_validation_is_stopped_by_the_page_audit(fixture_project) -> None:
    project = fixture_project("minimal")
    code, log = run_bypass(project, '**x**{: onclick="alert(1)"}')
    assert code != 0
    assert "Traceback" not in log
    assert "would contain an event handler attribute 'onclick' on <strong>" in log
    assert not (project / "site" / "paths" / "transfer" / "index.html").exists()


def test_page_audit_flags_live_markup_and_nothing_else() -> None:
    harmless = ('<div class="admonition"><p>a &lt;script&gt; b</p></div><table><tr>'
                '<td style="text-align: left">x</td></tr></table><svg viewBox="0 0 1 1">'
                '<path d="M0 0"/></svg><a href="../x/#y">x</a><a href="mailto:a@b.c">m</a>'
                '<input type="checkbox" data-step="s1">'
                '<script type="application/json" id="data">{"a": 1}</script>')
    assert safety.audit_html(harmless) == []
    found = safety.audit_html(
        '<script>x</script><IFRAME src="https://a"></IFRAME><p OnMouseOver="x">p</p>'
        '<script type="module">x</script><script type="text/javascript">x</script>'
        '<a href="java&#115;cript:x">a</a><img src="data:image/svg+xml,x">'
        '<form action="javascript:x"></form><base href="https://evil.example/">')
    assert found == ["a <script> element", "a <iframe> element",
                     "an event handler attribute 'onmouseover' on <p>",
                     "a <script> element", "a <script> element",
                     "a 'javascript:' link in <a href>", "a 'data:' link in <img src>",
                     "a 'javascript:' link in <form action>", "a <base> element"]

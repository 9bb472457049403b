"""Decide which pages the playbooks become, and render each one to Markdown.

This is the engine's whole output: a list of typed files (:mod:`inside_track.outputs.files`:
the Markdown pages, the checklist manifest as JSON, the browser assets), the navigation
sections the pages belong to, and the directives that guide pages use to quote playbook
data. Any site generator that reads Markdown can take it from here; the MkDocs plugin is
one such adapter.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .. import model
from ..library.loader import Library
from ..model import uri_for, words_heard
from ..plan.checklists import Checklist, Item, merge_responses, plan_all
from ..plan.describe import describe_conditions
from ..problems import Mark, PlaybookError, Problem, did_you_mean
from ..render import decision_diagram as diagram_layout
from ..render.decision_diagram import decision_diagram
from ..render.renderer import Renderer, site_path
from ..render.timeline_svg import months_label, timeline
from .browser import asset_text
from .files import GeneratedPage, JsonFile, Output, StaticAsset
from .plan_data import plan_data

CHOOSER_URI = "checklists/index.md"
MANIFEST = "checklists.json"
DIRECTIVE_MARK = "inside-track:"
"""Every directive holds this; a page without it has none to expand."""
DIRECTIVE = re.compile(r"^<!--\s*inside-track:\s*(?P<name>[a-z-]+)(?:\s+(?P<arg>\S+))?\s*-->\s*$",
                       re.MULTILINE)
TABLES = ("company-types", "paths", "manager-responses", "phases")
ASSETS = {"inside-track.css": "assets/inside-track/inside-track.css",
          "inside-track.js": "assets/inside-track/inside-track.js"}
"""The browser side of checklists and the chooser: packaged file name → path in the site."""
BRIEF_INDEX_ABOVE = 30
"""An index with more entries lists names only: summaries would make one very long page."""
COMPANY_CHECKLISTS = ("per-path", "per-response")
"""One page per company and path (manager responses as branches), or one per response."""


def browser_assets() -> dict[str, str]:
    """The packaged stylesheet and script, by their path in the site."""
    return {target: asset_text(name) for name, target in ASSETS.items()}


def has_directives(markdown: str) -> bool:
    """Whether a guide page may hold directives (a quick test, before any parsing)."""
    return DIRECTIVE_MARK in markdown


def index_uri(kind: model.Kind) -> str:
    """The index page of one kind's playbooks."""
    return f"{kind.folder}/index.md"


def checklist_uri(checklist: Checklist) -> str:
    return f"checklists/{checklist.slug}.md"


def answer_anchor(response: model.ManagerResponse) -> str:
    """The anchor of one manager response on a merged checklist page."""
    return f"answer-{response.id}"


def playbook_title(playbook: model.Playbook) -> str:
    return playbook.name if isinstance(playbook, model.Company) else playbook.title


def markdown_title(markdown: str) -> str | None:
    """The text of a Markdown page's first level-one heading, if it has one."""
    match = re.search(r"^#[ \t]+(.+?)[ \t]*#*[ \t]*$", markdown, re.MULTILINE)
    return match[1].strip() if match else None


def script_json(data: Any) -> Markup:
    """JSON safe to place inside a ``<script type="application/json">`` element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for char, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
        text = text.replace(char, escaped)
    return Markup(text)


def first_sentence(text: str) -> str:
    """The opening sentence of a summary: a description short enough for a form option."""
    folded = " ".join(text.split())
    match = re.match(r"(.+?[.!?])(?:\s|$)", folded)
    return match[1] if match else folded


@dataclass(frozen=True)
class ChecklistGroup:
    """Checklists listed together on a playbook's page: one group per other answer, each
    checklist named only by what differs within the group."""

    title: str
    uri: str | None
    checklists: list[tuple[str, Checklist]]


def checklist_groups(owner: model.Playbook, checklists: list[Checklist]) -> list[ChecklistGroup]:
    """The checklists on ``owner``'s page, grouped so that no link repeats ``owner``.

    A company type's page groups them by path, a path's by company type, a response's by
    company type (then named by path), a company's by path. A hard case's page groups them
    by company type and path, each named by its manager response.
    """
    groups: dict[str, ChecklistGroup] = {}
    for checklist in checklists:
        s = checklist.situation
        if isinstance(owner, model.HardCase):
            group = groups.setdefault(f"{s.company_type.id}/{s.path.id}", ChecklistGroup(
                f"{s.company_type.title} · {s.path.title}", uri_for(s.path), []))
            group.checklists.append((s.response.title if s.response else "Your checklist",
                                     checklist))
            continue
        if isinstance(owner, model.Path):
            key: model.Playbook = s.company_type
        elif isinstance(owner, model.ManagerResponse):
            key = s.company_type
        else:
            key = s.path
        if isinstance(owner, model.ManagerResponse):
            label = s.path.title
        else:
            label = s.response.title if s.response else "Your checklist"
        group = groups.setdefault(key.id, ChecklistGroup(playbook_title(key), uri_for(key), []))
        group.checklists.append((label, checklist))
    return list(groups.values())


def checklist_title(checklist: Checklist) -> str:
    s = checklist.situation
    parts = [s.company.name if s.company else s.company_type.title, s.path.title]
    if s.response:
        parts.append(s.response.title)
    return " · ".join(parts)


class Guide:
    """Everything generated from one library, planned once and rendered on demand.

    ``checklists`` has one checklist per situation (the manifest lists them all);
    ``checklist_pages`` are those that get a page: every generic one, and for companies
    either one per company and path that covers each manager response (``per-path``) or
    one per situation (``per-response``).
    """

    def __init__(self, library: Library, renderer: Renderer,
                 company_checklists: str = "per-path") -> None:
        if company_checklists not in COMPANY_CHECKLISTS:
            raise ValueError(f"company_checklists must be one of {COMPANY_CHECKLISTS}")
        self.library = library
        self.renderer = renderer
        self.checklists = plan_all(library)
        self.checklist_pages: list[Checklist] = []
        self._page_of: dict[int, tuple[Checklist, str]] = {}  # id(checklist) → page, anchor
        self._by_slug = {c.situation.slug: c for c in self.checklists}
        groups: dict[tuple[str, str], list[Checklist]] = {}
        for checklist in self.checklists:
            company = checklist.situation.company
            if company is None or company_checklists == "per-response":
                self.checklist_pages.append(checklist)
                self._page_of[id(checklist)] = (checklist, "")
            else:
                groups.setdefault((company.id, checklist.situation.path.id), []).append(checklist)
        for variants in groups.values():
            merged = merge_responses(library, variants)
            self.checklist_pages.append(merged)
            for variant in variants:
                response = variant.situation.response
                self._page_of[id(variant)] = (merged, answer_anchor(response) if response
                                              else "")
        self._phases_by_id = {p.id: p for p in library.phases}
        self._responses_by_id = {r.id: r for r in library.responses}
        self._item_blocks: dict[tuple[Any, ...], Markup] = {}
        self._by_playbook: dict[int, list[Checklist]] = {}
        for checklist in self.checklist_pages:
            s = checklist.situation
            # a company's checklists are listed on its own page, not on every generic one
            owners: list[model.Playbook | None] = (
                [s.company] if s.company else [s.company_type, s.path, s.response])
            if s.company is None:  # and the hard cases it lists, once each
                owners += list({id(found.case): found.case for planned in checklist.phases
                                for found in planned.hard_cases}.values())
            for owner in owners:
                if owner is not None:
                    self._by_playbook.setdefault(id(owner), []).append(checklist)

    def target_url(self, slug: str, url_for: Callable[[str], str]) -> str:
        """The address of the checklist for situation ``slug``, with its anchor."""
        uri, anchor = self.target_of(slug)
        return url_for(uri) + (f"#{anchor}" if anchor else "")

    def page_slug_of(self, slug: str) -> tuple[str, str]:
        """The slug of the checklist page that shows situation ``slug``, and its anchor."""
        page, anchor = self.page_of(self._by_slug[slug])
        return page.slug, anchor

    def target_of(self, slug: str) -> tuple[str, str]:
        """The page (path under ``docs/``) and anchor of the checklist for ``slug``."""
        page, anchor = self.page_of(self._by_slug[slug])
        return checklist_uri(page), anchor

    def page_of(self, checklist: Checklist) -> tuple[Checklist, str]:
        """The page that shows ``checklist`` (itself, or a merged one) and its anchor there."""
        return self._page_of[id(checklist)]

    # --- outputs ---------------------------------------------------------------------------

    def outputs(self, page_titles: Mapping[str, str] | None = None) -> list[Output]:
        """Every file the build adds to the site: the pages (see :meth:`pages`), the browser
        assets and ``checklists.json``."""
        files: list[Output] = list(self.pages(page_titles))
        files += [StaticAsset(uri, content) for uri, content in browser_assets().items()]
        files.append(self.manifest_file())
        return files

    def manifest_file(self) -> JsonFile:
        """``checklists.json``: compact, because it repeats each step in every checklist that
        has it, so for a fork with many companies it is the largest file of the site."""
        manifest = self.manifest(lambda uri: site_path(uri, self.renderer.directory_urls))
        return JsonFile(MANIFEST, json.dumps(manifest, sort_keys=True, ensure_ascii=False,
                                             separators=(",", ":")))


    def pages(self, page_titles: Mapping[str, str] | None = None) -> list[GeneratedPage]:
        """Every generated page; ``page_titles`` names the site's own pages (by path under
        ``docs/``) so checklist items can say which guide page they come from."""
        titles = {uri_for(p): playbook_title(p) for p in self.library.all()}
        titles |= dict(page_titles or {})
        pages = []
        for kind, playbooks in self._kinds():
            index = index_uri(kind)
            brief = len(playbooks) > BRIEF_INDEX_ABOVE
            pages.append(GeneratedPage(index, self._render("index.md.j2", index,
                                                           title=kind.title, intro=kind.intro,
                                                           playbooks=playbooks, brief=brief),
                                       kind.title))
            for playbook in playbooks:
                pages.append(self._playbook_page(kind, playbook))
        pages.append(GeneratedPage(CHOOSER_URI, self._chooser(), "Build your checklist"))
        for checklist in self.checklist_pages:
            pages.append(self._checklist_page(checklist, titles))
        return pages

    def _checklist_page(self, checklist: Checklist, titles: Mapping[str, str]) -> GeneratedPage:
        uri = checklist_uri(checklist)
        title = checklist_title(checklist)
        sources = {item.step.id: _source(item, titles) for item in checklist.items}
        content = self._render("checklist.md.j2", uri, title=title, checklist=checklist,
                               timeline=timeline(checklist, renderer=self.renderer),
                               sources=sources,
                               months_label=months_label,
                               phase_numbers={p.phase.id: n for n, p in
                                              enumerate(checklist.phases, 1)},
                               phases_by_id=self._phases_by_id,
                               responses_by_id=self._responses_by_id,
                               answer_anchor=answer_anchor,
                               target_of=self.target_of,
                               item_html=self._item_html,
                               plan_data=script_json(plan_data(checklist, self.page_slug_of)))
        return GeneratedPage(uri, content, title, sanitized=True)

    def _item_html(self, item: Item, source: tuple[str, str], phase_id: str) -> Markup:
        """One step of a checklist as HTML, rendered once for every page that has it.

        Its links are marks that each page makes relative (:meth:`Renderer.render`), so
        the same HTML serves every checklist: for a fork with many companies, most steps
        are the generic ones, on every company's pages.
        """
        key = (id(item.step), id(item.source), id(item.script), id(item.template),
               item.responses, source, phase_id)  # the same step, wherever it is planned
        block = self._item_blocks.get(key)
        if block is None:
            item_block = self.renderer.macro("_checklist.html.j2", "item_block")
            block = self._item_blocks[key] = item_block(
                item, source, phase_id, self._responses_by_id, uri_for)
        return block

    def nav_sections(self) -> dict[str, list[tuple[str, str]]]:
        """For each kind's index page, the (title, uri) of the pages that belong under it."""
        return {index_uri(kind): [(p.title, uri_for(p)) for p in playbooks]
                for kind, playbooks in self._kinds()}

    def _kinds(self) -> list[tuple[model.Kind, list[model.Playbook]]]:
        """Each kind that has playbooks, with them, in the site's order."""
        return [(kind, self.library.of(kind.name)) for kind in model.KINDS.in_site_order()
                if self.library.of(kind.name)]

    def _playbook_page(self, kind: model.Kind, playbook: model.Playbook) -> GeneratedPage:
        uri = uri_for(playbook)
        checklists = self._by_playbook.get(id(playbook), [])
        context = {"playbook": playbook, "checklists": checklists,
                   "checklist_groups": checklist_groups(playbook, checklists),
                   **kind.related(playbook, self.library.shelves)}
        return GeneratedPage(uri, self._render(kind.template, uri, **context),
                             playbook_title(playbook))

    def _chooser(self) -> str:
        """The three questions, as plain links to every checklist and as a short form."""
        generic = [c for c in self.checklists if c.situation.company is None]
        by_type: dict[str, dict[str, list[Checklist]]] = {}
        for checklist in generic:
            s = checklist.situation
            by_type.setdefault(s.company_type.id, {}).setdefault(s.path.id, []).append(checklist)
        lib = self.library
        offered = [t for t in lib.company_types if t.id in by_type]
        ruled_out = {t.id: [p for p in lib.paths if p.id not in by_type[t.id]] for t in offered}
        data = {
            "checklists": [{**c.situation.values, "slug": c.situation.slug} for c in generic],
        }
        return self._render(
            "chooser.md.j2", CHOOSER_URI, title="Build your checklist",
            intro="Answer three questions and get a checklist made for your situation.",
            company_types=offered, by_type=by_type, ruled_out=ruled_out,
            paths_offered=[p for p in lib.paths if any(p.id in t for t in by_type.values())],
            companies=[c for c in self.checklist_pages if c.situation.company is not None],
            descriptions={uri_for(p): first_sentence(p.summary)
                          for p in [*offered, *lib.paths, *lib.responses]},
            words_heard=words_heard, chooser_data=script_json(data))

    def _render(self, template: str, uri: str, **context: Any) -> str:
        lib = self.library
        return self.renderer.render(
            template, uri, uri_for=uri_for, checklist_uri=checklist_uri,
            checklist_title=checklist_title, chooser_uri=CHOOSER_URI, phases=lib.phases,
            company_types=context.pop("company_types", lib.company_types),
            responses=lib.responses, all_paths=lib.paths,
            describe=lambda when: describe_conditions(when, lib),
            **({"paths": lib.paths} | context),
        )

    # --- directives in guide pages ---------------------------------------------------------

    def expand_page(self, markdown: str, page_uri: str, source: Path) -> str | None:
        """A guide page's Markdown with its directives expanded, or None if it has none."""
        if not has_directives(markdown):
            return None
        return self.expand_directives(markdown, page_uri, source)

    def expand_directives(self, markdown: str, page_uri: str, source: Path) -> str:
        """Replace ``<!-- inside-track: NAME [ARG] -->`` lines with rendered playbook data."""
        problems: list[Problem] = []

        def replace(match: re.Match[str]) -> str:
            name, arg = match["name"], match["arg"]
            try:
                return self._directive(name, arg, page_uri)
            except LookupError as error:
                line = markdown.count("\n", 0, match.start()) + 1
                problems.append(Problem(Mark(source, line, 1), str(error.args[0])))
                return ""

        result = DIRECTIVE.sub(replace, markdown)
        if problems:
            raise PlaybookError(problems)
        return result

    def _directive(self, name: str, arg: str | None, page_uri: str) -> str:
        if name == "table":
            if arg not in TABLES:
                raise LookupError(f"unknown table '{arg}'; expected one of "
                                  f"{', '.join(TABLES)}{did_you_mean(arg or '', TABLES)}")
            return self._render(f"table-{arg}.md.j2", page_uri)
        if name == "script":
            scripts = self.library.scripts
            if arg not in scripts:
                raise LookupError(f"unknown script '{arg}'{did_you_mean(arg or '', scripts)}")
            return self._render("script.md.j2", page_uri, script=scripts[arg])
        if name == "readiness":
            gated = [p for p in self.library.phases if p.readiness is not None]
            if not gated:
                raise LookupError("no phase has a 'readiness' section to show")
            return self._render("readiness.md.j2", page_uri, playbook=gated[0])
        if name == "decision-diagram":
            return self._render("decision-diagram.md.j2", page_uri,
                                diagram=decision_diagram(self.library),
                                box_width=diagram_layout.COLUMN, box_height=diagram_layout.BOX)
        known = ("table", "script", "readiness", "decision-diagram")
        raise LookupError(f"unknown directive '{name}'; expected one of {', '.join(known)}"
                          f"{did_you_mean(name, known)}")

    # --- manifest --------------------------------------------------------------------------

    def manifest(self, url_for: Callable[[str], str]) -> dict[str, Any]:
        """Every checklist with its answers, address and items, for the chooser and tools."""
        entries = []
        for checklist in self.checklists:
            situation = checklist.situation
            page, anchor = self.page_of(checklist)
            entries.append({
                "id": situation.slug,
                "title": checklist_title(checklist),
                "url": url_for(checklist_uri(page)) + (f"#{anchor}" if anchor else ""),
                "company": situation.company.id if situation.company else None,
                **situation.values,
                "total_timeline": checklist.total_timeline,
                "total_months": checklist.total.as_dict() if checklist.total else None,
                "phases": [{"id": p.phase.id, "start_month": p.start_month,
                            "end_month": p.end_month} for p in checklist.phases],
                "milestones": [{"id": m.id, "title": m.title, "month": m.month}
                               for m in checklist.milestones],
                "items": [{"id": item.step.id, "phase": item.step.phase,
                           "text": item.step.text} for item in checklist.items],
                "transitions": [{
                    "id": move.transition.id, "title": move.transition.title,
                    "phase": move.transition.phase, "closes": move.transition.closes,
                    "targets": [{"id": target.situation.slug, "label": target.label,
                                 "url": self.target_url(target.situation.slug, url_for)}
                                for target in move.targets]}
                    for move in checklist.transitions],
                "review": (asdict(checklist.review) if checklist.review
                           else None),
            })
        return {"version": 1, "edition": self.library.edition, "checklists": entries}


def _source(item: Item, titles: Mapping[str, str]) -> tuple[str, str]:
    """Where a checklist item comes from: its ``see`` page if it has one, else its playbook."""
    if item.step.see:
        page = item.step.see.split("#", 1)[0]
        return titles.get(page, "the guide"), item.step.see
    uri = uri_for(item.source)
    return titles.get(uri, playbook_title(item.source)), uri

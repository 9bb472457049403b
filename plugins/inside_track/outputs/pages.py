"""Decide which pages the playbooks become, and render each one to Markdown.

This is the engine's whole output: a list of typed files (:mod:`inside_track.outputs.files`:
the Markdown pages, the checklist manifest as JSON, the browser assets) and the navigation
sections the pages belong to. Any site generator that reads Markdown can take it from
here; the MkDocs plugin is one such adapter. The directives that guide pages use to quote
playbook data are :mod:`.directives`; the manifest's shape and content, :mod:`.manifest`.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from .. import model
from ..library.loader import Library
from ..model import uri_for, words_heard
from ..plan.checklists import Checklist, Item, PlannedPhase, merge_responses, plan_all
from ..plan.describe import describe_conditions
from ..render.renderer import Renderer, site_path
from ..render.timeline_svg import months_label, timeline
from . import manifest
from .browser import asset_text
from .files import GeneratedPage, JsonFile, Output, StaticAsset
from .naming import (
    CHOOSER_URI,
    MANIFEST,
    answer_anchor,
    checklist_title,
    checklist_uri,
    index_uri,
    playbook_title,
)
from .plan_calendar import CalendarLink, build_moment, calendar_files
from .plan_data import plan_data
from .reuse import Rendered

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


def markdown_title(markdown: str) -> str | None:
    """The text of a Markdown page's first level-one heading, if it has one."""
    match = re.search(r"^#[ \t]+(.+?)[ \t]*#*[ \t]*$", markdown, re.MULTILINE)
    return match[1].strip() if match else None


CHECKLIST_HTML_TEMPLATES = ("_checklist_head.html.j2", "_checklist_phase.html.j2",
                            "_checklist.html.j2", "_timeline.html.j2")
"""The templates of a checklist page's HTML blocks: only the packaged ones are known to
write whole block-level elements, which Markdown passes through unchanged."""
_CHANGED_BY_MARKDOWN = ("\n\n\n", "\t", "\r", "\x02", "\x03", "markdown=")
_SPACES_LINE = re.compile(r"\n +\n")


def passes_markdown(block: str) -> bool:
    """Whether Markdown would pass ``block``, a run of whole block-level HTML elements that
    stands between blank lines, through unchanged.

    It does, except where it normalises whitespace (tabs, carriage returns, blank lines
    that hold spaces, two or more blank lines in a row) or is asked to parse an element's
    content (a ``markdown`` attribute).
    """
    return not any(text in block for text in _CHANGED_BY_MARKDOWN) and not (
        "\n " in block and _SPACES_LINE.search(block))


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


class Guide:
    """Everything generated from one library, planned once and rendered on demand.

    ``checklists`` has one checklist per situation (the manifest lists them all);
    ``checklist_pages`` are those that get a page: every generic one, and for companies
    either one per company and path that covers each manager response (``per-path``) or
    one per situation (``per-response``).
    """

    def __init__(self, library: Library, renderer: Renderer,
                 company_checklists: str = "per-path", rendered: Rendered | None = None) -> None:
        if company_checklists not in COMPANY_CHECKLISTS:
            raise ValueError(f"company_checklists must be one of {COMPANY_CHECKLISTS}")
        self.library = library
        self.renderer = renderer
        self.rendered = rendered
        self.company_checklists = company_checklists
        """Pages of earlier builds to reuse where nothing they show changed (a server's)."""
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
        self._calendars: dict[str, list[Output]] = {}  # page → its calendar files, as built
        self._checklist_templates_packaged = all(
            renderer.is_packaged(name) for name in CHECKLIST_HTML_TEMPLATES)
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

    def page_of(self, checklist: Checklist) -> tuple[Checklist, str]:
        """The page that shows ``checklist`` (itself, or a merged one) and its anchor there."""
        return self._page_of[id(checklist)]

    def page_slug_of(self, slug: str) -> tuple[str, str]:
        """The slug of the checklist page that shows situation ``slug``, and its anchor."""
        page, anchor = self.page_of(self._by_slug[slug])
        return page.slug, anchor

    def target_of(self, slug: str) -> str:
        """The page (path under ``docs/``) of the checklist for ``slug``, with its anchor."""
        page, anchor = self.page_of(self._by_slug[slug])
        return checklist_uri(page) + (f"#{anchor}" if anchor else "")

    # --- outputs ---------------------------------------------------------------------------

    def outputs(self, page_titles: Mapping[str, str] | None = None) -> list[Output]:
        """Every file the build adds to the site: the pages (see :meth:`pages`), the browser
        assets and ``checklists.json``."""
        files: list[Output] = list(self.pages(page_titles))
        files += [calendar for page in self._calendars.values() for calendar in page]
        files += [StaticAsset(uri, content) for uri, content in browser_assets().items()]
        files.append(self.manifest_file())
        return files

    def manifest_file(self) -> JsonFile:
        """``checklists.json``, with each checklist's address as the site serves it."""
        data = manifest.build(self.checklists, self.page_of, self.library.edition,
                              lambda uri: site_path(uri, self.renderer.directory_urls))
        return JsonFile(MANIFEST, manifest.to_json(data))

    def pages(self, page_titles: Mapping[str, str] | None = None) -> list[GeneratedPage]:
        """Every generated page; ``page_titles`` names the site's own pages (by path under
        ``docs/``) so checklist items can say which guide page they come from."""
        titles = {uri_for(p): playbook_title(p) for p in self.library.all()}
        titles |= dict(page_titles or {})
        reuse = self._reuser(page_titles or {})
        pages = []
        for kind, playbooks in self._kinds():
            pages.append(reuse(index_uri(kind), (kind.name, playbooks),
                               functools.partial(self._index_page, kind, playbooks)))
            for playbook in playbooks:
                pages.append(self._playbook_page(kind, playbook, reuse))
        pages.append(GeneratedPage(CHOOSER_URI, self._chooser(), "Build your checklist"))
        built = build_moment()
        for checklist in self.checklist_pages:
            uri = checklist_uri(checklist)
            sources = {item.step.id: _source(item, titles) for item in checklist.items}
            data = plan_data(checklist, self.page_slug_of)
            files, links = calendar_files(data, uri, checklist_title(checklist), built,
                                          self.renderer.directory_urls)
            self._calendars[uri] = list(files)  # made every build: a reused page links them
            pages.append(reuse(uri, (checklist, sources, tuple(links)), functools.partial(
                self._checklist_page, checklist, sources, data, links)))
        return pages

    def _index_page(self, kind: model.Kind, playbooks: list[model.Playbook]) -> GeneratedPage:
        index = index_uri(kind)
        return GeneratedPage(index, self.render(
            "index.md.j2", index, title=kind.title, intro=kind.intro, playbooks=playbooks,
            brief=len(playbooks) > BRIEF_INDEX_ABOVE), kind.title)

    def _reuser(self, page_titles: Mapping[str, str]) -> Callable[
            [str, Any, Callable[[], GeneratedPage]], GeneratedPage]:
        """How this build gets each page: rendered, or reused from an earlier build if
        nothing it is rendered from changed (:mod:`.reuse`). Every page may show any
        playbook but a company, and the site's page titles: those count for all."""
        if self.rendered is None:
            return lambda uri, inputs, render: render()
        prints = self.rendered.start()
        shared = prints.of((
            [p for p in self.library.all() if not isinstance(p, model.Company)],
            dict(page_titles), self.library.edition, self.renderer.directory_urls,
            self.renderer.overrides_stamp, self.company_checklists))
        rendered = self.rendered
        return lambda uri, inputs, render: rendered.page(
            uri, hash((shared, prints.of(inputs))), render)

    def _checklist_page(self, checklist: Checklist, sources: Mapping[str, tuple[str, str]],
                        data: dict[str, Any], calendars: Sequence[CalendarLink]) -> GeneratedPage:
        """A checklist page: Markdown headings (the table of contents and the search
        sections come from them) between blocks of finished HTML.

        The blocks are listed on the page (:attr:`GeneratedPage.html`), so a site generator
        may place them as they are instead of parsing HTML it would only pass through.
        Each phase section is rendered once for every page that plans the phase the same
        way (:meth:`Renderer.render_once`) and placed with its links made relative.
        """
        uri = checklist_uri(checklist)
        title = checklist_title(checklist)
        phase_numbers = {p.phase.id: n for n, p in enumerate(checklist.phases, 1)}
        head = self.render("_checklist_head.html.j2", uri, checklist=checklist,
                           timeline=timeline(checklist, renderer=self.renderer),
                           responses_by_id=self._responses_by_id, answer_anchor=answer_anchor,
                           calendars=calendars, plan_data=script_json(data))
        closing = next((move.transition.id for move in checklist.transitions
                        if move.transition.closes), "")
        sections = [self.renderer.place(self._phase_section(planned, sources, phase_numbers,
                                                            closing), uri)
                    for planned in checklist.phases]
        blocks = [Markup(head), *(Markup(section) for section in sections)]
        content = self.render("checklist.md.j2", uri, title=title, checklist=checklist,
                              head=blocks[0], phase_sections=blocks[1:])
        verbatim = self._checklist_templates_packaged and all(map(passes_markdown, blocks))
        return GeneratedPage(uri, content, title, sanitized=True,
                             html=tuple(block.strip("\n") for block in blocks) if verbatim
                             else ())

    def _phase_section(self, planned: PlannedPhase, sources: Mapping[str, tuple[str, str]],
                       phase_numbers: Mapping[str, int], closing: str = "") -> Markup:
        """One phase of a checklist as HTML, its links still marked. ``closing`` is the id
        of the transition the checklist ends at, which a phase after it points back to."""
        return self.renderer.render_once(
            "_checklist_phase.html.j2", planned=planned,
            sources={item.step.id: sources[item.step.id] for item in planned.items},
            phase_numbers=phase_numbers, phases_by_id=self._phases_by_id,
            responses_by_id=self._responses_by_id, months_label=months_label,
            item_html=self._item_html, uri_for=uri_for,
            targets={target.situation.slug: self.target_of(target.situation.slug)
                     for move in planned.transitions for target in move.targets},
            closing=closing if planned.after_answer else "")

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

    def _playbook_page(self, kind: model.Kind, playbook: model.Playbook,
                       reuse: Callable[[str, Any, Callable[[], GeneratedPage]], GeneratedPage],
                       ) -> GeneratedPage:
        uri = uri_for(playbook)
        checklists = self._by_playbook.get(id(playbook), [])
        context = {"playbook": playbook, "checklists": checklists,
                   "checklist_groups": checklist_groups(playbook, checklists),
                   **kind.related(playbook, self.library.shelves)}
        return reuse(uri, (kind.name, context), lambda: GeneratedPage(
            uri, self.render(kind.template, uri, **context), playbook_title(playbook)))

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
        return self.render(
            "chooser.md.j2", CHOOSER_URI, title="Build your checklist",
            intro="Answer three questions and get a checklist made for your situation.",
            company_types=offered, by_type=by_type, ruled_out=ruled_out,
            paths_offered=[p for p in lib.paths if any(p.id in t for t in by_type.values())],
            companies=[c for c in self.checklist_pages if c.situation.company is not None],
            descriptions={uri_for(p): first_sentence(p.summary)
                          for p in [*offered, *lib.paths, *lib.responses]},
            words_heard=words_heard, chooser_data=script_json(data))

    def render(self, template: str, uri: str, **context: Any) -> str:
        """``template`` rendered for the page at ``uri``, with what every template may use."""
        lib = self.library
        return self.renderer.render(
            template, uri, uri_for=uri_for, checklist_uri=checklist_uri,
            checklist_title=checklist_title, chooser_uri=CHOOSER_URI, phases=lib.phases,
            company_types=context.pop("company_types", lib.company_types),
            responses=lib.responses, all_paths=lib.paths,
            describe=lambda when: describe_conditions(when, lib),
            **({"paths": lib.paths} | context),
        )


def _source(item: Item, titles: Mapping[str, str]) -> tuple[str, str]:
    """Where a checklist item comes from: its ``see`` page if it has one, else its playbook."""
    if item.step.see:
        page = item.step.see.split("#", 1)[0]
        return titles.get(page, "the guide"), item.step.see
    uri = uri_for(item.source)
    return titles.get(uri, playbook_title(item.source)), uri

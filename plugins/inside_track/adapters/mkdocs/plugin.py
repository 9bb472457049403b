"""MkDocs event hooks for Inside Track. All real work happens in the engine modules."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import time
from pathlib import Path
from typing import Any

import pathspec
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ...checks.leaks import find_leaks, library_texts, shorten
from ...library.edition import Edition
from ...library.loader import Library, PlaybookLoader, check_link_anchors, check_page_links
from ...model import KINDS
from ...model.safety import audit_page, safe_title
from ...outputs.pages import ASSETS, Guide, browser_assets, index_uri, markdown_title
from ...problems import PlaybookError
from ...render.renderer import Renderer
from .. import reproducible
from ..gcpause import paused_gc
from . import packaged
from .config import InsideTrackConfig

log = get_plugin_logger(__name__)
MANIFEST = "checklists.json"
COMPANIES_INDEX = index_uri(KINDS["company"])
INTERNAL_SUFFIX = " (internal)"
MAX_LEAKS_SHOWN = 40
_BANNER_SLOT = re.compile(r'<div data-md-component="announce">|<body\b[^>]*>', re.IGNORECASE)
_ID = re.compile(r"""\sid=["']?([^"'\s>]+)""")


class InsideTrackPlugin(BasePlugin[InsideTrackConfig]):
    """Turns playbook folders into guide pages, checklists and a manifest."""

    def __init__(self) -> None:
        self.loader = PlaybookLoader()
        self.guide: Guide | None = None
        self.folders: list[Path] = []
        self.guide_root: Path | None = None
        self.started = 0.0
        self.set_epoch = False
        self.dirty = False
        self.built: dict[str, int] = {}  # page → hash of its Markdown in the last build
        self.anchors: dict[str, set[str]] = {}  # page → its element ids, as last rendered
        self.sanitized: set[str] = set()  # generated pages made only of sanitized fragments
        self.expanded: set[str] = set()  # guide pages whose directives quote playbook text

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defined so MkDocs keeps this instance (and its parse cache) across serve rebuilds.

        Also refuses ``gh-deploy`` of an internal edition: GitHub Pages sites are public on
        most plans, and the internal edition must be hosted privately.
        """
        self.dirty = dirty
        if command == "gh-deploy" and self.config.edition == "internal":
            raise PluginError(
                "inside-track: refusing to run gh-deploy on the internal edition; GitHub Pages "
                "would publish it. Build it with 'mkdocs build' and copy the site folder to a "
                "private host instead.")

    @event_priority(-50)  # after plugins that change URLs (Material's offline plugin)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.started = time.perf_counter()
        root = Path(config.config_file_path or ".").resolve().parent
        self.folders = [(root / folder).resolve() for folder in self.config.playbooks]
        self.guide_root = self._guide_root()
        if self.guide_root is not None:
            self.folders = packaged.playbook_folders(self.guide_root, self.folders)
            packaged.configure(config, self.guide_root)
        if self.set_epoch:  # ours from the last build: the sources may have changed since
            os.environ.pop(reproducible.VARIABLE, None)
        self.set_epoch = reproducible.default_source_date_epoch(
            root, [Path(config.docs_dir), *self.folders, Path(config.config_file_path or ".")])
        overrides = [root / self.config.templates] if self.config.templates else []
        with paused_gc():
            library = self._load()
            self.guide = Guide(library, Renderer(overrides, config.use_directory_urls),
                               self.config.company_checklists)
        sections = self.guide.nav_sections()
        config.nav = _with_companies(config.nav, sections)
        config.not_in_nav = _not_in_nav(config.not_in_nav, "/checklists/*/**")
        if len(library.companies) > self.config.nav_company_limit:
            # Every page renders the whole navigation: listing each company would make the
            # site grow with the square of the number of companies.
            sections.pop(COMPANIES_INDEX, None)
            config.not_in_nav = _not_in_nav(config.not_in_nav, f"/{KINDS['company'].folder}/*")
        config.nav = _expand_nav(config.nav, sections)
        css, js = ASSETS["inside-track.css"], ASSETS["inside-track.js"]
        if css not in config.extra_css:
            config.extra_css.append(css)
        if js not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(js)
        if library.edition == "internal" and not config.site_name.endswith(INTERNAL_SUFFIX):
            config.site_name += INTERNAL_SUFFIX
        return config

    def _guide_root(self) -> Path | None:
        if not self.config.packaged_guide:
            return None
        try:
            return packaged.guide_root()
        except LookupError as error:
            raise PluginError(f"inside-track: packaged_guide: {error}") from None

    def _load(self) -> Library:
        try:
            edition: Edition = "internal" if self.config.edition == "internal" else "public"
            return self.loader.load(self.folders, edition)
        except PlaybookError as error:
            raise PluginError(str(error)) from None

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        for folder in self.folders:
            server.watch(str(folder))
        return server

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        guide = self._guide()
        packaged.drop_playbook_files(files, self.folders)
        if self.guide_root is not None:
            packaged.add_pages(files, config, self.guide_root)
        titles = {f.src_uri: title for f in files.documentation_pages()
                  if (title := markdown_title(f.content_string))}
        with paused_gc():
            pages = guide.pages(titles)
        self.sanitized = {page.uri for page in pages if page.sanitized}
        self.expanded = set()
        for page in pages:
            files.append(_Generated.generated(config, page.uri, content=page.content,
                                              inclusion=_inclusion(config, page.uri)))
        if self.dirty:
            self._keep_unchanged(files, config, titles)
        for uri, content in browser_assets().items():
            if files.get_file_from_path(uri) is None:  # a site's own copy wins
                files.append(File.generated(config, uri, content=content))
        known = [f.src_uri for f in files.documentation_pages()]
        problems = check_page_links(guide.library, known)
        if problems:
            raise PluginError(str(PlaybookError(problems)))
        manifest = guide.manifest(lambda uri: files.get_file_from_path(uri).url)  # type: ignore[union-attr]
        # compact: the manifest repeats each step in every checklist that has it, so for a
        # fork with many companies it is the largest file of the site
        files.append(File.generated(config, MANIFEST, content=json.dumps(
            manifest, sort_keys=True, ensure_ascii=False, separators=(",", ":"))))
        log.info("loaded %s (%s edition); generated %d pages and %d checklists in %.2f s",
                 guide.library.summary(), guide.library.edition, len(pages), len(guide.checklists),
                 time.perf_counter() - self.started)
        return files

    def _keep_unchanged(self, files: Files, config: MkDocsConfig,
                        titles: dict[str, str]) -> None:
        """For ``--dirty`` rebuilds (``mkdocs serve --dirty``): rebuild only what changed.

        MkDocs skips a page whose source is older than its output, but counts every
        generated page as changed. Here a generated page counts as unchanged when its
        Markdown is the same as in the last build, and a guide page whose directives now
        expand differently has its output removed, so MkDocs rebuilds it. When the
        navigation changes (a page added, removed or retitled), every page is rebuilt.
        """
        current: dict[str, int] = {}
        for file in files.documentation_pages():
            if isinstance(file, _Generated):
                current[file.src_uri] = hash(file.content_string)
            elif "inside-track:" in file.content_string:
                current[file.src_uri] = hash(self._guide().expand_directives(
                    file.content_string, file.src_uri,
                    Path(file.abs_src_path or file.src_uri)))
        current[""] = hash((repr(config.nav), tuple(sorted(titles.items())),
                            tuple(sorted(current))))
        same_nav = self.built.get("") == current[""]
        for file in files.documentation_pages():
            unchanged = same_nav and file.src_uri in current \
                and self.built.get(file.src_uri) == current[file.src_uri]
            if isinstance(file, _Generated):
                file.unchanged = unchanged
            elif not unchanged and (not same_nav or file.src_uri in current):
                Path(file.abs_dest_path).unlink(missing_ok=True)
        self.built = current

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        if page.file.generated_by or "inside-track:" not in markdown:
            return markdown
        source = Path(page.file.abs_src_path or page.file.src_uri)
        self.expanded.add(page.file.src_uri)
        try:
            return self._guide().expand_directives(markdown, page.file.src_uri, source)
        except PlaybookError as error:
            raise PluginError(str(error)) from None

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return self._with_banner(output)

    def on_post_template(self, output_content: str, *, template_name: str,
                         config: MkDocsConfig) -> str:
        """404.html and any other theme template: audited whole (its navigation holds
        playbook titles), then given the banner."""
        if template_name.endswith(".html"):
            _fail_on(template_name, audit_page(output_content, whole_page=True))
        return self._with_banner(output_content)

    def _with_banner(self, output: str) -> str:
        """In the internal edition, put the notice at the top of an HTML page."""
        if self.config.edition != "internal":
            return output
        notice = html.escape(self.config.internal_notice)
        banner = (f'<aside class="md-banner inside-track-internal" role="note" '
                  f'data-inside-track-edition="internal"><div class="md-banner__inner md-grid '
                  f'md-typeset"><strong>{notice}</strong></div></aside>')
        slot = _BANNER_SLOT.search(output)
        if slot is None:
            return output  # not an HTML page (sitemap.xml, a feed)
        # Material: just before its announcement bar, which a reader may dismiss; any other
        # theme: first thing in the body.
        at = slot.start() if slot.group().startswith("<div") else slot.end()
        return output[:at] + banner + output[at:]

    @event_priority(-100)  # after every other plugin has written its files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """In the public edition, fail the build if any output file holds internal text."""
        library = self._guide().library
        if library.edition != "public" or not self.config.leak_check:
            return
        started = time.perf_counter()
        site = Path(config.site_dir)
        if not library.internal_texts:  # nothing was cut, so nothing can leak
            log.info("leak check: the playbooks have no internal-only text")
            return
        leaks = find_leaks(site, library.internal_texts, library_texts(library))
        if leaks:
            lines = [f"  {site / leak.file}: contains internal-only text "
                     f"\"{shorten(leak.text)}\"" for leak in leaks[:MAX_LEAKS_SHOWN]]
            if len(leaks) > MAX_LEAKS_SHOWN:
                lines.append(f"  ... and {len(leaks) - MAX_LEAKS_SHOWN} more")
            shutil.rmtree(site, ignore_errors=True)  # nothing of it may be published
            raise PluginError(
                f"inside-track: internal-only text reached {len(leaks)} place(s) in the public "
                f"build, so {site} was removed.\n" + "\n".join(lines) + "\nRemove it where it "
                "comes from (a template or theme override, a page, an extra file), or mark "
                "that content internal in the playbooks.")
        log.info("leak check: no internal-only text in %s (%d texts, %.2f s)", site,
                 len(library.internal_texts), time.perf_counter() - started)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        """Last line of defence: no page that quotes playbook text ships live markup.

        Generated pages and guide pages with directives are audited; checklist pages are
        built only from sanitized fragments (:mod:`inside_track.render.fragments`), so an
        audit would find nothing there.
        """
        uri = page.file.src_uri
        if not page.file.generated_by and uri not in self.expanded:
            return html
        if uri not in self.sanitized:
            _fail_on(uri, audit_page(html))
        page.title = safe_title(page.title or "")
        return html

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Every page is rendered now: check the anchors that playbook links point to.

        A ``--dirty`` rebuild skips unchanged pages, so their anchors from the last build
        stand in for them.
        """
        pages = [f for f in files.documentation_pages() if f.page is not None]
        for file in pages:
            if file.page is not None and file.page.content is not None:
                self.anchors[file.src_uri] = set(_ID.findall(file.page.content))
        anchors = {f.src_uri: self.anchors.get(f.src_uri, set()) for f in pages}
        problems = check_link_anchors(self._guide().library, anchors)
        if problems:
            raise PluginError(str(PlaybookError(problems)))
        return env

    def _guide(self) -> Guide:
        if self.guide is None:  # pragma: no cover - MkDocs always calls on_config first
            raise PluginError("inside-track: on_config did not run")
        return self.guide


def _fail_on(page: str, findings: list[str]) -> None:
    if findings:
        raise PluginError(f"inside-track: page '{page}' would contain "
                          f"{', '.join(sorted(set(findings)))}; playbook text must not bypass "
                          "validation, and templates must escape what they print")


def _inclusion(config: MkDocsConfig, uri: str) -> InclusionLevel:
    """MkDocs leaves ``docs/templates/`` out of every site (it is where themes keep theirs);
    the guide's generated pages there are pages. The site's own settings still apply."""
    if not uri.startswith(f"{KINDS['template'].folder}/"):
        return InclusionLevel.UNDEFINED
    if config.exclude_docs and config.exclude_docs.match_file(uri):
        return InclusionLevel.EXCLUDED
    if config.not_in_nav and config.not_in_nav.match_file(uri):
        return InclusionLevel.NOT_IN_NAV
    return InclusionLevel.INCLUDED


class _Generated(File):
    """A generated page; in a ``--dirty`` rebuild it is skipped when its Markdown is the same."""

    unchanged = False

    def is_modified(self) -> bool:
        return not (self.unchanged and os.path.isfile(self.abs_dest_path))


def _with_companies(nav: Any, sections: dict[str, list[tuple[str, str]]]) -> Any:
    """Add a "Companies" section to an explicit nav that lacks one, when companies exist.

    It goes right after the "Company types" entry if the nav has one at the top level,
    otherwise at the end; a nav that already lists ``companies/index.md`` is left alone.
    """
    if not isinstance(nav, list) or COMPANIES_INDEX not in sections \
            or COMPANIES_INDEX in _nav_uris(nav):
        return nav
    entry = {"Companies": COMPANIES_INDEX}
    types_index = index_uri(KINDS["company-type"])
    for position, item in enumerate(nav):
        if types_index in _nav_uris([item]):
            return [*nav[:position + 1], entry, *nav[position + 1:]]
    return [*nav, entry]


def _nav_uris(nav: Any) -> set[str]:
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, list):
        return set().union(*(_nav_uris(item) for item in nav)) if nav else set()
    if isinstance(nav, dict):
        return set().union(*(_nav_uris(value) for value in nav.values())) if nav else set()
    return set()


def _expand_nav(nav: Any, sections: dict[str, list[tuple[str, str]]]) -> Any:
    """Replace each ``kind/index.md`` entry of the nav with a section listing that kind's pages."""
    if isinstance(nav, list):
        return [_expand_nav(item, sections) for item in nav]
    if isinstance(nav, dict):
        return {title: _expand_section(title, value, sections) for title, value in nav.items()}
    return nav


def _expand_section(title: str, value: Any, sections: dict[str, list[tuple[str, str]]]) -> Any:
    if isinstance(value, str) and value in sections:
        return [value, *({name: uri} for name, uri in sections[value])]
    return _expand_nav(value, sections)


def _not_in_nav(existing: Any, pattern: str) -> Any:
    """Add ``pattern`` to MkDocs' ``not_in_nav`` (a gitignore-style spec once validated)."""
    patterns = [p.pattern for p in getattr(existing, "patterns", []) if p.pattern]
    return pathspec.GitIgnoreSpec.from_lines([*patterns, pattern])

"""MkDocs event hooks for Inside Track: each translates and delegates to the engine."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ...library.links import check_link_anchors, check_page_links, element_ids
from ...library.loader import PlaybookLoader
from ...model.safety import audit_failure, safe_title
from ...outputs.directives import expand_page
from ...outputs.files import GeneratedPage, Output
from ...outputs.navigation import navigation
from ...outputs.pages import Guide, markdown_title
from ...outputs.reuse import Rendered
from ...problems import PlaybookError
from ...render.banners import internal_banner, with_banner
from ...render.renderer import Renderer
from .. import reproducible
from ..gcpause import paused_gc
from . import packaged
from .config import InsideTrackConfig, adapt, check_markdown_extensions
from .files import add_outputs, clashes, keep_unchanged
from .guards import Stops, leak_check, refuse_gh_deploy
from .leak_folders import internal_folders
from .verbatim import Anchors, add_anchors, put_back, stand_ins

log = get_plugin_logger(__name__)


class InsideTrackPlugin(BasePlugin[InsideTrackConfig]):
    """Turns playbook folders into guide pages, checklists and a manifest."""

    guide: Guide  # from on_config, which MkDocs always calls before any other hook here

    def __init__(self) -> None:
        self.loader = PlaybookLoader()  # kept across serve rebuilds: it caches parsed files
        self.folders: list[Path] = []
        self.guide_root: Path | None = None
        self.started, self.set_epoch, self.dirty, self.banner = 0.0, False, False, ""
        self.outputs: list[Output] = []  # the generated files handed to MkDocs (the export's)
        self.built: dict[str, int] = {}  # page → hash of its Markdown in the last build
        self.sanitized: set[str] = set()  # generated pages made only of sanitized fragments
        self.blocks: dict[str, tuple[str, ...]] = {}  # page → its blocks of finished HTML
        self.standing: dict[str, str] = {}  # page with stand-ins → its whole Markdown
        self.expanded: set[str] = set()  # guide pages whose directives quote playbook text
        self.rendered = Rendered()  # a server's pages, reused while what they show is the same
        self.stops = Stops()  # how problems end a build, or show in the live preview
        self.renderer = Renderer()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Keeps this instance (and its caches) across serve rebuilds."""
        self.dirty, self.stops.serving = dirty, command == "serve"
        refuse_gh_deploy(command, self.config.edition)

    @event_priority(-50)  # after plugins that change URLs (Material's offline plugin)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.started = time.perf_counter()
        self.stops.start()
        config_file = Path(config.config_file_path or ".")
        root = config_file.resolve().parent
        self.guide_root, self.folders = packaged.prepare(
            config, [(root / f).resolve() for f in self.config.playbooks],
            self.config.packaged_guide)
        check_markdown_extensions(config)
        self.set_epoch = reproducible.renew_default(
            self.set_epoch, root, [Path(config.docs_dir), *self.folders, config_file])
        self.renderer = renderer = Renderer(
            [root / self.config.templates] if self.config.templates else [],
            config.use_directory_urls)
        with paused_gc(), self.stops.playbook_problems():
            library = self.loader.load(self.folders, self.config.edition)  # type: ignore[arg-type]
            self.guide = Guide(library, renderer, self.config.company_checklists,
                               self.rendered if self.stops.serving else None)
        if self.stops.failed:  # serving: the site is the page of problems alone
            config.nav = []
            return config
        adapt(config, navigation(self.guide, config.nav, self.config.nav_company_limit),
              library.edition)
        self.banner = internal_banner(renderer, self.config.internal_notice) \
            if library.edition == "internal" else ""
        return config

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        for folder in self.folders:
            server.watch(str(folder))
        return server

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.stops.failed:
            return Files([f for f in files if not f.is_documentation_page()])
        guide = self.guide
        packaged.drop_playbook_files(files, self.folders)
        if self.guide_root is not None:
            packaged.add_pages(files, config, self.guide_root, self.config.maintainer_pages)
        titles = {f.src_uri: title for f in files.documentation_pages()
                  if (title := markdown_title(f.content_string))}
        with paused_gc():
            outputs = guide.outputs(titles)
            self.stops.fail_on(clashes(files, config, outputs))
            self.outputs = add_outputs(files, config, outputs)
        pages = [out for out in self.outputs if isinstance(out, GeneratedPage)]
        self.sanitized, self.expanded = {page.uri for page in pages if page.sanitized}, set()
        self.blocks = {page.uri: page.html for page in pages if page.html}
        if self.dirty:
            self.built = keep_unchanged(files, config, titles, self.built, self._expand)
        known = [f.src_uri for f in files.documentation_pages()]
        self.stops.fail_on(PlaybookError(check_page_links(guide.library, known)))
        log.info("loaded %s (%s edition); generated %d pages and %d checklists in %.2f s",
                 guide.library.summary(), guide.library.edition, len(pages), len(guide.checklists),
                 time.perf_counter() - self.started)
        return files

    def _expand(self, file: File, markdown: str | None = None) -> str | None:
        """A guide page's Markdown with its directives expanded; None if it has none."""
        with self.stops.playbook_problems():
            return None if file.generated_by else expand_page(
                self.guide, markdown or file.content_string, file.src_uri,
                Path(file.abs_src_path or file.src_uri))

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        """Guide pages: directives expanded. Generated pages of finished HTML: each block
        replaced by a stand-in, so Markdown reads only the headings (see :mod:`.verbatim`)."""
        uri = page.file.src_uri
        blocks = self.blocks.get(uri) if page.file.generated_by else None
        if blocks and (standing := stand_ins(markdown, blocks)) is not None:
            self.standing[uri] = markdown
            return standing
        if (expanded := self._expand(page.file, markdown)) is None:
            return markdown
        self.expanded.add(uri)
        return expanded

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        """The blocks of finished HTML take their stand-ins' places. Then the last line of
        defence: no page that quotes playbook text ships live markup (checklist pages are
        built only from sanitized fragments, so an audit would find nothing)."""
        uri = page.file.src_uri
        if (markdown := self.standing.pop(uri, None)) is not None:
            placed = put_back(html, self.blocks[uri])
            if placed is None:  # an extension changed a stand-in: parse the page whole
                page.markdown = markdown
                page.render(config, files)
                placed = page.content or ""
            html = placed
        if page.file.generated_by or uri in self.expanded:
            self.stops.fail_on(None if uri in self.sanitized else audit_failure(uri, html))
            page.title = safe_title(page.title or "")
        return html

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Every page is rendered: check the anchors that links name. Ids are read only from
        the pages links name with an anchor (a ``--dirty`` rebuild skips unchanged pages:
        their built files stand in)."""
        if self.stops.failed:
            return env
        pages = {f.src_uri: f.page for f in files.documentation_pages() if f.page is not None}
        found: dict[str, set[str] | None] = {}

        def ids(uri: str) -> set[str] | None:
            if uri not in found:
                page = pages.get(uri)
                found[uri] = None if page is None else element_ids(
                    page.content if page.content is not None else _built(page.file))
            return found[uri]

        for page in pages.values():  # the anchors MkDocs did not see, in the blocks it skipped
            for target, links in (page.links_to_anchors or {}).items():
                if (blocks := self.blocks.get(target.src_uri)) and target.page is not None:
                    add_anchors(target.page, links, blocks)
        self.stops.fail_on(PlaybookError(check_link_anchors(self.guide.library, Anchors(ids))))
        return env

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return with_banner(output, self.banner)

    def on_post_template(self, output_content: str, *, template_name: str,
                         config: MkDocsConfig) -> str:
        """404.html and other theme templates: audited whole (the nav holds playbook titles)."""
        if template_name.endswith(".html"):
            self.stops.fail_on(audit_failure(template_name, output_content, whole_page=True))
        return with_banner(output_content, self.banner)

    @event_priority(-100)  # after every other plugin has written its files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """In the public edition, fail the build if any output file holds internal text;
        while serving, every address shows the problems the build found, if any."""
        if not self.stops.failed:
            library = self.guide.library
            if library.edition == "public" and self.config.leak_check:
                self.stops.fail_on(leak_check(
                    Path(config.site_dir), library, log, config.theme,
                    internal_folders(Path(config.config_file_path or "."), self.config)))
        if self.stops.failed:
            self.stops.show(config, self.renderer)
            # Not an error under --strict, which would stop the server from answering again.
            (log.info if config.strict else log.warning)(
                "%s\nThe preview shows these problems on every page until they are fixed.",
                "\n".join(str(failure) for failure in self.stops.failures))


def _built(file: File) -> str:
    """A page's HTML as the last build wrote it, or nothing."""
    try:
        return Path(file.abs_dest_path).read_text(encoding="utf-8")
    except OSError:
        return ""

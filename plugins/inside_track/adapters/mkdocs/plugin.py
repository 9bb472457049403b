"""MkDocs event hooks for Inside Track: each translates and delegates to the engine."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ...library.links import anchored_pages, check_link_anchors, check_page_links, element_ids
from ...library.loader import PlaybookLoader
from ...model.safety import audit_failure, safe_title
from ...outputs.files import GeneratedPage, Output
from ...outputs.navigation import navigation
from ...outputs.pages import Guide, markdown_title
from ...problems import PlaybookError
from ...render.banners import internal_banner, with_banner
from ...render.renderer import Renderer
from .. import reproducible
from ..gcpause import paused_gc
from . import packaged
from .config import InsideTrackConfig, adapt, check_markdown_extensions
from .files import add_outputs, keep_unchanged
from .guards import Stops, leak_check, refuse_gh_deploy

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
        self.anchors: dict[str, set[str]] = {}  # page → its element ids, as last rendered
        self.sanitized: set[str] = set()  # generated pages made only of sanitized fragments
        self.expanded: set[str] = set()  # guide pages whose directives quote playbook text
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
            self.guide = Guide(library, renderer, self.config.company_checklists)
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
            self.outputs = add_outputs(files, config, guide.outputs(titles))
        pages = [out for out in self.outputs if isinstance(out, GeneratedPage)]
        self.sanitized, self.expanded = {page.uri for page in pages if page.sanitized}, set()
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
            return None if file.generated_by else self.guide.expand_page(
                markdown or file.content_string, file.src_uri,
                Path(file.abs_src_path or file.src_uri))

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        if (expanded := self._expand(page.file, markdown)) is None:
            return markdown
        self.expanded.add(page.file.src_uri)
        return expanded

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        """Last line of defence: no page that quotes playbook text ships live markup (checklist
        pages are built only from sanitized fragments, so an audit would find nothing)."""
        uri = page.file.src_uri
        if page.file.generated_by or uri in self.expanded:
            self.stops.fail_on(None if uri in self.sanitized else audit_failure(uri, html))
            page.title = safe_title(page.title or "")
        return html

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Every page is rendered: check the anchors that playbook links name (a ``--dirty``
        rebuild skips unchanged pages, so their anchors from the last build stand in)."""
        if self.stops.failed:
            return env
        pages = [f for f in files.documentation_pages() if f.page is not None]
        named = anchored_pages(self.guide.library)  # only these pages' ids are read
        self.anchors |= {f.src_uri: element_ids(f.page.content) for f in pages
                         if f.src_uri in named and f.page is not None
                         and f.page.content is not None}
        anchors = {f.src_uri: self.anchors[f.src_uri] for f in pages if f.src_uri in self.anchors}
        # (a page not rendered since a link first named its anchor: checked once it is again)
        self.stops.fail_on(PlaybookError(check_link_anchors(self.guide.library, anchors)))
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
                self.stops.fail_on(leak_check(Path(config.site_dir), library, log, config.theme))
        if self.stops.failed:
            self.stops.show(config, self.renderer)
            # Not an error under --strict, which would stop the server from answering again.
            (log.info if config.strict else log.warning)(
                "%s\nThe preview shows these problems on every page until they are fixed.",
                "\n".join(str(failure) for failure in self.stops.failures))

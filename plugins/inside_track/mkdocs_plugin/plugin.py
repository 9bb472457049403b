"""MkDocs event hooks for Inside Track. All real work happens in the engine modules."""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path
from typing import Any

import pathspec
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .. import reproducible
from ..edition import Edition
from ..loader import Library, PlaybookLoader, check_link_anchors, check_page_links
from ..pages import Guide
from ..problems import PlaybookError
from ..renderer import Renderer
from ..safety import audit_html, safe_title
from .config import InsideTrackConfig

log = get_plugin_logger(__name__)
MANIFEST = "checklists.json"
_ID = re.compile(r"""\sid=["']?([^"'\s>]+)""")


class InsideTrackPlugin(BasePlugin[InsideTrackConfig]):
    """Turns playbook folders into guide pages, checklists and a manifest."""

    def __init__(self) -> None:
        self.loader = PlaybookLoader()
        self.guide: Guide | None = None
        self.folders: list[Path] = []
        self.started = 0.0
        self.set_epoch = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defined so MkDocs keeps this instance (and its parse cache) across serve rebuilds."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.started = time.perf_counter()
        root = Path(config.config_file_path or ".").resolve().parent
        self.folders = [(root / folder).resolve() for folder in self.config.playbooks]
        if self.set_epoch:  # ours from the last build: the sources may have changed since
            os.environ.pop(reproducible.VARIABLE, None)
        self.set_epoch = reproducible.default_source_date_epoch(
            root, [Path(config.docs_dir), *self.folders, Path(config.config_file_path or ".")])
        library = self._load()
        overrides = [root / self.config.templates] if self.config.templates else []
        self.guide = Guide(library, Renderer(overrides))
        config.nav = _expand_nav(config.nav, self.guide.nav_sections())
        config.not_in_nav = _not_in_nav(config.not_in_nav, "/checklists/*/**")
        return config

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
        pages = guide.pages()
        for page in pages:
            files.append(File.generated(config, page.uri, content=page.content))
        known = [f.src_uri for f in files.documentation_pages()]
        problems = check_page_links(guide.library, known)
        if problems:
            raise PluginError(str(PlaybookError(problems)))
        manifest = guide.manifest(lambda uri: files.get_file_from_path(uri).url)  # type: ignore[union-attr]
        files.append(File.generated(config, MANIFEST,
                                    content=json.dumps(manifest, indent=2, sort_keys=True)))
        counts = ", ".join(f"{n} {kind}" for kind, n in guide.library.counts().items())
        log.info("loaded %s (%s edition); generated %d pages and %d checklists in %.2f s",
                 counts, guide.library.edition, len(pages), len(guide.checklists),
                 time.perf_counter() - self.started)
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        if page.file.generated_by or "inside-track:" not in markdown:
            return markdown
        source = Path(page.file.abs_src_path or page.file.src_uri)
        try:
            return self._guide().expand_directives(markdown, page.file.src_uri, source)
        except PlaybookError as error:
            raise PluginError(str(error)) from None

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        """Last line of defence: a generated page never ships live markup, even in its title."""
        if not page.file.generated_by:
            return html
        findings = audit_html(html)
        if findings:
            raise PluginError(f"generated page '{page.file.src_uri}' would contain "
                              f"{', '.join(sorted(set(findings)))}; playbook text must not "
                              "bypass validation, and templates must escape what they print")
        page.title = safe_title(page.title or "")
        return html

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Every page is rendered now: check the anchors that playbook links point to."""
        anchors = {f.src_uri: set(_ID.findall(f.page.content or ""))
                   for f in files.documentation_pages() if f.page is not None}
        problems = check_link_anchors(self._guide().library, anchors)
        if problems:
            raise PluginError(str(PlaybookError(problems)))
        return env

    def _guide(self) -> Guide:
        if self.guide is None:  # pragma: no cover - MkDocs always calls on_config first
            raise PluginError("inside-track: on_config did not run")
        return self.guide


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

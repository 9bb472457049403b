"""``packaged_guide: true``: a site of its own builds the whole upstream guide from the package.

The site keeps what it sets itself and gets the rest from the guide that ships with the
plugin (:mod:`inside_track.library.upstream`): its playbooks before the site's folders, its
pages wherever the site has no page of the same path, its navigation when the site has
none, the Markdown extensions its pages use, and, with the Material theme, its theme layer
below the site's own ``custom_dir``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pathspec
import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from ...library.upstream import guide_root


class _IgnoreTags(yaml.SafeLoader):
    """Reads the guide's mkdocs.yml for its nav and extensions; ``!ENV`` and the like are
    not needed for those, and are read as nothing."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


def prepare(config: MkDocsConfig, folders: list[Path],
            enabled: bool) -> tuple[Path | None, list[Path]]:
    """With ``packaged_guide``: the guide's folder and the playbook folders to read (the
    guide's first), the configuration filled in (:func:`configure`). Without: no folder."""
    if not enabled:
        return None, folders
    try:
        root = guide_root()
    except LookupError as error:
        raise PluginError(f"inside-track: packaged_guide: {error}") from None
    configure(config, root)
    return root, playbook_folders(root, folders)


def upstream_settings(root: Path) -> dict[str, Any]:
    with (root / "mkdocs.yml").open(encoding="utf-8") as stream:
        settings = yaml.load(stream, Loader=_IgnoreTags)
    return settings if isinstance(settings, dict) else {}


def playbook_folders(root: Path, folders: list[Path]) -> list[Path]:
    """The guide's playbooks first, then the site's (which overlay them)."""
    upstream = (root / "playbooks").resolve()
    return [upstream, *(folder for folder in folders if folder != upstream)]


def configure(config: MkDocsConfig, root: Path) -> None:
    """Fill in what the site leaves unset from the guide's own configuration."""
    settings = upstream_settings(root)
    if not config.nav and settings.get("nav"):
        config.nav = settings["nav"]
    for entry in settings.get("markdown_extensions") or []:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
            if options:
                config.mdx_configs[name] = options
    theme = config.theme
    if theme.name == "material":
        overrides = str(root / "overrides")
        if overrides not in theme.dirs:  # below the site's custom_dir, above Material
            theme.dirs.insert(1 if theme.custom_dir else 0, overrides)
        features = (settings.get("theme") or {}).get("features")
        if features and not theme.get("features"):
            theme["features"] = list(features)


def add_pages(files: Files, config: MkDocsConfig, root: Path, maintainer_pages: bool) -> None:
    """Add each guide page the site does not have itself (the site's own copy wins).

    The guide's pages for fork maintainers (those its own ``mkdocs.yml`` keeps out of the
    navigation: for-forks, fork, reference, benchmarks) are about the upstream project, not
    the site's: they are left out unless ``maintainer_pages`` asks for them, and then kept
    out of the navigation as upstream keeps them, without MkDocs listing them as forgotten.
    """
    docs = root / "docs"
    for_maintainers = pathspec.GitIgnoreSpec.from_lines(
        (upstream_settings(root).get("not_in_nav") or "").splitlines())
    extra = config.extra.setdefault("inside_track", {})
    if isinstance(extra, dict):  # the footer links to for-forks only when it is there
        extra["maintainer_pages"] = maintainer_pages
    for source in sorted(docs.rglob("*")):
        uri = source.relative_to(docs).as_posix()
        if not source.is_file() or files.get_file_from_path(uri) is not None:
            continue
        if not for_maintainers.match_file(uri):
            files.append(File(uri, str(docs), config.site_dir, config.use_directory_urls))
        elif maintainer_pages:
            files.append(File(uri, str(docs), config.site_dir, config.use_directory_urls,
                              inclusion=InclusionLevel.NOT_IN_NAV))


def drop_playbook_files(files: Files, folders: list[Path]) -> None:
    """Playbook files kept under ``docs_dir`` are sources, never published as they are
    (they may hold internal-only text)."""
    for file in list(files):
        source = Path(file.abs_src_path).resolve() if file.abs_src_path else None
        if source is not None and any(source.is_relative_to(f) for f in folders):
            files.remove(file)


__all__ = ["add_pages", "configure", "drop_playbook_files", "guide_root", "playbook_folders"]

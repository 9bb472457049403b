"""Which playbook folders a site's leak check compares against, read from its configuration
by MkDocs itself: ``!ENV`` values, ``INHERIT`` and option defaults mean what they mean in a
build, so ``check-leaks`` and the build never disagree about the folders.

A public configuration names the folders its edition reads (``playbooks``, after the
packaged guide's with ``packaged_guide``) and those only the internal edition reads
(``internal_playbooks``; by default ``internal-playbooks/`` beside it, when that exists). An
internal configuration (``edition: internal``) INHERITs the public one: the folders it reads
beyond the public ones are internal-only too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.utils.yaml import get_yaml_loader, yaml_load

from ...library.upstream import NoUpstreamGuide, guide_root
from .config import InsideTrackConfig
from .packaged import playbook_folders

DEFAULT_INTERNAL = "internal-playbooks"


class ConfigProblem(Exception):
    """The configuration cannot say which folders to compare against (a usage problem)."""


@dataclass(frozen=True)
class LeakFolders:
    """The public edition's playbook folders, in reading order, and the folders only the
    internal edition reads (every text in those counts as internal)."""

    public: list[Path]
    internal: list[Path]


def internal_folders(config_file: Path, options: InsideTrackConfig) -> list[Path]:
    """The folders only the internal edition reads, as the public configuration declares
    them (``internal_playbooks``), relative to ``config_file``."""
    root = config_file.resolve().parent
    if options.internal_playbooks is None:
        default = root / DEFAULT_INTERNAL
        return [default] if default.is_dir() else []
    return [(root / folder).resolve() for folder in options.internal_playbooks]


def leak_folders(config_file: Path) -> LeakFolders:
    """The folders of the site configured by ``config_file`` (public or internal edition).

    Raises :class:`ConfigProblem` for a configuration MkDocs refuses, one without the
    inside-track plugin, and an internal one that INHERITs no public configuration.
    """
    config, options = _load(config_file)
    own = _playbooks(config_file, options)
    internal = internal_folders(config_file, options)
    if options.edition == "internal":
        parent = _inherited(config_file, config)
        if parent is None:
            raise ConfigProblem(
                f"{config_file}: this internal edition's configuration INHERITs no public "
                "one, so which of its folders are public cannot be told; name them: "
                "check-leaks SITE PUBLIC_FOLDER... --internal INTERNAL_FOLDER")
        _, parent_options = _load(parent)
        if parent_options.edition != "public":
            raise ConfigProblem(f"{parent}: INHERITed by {config_file} as the public "
                                "edition, but it builds the internal edition")
        public = _playbooks(parent, parent_options)
        internal = [*(f for f in own if f not in public),
                    *internal_folders(parent, parent_options), *internal]
    else:
        public = own
    unique = list(dict.fromkeys(f for f in internal if f not in public))
    return LeakFolders(public, unique)


def _load(config_file: Path) -> tuple[MkDocsConfig, InsideTrackConfig]:
    try:
        config = load_config(str(config_file))
    except MkDocsException as error:
        raise ConfigProblem(f"{config_file}: MkDocs cannot load this configuration "
                            f"({error.format_message()})") from None
    plugin: Any = config.plugins.get("inside-track")
    if plugin is None or not isinstance(plugin.config, InsideTrackConfig):
        raise ConfigProblem(f"{config_file}: does not use the inside-track plugin, so it "
                            "names no playbook folders; name them: check-leaks SITE FOLDER...")
    return config, plugin.config


def _playbooks(config_file: Path, options: InsideTrackConfig) -> list[Path]:
    root = config_file.resolve().parent
    folders = [(root / folder).resolve() for folder in options.playbooks]
    if not options.packaged_guide:
        return folders
    try:
        return playbook_folders(guide_root(), folders)
    except NoUpstreamGuide as error:
        raise ConfigProblem(f"{config_file}: packaged_guide: {error}") from None


def _inherited(config_file: Path, config: MkDocsConfig) -> Path | None:
    """The file ``config_file`` INHERITs, read as MkDocs reads it (``!ENV`` and all)."""
    with config_file.open(encoding="utf-8") as stream:
        raw = yaml_load(stream.read(), get_yaml_loader(config=config))  # text: INHERIT kept
    parent = raw.get("INHERIT") if isinstance(raw, dict) else None
    return (config_file.resolve().parent / str(parent)).resolve() if parent else None

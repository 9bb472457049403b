"""Export a site as plain Markdown and a ``mkdocs.yml`` that needs no Inside Track plugin.

The export runs the plugin's own hooks (``on_config``, ``on_files``, the directives of
``on_page_markdown``) exactly as a build does, then writes what they produced instead of
rendering it: every generated page, each guide page with its directives expanded, the
browser assets and ``checklists.json`` as static files, and a configuration with the nav
expanded, the checklist pages marked ``not_in_nav`` and the plugin left out. ``mkdocs
build`` on the result gives the same pages, and so does any generator that reads
``mkdocs.yml`` (Zensical, ProperDocs): the escape hatch if this plugin, or MkDocs, stops
being maintained.

What cannot be carried over is said in :data:`EXPORT_NOTE`; it is written at the top of
the exported ``mkdocs.yml``.
"""

from __future__ import annotations

import shutil
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, get_files
from mkdocs.utils.yaml import yaml_load

from ...checks.leaks import CouldNotCheck, leak_report, library_leaks
from ...model import KINDS
from ...outputs.directives import expand_page
from ...outputs.files import GeneratedPage
from ...outputs.pages import Guide
from ...problems import PlaybookError
from ...render.banners import internal_notice
from .leak_folders import internal_folders
from .plugin import InsideTrackPlugin

PLUGIN_NAMES = ("inside-track", "inside_track")
EXPORT_NOTE = """\
# Exported by `inside-track export` from {source}, {edition} edition.
# Every page is plain Markdown: build it with `mkdocs build` or `zensical build`, no
# Inside Track plugin needed. Values given with !ENV were read when it was exported.
# To change the content, edit the playbooks and export again; edits made here are lost.
"""


class ExportError(Exception):
    """An export that cannot be done, worded for the person who asked for it."""


@dataclass(frozen=True)
class Exported:
    """What an export wrote."""

    config_file: Path
    pages: int
    files: int
    edition: str


def export_site(config_file: Path, out_dir: Path, *, force: bool = False) -> Exported:
    """Write the site of ``config_file`` as plain Markdown into ``out_dir``."""
    config_file = config_file.resolve()
    out_dir = out_dir.resolve()
    config = load_config(str(config_file))
    plugin = _our_plugin(config)
    docs_dir = Path(config.docs_dir).resolve()
    if out_dir == docs_dir or docs_dir in out_dir.parents or out_dir in docs_dir.parents:
        raise ExportError(f"{out_dir} overlaps the docs folder {docs_dir}; export somewhere "
                          "else")
    _prepare(out_dir, force)

    config.plugins.on_startup(command="build", dirty=False)
    try:
        config = config.plugins.on_config(config)
        files = config.plugins.on_files(get_files(config), config=config)
    finally:
        config.plugins.on_shutdown()
    guide: Guide | None = getattr(plugin, "guide", None)
    if guide is None:  # pragma: no cover - on_config always sets it
        raise ExportError("the inside-track plugin did not run")
    notice = internal_notice(guide.renderer, plugin.config.internal_notice) \
        if guide.library.edition == "internal" else ""

    docs_out = out_dir / "docs"
    pages = 0
    for output in plugin.outputs:  # what the build generated, as the build has it
        target = _target(docs_out, output.uri)
        if isinstance(output, GeneratedPage):
            pages += 1
            target.write_text(notice + output.content, encoding="utf-8")
        else:
            target.write_bytes(output.data)
    ours = {output.uri for output in plugin.outputs}
    for file in files:  # the site's own files, and any other plugin's
        if file.src_uri in ours or file.inclusion.is_excluded():
            continue
        target = _target(docs_out, file.src_uri)
        if file.is_documentation_page():
            pages += 1
            target.write_text(notice + _markdown(guide, file), encoding="utf-8")
        elif file.generated_by:
            target.write_bytes(file.content_bytes)
        else:
            shutil.copyfile(file.abs_src_path or "", target)

    raw = yaml_load(config_file.open(encoding="utf-8"))
    exported = _exported_config(raw, config, config_file.parent, out_dir)
    header = EXPORT_NOTE.format(source=config_file.name, edition=guide.library.edition)
    target_config = out_dir / "mkdocs.yml"
    target_config.write_text(header + yaml.dump(exported, Dumper=_Dumper, sort_keys=False,
                                                allow_unicode=True, width=100),
                             encoding="utf-8")

    if guide.library.edition == "public" and plugin.config.leak_check:
        try:
            leaks = library_leaks(out_dir, guide.library, internal_folders=internal_folders(
                config_file, plugin.config))
        except (CouldNotCheck, PlaybookError) as error:
            raise ExportError(f"the leak check could not check {out_dir}: {error}") from None
        if leaks:
            raise ExportError(leak_report(leaks, out_dir, "do not publish it"))
    return Exported(target_config, pages, len(files), guide.library.edition)


def _our_plugin(config: MkDocsConfig) -> InsideTrackPlugin:
    for plugin in config.plugins.values():
        if isinstance(plugin, InsideTrackPlugin):
            return plugin
    raise ExportError(f"{config.config_file_path} does not use the inside-track plugin; there "
                      "is nothing to export")


def _is_export(config_file: Path) -> bool:
    """Whether ``config_file`` starts with the note every export writes first."""
    first_line = EXPORT_NOTE.split("{source}", 1)[0]
    try:
        with config_file.open(encoding="utf-8") as stream:
            return stream.read(len(first_line)) == first_line
    except (OSError, UnicodeDecodeError):
        return False


def _prepare(out_dir: Path, force: bool) -> None:
    ours = [out_dir / name for name in ("docs", "mkdocs.yml", "overrides", "hooks")]
    existing = [path for path in ours if path.exists()]
    if existing and not force:
        raise ExportError(f"{out_dir} already has {', '.join(p.name for p in existing)}; pass "
                          "--force to replace them")
    if existing and not _is_export(out_dir / "mkdocs.yml"):
        raise ExportError(f"{out_dir} has {', '.join(p.name for p in existing)} but is not an "
                          "earlier export (its mkdocs.yml was not written by 'inside-track "
                          "export'); not deleting anything. Export into a new folder")
    for path in existing:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    out_dir.mkdir(parents=True, exist_ok=True)


def _target(docs_out: Path, uri: str) -> Path:
    target = docs_out / uri
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def _markdown(guide: Guide, file: File) -> str:
    """A page's Markdown as the plugin build renders it: directives expanded."""
    if file.generated_by:
        return file.content_string
    source = Path(file.abs_src_path or file.src_uri)
    try:
        expanded = expand_page(guide, file.content_string, file.src_uri, source)
    except PlaybookError as error:
        raise ExportError(str(error)) from None
    return file.content_string if expanded is None else expanded


def _exported_config(raw: dict[str, Any], config: MkDocsConfig, root: Path,
                     out_dir: Path) -> dict[str, Any]:
    """The user's configuration, with what the plugin did to it written out."""
    result = dict(raw)
    result["site_name"] = config.site_name  # the internal edition adds "(internal)"
    result["docs_dir"] = "docs"
    result["site_dir"] = "site"
    if config.nav is not None:
        result["nav"] = config.nav
    patterns = config.not_in_nav.patterns if config.not_in_nav else []
    result["not_in_nav"] = "\n".join(str(p.pattern) for p in patterns if p.pattern)
    folder = KINDS["template"].folder
    if (out_dir / "docs" / folder).is_dir():  # MkDocs leaves templates/ out unless told
        exclude = str(raw.get("exclude_docs") or "").rstrip("\n")
        result["exclude_docs"] = "\n".join(filter(None, [exclude, f"!/{folder}/"])) + "\n"
    result["extra_css"] = list(config.extra_css)
    result["extra_javascript"] = [_script(script) for script in config.extra_javascript]
    result["plugins"] = _without_us(raw.get("plugins", ["search"]))
    result.pop("watch", None)  # paths to watch while serving the plugin's sources
    theme = result.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme = result["theme"] = dict(theme)
        shutil.copytree(root / theme["custom_dir"], out_dir / "overrides")
        theme["custom_dir"] = "overrides"
    if result.get("hooks"):
        (out_dir / "hooks").mkdir()
        hooks = []
        for hook in result["hooks"]:
            shutil.copyfile(root / hook, out_dir / "hooks" / Path(hook).name)
            hooks.append(f"hooks/{Path(hook).name}")
        result["hooks"] = hooks
    return result


def _script(script: Any) -> Any:
    if isinstance(script, str):
        return script
    options = {"type": script.type, "defer": script.defer, "async": script.async_}
    if not any(options.values()):
        return script.path
    return {"path": script.path, **{k: v for k, v in options.items() if v}}


def _without_us(plugins: Any) -> Any:
    if isinstance(plugins, dict):
        return {name: options for name, options in plugins.items() if name not in PLUGIN_NAMES}
    kept = []
    for entry in plugins or []:
        name = entry if isinstance(entry, str) else next(iter(entry), "")
        if name not in PLUGIN_NAMES:
            kept.append(entry)
    return kept


class _Dumper(yaml.SafeDumper):
    """Writes what MkDocs' loader reads, including ``!!python/name:`` references."""


def _python_name(dumper: yaml.SafeDumper, value: Any) -> yaml.Node:
    return dumper.represent_scalar(f"tag:yaml.org,2002:python/name:{value.__module__}."
                                   f"{value.__qualname__}", "")


for _kind in (types.FunctionType, types.BuiltinFunctionType, type):
    _Dumper.add_multi_representer(_kind, _python_name)

"""The engine's outputs as MkDocs files, and ``--dirty`` rebuilds of only what changed."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from ...model import KINDS
from ...outputs.files import GeneratedPage, Output, StaticAsset


class GeneratedFile(File):
    """A generated page; in a ``--dirty`` rebuild it is skipped when its Markdown is the same."""

    unchanged = False

    def is_modified(self) -> bool:
        return not (self.unchanged and os.path.isfile(self.abs_dest_path))


def add_outputs(files: Files, config: MkDocsConfig, outputs: list[Output]) -> list[Output]:
    """Add the engine's outputs to the site's files, each with ``File.generated``; return
    those added. A site's own file of an asset's path wins over the packaged one."""
    added = [out for out in outputs
             if not (isinstance(out, StaticAsset) and files.get_file_from_path(out.uri))]
    for out in added:
        if isinstance(out, GeneratedPage):
            files.append(GeneratedFile.generated(config, out.uri, content=out.content,
                                                 inclusion=_inclusion(config, out.uri)))
        else:
            files.append(File.generated(config, out.uri, content=out.content))
    return added


def clashes(files: Files, config: MkDocsConfig, outputs: list[Output]) -> str | None:
    """The site's own files that a generated page or file would replace, as one message;
    None if there are none. MkDocs keeps the last file of an address without a word, so a
    hand-written ``docs/paths/<id>.md`` (or ``<id>/index.md``) would vanish from the site,
    or hide the playbook's page. Assets are left out: there the site's own file wins."""
    own = {file.dest_uri: file for file in files if not file.generated_by}
    found = []
    for out in outputs:
        if isinstance(out, StaticAsset):
            continue
        dest = File(out.uri, None, config.site_dir, config.use_directory_urls).dest_uri
        if (file := own.get(dest)) is not None:
            where = file.abs_src_path or file.src_uri
            found.append(f"  {os.path.relpath(where) if os.path.isabs(where) else where}: "
                         f"its address '{dest}' is that of '{out.uri}', which the guide "
                         "generates from the playbooks")
    if not found:
        return None
    return ("inside-track: a file in the site's docs takes the address of one the guide "
            "generates; rename or move it (or link to the generated one instead):\n"
            + "\n".join(found))


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


def keep_unchanged(files: Files, config: MkDocsConfig, titles: dict[str, str],
                   built: dict[str, int], expand: Callable[[File], str | None],
                   ) -> dict[str, int]:
    """Mark what is unchanged since the last build; return what to compare with next time.

    MkDocs skips a page whose source is older than its output, but counts every
    generated page as changed. Here a generated page counts as unchanged when its
    Markdown is the same as in the last build, and a guide page whose directives now
    expand differently (``expand`` gives its expanded Markdown, or None if it has no
    directives) has its output removed, so MkDocs rebuilds it. When the navigation changes
    (a page added, removed or retitled), every page is rebuilt. ``built`` maps each page to
    a hash of its Markdown in the last build.
    """
    current: dict[str, int] = {}
    for file in files.documentation_pages():
        if isinstance(file, GeneratedFile):
            current[file.src_uri] = hash(file.content_string)
        elif (expanded := expand(file)) is not None:
            current[file.src_uri] = hash(expanded)
    current[""] = hash((repr(config.nav), tuple(sorted(titles.items())), tuple(sorted(current))))
    same_nav = built.get("") == current[""]
    for file in files.documentation_pages():
        unchanged = same_nav and file.src_uri in current \
            and built.get(file.src_uri) == current[file.src_uri]
        if isinstance(file, GeneratedFile):
            file.unchanged = unchanged
        elif not unchanged and (not same_nav or file.src_uri in current):
            Path(file.abs_dest_path).unlink(missing_ok=True)
    return current

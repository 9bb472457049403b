"""What counts as internal text and what as public, from the playbooks an edition pair reads.

Internal text is what the public edition drops (``!internal``, ``internal: true``) plus every
text of the folders only the internal edition reads (``internal-playbooks/``), marked or
not: a public build's own check knows those folders too, so text that exists only there is
looked for as well as text cut from the public playbooks. Public text is every text of the
public playbooks; an internal text that is also public is not a secret (see
:func:`..forms.prepare`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ...library.edition import REFERENCE_KEYS, texts_in
from ...library.library import Library
from ...library.loader import load_playbooks, playbook_files
from ...problems import WHOLE_FILE, Mark, PlaybookError, Problem
from ...source.reader import read_yaml


def library_texts(library: Library) -> set[str]:
    """Every text of every playbook in a library, ids and references excluded."""
    return {text for source in library.sources.values()
            for text in texts_in(source.raw, skip=REFERENCE_KEYS) if text.strip()}


def folder_texts(folders: Sequence[Path]) -> set[str]:
    """Every text in the playbook files of ``folders``, read as written (no edition, no
    overlay: each is internal whatever it merges into). Raises :class:`PlaybookError` when
    a folder is missing or a file cannot be read: its text would be unknown."""
    texts: set[str] = set()
    problems: list[Problem] = []
    for folder in folders:
        if not folder.exists():
            problems.append(Problem(Mark(folder, WHOLE_FILE, WHOLE_FILE),
                                    "no such playbook folder; the text in it cannot be known "
                                    "to the leak check"))
            continue
        for path in playbook_files(folder):
            value, found = read_yaml(path)
            problems += found
            texts.update(text for text in texts_in(value, skip=REFERENCE_KEYS) if text.strip())
    if problems:
        raise PlaybookError(problems)
    return texts


def edition_texts(public: Library,
                  internal_folders: Sequence[Path] = ()) -> tuple[set[str], set[str]]:
    """(internal texts, public texts) of a public library and the folders only the
    internal edition reads."""
    public_texts = library_texts(public)
    internal = set(public.internal_texts) | (folder_texts(internal_folders) - public_texts)
    return internal, public_texts


def texts_from_playbooks(folders: Sequence[Path],
                         internal_folders: Sequence[Path] = ()) -> tuple[set[str], set[str]]:
    """(internal texts, public texts) of the playbooks an edition pair is built from: the
    public edition reads ``folders``; the internal edition reads them and then
    ``internal_folders``."""
    return edition_texts(load_playbooks(list(folders), "public"), internal_folders)

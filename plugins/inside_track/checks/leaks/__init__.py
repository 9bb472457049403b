"""The leak check: find internal-only text in the files of a built site.

The public edition drops internal content before anything is rendered; this package is the
second line of defence, run over the *output* so that nothing else — a template override, a
theme partial, a hand-written page, a plugin that copies files — can publish it either.

- :mod:`.texts`: what is internal (what the public edition cuts, and all text of the
  folders only the internal edition reads) and what is public;
- :mod:`.forms`: the normalised forms compared, of internal texts and of the site's text;
- :mod:`.records`: every file of the site read whole, as records (a page, a search-index
  document, a manifest entry), links followed, what cannot be read named;
- :mod:`.screen`: the quick look at each record's raw bytes that spares the full search;
- :mod:`.scan`: the search (one Aho-Corasick pass per record) and its result;
- :mod:`.report`: the words of every report.

No module here imports MkDocs: the plugin, the export and ``inside-track check-leaks`` all
call :func:`scan_site` (or :func:`find_leaks`, :func:`library_leaks`) and report with
:mod:`.report`.
"""

from .forms import (
    FRAGMENT_LENGTH,
    MIN_LENGTH,
    WINDOW,
    Needle,
    Needles,
    checked_texts,
    key,
    make_needles,
    plain,
    prepare,
    shorten,
    words,
)
from .records import Unchecked
from .report import MAX_SHOWN, leak_lines, leak_report, public_lines
from .scan import (
    CouldNotCheck,
    Leak,
    Scan,
    find_leaks,
    library_leaks,
    library_scan,
    scan_site,
)
from .screen import Screen
from .texts import edition_texts, folder_texts, library_texts, texts_from_playbooks

__all__ = [
    "FRAGMENT_LENGTH", "MAX_SHOWN", "MIN_LENGTH", "WINDOW", "CouldNotCheck", "Leak", "Needle",
    "Needles", "Scan", "Screen", "Unchecked", "checked_texts", "edition_texts", "find_leaks",
    "folder_texts", "key", "leak_lines", "leak_report", "library_leaks", "library_scan",
    "library_texts", "make_needles", "plain", "prepare", "public_lines",
    "scan_site", "shorten", "texts_from_playbooks", "words",
]

"""Where generated pages live and what they are called: one place for every address.

The pages, the manifest, the navigation and the directives all name checklists and
playbook pages; they take the addresses and titles from here, so no two of them can
disagree about where a page is.
"""

from __future__ import annotations

from .. import model
from ..plan.checklists import Checklist

CHOOSER_URI = "checklists/index.md"
MANIFEST = "checklists.json"


def index_uri(kind: model.Kind) -> str:
    """The index page of one kind's playbooks."""
    return f"{kind.folder}/index.md"


def checklist_uri(checklist: Checklist) -> str:
    return f"checklists/{checklist.slug}.md"


def answer_anchor(response: model.ManagerResponse) -> str:
    """The anchor of one manager response on a merged checklist page."""
    return f"answer-{response.id}"


def playbook_title(playbook: model.Playbook) -> str:
    return playbook.name if isinstance(playbook, model.Company) else playbook.title


def checklist_title(checklist: Checklist) -> str:
    s = checklist.situation
    parts = [s.company.name if s.company else s.company_type.title, s.path.title]
    if s.response:
        parts.append(s.response.title)
    return " · ".join(parts)

"""The page a live preview shows while the playbooks have problems.

A development server that stops answering on a broken playbook leaves the author staring at
a spinner; one that answers every address with the located problems (and the offending line
of YAML) lets them fix it where they look, and reloads by itself once it builds again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..problems import PlaybookError, Problem, one_line, source_line
from .renderer import Renderer


@dataclass(frozen=True)
class Shown:
    """One problem as the page lists it: where (``file:line:col``), what, and the line."""

    where: str
    message: str
    line: str | None = None


def shown(failures: Iterable[PlaybookError | str]) -> list[Shown]:
    """Every problem of ``failures``, in the order a build reports them."""
    listed: list[Shown] = []
    for failure in failures:
        if isinstance(failure, PlaybookError):
            listed += [_shown(problem) for problem in sorted(failure.problems)]
        else:
            listed.append(Shown("", str(failure)))
    return listed


def _shown(problem: Problem) -> Shown:
    message = f"{problem.field}: {problem.message}" if problem.field else problem.message
    line = source_line(problem.mark)
    return Shown(str(problem.mark), one_line(message), None if line is None else one_line(line))


def problems_page(renderer: Renderer, failures: Iterable[PlaybookError | str], *,
                  site_name: str, stylesheets: Iterable[str], stamp: str) -> str:
    """The whole HTML page; ``stamp`` changes with each build, so an open page notices a new
    list of problems as well as a site that builds again."""
    problems = shown(failures)
    return renderer.render("preview-problems.html.j2", "", problems=problems,
                           count=len(problems), site_name=site_name,
                           stylesheets=list(stylesheets), stamp=stamp)

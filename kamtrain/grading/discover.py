"""Find submissions under ``submitted/<learner>/<assignment>/``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kamlearn.errors import GradingError


@dataclass(frozen=True)
class Submission:
    learner: str
    assignment: str
    folder: Path
    #: Notebook names (without .ipynb) the source version of the assignment holds.
    expected_notebooks: tuple[str, ...]


def source_notebooks(course_dir: Path, assignment: str) -> tuple[str, ...]:
    folder = course_dir / "source" / assignment
    return tuple(sorted(p.stem for p in folder.glob("*.ipynb")))


def discover(
    course_dir: Path, *, assignment: str | None = None, learner: str | None = None
) -> list[Submission]:
    """List the submissions to grade, optionally for one assignment or learner."""
    submitted = course_dir / "submitted"
    if not submitted.is_dir():
        raise GradingError(f"{submitted} not found: is {course_dir} a cohort folder?")
    found = []
    for learner_dir in sorted(p for p in submitted.iterdir() if p.is_dir()):
        if learner and learner_dir.name != learner:
            continue
        for assignment_dir in sorted(p for p in learner_dir.iterdir() if p.is_dir()):
            if assignment and assignment_dir.name != assignment:
                continue
            expected = source_notebooks(course_dir, assignment_dir.name)
            if not expected:
                continue
            found.append(
                Submission(learner_dir.name, assignment_dir.name, assignment_dir, expected)
            )
    if learner and not found:
        raise GradingError(f"no submission found for learner '{learner}' under {submitted}")
    return found

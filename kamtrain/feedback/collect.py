"""Collect what a learner may see of their grading: scores, explanations, comments.

Nothing here reads or returns the source of test cells, hidden tests, solutions or the
mark scheme: an explanation is the verdict the trusted grader wrote into the graded cell
(:mod:`kamtrain.grading.score`; its French messages), and an item's label is the heading the learner read above it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from kamtrain.nbgrader_adapter.cells import grade_id as cell_grade_id
from kamtrain.nbgrader_adapter.cells import is_graded

log = logging.getLogger("kamtrain.feedback")

#: First line printed by ``grade()``: "[c6.nps_global] 2 / 2 point(s)".
_GRADE_LINE = re.compile(r"^\[[\w.\-]+\] [\d.,]+ / [\d.,]+ point\(s\)\s*$")


@dataclass(frozen=True)
class ItemFeedback:
    grade_id: str
    label: str
    manual: bool
    score: float | None  # None: not graded yet by the jury
    max_score: float
    explanations: tuple[str, ...] = ()
    comment: str = ""
    #: what the learner wrote for this item (their code or text), as submitted
    answer: str = ""


@dataclass(frozen=True)
class NotebookFeedback:
    notebook: str
    title: str
    items: tuple[ItemFeedback, ...]


@dataclass(frozen=True)
class LearnerFeedback:
    learner: str
    full_name: str
    assignment: str
    score: float
    max_score: float
    notebooks: tuple[NotebookFeedback, ...]
    pending_manual: int = 0
    #: False when the last grading ran with ``--no-sandbox`` (shown on the page).
    sandboxed: bool | None = None

    def _items(self, manual: bool):
        return [i for nb in self.notebooks for i in nb.items if i.manual is manual]

    @property
    def auto_score(self) -> float:
        return sum(i.score or 0.0 for i in self._items(False))

    @property
    def auto_max(self) -> float:
        return sum(i.max_score for i in self._items(False))

    @property
    def jury_score(self) -> float:
        """Points the jury has given so far."""
        return sum(i.score for i in self._items(True) if i.score is not None)

    @property
    def jury_graded_max(self) -> float:
        return sum(i.max_score for i in self._items(True) if i.score is not None)

    @property
    def jury_pending_max(self) -> float:
        """Points still waiting for the jury."""
        return sum(i.max_score for i in self._items(True) if i.score is None)


def explanation_lines(outputs) -> tuple[str, ...]:
    """The messages ``grade()`` printed, or a short French note on an error."""
    text = "".join(
        o.get("text", "")
        for o in outputs
        if o.get("output_type") == "stream" and o.get("name") == "stdout"
    )
    lines = text.splitlines()
    messages: list[str] = []
    inside = False
    for line in lines:
        if _GRADE_LINE.match(line.strip()):
            inside = True
            continue
        if inside and line.startswith("  - "):
            messages.append(line[4:].strip())
        elif inside and line.strip():
            inside = False
    for output in outputs:
        if output.get("output_type") == "error":
            name = output.get("ename", "")
            if name in ("KernelDied", "NotExecuted", "CellTimeoutError"):
                messages.append(str(output.get("evalue", "")))
            else:
                messages.append(
                    f"La vérification n'a pas pu s'exécuter ({name}) : relisez votre réponse."
                )
            break
    return tuple(messages)


def _labels(nb) -> dict[str, str]:
    """grade_id -> the last markdown heading above its cell, as the learner read it."""
    labels = {}
    heading = ""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
            if first.startswith("#"):
                heading = first.lstrip("#").strip()
        if is_graded(cell):
            labels[cell_grade_id(cell)] = heading or cell_grade_id(cell)
    return labels


def _answers(nb) -> dict[str, str]:
    """grade_id -> what the learner wrote for it: the lines of their answer cells that
    assign the item's variable (:func:`~kamtrain.feedback.answers.item_answer`), or the
    written (markdown) answer itself. Only the learner's own cells are read."""
    from kamtrain.feedback.answers import cut, item_answer

    answers: dict[str, str] = {}
    answer_cells: list[str] = []
    for cell in nb.cells:
        solution = cell.get("metadata", {}).get("nbgrader", {}).get("solution", False)
        if solution and cell.cell_type == "code":
            answer_cells.append(cell.source)
        if is_graded(cell):
            gid = cell_grade_id(cell)
            if cell.cell_type == "markdown":
                answers[gid] = cut(cell.source)
            else:
                answers[gid] = item_answer(answer_cells, cell.source, gid)
    return answers


def _title(nb, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.strip().startswith("# "):
            return cell.source.strip().splitlines()[0][2:].strip()
    return fallback


def _notebook_feedback(
    gb, course_dir: Path, assignment: str, learner: str, name: str
) -> NotebookFeedback:
    import nbformat

    release = course_dir / "release" / assignment / f"{name}.ipynb"
    release_nb = nbformat.read(release, as_version=4) if release.exists() else None
    autograded = course_dir / "autograded" / learner / assignment / f"{name}.ipynb"
    graded_nb = nbformat.read(autograded, as_version=4) if autograded.exists() else None
    outputs = {}
    if graded_nb is not None:
        for cell in graded_nb.cells:
            if is_graded(cell) and cell.cell_type == "code":
                outputs[cell_grade_id(cell)] = cell.get("outputs", [])
    labels = _labels(release_nb) if release_nb is not None else {}
    answers = _answers(graded_nb) if graded_nb is not None else {}
    submitted = gb.find_submission_notebook(name, assignment, learner)
    comments = {c.name: c for c in submitted.comments}
    items = []
    for grade in sorted(
        submitted.grades, key=lambda g: list(labels).index(g.name) if g.name in labels else 999
    ):
        manual = grade.cell.cell_type == "markdown" or grade.auto_score is None
        comment = comments.get(grade.name)
        remark = (comment.manual_comment or "") if comment is not None else ""
        items.append(
            ItemFeedback(
                grade_id=grade.name,
                label=labels.get(grade.name, grade.name),
                manual=manual,
                score=None if manual and grade.manual_score is None else float(grade.score),
                max_score=float(grade.max_score),
                explanations=() if manual else explanation_lines(outputs.get(grade.name, [])),
                comment=remark.strip(),
                answer=answers.get(grade.name, ""),
            )
        )
    title = _title(release_nb, name) if release_nb is not None else name
    return NotebookFeedback(notebook=name, title=title, items=tuple(items))


def _isolation(course_dir: Path) -> dict:
    import json

    from kamtrain.grading.report import ISOLATION_FILE

    path = course_dir / "reports" / ISOLATION_FILE
    if not path.exists():
        return {}
    return {k: bool(v.get("sandbox")) for k, v in json.loads(path.read_text("utf-8")).items()}


def _learner_feedback(gb, course_dir: Path, submission, isolation: dict) -> LearnerFeedback:
    names = sorted(nb.name for nb in submission.assignment.notebooks)
    notebooks = tuple(
        _notebook_feedback(gb, course_dir, submission.assignment.name, submission.student.id, n)
        for n in names
    )
    student = submission.student
    pending = sum(1 for nb in notebooks for item in nb.items if item.score is None)
    return LearnerFeedback(
        learner=student.id,
        full_name=f"{student.first_name or ''} {student.last_name or ''}".strip() or student.id,
        assignment=submission.assignment.name,
        score=float(submission.score),
        max_score=float(submission.max_score),
        notebooks=notebooks,
        pending_manual=pending,
        sandboxed=isolation.get(f"{student.id}/{submission.assignment.name}"),
    )


def collect_feedback(
    *, course_dir: Path, assignment: str | None = None, learner: str | None = None
) -> list[LearnerFeedback]:
    """Feedback records for every graded submission (optionally one assignment/learner)."""
    return collect_feedback_report(course_dir=course_dir, assignment=assignment, learner=learner)[0]


def collect_feedback_report(
    *, course_dir: Path, assignment: str | None = None, learner: str | None = None
) -> tuple[list[LearnerFeedback], list[str]]:
    """``(records, failed)``: the feedback records, and ``learner/assignment`` of each
    submission whose page could not be built (each logged as an incident)."""
    from kamlearn.errors import GradingError
    from kamtrain.cohort.config import read_config
    from kamtrain.nbgrader_adapter.gradebook import open_gradebook

    course_dir = Path(course_dir).resolve()
    config = read_config(course_dir)
    isolation = _isolation(course_dir)
    out, failed = [], []
    with open_gradebook(config.db_url, config.name) as gb:
        found = [
            sub
            for a in gb.assignments
            if not assignment or a.name == assignment
            for sub in gb.assignment_submissions(a.name)
            if not learner or sub.student.id == learner
        ]
        for submission in sorted(found, key=lambda s: (s.student.id, s.assignment.name)):
            try:
                out.append(_learner_feedback(gb, course_dir, submission, isolation))
            except Exception as exc:  # noqa: BLE001 - one page must not cost the others theirs
                failed.append(f"{submission.student.id}/{submission.assignment.name}")
                log.error(
                    "feedback incident: no page for learner '%s' (%s): %s: %s",
                    submission.student.id,
                    submission.assignment.name,
                    type(exc).__name__,
                    exc,
                )
    if failed and not out:
        raise GradingError(f"no feedback page could be written ({', '.join(failed)}): see above")
    if learner and not out:
        raise GradingError(
            f"no graded submission for learner '{learner}': run `kamtrain grade` first"
        )
    return out, failed

"""Build workbook cells in memory with :mod:`nbformat.v4` and nbgrader metadata.

Used to write the workbook's notebooks and, in tests, small notebooks. nbgrader's cell
metadata (schema 3) rejects extra keys, so the criteria a cell evaluates live under
``metadata["kamtrain"]``.
"""

from __future__ import annotations

from collections.abc import Iterable

KAMTRAIN_CELL_SCHEMA = 1
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def _v4():
    from nbformat import v4

    return v4


def _nbgrader(grade_id: str, *, grade=False, solution=False, locked=False, points=None, task=False):
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": task,
    }
    if points is not None:
        meta["points"] = points
    return meta


def _kamtrain(criteria: Iterable[str], **extra) -> dict:
    return {"schema_version": KAMTRAIN_CELL_SCHEMA, "criteria": list(criteria), **extra}


def md(text: str, *, locked_id: str | None = None):
    """A markdown cell; ``locked_id`` makes it read-only for learners."""
    cell = _v4().new_markdown_cell(text.strip("\n"))
    if locked_id:
        cell.metadata["nbgrader"] = _nbgrader(locked_id, locked=True)
        cell.metadata["deletable"] = False
        cell.metadata["editable"] = False
    return cell


def code(source: str, *, locked_id: str | None = None, tags: Iterable[str] = ()):
    """A code cell; ``locked_id`` makes it read-only and restored at grading."""
    cell = _v4().new_code_cell(source.strip("\n"))
    if locked_id:
        cell.metadata["nbgrader"] = _nbgrader(locked_id, locked=True)
        cell.metadata["deletable"] = False
        cell.metadata["editable"] = False
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def solution(source: str, *, grade_id: str):
    """An answer cell: the part between BEGIN/END SOLUTION is removed for learners."""
    cell = _v4().new_code_cell(source.strip("\n"))
    cell.metadata["nbgrader"] = _nbgrader(grade_id, solution=True)
    return cell


def autograded(source: str, *, grade_id: str, points: float, criteria: Iterable[str]):
    """A test cell worth ``points``, evaluating ``criteria`` (e.g. ``["C6.2"]``)."""
    cell = _v4().new_code_cell(source.strip("\n"))
    cell.metadata["nbgrader"] = _nbgrader(grade_id, grade=True, locked=True, points=points)
    cell.metadata["kamtrain"] = _kamtrain(criteria, kind="autograded")
    cell.metadata["deletable"] = False
    cell.metadata["editable"] = False
    return cell


def manual(prompt: str, *, grade_id: str, points: float, criteria: Iterable[str]):
    """A written answer graded by the jury against ``criteria``."""
    cell = _v4().new_markdown_cell(prompt.strip("\n"))
    cell.metadata["nbgrader"] = _nbgrader(grade_id, grade=True, solution=True, points=points)
    cell.metadata["kamtrain"] = _kamtrain(criteria, kind="manual")
    return cell


def check_cell(
    item: str,
    *,
    points: float,
    criteria: Iterable[str],
    names: Iterable[str] = (),
    grade_id: str | None = None,
):
    """The standard test cell: the hidden hand-out of the answers, then a visible self-check.

    At grading, ``hand_out`` sends the answers ``names`` (the item's own name is always
    included) out of the sandbox as data; the verdict is computed by ``kamtrain grade``,
    outside the kernel. Learners only see the self-check (hidden tests are removed).
    """
    wanted = sorted({item.partition(".")[2], *names})
    source = (
        f"# Vérification : {item} ({', '.join(criteria)})\n"
        "### BEGIN HIDDEN TESTS\n"
        "from kamlearn.handout import hand_out\n"
        f'hand_out("{item}", globals(), names={wanted!r})\n'
        "### END HIDDEN TESTS\n"
        "from kamlearn.selfcheck import selfcheck\n"
        f'selfcheck("{item}", globals())'
    )
    return autograded(
        source, grade_id=grade_id or item.replace(".", "_"), points=points, criteria=criteria
    )


def notebook(cells, *, competencies: Iterable[str], title: str, case: str | None = None):
    """A workbook notebook with its kamtrain metadata."""
    nb = _v4().new_notebook(cells=list(cells))
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata["kamtrain"] = {
        "schema_version": KAMTRAIN_CELL_SCHEMA,
        "competencies": list(competencies),
        "title": title,
        "case": case,
    }
    return nb

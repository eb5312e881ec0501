"""nbgrader's cell metadata (``cell.metadata["nbgrader"]``), read and written in one place.

The schema version written into new cells is nbgrader's own
(``nbgrader.nbgraderformat.SCHEMA_VERSION``), so an nbgrader that moves to a new cell
format writes cells it can read.
"""

from __future__ import annotations

from typing import Any


def schema_version() -> int:
    """The cell-metadata schema version of the installed nbgrader."""
    from nbgrader.nbgraderformat import SCHEMA_VERSION

    return SCHEMA_VERSION


def cell_metadata(
    grade_id: str,
    *,
    grade: bool = False,
    solution: bool = False,
    locked: bool = False,
    task: bool = False,
    points: float | None = None,
) -> dict[str, Any]:
    """A cell's ``metadata["nbgrader"]`` in nbgrader's current format."""
    meta: dict[str, Any] = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": schema_version(),
        "solution": solution,
        "task": task,
    }
    if points is not None:
        meta["points"] = points
    return meta


def nbgrader_meta(cell) -> dict:
    """The cell's nbgrader metadata (empty when the cell has none)."""
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def grade_id(cell) -> str | None:
    """The cell's ``grade_id``, or None for a cell nbgrader does not track."""
    return nbgrader_meta(cell).get("grade_id") or None


def is_graded(cell) -> bool:
    """Whether nbgrader gives the cell points (autograded test or manually graded answer)."""
    from nbgrader import utils

    return bool(grade_id(cell)) and utils.is_grade(cell)


def recorded_cell_ids(nb) -> tuple[frozenset, ...]:
    """The grade, solution, task and source cell ids nbgrader records for ``nb``.

    nbgrader's ``SaveCells`` stores a source cell for every grade, solution, locked or
    task cell; the roles come from nbgrader's own ``utils`` predicates.
    """
    from nbgrader import utils

    grade, solution, task, source = set(), set(), set(), set()
    for cell in nb.cells:
        gid = grade_id(cell)
        if not gid:
            continue
        if utils.is_grade(cell):
            grade.add(gid)
        if utils.is_solution(cell):
            solution.add(gid)
        if utils.is_task(cell):
            task.add(gid)
        if (
            utils.is_grade(cell)
            or utils.is_solution(cell)
            or utils.is_locked(cell)
            or utils.is_task(cell)
        ):
            source.add(gid)
    return tuple(frozenset(s) for s in (grade, solution, task, source))


def is_autograded(cell) -> bool:
    """A grade cell that is not also an answer cell: nbgrader scores it from its outputs."""
    from nbgrader import utils

    return bool(utils.is_grade(cell)) and not utils.is_solution(cell)


def determine_grade(cell) -> tuple[float | None, float]:
    """``(points earned, maximum)`` as nbgrader's autograde scores the executed ``cell``."""
    from nbgrader.utils import determine_grade as nbgrader_grade

    return nbgrader_grade(cell)

"""nbgrader cell metadata for notebooks built in memory by the feedback tests."""

from __future__ import annotations


def graded(cell, grade_id, *, solution=False, grade=True):
    """Mark ``cell`` as an nbgrader cell worth 1 point (locked unless it is a solution)."""
    cell.metadata["nbgrader"] = {
        "grade": grade,
        "grade_id": grade_id,
        "solution": solution,
        "locked": not solution,
        "points": 1.0,
        "schema_version": 3,
        "task": False,
    }
    return cell

"""A gradebook holding only one assignment's cell definitions, as bytes for a remote worker.

nbgrader's sanitize step (``OverwriteKernelspec``, ``OverwriteCells``) reads the source
version of every locked and graded cell, and the kernelspec, from the gradebook. A
worker of a Dask cluster has no access to the trainer's gradebook (a SQLite file on the
trainer's disk, or a PostgreSQL server it should not hold the password of): it gets this
extract instead, built once per notebook and run, and sent with each of its tasks
(compressed: a few tens of kB). It holds that notebook's cells (the hidden tests nbgrader
restores; no solution, no learner, no grade).
"""

from __future__ import annotations

import tempfile
from pathlib import Path


def cell_book(*, db_url: str, course_id: str, assignment: str, notebook: str) -> bytes:
    """A fresh SQLite gradebook with one notebook's cells, as zlib-compressed bytes."""
    import zlib

    from kamtrain.nbgrader_adapter.gradebook import open_gradebook

    with tempfile.TemporaryDirectory(prefix="kt-book-") as tmp:
        path = Path(tmp) / "gradebook.db"
        with (
            open_gradebook(db_url, course_id) as source,
            open_gradebook(f"sqlite:///{path}", course_id) as book,
        ):
            book.add_assignment(assignment)
            for nb in (source.find_notebook(notebook, assignment),):
                book.add_notebook(nb.name, assignment, kernelspec=nb.kernelspec)
                for cell in nb.solution_cells:
                    book.add_solution_cell(cell.name, nb.name, assignment)
                graded = (
                    (nb.grade_cells, book.add_grade_cell),
                    (nb.task_cells, book.add_task_cell),
                )
                for cells, add in graded:
                    for cell in cells:
                        add(
                            cell.name,
                            nb.name,
                            assignment,
                            max_score=cell.max_score,
                            cell_type=cell.cell_type,
                        )
                for cell in nb.source_cells:
                    book.add_source_cell(
                        cell.name,
                        nb.name,
                        assignment,
                        cell_type=cell.cell_type,
                        locked=cell.locked,
                        source=cell.source,
                        checksum=cell.checksum,
                    )
        return zlib.compress(path.read_bytes(), 6)

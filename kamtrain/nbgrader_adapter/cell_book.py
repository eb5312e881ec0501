"""A gradebook holding only one notebook's cell definitions, as bytes for a remote worker.

nbgrader's sanitize step (``OverwriteKernelspec``, ``OverwriteCells``) reads the source
version of every locked and graded cell, and the kernelspec, from the gradebook. A
worker of a Dask cluster has no access to the trainer's gradebook (a SQLite file on the
trainer's disk, or a PostgreSQL server it should not hold the password of): it gets this
extract instead, built once per notebook and run, and sent with each of its tasks
(compressed: a few kB). It holds that notebook's cells (the hidden tests nbgrader
restores; no solution, no learner, no grade).

The extract is written directly, in one transaction, without syncing to disk (a
throwaway file, read back at once), and stamped with the source gradebook's schema
version: nbgrader's own way (``Gradebook()`` on a new file, then ``add_*``) runs
``alembic heads`` in a subprocess and commits once per cell, which took 30 to 60 s per
notebook on a loaded machine.
"""

from __future__ import annotations

import sqlite3
import tempfile
import zlib
from pathlib import Path

#: The course nbgrader's preprocessors open the gradebook with (``Gradebook(db_url)``):
#: present in the extract, so that opening it writes nothing.
NBGRADER_DEFAULT_COURSE = "default_course"


def cell_book(*, db_url: str, course_id: str, assignment: str, notebook: str) -> bytes:
    """A fresh SQLite gradebook with one notebook's cells, as zlib-compressed bytes."""
    from nbgrader import api
    from sqlalchemy import create_engine, event, text
    from sqlalchemy.orm import Session

    from kamtrain.nbgrader_adapter.gradebook import open_gradebook

    with tempfile.TemporaryDirectory(prefix="kt-book-") as tmp:
        path = Path(tmp) / "gradebook.db"
        engine = create_engine(f"sqlite:///{path}")
        event.listen(engine, "connect", _no_sync)
        api.Base.metadata.create_all(engine)
        with open_gradebook(db_url, course_id) as source, Session(engine) as book:
            schema = source.db.execute(text("SELECT version_num FROM alembic_version")).scalar()
            nb = source.find_notebook(notebook, assignment)
            book.add_all(
                [api.Course(id=course_id), api.Course(id=NBGRADER_DEFAULT_COURSE)]
                if course_id != NBGRADER_DEFAULT_COURSE
                else [api.Course(id=course_id)]
            )
            copy = api.Notebook(
                name=nb.name,
                kernelspec=nb.kernelspec,
                assignment=api.Assignment(name=assignment, course_id=course_id),
            )
            book.add(copy)
            book.add_all(api.SolutionCell(name=c.name, notebook=copy) for c in nb.solution_cells)
            for kind, cells in ((api.GradeCell, nb.grade_cells), (api.TaskCell, nb.task_cells)):
                book.add_all(
                    kind(name=c.name, max_score=c.max_score, cell_type=c.cell_type, notebook=copy)
                    for c in cells
                )
            book.add_all(
                api.SourceCell(
                    name=c.name,
                    cell_type=c.cell_type,
                    locked=c.locked,
                    source=c.source,
                    checksum=c.checksum,
                    notebook=copy,
                )
                for c in nb.source_cells
            )
            book.commit()
        engine.dispose()
        _stamp_alembic(path, schema)
        return zlib.compress(path.read_bytes(), 6)


def _no_sync(connection, _record) -> None:
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("PRAGMA journal_mode = MEMORY")


def _stamp_alembic(path: Path, version: str) -> None:
    """Record the schema version, as ``Gradebook()`` does for a new database."""
    db = sqlite3.connect(path)
    try:
        with db:
            db.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
            db.execute("INSERT INTO alembic_version (version_num) VALUES (?)", (version,))
    finally:
        db.close()

"""Fingerprints of what regenerating a cohort must not change: files and gradebook rows.

Taken before ``kamtrain cohort regenerate`` and compared after it
(:mod:`kamtrain.cohort.regenerate`), so that "nothing learners or the jury produced is
touched" is checked, not only promised.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

#: Folders and files of a cohort that regenerating must leave exactly as they were.
PROTECTED = (
    "submitted",
    "autograded",
    "feedback",
    "backups",
    "exchange",
    "reports",
    "learners.csv",
    "kamtrain-cohort.yml",
)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def tree_hashes(folder: Path) -> dict[str, str]:
    """``{relative path: sha256}`` of every file under ``folder`` (empty if absent)."""
    folder = Path(folder)
    if not folder.exists():
        return {}
    if folder.is_file():
        return {folder.name: sha256_hex(folder.read_bytes())}
    return {
        p.relative_to(folder).as_posix(): sha256_hex(p.read_bytes())
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def protected_fingerprint(course_dir: Path) -> dict[str, dict[str, str]]:
    """Hashes of everything in :data:`PROTECTED`."""
    return {name: tree_hashes(Path(course_dir) / name) for name in PROTECTED}


def gradebook_fingerprint(*, db_url: str, course_id: str) -> dict[str, list]:
    """Every grade, comment and ``kamtrain_*`` table row of the gradebook, as plain data."""
    from sqlalchemy import inspect, text

    from kamtrain.nbgrader_adapter.gradebook import open_gradebook

    out: dict[str, list] = {"grades": [], "comments": []}
    with open_gradebook(db_url, course_id) as gb:
        for assignment in gb.assignments:
            for notebook in assignment.notebooks:
                for sub in notebook.submissions:
                    key = (assignment.name, notebook.name, sub.student.id)
                    for g in sub.grades:
                        out["grades"].append(
                            [*key, g.name, g.auto_score, g.manual_score, g.extra_credit]
                        )
                    for c in sub.comments:
                        out["comments"].append([*key, c.name, c.auto_comment, c.manual_comment])
        engine = gb.db.get_bind()
        for table in sorted(inspect(engine).get_table_names()):
            if table.startswith("kamtrain_"):
                rows = gb.db.execute(text(f'SELECT * FROM "{table}"')).fetchall()
                out[table] = sorted(json.dumps(list(r), default=str) for r in rows)
    for value in out.values():
        value.sort(key=lambda row: json.dumps(row, default=str))
    return out

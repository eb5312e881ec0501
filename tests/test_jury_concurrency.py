"""Two processes write jury records at once: nothing is lost and the audit chain never forks.

Each writer is a separate Python process appending levels one transaction at a time, both
released at the same instant. On SQLite writers queue on the database (BEGIN IMMEDIATE) and on
the cohort lock; on PostgreSQL the two writers work from two copies of the cohort folder (two
machines), so only the database's advisory lock orders them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from jury_support import ASSESSOR_A, ASSESSOR_B, make_cohort, open_session

from kamlearn.referential import load_referential
from kamtrain.jury.verify import verify

WRITES = 30
WRITER = r"""
import json, sys, time
from pathlib import Path
from kamtrain.jury.api import assess, open_context

course, assessor, go = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
criteria = json.loads(sys.argv[4])
while not go.exists():
    time.sleep(0.01)
ctx = open_context(course)
done = []
with ctx.store() as store:
    for n, criterion in enumerate(criteria):
        learner = "alice" if n % 2 else "bruno"
        store.record(learner=learner, criterion=criterion, assessor=assessor, level=n % 4,
                     comment=f"{assessor} #{n}", session="S1")
        done.append((learner, criterion, n % 4))
# Two writes through the API as well (the cohort lock on top of the database's).
for criterion in criteria[:2]:
    assess(course_dir=course, assessor=assessor, learner="chloe", criterion=criterion, level=2)
    done.append(("chloe", criterion, 2))
print(json.dumps(done))
"""


def _race(courses: list[Path], tmp_path: Path) -> list[list]:
    criteria = [c.id for c in load_referential().criteria][:WRITES]
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(course), name, str(go), json.dumps(criteria)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for course, name in zip(courses, (ASSESSOR_A, ASSESSOR_B), strict=True)
    ]
    time.sleep(1.0)  # both processes started and waiting
    go.touch()
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err[-3000:]
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def _check(course: Path, results: list[list]) -> None:
    from kamtrain.jury.api import open_context

    with open_context(course).store() as store:
        rows = store.all_rows()
    for name, written in zip((ASSESSOR_A, ASSESSOR_B), results, strict=True):
        mine = sorted((r.learner, r.criterion, r.level) for r in rows if r.assessor == name)
        assert mine == sorted(tuple(w) for w in written), name
    assert len(rows) == 2 * (WRITES + 2)
    report = verify(course_dir=course)
    assert report.ok, [p.message for p in report.problems]


def test_two_processes_write_at_once_on_sqlite(tmp_path):
    course = make_cohort(tmp_path)
    open_session(course)
    results = _race([course, course], tmp_path)
    _check(course, results)


@pytest.mark.postgres
def test_two_machines_write_at_once_on_postgresql(tmp_path, postgres_url):
    from _grading_helpers import clone_database

    url = clone_database(postgres_url.rsplit("/", 1)[0] + "/template1", "jury_race")
    url = "postgresql+psycopg2://" + url.split("://", 1)[1]
    course = make_cohort(tmp_path, db_url=url)
    open_session(course)
    elsewhere = tmp_path / "machine-b" / "cohort"
    shutil.copytree(course, elsewhere)
    results = _race([course, elsewhere], tmp_path)
    _check(course, results)
    _check(elsewhere, results)

"""Two jury members write while a grading run records, on PostgreSQL: nothing is lost.

One member works on the grading machine, in the same cohort folder: the cohort's lock
makes their writes wait for the grading run. The other works from another machine (a
copy of the cohort folder naming the same PostgreSQL database): nothing serialises them
but the database. Each member is a separate process calling the jury API in a loop; the
second one also notes, before each write, how many grades the run has recorded so far,
which shows its writes landing *while* the run records.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _grading_helpers import KAMTRAIN, auto_max_points, build_cohort, learner_id
from conftest import clone_cohort

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

PROFILES = ["correct", "partial", "empty", "exception"]
CRITERIA = ["C6.1", "C6.2", "C6.3", "C1.1", "C2.1"]

MEMBER = r"""
import json, sys, time
from pathlib import Path

import sqlalchemy as sa

from kamlearn.errors import ConcurrentEditError
from kamtrain.cohort.config import read_config
from kamtrain.jury.api import assess
from kamtrain.lock import wait_limit

course, assessor, stop = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
learners, criteria, minimum = json.loads(sys.argv[4]), json.loads(sys.argv[5]), int(sys.argv[6])
engine = sa.create_engine(read_config(course).db_url)
graded = sa.text("SELECT COUNT(*) FROM grade WHERE auto_score IS NOT NULL")
written, retries, n = [], 0, 0
while n < minimum or not stop.exists():
    learner = learners[n % len(learners)]
    criterion = criteria[(n // len(learners)) % len(criteria)]
    level = n % 4
    with engine.connect() as conn:
        try:
            recorded = conn.execute(graded).scalar_one()
        except sa.exc.ProgrammingError:
            recorded = 0
    while True:
        try:
            with wait_limit(600):
                assess(course_dir=course, assessor=assessor, learner=learner,
                       criterion=criterion, level=level, comment=f"{assessor} n{n}")
            break
        except ConcurrentEditError:
            retries += 1
            time.sleep(0.1)
    written.append({"learner": learner, "criterion": criterion, "level": level,
                    "comment": f"{assessor} n{n}", "graded_before": recorded, "at": time.time()})
    n += 1
    time.sleep(0.05)
engine.dispose()
print(json.dumps({"written": written, "retries": retries}))
"""


def _member(course: Path, assessor: str, stop: Path, learners, minimum: int) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            MEMBER,
            str(course),
            assessor,
            str(stop),
            json.dumps(learners),
            json.dumps(CRITERIA),
            str(minimum),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture(scope="module")
def concurrent_run(tmp_path_factory, grading_home, postgres_url):
    from _grading_helpers import clone_database, home_env

    from kamtrain.epreuves.sittings import plan_epreuve
    from kamtrain.jury.sessions import create_session

    url = clone_database(postgres_url.rsplit("/", 1)[0] + "/template1", "concurrency")
    root = tmp_path_factory.mktemp("concurrency")
    course = build_cohort(root, grading_home, PROFILES, db_url=url, name="essai-conc")
    learners = [learner_id(p) for p in dict.fromkeys(PROFILES)]
    elsewhere = clone_cohort(course, root / "machine-b")
    with home_env(grading_home):
        create_session(
            course_dir=course, name="S1", session_date="2027-06-30", place="Reims",
            president="Hélène Marchand", members=("Anne|évaluateur", "Bruno|évaluateur"),
            candidates=learners,
        )  # fmt: skip
        for epreuve in ("E1", "E2", "E5"):  # the épreuves of CRITERIA
            plan_epreuve(course_dir=course, epreuve=epreuve, date="2027-06-30", session="S1")
    stop = root / "grading-done"
    env = dict(os.environ, KAMTRAIN_HOME=str(grading_home))
    started = time.time()
    grading = subprocess.Popen(
        [str(KAMTRAIN), "grade", ".", "--workers", "2", "--no-progress"],
        cwd=course,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    with home_env(grading_home):
        here = _member(course, "Anne", stop, learners, minimum=12)
        there = _member(elsewhere, "Bruno", stop, learners, minimum=12)
    out, err = grading.communicate(timeout=900)
    ended = time.time()
    stop.touch()
    members = {}
    for name, proc in (("Anne", here), ("Bruno", there)):
        m_out, m_err = proc.communicate(timeout=900)
        assert proc.returncode == 0, m_err[-3000:]
        members[name] = json.loads(m_out)
    return {
        "course": course,
        "url": url,
        "grading": (grading.returncode, out, err),
        "window": (started, ended),
        "members": members,
        "learners": learners,
    }


def test_grading_records_every_score(concurrent_run):
    from nbgrader.api import Gradebook

    code, out, err = concurrent_run["grading"]
    assert code == 0, err[-3000:]
    course = concurrent_run["course"]
    auto_max = auto_max_points(course / "source" / "bloc1" / "c6_satisfaction.ipynb")
    from kamtrain.cohort.config import read_config

    with Gradebook(read_config(course).db_url, course_id="essai-conc") as gb:
        scores = {s.student.id: float(s.score) for s in gb.assignment_submissions("bloc1")}
    assert set(scores) == set(concurrent_run["learners"])
    assert scores[learner_id("correct")] == auto_max
    assert 0 < scores[learner_id("partial")] < auto_max
    assert scores[learner_id("empty")] == 0


def test_a_member_elsewhere_wrote_while_the_run_recorded(concurrent_run):
    start, end = concurrent_run["window"]
    bruno = concurrent_run["members"]["Bruno"]["written"]
    during = [w for w in bruno if start <= w["at"] <= end]
    assert during, "no write of the second member overlapped the grading run"
    assert any(w["graded_before"] > 0 for w in during), "no write while scores were recorded"


def test_no_jury_write_is_lost(concurrent_run):
    from kamtrain.jury.store import JuryStore

    with JuryStore(
        concurrent_run["url"].replace("postgresql://", "postgresql+psycopg2://")
    ) as store:
        rows = store.all_rows()
    for member, report in concurrent_run["members"].items():
        written = report["written"]
        mine = [r for r in rows if r.assessor == member]
        # Every write is a row of its own (assessments are versioned, never overwritten).
        assert sorted(r.comment for r in mine) == sorted(w["comment"] for w in written)
        last = {}
        for w in written:
            last[(w["learner"], w["criterion"])] = w["level"]
        current = {}
        for r in sorted(mine, key=lambda r: r.version):
            current[(r.learner, r.criterion)] = r.level
        assert current == last
        for key in last:
            versions = sorted(r.version for r in mine if (r.learner, r.criterion) == key)
            assert versions == list(range(1, len(versions) + 1)), (member, key, versions)

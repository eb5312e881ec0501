"""Safe backups and restores of a SQLite gradebook, through the real ``kamtrain backups``."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kamtrain.backups import (
    KEEP_RECENT,
    backup_gradebook,
    list_backups,
    to_prune,
)

KAMTRAIN = Path(sys.executable).parent / "kamtrain"


def kamtrain(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, KAMTRAIN_HOME=str(home))
    return subprocess.run(
        [str(KAMTRAIN), *args], capture_output=True, text=True, timeout=300, env=env
    )


def db_url(course: Path) -> str:
    from kamtrain.cohort.config import read_config

    return read_config(course).db_url


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def submissions(course: Path) -> set[str]:
    import sqlite3

    with sqlite3.connect(course / "gradebook.db") as conn:
        rows = conn.execute(
            "SELECT student.id FROM submitted_assignment JOIN student "
            "ON submitted_assignment.student_id = student.id"
        ).fetchall()
    return {r[0] for r in rows}


def named(course: Path, when: datetime) -> Path:
    """A copy of the newest backup under a name stamped ``when``."""
    newest = list_backups(course)[-1]
    target = newest.parent / f"gradebook-{when.strftime('%Y%m%dT%H%M%S%fZ')}.db"
    shutil.copy2(newest, target)
    return target


def assess(course: Path) -> None:
    from kamtrain.epreuves.sittings import plan_epreuve
    from kamtrain.jury.api import assess
    from kamtrain.jury.sessions import create_session

    create_session(
        course_dir=course, name="S1", session_date="2026-11-30", place="Reims",
        president="Hélène Marchand", members=("Claire|évaluateur",), candidates=("alice",),
    )  # fmt: skip
    plan_epreuve(course_dir=course, epreuve="E5", date="2026-11-30", session="S1")
    assess(course_dir=course, assessor="Claire", learner="alice", criterion="C6.2", level=2)


def test_restore_of_the_oldest_backup_works_and_keeps_it(trainer_cohort):
    from conftest import fake_graded_submission

    course = trainer_cohort.course
    fake_graded_submission(course, "alice")
    for _ in range(KEEP_RECENT + 2):
        backup_gradebook(course_dir=course, db_url=db_url(course))
    # The oldest backup is 60 days old: age-based thinning alone would remove it.
    oldest = named(course, datetime.now(UTC) - timedelta(days=60))
    assert oldest == list_backups(course)[0]
    with __import__("sqlite3").connect(course / "gradebook.db") as conn:
        conn.execute("DELETE FROM submitted_assignment")
    assert submissions(course) == set()
    proc = kamtrain(trainer_cohort.home, "backups", str(course), "--restore", oldest.name)
    assert proc.returncode == 0, proc.stderr
    assert "Restored" in proc.stdout
    assert oldest.exists(), "the backup being restored was pruned"
    assert submissions(course) == {"alice"}


def test_restoring_the_first_backup_removes_later_grades_and_says_so(trainer_cohort):
    from conftest import fake_graded_submission

    course = trainer_cohort.course
    first = backup_gradebook(course_dir=course, db_url=db_url(course))
    fake_graded_submission(course, "alice", comment="Bien")
    for _ in range(6):
        backup_gradebook(course_dir=course, db_url=db_url(course))
    proc = kamtrain(trainer_cohort.home, "backups", str(course), "--restore", first.name)
    assert proc.returncode == 0, proc.stderr
    assert "removes what was recorded since" in proc.stdout
    assert "1 submissions" in proc.stdout and "grades" in proc.stdout
    assert submissions(course) == set()
    assert first.exists()
    # The gradebook as it was is kept: restoring the safety copy brings alice back.
    safety = list_backups(course)[-1]
    assert (
        kamtrain(trainer_cohort.home, "backups", str(course), "--restore", safety.name).returncode
        == 0
    )
    assert submissions(course) == {"alice"}


@pytest.mark.parametrize(
    "content", [b"", b"SQLite format 3\x00" + b"\x00" * 50, b"not a database at all" * 10]
)
def test_an_empty_or_damaged_backup_is_refused_and_changes_nothing(trainer_cohort, content):
    from conftest import fake_graded_submission

    course = trainer_cohort.course
    fake_graded_submission(course, "alice")
    bad = course / "backups" / "gradebook-20260101T000000000000Z.db"
    bad.parent.mkdir(exist_ok=True)
    bad.write_bytes(content)
    before = digest(course / "gradebook.db")
    proc = kamtrain(trainer_cohort.home, "backups", str(course), "--restore", bad.name)
    assert proc.returncode == 1
    assert "cannot be restored" in proc.stderr or "not a" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert digest(course / "gradebook.db") == before
    assert submissions(course) == {"alice"}
    listing = kamtrain(trainer_cohort.home, "backups", str(course))
    if not content:
        assert "EMPTY: cannot be restored" in listing.stdout


def test_a_restore_that_would_drop_jury_records_needs_force(trainer_cohort):
    course = trainer_cohort.course
    backup = backup_gradebook(course_dir=course, db_url=db_url(course))
    assess(course)
    before = digest(course / "gradebook.db")
    dry = kamtrain(
        trainer_cohort.home, "backups", str(course), "--restore", backup.name, "--dry-run"
    )
    assert dry.returncode == 0 and "jury records in kamtrain_assessments" in dry.stdout
    proc = kamtrain(trainer_cohort.home, "backups", str(course), "--restore", backup.name)
    assert proc.returncode == 1
    assert "jury record(s)" in proc.stderr and "--force" in proc.stderr
    assert "nothing was changed" in proc.stderr
    assert digest(course / "gradebook.db") == before
    forced = kamtrain(
        trainer_cohort.home, "backups", str(course), "--restore", backup.name, "--force"
    )
    assert forced.returncode == 0, forced.stderr
    from kamtrain.jury.api import open_context

    with open_context(course).store() as store:
        assert store.all_rows() == ()


def test_backups_are_written_atomically_and_checked(trainer_cohort):
    import sqlite3

    course = trainer_cohort.course
    # A temporary file of a backup killed half-way is swept, never listed.
    (course / "backups").mkdir(exist_ok=True)
    left = course / "backups" / ".gradebook-20260101T000000000000Z.db.tmp"
    left.write_bytes(b"half")
    made = backup_gradebook(course_dir=course, db_url=db_url(course))
    assert not left.exists()
    assert list_backups(course) == [made]
    with sqlite3.connect(f"file:{made}?mode=ro", uri=True) as conn:
        assert conn.execute("pragma integrity_check").fetchone() == ("ok",)


def test_thinning_keeps_recent_backups_then_one_a_day():
    now = datetime(2026, 11, 30, 12, tzinfo=UTC)

    def path(when: datetime) -> Path:
        return Path(f"gradebook-{when.strftime('%Y%m%dT%H%M%S%fZ')}.db")

    today = [path(now - timedelta(minutes=i)) for i in range(15)]
    older = [path(now - timedelta(days=d, hours=h)) for d in (3, 20, 45) for h in (1, 2)]
    pruned = set(to_prune(today + older, now=now, keep_recent=10, keep_days=30))
    assert not pruned & set(today[:10])  # the 10 newest
    assert set(today[10:]) <= pruned  # same day as newer ones
    assert path(now - timedelta(days=3, hours=1)) not in pruned  # newest of its day
    assert path(now - timedelta(days=3, hours=2)) in pruned
    assert path(now - timedelta(days=20, hours=1)) not in pruned
    assert {path(now - timedelta(days=45, hours=h)) for h in (1, 2)} <= pruned  # too old
    protected = path(now - timedelta(days=45, hours=2))
    assert protected not in to_prune(
        today + older, now=now, keep_recent=10, keep_days=30, protect=frozenset({protected})
    )
    # More than 5 are kept by default.
    assert len(today) - len(to_prune(today, now=now)) == KEEP_RECENT > 5

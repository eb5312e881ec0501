"""One exclusive lock per cohort: real processes contend for a real cohort folder.

A helper process holds the lock as a running command would; the commands under test
run as a trainer runs them (``kamtrain ...`` in a subprocess).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kamtrain.lock import HOLDER_FILE, LOCK_DIR, cohort_lock, read_holder

KAMTRAIN = Path(sys.executable).parent / "kamtrain"

_HOLD = """
import sys, time
from kamtrain.lock import cohort_lock
with cohort_lock(sys.argv[1], command=sys.argv[2], wait=0):
    print("held", flush=True)
    time.sleep(float(sys.argv[3]))
"""


def hold(course: Path, seconds: float, command: str = "grade") -> subprocess.Popen:
    """A process holding the cohort's lock for ``seconds``; returns once it holds it."""
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(course), command, str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "held"
    return proc


def kamtrain(course_home: Path, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ, KAMTRAIN_HOME=str(course_home))
    env.pop("KAMTRAIN_LOCK_WAIT", None)
    return subprocess.run(
        [str(KAMTRAIN), *args], capture_output=True, text=True, timeout=timeout, env=env
    )


def open_session(course: Path, learner: str = "alice") -> None:
    """Assessing needs a jury session with the learner as a candidate of a sitting of the
    criterion's épreuve (C6.2: E5)."""
    from kamtrain.epreuves.sittings import plan_epreuve
    from kamtrain.jury.sessions import create_session

    create_session(
        course_dir=course, name="S1", session_date="2026-11-30", place="Reims",
        president="Hélène Marchand", members=("Claire|évaluateur",), candidates=(learner,),
    )  # fmt: skip
    plan_epreuve(course_dir=course, epreuve="E5", date="2026-11-30", session="S1")


def assessments(course: Path) -> int:
    from kamtrain.jury.api import open_context

    ctx = open_context(course)
    with ctx.store() as store:
        return len(store.all_rows())


def assess_args(course: Path, level: int = 2) -> list[str]:
    return [
        "jury",
        "assess",
        str(course),
        "--assessor",
        "Claire",
        "--learner",
        "alice",
        "--criterion",
        "C6.2",
        "--level",
        str(level),
    ]


def test_a_second_command_stops_with_who_holds_the_lock(trainer_cohort):
    course = trainer_cohort.course
    holder = hold(course, 30, command="grade")
    try:
        record = json.loads((course / LOCK_DIR / HOLDER_FILE).read_text(encoding="utf-8"))
        assert record["pid"] == holder.pid and record["command"] == "grade"
        started = time.monotonic()
        for args in (
            assess_args(course),
            ["feedback", str(course)],
            ["cohort", "regenerate", str(course), "--no-progress"],
            ["grade", str(course), "--no-progress"],
            ["backups", str(course), "--restore", "nothing.db"],
        ):
            proc = kamtrain(trainer_cohort.home, *args, "--wait", "0.5")
            assert proc.returncode == 1, (args, proc.stdout, proc.stderr)
            assert "is busy" in proc.stderr
            assert f"`kamtrain grade` (pid {holder.pid}" in proc.stderr
            assert f"since {record['since']}" in proc.stderr
            assert "--wait SECONDS" in proc.stderr
            assert "Traceback" not in proc.stderr
        assert time.monotonic() - started < 60
        assert assessments(course) == 0  # the refused jury write left nothing
    finally:
        holder.kill()
        holder.wait()


def test_a_second_command_waits_for_the_first_then_runs(trainer_cohort):
    course = trainer_cohort.course
    open_session(course)
    holder = hold(course, 15)  # longer than the command takes to start on a busy machine
    try:
        started = time.monotonic()
        proc = kamtrain(trainer_cohort.home, *assess_args(course), "--wait", "60")
        waited = time.monotonic() - started
    finally:
        holder.wait(timeout=30)
    assert proc.returncode == 0, proc.stderr
    assert "waiting up to 60 s" in proc.stderr
    assert waited >= 1.0
    assert assessments(course) == 1


def test_the_default_wait_is_short_and_env_tunable(trainer_cohort):
    course = trainer_cohort.course
    holder = hold(course, 30)
    try:
        env = dict(os.environ, KAMTRAIN_HOME=str(trainer_cohort.home), KAMTRAIN_LOCK_WAIT="0.3")
        started = time.monotonic()
        proc = subprocess.run(
            [str(KAMTRAIN), *assess_args(course)], capture_output=True, text=True, env=env
        )
        assert proc.returncode == 1 and "waited 0.3 s" in proc.stderr
        assert time.monotonic() - started < 20
    finally:
        holder.kill()
        holder.wait()


def test_a_stale_lock_of_a_killed_command_is_taken_over_with_a_message(trainer_cohort):
    course = trainer_cohort.course
    open_session(course)
    holder = hold(course, 60, command="grade")
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    stale = read_holder(course)
    assert stale is not None and stale.pid == holder.pid  # the record outlives its process
    proc = kamtrain(trainer_cohort.home, *assess_args(course), "--wait", "0")
    assert proc.returncode == 0, proc.stderr
    assert f"Took over a stale lock of {course}" in proc.stderr
    assert f"(pid {holder.pid}" in proc.stderr and "no longer running" in proc.stderr
    assert read_holder(course) is None  # released cleanly this time
    assert assessments(course) == 1


def test_forked_children_do_not_keep_the_lock(tmp_path):
    course = tmp_path / "c"
    course.mkdir()
    with cohort_lock(course, command="grade", wait=0):
        child = os.fork()
        if child == 0:  # a grading worker, say
            time.sleep(5)
            os._exit(0)
    try:
        # The parent released it: another process takes it while the child still runs.
        probe = hold(course, 0, command="feedback")
        assert probe.wait(timeout=30) == 0
    finally:
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)


def test_the_lock_is_reentrant_within_a_process(tmp_path):
    course = tmp_path / "c"
    course.mkdir()
    with cohort_lock(course, command="grade", wait=0) as outer:
        with cohort_lock(course, command="backups", wait=0) as inner:
            assert inner.pid == outer.pid == os.getpid()
        assert read_holder(course).command == "grade"  # still held by the outer command
    assert read_holder(course) is None


@pytest.mark.parametrize("broken", ["{", '{"pid": "x"}'])
def test_an_unreadable_holder_record_does_not_block(tmp_path, broken):
    course = tmp_path / "c"
    (course / LOCK_DIR).mkdir(parents=True)
    (course / LOCK_DIR / HOLDER_FILE).write_text(broken, encoding="utf-8")
    with cohort_lock(course, command="grade", wait=0) as held:
        assert held.pid == os.getpid()

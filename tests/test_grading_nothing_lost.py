"""Nothing lost while grading: concurrent commands, kill -9, full disks, moved cohorts.

One small cohort (three learners, one notebook) is built and graded once per module;
each test grades its own copy of it (copies are movable: their settings are relative),
running ``kamtrain grade`` as a trainer would, in a subprocess whose temporary folder is
private to the test so that nothing left behind can hide among other files.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import time
from pathlib import Path

import psutil
import pytest
from _grading_helpers import ASSIGNMENT, KAMTRAIN, NOTEBOOK, build_cohort, folder_digest

from kamtrain.grading.safekeep import HELD
from kamtrain.lock import read_holder

pytestmark = pytest.mark.slow

PROFILES = ["correct", "partial", "empty"]
GRADE = ["grade", ".", "--workers", "2", "--timeout", "60", "--no-progress"]
KEPT = ("gradebook.db", "autograded", "submitted", "source", "release", "backups")


def scores(course: Path) -> dict[str, float]:
    from nbgrader.api import Gradebook

    from kamtrain.cohort.config import read_config

    config = read_config(course)
    with Gradebook(config.db_url, course_id=config.name) as gb:
        return {s.student.id: float(s.score) for s in gb.find_assignment(ASSIGNMENT).submissions}


_SHORT: dict[Path, Path] = {}


def short(tmp: Path) -> Path:
    """A short private folder standing for ``tmp``: kernels' Unix socket paths must stay
    under 108 bytes, and a pytest folder plus the grading scratch folder can exceed it."""
    if tmp not in _SHORT:
        _SHORT[tmp] = Path(tempfile.mkdtemp(prefix="kt-", dir="/tmp"))
    return _SHORT[tmp]


class Run:
    """``kamtrain ...`` in ``course`` with a private TMPDIR, started in the background."""

    def __init__(self, course: Path, home: Path, tmp: Path, args: list[str]):
        tmp.parent.mkdir(parents=True, exist_ok=True)
        self.course, self.tmp = course, short(tmp)
        self.out, self.err = tmp.parent / f"{tmp.name}.out", tmp.parent / f"{tmp.name}.err"
        env = dict(os.environ, KAMTRAIN_HOME=str(home), TMPDIR=str(self.tmp))
        env.pop("KAMTRAIN_LOCK_WAIT", None)
        with self.out.open("w") as out, self.err.open("w") as err:
            self.proc = subprocess.Popen(
                [str(KAMTRAIN), *args], cwd=course, env=env, stdout=out, stderr=err
            )

    def wait(self, timeout: int = 600) -> tuple[int, str, str]:
        code = self.proc.wait(timeout=timeout)
        return code, self.out.read_text(), self.err.read_text()

    def kill(self) -> list[psutil.Process]:
        """kill -9 the command; return its descendants as they were."""
        kids = psutil.Process(self.proc.pid).children(recursive=True)
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        return kids


def run(course: Path, home: Path, tmp: Path, args: list[str]) -> tuple[int, str, str]:
    return Run(course, home, tmp, args).wait()


def until(predicate, timeout: float = 300, step: float = 0.01) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


def kernels_of(pid: int) -> list[psutil.Process]:
    try:
        kids = psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    return [k for k in kids if "ipykernel" in " ".join(_cmdline(k))]


def _cmdline(proc: psutil.Process) -> list[str]:
    try:
        return proc.cmdline()
    except psutil.Error:
        return []


def all_gone(procs: list[psutil.Process], timeout: float = 20) -> list[int]:
    """Pids of ``procs`` still alive after ``timeout`` seconds."""
    _gone, alive = psutil.wait_procs(procs, timeout=timeout)
    return [p.pid for p in alive if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]


def assert_clean(course: Path, tmp: Path) -> None:
    """No stray temporary copy after a run: in the cohort, nor in the temporary folder."""
    assert not (course / ".kamtrain" / "staging").exists()
    assert not (course / ".kamtrain" / "executed").exists()
    assert not (course / HELD).exists()
    left = list(short(tmp).iterdir())
    assert left == [], f"left in TMPDIR: {left}"
    assert read_holder(course) is None


@pytest.fixture(scope="module", autouse=True)
def _short_folders_removed():
    yield
    for folder in _SHORT.values():
        shutil.rmtree(folder, ignore_errors=True)
    _SHORT.clear()


@pytest.fixture(scope="module")
def base(tmp_path_factory, grading_home):
    root = tmp_path_factory.mktemp("nothing-lost")
    course = build_cohort(root, grading_home, PROFILES)
    code, _out, err = run(course, grading_home, root / "tmp", GRADE)
    assert code == 0, err[-2000:]
    expected = scores(course)
    assert set(expected) == {f"p-{p}" for p in PROFILES}
    assert expected["p-correct"] > expected["p-partial"] > expected["p-empty"] == 0
    return {"course": course, "home": grading_home, "scores": expected}


@pytest.fixture
def cohort(base, tmp_path) -> Path:
    return Path(shutil.copytree(base["course"], tmp_path / "copie", symlinks=True))


def test_a_copied_then_moved_cohort_grades_on_its_own(base, cohort, tmp_path):
    before = folder_digest(base["course"], KEPT)
    moved = tmp_path / "ailleurs" / "deplacee"
    moved.parent.mkdir()
    cohort.rename(moved)
    code, out, err = run(moved, base["home"], tmp_path / "tmp", GRADE)
    assert code == 0, err[-2000:]
    assert scores(moved) == base["scores"]
    assert folder_digest(base["course"], KEPT) == before, "the original cohort was touched"
    assert_clean(moved, tmp_path / "tmp")


def test_grade_alongside_other_writers_loses_nothing(base, cohort, tmp_path):
    from kamtrain.epreuves.sittings import plan_epreuve
    from kamtrain.jury.sessions import create_session

    create_session(
        course_dir=cohort, name="S1", session_date="2026-11-30", place="Reims",
        president="Hélène Marchand", members=("Claire|évaluateur",), candidates=("p-correct",),
    )  # fmt: skip
    # C6.2 is assessed in épreuve E5: a level counts only for a candidate seated in it.
    plan_epreuve(course_dir=cohort, epreuve="E5", date="2026-11-30", session="S1")
    grading = Run(cohort, base["home"], tmp_path / "tmp", GRADE)
    assert until(lambda: (h := read_holder(cohort)) is not None and h.command == "grade", 120)
    pid = grading.proc.pid
    assess = [*("jury", "assess", "."), *("--assessor", "Claire", "--learner", "p-correct")]
    assess += ["--criterion", "C6.2", "--level", "2"]
    for args in (
        assess,
        ["feedback", "."],
        ["cohort", "regenerate", ".", "--no-progress"],
        GRADE,
        ["backups", ".", "--restore", "x.db"],
    ):
        code, _out, err = run(cohort, base["home"], tmp_path / "tmp2", [*args, "--wait", "0"])
        assert code == 1, (args, err)
        assert f"`kamtrain grade` (pid {pid}" in err and "is busy" in err
    assert grading.proc.poll() is None, "grading ended before the other commands were refused"
    # A jury assessment started during grading waits for it, then is recorded.
    waiting = Run(cohort, base["home"], tmp_path / "tmp3", [*assess, "--wait", "600"])
    code, out, err = grading.wait()
    assert code == 0, err[-2000:]
    code, _out, err2 = waiting.wait()
    assert code == 0, err2
    assert "waiting up to 600 s" in err2
    assert scores(cohort) == base["scores"]
    from kamtrain.jury.api import history, open_context

    with open_context(cohort).store() as store:
        assert [(r.learner, r.level) for r in store.all_rows()] == [("p-correct", 2)]
    assert "assess" in [e.action for e in history(course_dir=cohort, learner="p-correct")]
    report = json.loads((cohort / "reports" / "grading-latest.json").read_text())
    assert [r["status"] for r in report["results"] if r["status"] == "failed"] == []
    assert_clean(cohort, tmp_path / "tmp")


def test_kill_9_while_executing_then_while_recording_then_a_clean_rerun(base, cohort, tmp_path):
    tmp = tmp_path / "tmp"
    # 1. Killed while kernels run: no worker nor kernel outlives it for long.
    first = Run(cohort, base["home"], tmp, GRADE)
    assert until(lambda: kernels_of(first.proc.pid), 300), "no kernel started"
    kids = first.kill()
    assert len(kids) >= 3  # workers and their kernels
    assert all_gone(kids) == [], "processes survived kill -9 of the grader"
    assert scores(cohort) == base["scores"]  # nothing recorded yet, nothing lost
    # 2. The next run takes the stale lock over, and is killed while recording.
    second = Run(cohort, base["home"], tmp, GRADE)
    assert until(lambda: (cohort / HELD).is_dir(), 300), "the record step was not seen"
    kids = second.kill()
    assert all_gone(kids) == []
    assert "Took over a stale lock" in second.err.read_text()
    # Submissions are recorded as soon as they are executed, batch by batch: those whose
    # recording had started (at least the ones caught with their previous folder held)
    # are marked stale until recorded again, and only those.
    held = {p.parent.name for p in (cohort / HELD).glob("*/*")}
    progress = run(cohort, base["home"], tmp_path / "tmp-p", ["progress", ".", "--format", "json"])
    marked = {s["learner"] for s in json.loads(progress[1])["submissions"] if s["stale"]}
    assert held <= marked <= set(base["scores"]), (held, progress)
    assert marked, progress
    # 3. A clean re-run: same scores, every autograded notebook, nothing left behind.
    code, _out, err = run(cohort, base["home"], tmp, GRADE)
    assert code == 0, err[-2000:]
    assert "Took over a stale lock" in err
    assert scores(cohort) == base["scores"]
    for learner in base["scores"]:
        assert (cohort / "autograded" / learner / ASSIGNMENT / f"{NOTEBOOK}.ipynb").is_file()
    assert_clean(cohort, tmp)
    progress = run(cohort, base["home"], tmp_path / "tmp-p", ["progress", ".", "--format", "json"])
    assert not any(s["stale"] for s in json.loads(progress[1])["submissions"])


def test_a_failed_record_step_is_reported_failed_and_its_score_stale(base, cohort, tmp_path):
    victim = sorted(base["scores"])[-1]
    executed = cohort / ".kamtrain" / "executed" / victim / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    previous = (cohort / "autograded" / victim / ASSIGNMENT / f"{NOTEBOOK}.ipynb").read_bytes()
    grading = Run(cohort, base["home"], tmp_path / "tmp", GRADE)
    # Its own recording has started (its previous folder is held); nbgrader reads the
    # executed copy only after its setup and sanitize pass.
    held = cohort / HELD / victim / ASSIGNMENT
    assert until(held.is_dir, 300), "the victim's record step was not seen"
    executed.write_text("{ not a notebook", encoding="utf-8")  # recording it fails
    code, out, err = grading.wait()
    assert code == 1, out
    assert "1 submission(s) failed" in err
    line = next(ln for ln in out.splitlines() if victim in ln and "failed" in ln)
    assert "STALE" in line
    report = json.loads((cohort / "reports" / "grading-latest.json").read_text())
    by_learner = {r["learner"]: r for r in report["results"]}
    assert by_learner[victim]["status"] == "failed" and by_learner[victim]["stale"] is True
    assert by_learner[victim]["score"] == base["scores"][victim]
    assert "périmée" in by_learner[victim]["problems"][-1]["message"]
    assert all(r["status"] != "failed" for k, r in by_learner.items() if k != victim)
    # Its previous autograded notebook is kept, not deleted.
    kept = cohort / "autograded" / victim / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    assert kept.read_bytes() == previous
    progress = run(cohort, base["home"], tmp_path / "tmp-p", ["progress", "."])
    row = next(ln for ln in progress[1].splitlines() if victim in ln)
    assert "(périmé)" in row
    assert_clean(cohort, tmp_path / "tmp")


# --- a full disk (a small tmpfs) ----------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path):
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs to simulate a full disk: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path) -> Path:
    """Fill ``disk`` to the last byte; return the filler file."""
    filler = disk / "filler"
    # Unbuffered: a buffered file would retry its last chunk at close() and raise ENOSPC
    # from the ``with`` once the disk is full, which is the state we want, not an error.
    with filler.open("wb", buffering=0) as handle:
        free = shutil.disk_usage(disk).free
        with contextlib.suppress(OSError):
            os.posix_fallocate(handle.fileno(), 0, max(free, 1))
        chunk = b"\0" * 65536
        try:
            while True:
                handle.write(chunk)
                handle.flush()
        except OSError:
            pass
    while True:  # small files too
        try:
            with (disk / f"filler-{time.monotonic_ns()}").open("wb", buffering=0) as handle:
                handle.write(b"\0" * 4096)
        except OSError:
            break
    return filler


def _gradebook_ok(course: Path) -> None:
    with sqlite3.connect(f"file:{course / 'gradebook.db'}?mode=ro", uri=True) as conn:
        assert conn.execute("pragma integrity_check").fetchone() == ("ok",)


def test_a_full_disk_at_the_start_stops_cleanly_and_names_the_folder(base, small_disk, tmp_path):
    course = Path(shutil.copytree(base["course"], small_disk / "cohorte"))
    before = folder_digest(course, KEPT)
    fill(small_disk)
    code, out, err = run(course, base["home"], tmp_path / "tmp", GRADE)
    assert code == 1, out
    assert f"no space left on the disk holding {course}" in err
    assert "Nothing was half-written" in err and "Traceback" not in err
    assert folder_digest(course, KEPT) == before  # no 0-byte backup, nothing lost
    assert all(p.stat().st_size > 0 for p in (course / "backups").iterdir())


def test_a_full_disk_before_recording_stops_before_writing(base, small_disk, tmp_path):
    course = Path(shutil.copytree(base["course"], small_disk / "cohorte"))
    before = folder_digest(course, KEPT)
    grading = Run(course, base["home"], tmp_path / "tmp", GRADE)
    assert until(lambda: kernels_of(grading.proc.pid), 300), "no kernel started"
    fill(small_disk)
    code, out, err = grading.wait()
    assert code == 1, out
    assert f"no space left on the disk holding {course}" in err
    assert "recording the grades" in err and "Traceback" not in err
    after = folder_digest(course, KEPT)
    assert {k: v for k, v in after.items() if not k.startswith("backups/")} == {
        k: v for k, v in before.items() if not k.startswith("backups/")
    }
    assert scores(course) == base["scores"]


def test_a_full_disk_while_recording_loses_nothing_and_says_so(base, small_disk, tmp_path):
    course = Path(shutil.copytree(base["course"], small_disk / "cohorte"))
    grading = Run(course, base["home"], tmp_path / "tmp", GRADE)
    assert until(lambda: (course / HELD).is_dir(), 300), "the record step was not seen"
    filler = fill(small_disk)
    code, out, err = grading.wait()
    assert code == 1, out + err
    assert "Traceback" not in err
    _gradebook_ok(course)
    assert scores(course) == base["scores"]  # every learner keeps a score
    for learner in base["scores"]:  # and an autograded notebook: new or the previous one
        assert (course / "autograded" / learner / ASSIGNMENT / f"{NOTEBOOK}.ipynb").is_file()
    failed = [ln for ln in out.splitlines() if " failed " in ln]
    # Either nbgrader failed to record (reported failed), or the next batch's disk-space
    # check stopped the run before it wrote anything.
    assert failed or "disk is full" in err or "no space left on the disk" in err, out + err
    for line in failed:
        assert "STALE" in line
    # Once space is freed, progress marks as stale what this run could not record.
    filler.unlink()
    for extra in small_disk.glob("filler-*"):
        extra.unlink()
    progress = run(course, base["home"], tmp_path / "tmp-p", ["progress", ".", "--format", "json"])
    marked = {s["learner"] for s in json.loads(progress[1])["submissions"] if s["stale"]}
    assert {ln.split()[0] for ln in failed} <= marked

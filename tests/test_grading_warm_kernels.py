"""Warm kernels under attack: the kernel prestarted for the next notebook owes nothing to
the notebook running meanwhile.

Learner A's notebook tries to leave something for whoever comes next on the same worker:
files in its folder, HOME, /tmp and outside (the trap), an environment variable, a
background process, files in every kernel connection folder it can find (its own and
its siblings'), and it tries to read the next learner's staged and submitted files.
Learner B's notebook runs next on the same worker, in the kernel prestarted while A ran;
its first cell looks for all of it and prints what it saw. One grading run, two kernels.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed"),
]

A, B = "a-hostile", "b-next"
TOKEN = f"warm-leak-{uuid.uuid4().hex[:8]}"

ATTACK = r"""
import glob, json, os, subprocess, sys, time
from ipykernel.connect import get_connection_file
_token, _b, _course = "{token}", "{b}", "{course}"
_conn = os.path.dirname(get_connection_file())
_scratch = os.path.dirname(os.path.dirname(_conn))
_wrote, _read = [], []
def _plant(folder):
    try:
        with open(os.path.join(folder, _token + ".txt"), "w") as fh:
            fh.write(_token)
        _wrote.append(folder)
    except OSError as exc:
        print(f"refusé : {{exc}}", file=sys.stderr)
os.environ["KAMTRAIN_WARM_LEAK"] = _token
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)", _token],
                 start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
for _f in (".", os.path.expanduser("~"), "/tmp", "/autograded", "../..", _conn, _scratch, "/"):
    _plant(_f)
_deadline = time.time() + 4
while time.time() < _deadline:  # the next kernel boots meanwhile: look for its folder
    for _other in glob.glob(_scratch + "/*/conn") + glob.glob("/tmp/**/kernel*.json", recursive=True):
        if not _other.startswith(_conn):
            _plant(os.path.dirname(_other))
    time.sleep(0.5)
for _p in (f"{{_course}}/.kamtrain/staging/{{_b}}/bloc1/c6_satisfaction.ipynb",
           f"{{_course}}/submitted/{{_b}}/bloc1/c6_satisfaction.ipynb",
           f"/autograded/{{_b}}/bloc1/c6_satisfaction.ipynb"):
    try:
        open(_p).read(10)
        _read.append(_p)
    except OSError as exc:
        print(f"lecture impossible : {{exc}}", file=sys.stderr)
print("ATTAQUE:" + json.dumps({{"wrote": _wrote, "read": _read}}))
"""

PROBE = r"""
import json, os
from ipykernel.connect import get_connection_file
_token = "{token}"
_seen = {{"files": [], "env": [], "processes": [], "conn": sorted(os.listdir(os.path.dirname(get_connection_file())))}}
_conn = os.path.dirname(get_connection_file())
for _root in (".", os.path.expanduser("~"), "/tmp", "/autograded", _conn):
    for _dir, _subdirs, _names in os.walk(_root):
        _seen["files"] += [os.path.join(_dir, n) for n in _names + _subdirs if "warm-leak" in n]
for _dir in ("/", "/etc", ".."):
    _seen["files"] += [os.path.join(_dir, n) for n in os.listdir(_dir) if "warm-leak" in n]
_seen["env"] = [k for k, v in os.environ.items() if "warm-leak" in v or "WARM_LEAK" in k]
for _pid in os.listdir("/proc"):
    try:
        if _pid.isdigit() and b"warm-leak" in open(f"/proc/{{_pid}}/cmdline", "rb").read():
            _seen["processes"].append(_pid)
    except OSError:
        pass
print("SONDE:" + json.dumps(_seen))
"""


def _with_first_cell(path: Path, code: str) -> None:
    import nbformat

    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(code.strip("\n")))
    nbformat.write(nb, path)


def _printed(course: Path, learner: str, prefix: str) -> dict:
    nb = json.loads(
        (course / "autograded" / learner / "bloc1" / "c6_satisfaction.ipynb").read_text("utf-8")
    )
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            for line in "".join(output.get("text", "")).splitlines():
                if line.startswith(prefix):
                    return json.loads(line[len(prefix) :])
    raise AssertionError(f"{prefix} not printed by {learner}")


def _leftovers(needles: tuple[str, ...]) -> list[str]:
    """Processes whose command line holds one of ``needles`` (any user, any cgroup)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if any(n in cmd for n in needles):
            found.append(f"{entry.name}: {cmd[:200]}")
    return found


@pytest.fixture(scope="module")
def warm_run(tmp_path_factory, grading_home):
    from _grading_helpers import auto_max_points, home_env

    from kamtrain.cohort.create import create_cohort
    from kamtrain.cohort.generate import generate_cohort
    from kamtrain.cohort.learners import Learner, write_learners
    from kamtrain.demo.simulate import make_submission
    from kamtrain.grading.pipeline import grade_cohort
    from kamtrain.grading.scratch import scratch_folder

    root = tmp_path_factory.mktemp("warm")
    course = root / "cohort"
    write_learners(
        root / "learners.csv",
        [Learner(x, "Camille", x, f"{x}@example.org") for x in (A, B)],
    )
    with home_env(grading_home):
        create_cohort(
            course_dir=course,
            name="warm",
            learners_csv=root / "learners.csv",
            assignments=("bloc1",),
        )
        generate_cohort(course_dir=course)
        make_submission(course_dir=course, learner=A, assignment="bloc1", profile="empty")
        make_submission(course_dir=course, learner=B, assignment="bloc1", profile="correct")
        folder = course / "submitted"
        _with_first_cell(
            folder / A / "bloc1" / "c6_satisfaction.ipynb",
            ATTACK.format(token=TOKEN, b=B, course=course),
        )
        _with_first_cell(folder / B / "bloc1" / "c6_satisfaction.ipynb", PROBE.format(token=TOKEN))
        from kamtrain.grading import limits

        cgroups, real = [], limits.create_pids_cgroup
        os.environ["KAMTRAIN_WARM_KERNELS"] = "1"
        limits.create_pids_cgroup = lambda n: cgroups.append(real(n)) or cgroups[-1]
        try:
            # One worker: B runs right after A, in the kernel prestarted while A ran.
            summary = grade_cohort(course_dir=course, workers=1, timeout=30)
        finally:
            os.environ.pop("KAMTRAIN_WARM_KERNELS", None)
            limits.create_pids_cgroup = real
        leftovers = _leftovers((TOKEN, str(scratch_folder(course))))
    return {
        "course": course,
        "results": {r.learner: r for r in summary.results},
        "leftovers": leftovers,
        "cgroups": cgroups,
        "max": auto_max_points(course / "source" / "bloc1" / "c6_satisfaction.ipynb"),
    }


def test_the_next_learner_sees_nothing_of_the_previous_one(warm_run):
    seen = _printed(warm_run["course"], B, "SONDE:")
    assert seen["files"] == [] and seen["env"] == [] and seen["processes"] == [], seen
    # Its connection folder holds its own connection file and sockets only.
    assert all(name.startswith("kernel") for name in seen["conn"]), seen["conn"]


def test_the_attacker_reached_no_other_run_folder_and_read_nothing(warm_run):
    attack = _printed(warm_run["course"], A, "ATTAQUE:")
    assert attack["read"] == []
    # It could write in its own jail only (its folder, HOME, /tmp, the trap, its sockets).
    assert len(attack["wrote"]) <= 8, attack


def test_the_incidents_are_named_in_the_attackers_report(warm_run):
    kinds = {p.kind for p in warm_run["results"][A].problems}
    text = " ".join(p.message for p in warm_run["results"][A].problems)
    assert "outside_write" in kinds, text  # the files left in the trap, outside its folder
    assert "sandbox_blocked" in kinds and "chemin hors du bac à sable" in text, text
    found = {p.kind for p in warm_run["results"][B].problems}
    assert not found & {"outside_write", "sandbox_blocked", "kernel_died", "execution_error"}


def test_scores_are_right(warm_run):
    a, b = warm_run["results"][A], warm_run["results"][B]
    assert a.score == 0
    assert b.score == pytest.approx(warm_run["max"]) and b.score > 0


def test_no_kernel_jail_or_process_is_left_behind(warm_run):
    assert warm_run["leftovers"] == []
    # Each kernel had its own pids cgroup (as root), removed with it.
    cgroups = [c for c in warm_run["cgroups"] if c is not None]
    assert len(set(cgroups)) == len(cgroups)
    assert [c for c in cgroups if c.exists()] == []

"""Trusted grading under attack: each attack of issue 12 as a real submission, graded once
beside two honest learners with ``kamtrain grade`` run from inside the cohort folder.

For every attack: the honest learners keep full marks, the attacker gets no more than
their honest work (an unanswered notebook: 0), the gradebook and the jury tables hold
what the legitimate run writes, and the report names what the sandbox blocked.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from kamtrain.demo.simulate import ATTACK_PROFILES

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed"),
]

HONEST = ("correct", "correct_bis")
EMPTY_BASED = tuple(p for p in ATTACK_PROFILES if p != "forge_identity")


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _jury_rows(db) -> dict:
    with sqlite3.connect(db) as con:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name LIKE 'kamtrain_%'"
            )
        ]
        return {t: con.execute(f"SELECT * FROM {t}").fetchall() for t in sorted(tables)}


def _jail_processes(course: Path) -> list[str]:
    """Processes of this cohort's jails (other cohorts may be graded on this machine)."""
    from kamtrain.grading.scratch import scratch_folder

    out = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    mine = str(scratch_folder(course))
    return [line for line in out.splitlines() if "kamtrain-run-" in line and mine in line]


@pytest.fixture(scope="module")
def attack_run(tmp_path_factory, grading_home):
    from _grading_helpers import build_cohort, learner_id, run_kamtrain

    root = tmp_path_factory.mktemp("attacks")
    profiles = ["correct", *ATTACK_PROFILES]
    course = build_cohort(root, grading_home, profiles)
    # A second honest learner, so that a forged identity has a classmate to copy from.
    from kamtrain.demo.simulate import make_submission

    bis = learner_id("correct_bis")
    _add_learner(course, bis)
    make_submission(course_dir=course, learner=bis, assignment="bloc1", profile="correct")
    # One earlier grading run: a backup exists, the attacks aim at it.
    first = run_kamtrain(
        ["grade", ".", "--no-progress", "--learner", bis], home=grading_home, cwd=course
    )
    assert first.returncode == 0, first.stdout + first.stderr
    backups_before = {p.name: _digest(p) for p in (course / "backups").iterdir()}
    jury_before = _jury_rows(course / "gradebook.db")
    proc = run_kamtrain(
        ["grade", ".", "--workers", "2", "--timeout", "20", "--no-progress"],
        home=grading_home,
        cwd=course,
    )
    report = json.loads((course / "reports" / "grading-latest.json").read_text("utf-8"))
    gradebook_after_run = _digest(course / "gradebook.db")
    # The double-forked process would act 10 s after its notebook ran.
    time.sleep(12)
    return {
        "course": course,
        "proc": proc,
        "report": report,
        "results": {r["learner"]: r for r in report["results"]},
        "backups_before": backups_before,
        "jury_before": jury_before,
        "gradebook_after_run": gradebook_after_run,
    }


def _add_learner(course, learner: str) -> None:
    from kamtrain.cohort.config import read_config
    from kamtrain.cohort.learners import Learner, read_learners, write_learners
    from kamtrain.nbgrader_adapter.gradebook import sync_learners

    learners = read_learners(course / "learners.csv")
    learners.append(Learner(learner, "Camille", "Honnête", "bis@example.org"))
    write_learners(course / "learners.csv", learners)
    config = read_config(course)
    sync_learners(db_url=config.db_url, course_id=config.name, learners=learners)


def _auto_score(run, profile: str) -> float:
    from _grading_helpers import learner_id

    with sqlite3.connect(run["course"] / "gradebook.db") as con:
        row = con.execute(
            "SELECT SUM(COALESCE(g.auto_score, 0)) FROM grade g "
            "JOIN submitted_notebook n ON g.notebook_id = n.id "
            "JOIN submitted_assignment a ON n.assignment_id = a.id "
            "WHERE a.student_id = ?",
            (learner_id(profile),),
        ).fetchone()
    return float(row[0] or 0.0)


def _problems(run, profile: str) -> str:
    from _grading_helpers import learner_id

    result = run["results"][learner_id(profile)]
    return " | ".join(f"{p['kind']}: {p['message']}" for p in result["problems"])


def test_the_run_completes_and_grades_everyone(attack_run):
    assert attack_run["proc"].returncode == 0, attack_run["proc"].stderr[-2000:]
    assert attack_run["report"]["sandbox"]["enabled"] is True
    assert len(attack_run["results"]) == len(ATTACK_PROFILES) + 2


@pytest.mark.parametrize("profile", HONEST)
def test_honest_learners_keep_full_marks(attack_run, profile):
    from _grading_helpers import auto_max_points

    full = auto_max_points(attack_run["course"] / "source" / "bloc1" / "c6_satisfaction.ipynb")
    assert _auto_score(attack_run, profile) == pytest.approx(full)


@pytest.mark.parametrize("profile", EMPTY_BASED)
def test_attackers_get_no_more_than_their_honest_work(attack_run, profile):
    # Their honest work is an unanswered notebook: 0 autograded points.
    assert _auto_score(attack_run, profile) == 0.0, _problems(attack_run, profile)


def test_a_forged_identity_is_graded_on_the_learners_own_data(attack_run):
    assert _auto_score(attack_run, "forge_identity") < _auto_score(attack_run, "correct")


@pytest.mark.parametrize(
    ("profile", "named"),
    [
        ("patch_checks", "kamtrain"),
        ("read_solutions", "chemin hors du bac à sable"),
        ("tamper_records", "chemin hors du bac à sable"),
        ("hijack_kernels", "chemin hors du bac à sable"),
        ("memory_hog", "limite de mémoire"),
        ("fork_storm", "limite de processus"),
    ],
)
def test_the_report_names_what_the_sandbox_blocked(attack_run, profile, named):
    problems = _problems(attack_run, profile)
    assert "sandbox_blocked" in problems and named in problems, problems


def test_no_other_kernel_is_visible(attack_run):
    from _grading_helpers import learner_id

    nb = json.loads(
        (
            attack_run["course"]
            / "autograded"
            / learner_id("hijack_kernels")
            / "bloc1"
            / "c6_satisfaction.ipynb"
        ).read_text("utf-8")
    )
    printed = "".join("".join(o.get("text", "")) for c in nb["cells"] for o in c.get("outputs", []))
    assert "noyaux d'autres apprenants trouvés : 0" in printed


def test_records_hold_only_what_the_legitimate_run_wrote(attack_run):
    course = attack_run["course"]
    # Earlier backups are untouched (the run adds its own).
    now = {p.name: _digest(p) for p in (course / "backups").iterdir()}
    for name, digest in attack_run["backups_before"].items():
        assert now.get(name) == digest
    assert _jury_rows(course / "gradebook.db") == attack_run["jury_before"]
    with sqlite3.connect(course / "gradebook.db") as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_detached_process_dies_with_its_sandbox(attack_run):
    assert _jail_processes(attack_run["course"]) == []
    assert _digest(attack_run["course"] / "gradebook.db") == attack_run["gradebook_after_run"]


def test_feedback_shows_verdicts_not_what_the_code_printed(attack_run):
    from _grading_helpers import learner_id

    nb = json.loads(
        (
            attack_run["course"]
            / "autograded"
            / learner_id("patch_checks")
            / "bloc1"
            / "c6_satisfaction.ipynb"
        ).read_text("utf-8")
    )
    for cell in nb["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade") and cell["cell_type"] == "code":
            text = "".join("".join(o.get("text", "")) for o in cell["outputs"])
            assert "100.0" not in text
            assert text.startswith("[c6.")

"""The line between training and certification holds outside ``kamtrain grade`` too.

- A test cell run by plain ``nbgrader autograde`` (no kamtrain) scores 0 and says, in
  French, to grade with ``kamtrain grade``: it never gives full marks.
- Without bubblewrap, ``kamtrain grade`` refuses to run learners' code and says how to
  install it; ``--no-sandbox`` runs, and the report and the feedback page say so.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def one_correct(tmp_path_factory, grading_home):
    from _grading_helpers import build_cohort

    root = tmp_path_factory.mktemp("fail-closed")
    return build_cohort(root, grading_home, ["correct"])


def test_plain_nbgrader_autograde_fails_closed(one_correct, grading_home, tmp_path):
    course = tmp_path / "plain"
    shutil.copytree(one_correct, course, symlinks=True)
    env = dict(os.environ, KAMTRAIN_HOME=str(grading_home))
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    done = subprocess.run(
        [str(Path(sys.executable).parent / "nbgrader"), "autograde", "bloc1", "--force"],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    with sqlite3.connect(course / "gradebook.db") as con:
        scores = [
            row[0]
            for row in con.execute(
                "SELECT g.auto_score FROM grade g JOIN grade_cells gc ON g.cell_id = gc.id "
                "WHERE gc.cell_type = 'code'"
            )
        ]
    assert scores and all(s == 0 for s in scores), scores
    nb = json.loads(next((course / "autograded").rglob("c6_satisfaction.ipynb")).read_text("utf-8"))
    said = "".join(
        "".join(o.get("text", ""))
        for c in nb["cells"]
        if c["metadata"].get("nbgrader", {}).get("grade") and c["cell_type"] == "code"
        for o in c["outputs"]
    )
    assert "kamtrain grade" in said and "vaut 0" in said


def test_without_bubblewrap_grading_refuses_and_says_how_to_install(one_correct, grading_home):
    bin_only = Path(sys.executable).parent
    env = dict(os.environ, KAMTRAIN_HOME=str(grading_home), PATH=str(bin_only))
    done = subprocess.run(
        [str(bin_only / "kamtrain"), "grade", str(one_correct), "--no-progress"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode != 0
    assert "apt-get install bubblewrap" in done.stderr + done.stdout
    assert not (one_correct / "reports" / "grading-latest.json").exists()


def test_no_sandbox_is_recorded_in_the_report_and_the_feedback(one_correct, grading_home, tmp_path):
    from _grading_helpers import run_kamtrain

    course = tmp_path / "unjailed"
    shutil.copytree(one_correct, course, symlinks=True)
    done = run_kamtrain(
        ["grade", ".", "--no-sandbox", "--no-progress"], home=grading_home, cwd=course
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "--no-sandbox" in done.stdout
    report = json.loads((course / "reports" / "grading-latest.json").read_text("utf-8"))
    assert report["sandbox"] == {"enabled": False}
    assert [p["kind"] for p in report["incidents"]] == ["no_sandbox"]
    done = run_kamtrain(["feedback", "."], home=grading_home, cwd=course)
    assert done.returncode == 0, done.stderr[-2000:]
    page = next((course / "feedback").rglob("*.html")).read_text("utf-8")
    assert "notée sans bac à sable" in page

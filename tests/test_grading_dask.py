"""Grading on a real Dask cluster: a scheduler and two workers on 127.0.0.1.

The same small cohort is graded locally and through the cluster: every cell's score must
be the same. Then a worker is killed (SIGKILL) while it runs a notebook: the notebook is
rescheduled on another worker and recorded exactly once, with the right score.
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

pytest.importorskip("distributed")

pytestmark = pytest.mark.slow

PROFILES = ["correct", "partial", "empty", "exception"]


def cell_scores(course: Path) -> dict[tuple[str, str, str], float]:
    from kamtrain.cohort.config import read_config
    from kamtrain.nbgrader_adapter.gradebook import open_gradebook

    config = read_config(course)
    out = {}
    with open_gradebook(config.db_url, config.name) as gb:
        for sub in gb.assignment_submissions("bloc1"):
            for nb in sub.notebooks:
                for grade in nb.grades:
                    key = (sub.student.id, nb.name, grade.name)
                    assert key not in out, f"{key} recorded twice"
                    out[key] = grade.score
    return out


@pytest.fixture(scope="module")
def graded(tmp_path_factory, grading_home):
    """One cohort graded locally (2 worker processes) and, a copy, on a 2-worker cluster."""
    from _dask_helpers import local_cluster
    from _grading_helpers import build_cohort, run_kamtrain
    from conftest import clone_cohort

    root = tmp_path_factory.mktemp("dask")
    local = build_cohort(root, grading_home, PROFILES)
    remote = clone_cohort(local, root / "remote")
    with local_cluster(root / "cluster", workers=2) as cluster:
        done_local = run_kamtrain(
            ["grade", ".", "--workers", "2", "--no-progress"], home=grading_home, cwd=local
        )
        done_remote = run_kamtrain(
            ["grade", ".", "--scheduler", cluster.address, "--no-progress"],
            home=grading_home,
            cwd=remote,
        )
        yield {
            "root": root,
            "home": grading_home,
            "local": local,
            "remote": remote,
            "cluster": cluster,
            "done": (done_local, done_remote),
        }


def _report(course: Path) -> dict:
    return json.loads((course / "reports" / "grading-latest.json").read_text(encoding="utf-8"))


def test_cluster_scores_equal_a_local_run_cell_by_cell(graded):
    done_local, done_remote = graded["done"]
    assert done_local.returncode == 0, done_local.stderr[-3000:]
    assert done_remote.returncode == 0, done_remote.stderr[-3000:]
    local, remote = cell_scores(graded["local"]), cell_scores(graded["remote"])
    assert len(local) >= 4 * len(PROFILES)
    assert remote == local
    by_learner = {r["learner"]: r["score"] for r in _report(graded["remote"])["results"]}
    assert by_learner["p-correct"] > by_learner["p-partial"] > by_learner["p-empty"] == 0
    cluster = _report(graded["remote"])["timings"]["cluster"]
    assert cluster["tasks"] == len(PROFILES) and cluster["workers"] == 2
    assert cluster["duplicates_ignored"] == 0 and cluster["results_refused"] == 0
    assert sum(cluster["by_worker"].values()) == len(PROFILES)
    assert len(cluster["by_worker"]) == 2, cluster["by_worker"]  # both workers graded


def _sleepy(submission: Path, seconds: int) -> None:
    """Insert a cell that sleeps before the first graded cell (answers stay right)."""
    import nbformat

    nb = nbformat.read(submission, as_version=4)
    first = next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade"))
    nb.cells.insert(first, nbformat.v4.new_code_cell(f"import time\ntime.sleep({seconds})"))
    nbformat.write(nb, submission)


def _executing(address: str) -> tuple[str, int] | None:
    """(address, pid) of the worker processing a kamtrain task, or None."""
    from distributed import Client

    with Client(address, timeout=10, set_as_default=False) as client:
        for worker, keys in client.processing().items():
            if any(str(k).startswith("kamtrain-") for k in keys):
                return worker, client.run(os.getpid, workers=[worker])[worker]
    return None


def test_a_worker_killed_mid_notebook_gets_it_rescheduled_and_recorded_once(graded):
    from _dask_helpers import descendants
    from conftest import clone_cohort

    cluster = graded["cluster"]
    course = clone_cohort(graded["local"], graded["root"] / "killed")
    notebook = course / "submitted" / "p-correct" / "bloc1" / "c6_satisfaction.ipynb"
    _sleepy(notebook, 10)
    env = dict(os.environ, KAMTRAIN_HOME=str(graded["home"]))
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "kamtrain"),
            "grade",
            ".",
            "--learner",
            "p-correct",
            "--scheduler",
            cluster.address,
            "--no-progress",
        ],
        cwd=course,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 180
        found = jail = None
        while jail is None and time.monotonic() < deadline and proc.poll() is None:
            found = found or _executing(cluster.address)
            if found:
                jails = [p for p, name in descendants(found[1]).items() if name == "bwrap"]
                jail = jails[0] if jails else None
            time.sleep(0.3)
        assert jail, "the notebook's jail never started on a worker"
        time.sleep(2)  # inside the notebook, in the sleeping cell
        os.kill(found[1], signal.SIGKILL)
        out, err = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err[-3000:]
    deadline = time.monotonic() + 10
    while Path(f"/proc/{jail}").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not Path(f"/proc/{jail}").exists(), "the killed worker's jail outlived it"
    report = _report(course)
    cluster_run = report["timings"]["cluster"]
    assert cluster_run["tasks"] == 1 and sum(cluster_run["by_worker"].values()) == 1
    delivered = next(iter(cluster_run["by_worker"]))
    assert not delivered.endswith(f":{found[1]}"), "the killed worker cannot have delivered it"
    assert [r["learner"] for r in report["results"]] == ["p-correct"]
    assert report["results"][0]["status"] == "graded", report["results"][0]
    # Recorded once (cell_scores refuses a cell seen twice), with the local run's scores.
    scores = {k: v for k, v in cell_scores(course).items() if k[0] == "p-correct"}
    expected = {k: v for k, v in cell_scores(graded["local"]).items() if k[0] == "p-correct"}
    assert scores == expected and sum(scores.values()) > 0


def test_workers_with_other_versions_are_refused_before_anything_is_written(graded, monkeypatch):
    """A trainer whose kamtrain differs from the workers' (another variant of the data
    and the checks) is stopped by the cluster check, naming each worker."""
    from kamtrain.grading import payload
    from kamtrain.grading.dask_route import ClusterError, check_cluster

    theirs = payload.versions()
    monkeypatch.setattr(payload, "versions", lambda: {**theirs, "kamtrain": "0.0.0-autre"})
    address = graded["cluster"].address
    with pytest.raises(ClusterError, match="cannot grade for this trainer") as caught:
        check_cluster(address, sandbox=True)
    message = str(caught.value)
    assert address in message and "tcp://127.0.0.1:" in message.split(":", 1)[1]
    assert theirs["kamtrain"] in message  # what the workers run, named


def test_no_sandbox_is_refused_on_a_cluster_before_connecting():
    """Unjailed learner code on remote workers is never an option: refused before any
    connection (the address here has no scheduler), naming the flag and the way out."""
    from kamtrain.grading.dask_route import ClusterError, check_cluster

    with pytest.raises(ClusterError, match="--no-sandbox cannot be used with a Dask cluster"):
        check_cluster("tcp://127.0.0.1:9", sandbox=False, timeout=0.5)

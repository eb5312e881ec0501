"""Attacks found by the hostile review of trusted grading, each shown blocked.

A submission's symbolic links and special files, forged hand-outs delivered by a hook,
hand-outs near the size cap, terminal escapes in learner text, one bad submission with a
single worker: none gains points, none reads the trainer's files, none stops the cohort.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SOLUTION_MARK = "### BEGIN SOLUTION\nreponse = 42  # the trainer's solution\n### END SOLUTION"


def _notebook(path: Path, source: str = "x = 1") -> None:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source)]
    nbformat.write(nb, path)


def _course(tmp_path: Path) -> Path:
    """source/A/nb.ipynb (with a solution), a gradebook, and submitted/eve/A."""
    course = tmp_path / "course"
    (course / "source" / "A").mkdir(parents=True)
    _notebook(course / "source" / "A" / "nb.ipynb", SOLUTION_MARK)
    (course / "gradebook.db").write_bytes(b"SQLite format 3\x00 other learners' grades")
    sub = course / "submitted" / "eve" / "A"
    sub.mkdir(parents=True)
    _notebook(sub / "nb.ipynb")
    return course


def _stage(course: Path):
    from kamtrain.grading.discover import Submission
    from kamtrain.grading.inspect import stage

    submission = Submission("eve", "A", course / "submitted" / "eve" / "A", ("nb",))
    return stage(course, submission, course / ".kamtrain" / "staging")


def test_symlinks_in_a_submission_never_bring_trainer_files_into_the_jail(tmp_path):
    from kamtrain.grading.sandbox import prepare_workdir

    course = _course(tmp_path)
    sub = course / "submitted" / "eve" / "A"
    (sub / "solution.txt").symlink_to("../../../source/A/nb.ipynb")
    (sub / "gradebook.bin").symlink_to("../../../gradebook.db")
    (course / "submitted" / "alice" / "A").mkdir(parents=True)
    _notebook(course / "submitted" / "alice" / "A" / "nb.ipynb", "alice_answer = 'right'")
    (sub / "peer.txt").symlink_to("../../alice/A/nb.ipynb")
    (sub / "env.txt").symlink_to("/proc/self/environ")
    (sub / "donnees").symlink_to("../../../source")
    folder, problems, gradable, _ = _stage(course)
    workdir = prepare_workdir(tmp_path / "w", folder, course / "source" / "A", "eve", "A")
    inside = {p.relative_to(workdir).as_posix() for p in workdir.rglob("*")}
    assert not inside & {"solution.txt", "gradebook.bin", "peer.txt", "env.txt", "donnees"}
    assert gradable == ["nb"]
    left_out = " ".join(p.message for p in problems if p.kind == "unsafe_file")
    for name in ("solution.txt", "gradebook.bin", "peer.txt", "env.txt", "donnees"):
        assert name in left_out
    assert "lien symbolique" in left_out


def test_special_files_and_link_loops_are_left_out_not_fatal(tmp_path):
    course = _course(tmp_path)
    sub = course / "submitted" / "eve" / "A"
    os.mkfifo(sub / "pipe")
    (sub / "loop").symlink_to(".")
    (sub / "zero").symlink_to("/dev/zero")
    folder, problems, gradable, _ = _stage(course)
    assert gradable == ["nb"]
    assert sorted(p.name for p in folder.iterdir()) == ["nb.ipynb"]
    message = " ".join(p.message for p in problems)
    assert "pipe (tube nommé)" in message and "loop (lien symbolique)" in message


def _graded_nb(*blobs, source=None):
    import nbformat

    from kamlearn.handout import MIME

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(
        source
        or "from kamlearn.handout import hand_out\n"
        'hand_out("c6.nps_global", globals(), names=["nps_global"])'
    )
    cell.metadata["nbgrader"] = {
        "grade": True,
        "solution": False,
        "locked": True,
        "grade_id": "c6_nps_global",
        "points": 2,
        "schema_version": 3,
    }
    cell.outputs = [nbformat.v4.new_output("display_data", data={MIME: b}) for b in blobs]
    nb.cells = [cell]
    return nb


@pytest.mark.parametrize("problems", ["xx", 5, [1, 2, 3]])
def test_a_forged_problems_field_is_a_note_not_a_crash(problems):
    from kamtrain.grading.score import Learner, score_notebook

    blob = {"wire": 1, "item": "c6.nps_global", "answers": {}, "problems": problems}
    nb = _graded_nb(blob)
    (verdict,) = score_notebook(nb, who=Learner("k", "eve"))
    assert verdict.earned == 0


def test_a_second_hand_out_injected_by_a_hook_is_not_guessed_between():
    from kamtrain.grading.score import Learner, score_notebook

    real = {"wire": 1, "item": "c6.nps_global", "answers": {"nps_global": 1.0}}
    forged = {"wire": 1, "item": "c6.nps_global", "answers": {"nps_global": 2.0}}
    (verdict,) = score_notebook(_graded_nb(forged, real), who=Learner("k", "eve"))
    assert verdict.earned == 0 and "non transmises" in " ".join(verdict.messages)


def test_only_the_names_the_trusted_cell_declares_are_read():
    from kamtrain.grading.score import answers_namespace, declared_names

    blob = {"answers": {"nps_global": 1.0, "extra_name": 3, "__class__": 4}}
    source = 'hand_out("c6.nps_global", globals(), names=["nps_global"])'
    ns, _ = answers_namespace(blob, declared_names(source))
    assert ns == {"nps_global": 1.0}


@pytest.mark.parametrize("warm", [False, True])
def test_one_failing_job_with_one_worker_fails_one_notebook_only(monkeypatch, warm):
    from kamtrain.grading import parallel, workers
    from kamtrain.grading.execute import Prestarted
    from kamtrain.grading.model import NotebookJob

    def boom(job, settings):
        if job.learner == "eve":
            raise ValueError("dictionary update sequence element #0 has length 1")
        return parallel.ExecutionOutcome(job.learner, job.assignment, job.notebook, None, 0.0)

    discarded = []

    class Pre(Prestarted):
        def discard(self):
            discarded.append(self.job.learner)

    monkeypatch.setattr(parallel, "execute_job", boom)
    monkeypatch.setattr(workers, "prestart", lambda job, settings: Pre(job))
    monkeypatch.setattr(workers, "run_prestarted", lambda pre, settings: boom(pre.job, settings))
    jobs = [NotebookJob(name, "A", "nb", Path("x")) for name in ("eve", "alice")]
    outcomes = parallel.run_jobs(jobs, settings=None, workers=1, warm=warm)
    assert [o.learner for o in outcomes] == ["eve", "alice"]
    assert outcomes[0].problems[0].kind == "execution_error" and not outcomes[1].problems
    assert discarded == []  # nothing was left prestarted


def test_a_worker_stopping_midway_stops_the_kernel_it_prestarted(monkeypatch):
    from kamtrain.grading import parallel, workers
    from kamtrain.grading.execute import Prestarted
    from kamtrain.grading.model import NotebookJob

    discarded = []

    class Pre(Prestarted):
        def discard(self):
            discarded.append(self.job.learner)

    def interrupted(pre, settings):
        raise KeyboardInterrupt  # Ctrl-C while the first notebook runs

    monkeypatch.setattr(workers, "prestart", lambda job, settings: Pre(job))
    monkeypatch.setattr(workers, "run_prestarted", interrupted)
    jobs = [NotebookJob(name, "A", "nb", Path("x")) for name in ("eve", "alice", "bob")]
    with pytest.raises(KeyboardInterrupt):
        parallel.run_jobs(jobs, settings=None, workers=1, warm=True)
    assert discarded == ["alice"]  # the prestarted kernel; bob was never pulled


def test_an_honest_hand_out_near_the_cap_is_kept_by_the_output_bound(monkeypatch):
    import random

    from kamlearn.handout import MAX_BYTES, MIME, payload
    from kamtrain.grading.output_bound import MAX_STREAM_CHARS, bounded_client_class

    rng = random.Random(0)
    data = payload("c6.x", {"notes": [rng.random() * 1e6 for _ in range(15_000)]}, ["notes"])
    assert data["answers"] and MAX_STREAM_CHARS < len(str({MIME: data})) < MAX_BYTES
    cls = bounded_client_class()
    kept = []
    # Only the bound is under test: the parent class's output handling is stubbed.
    monkeypatch.setattr(
        cls.__bases__[0], "output", lambda self, outs, msg, display_id, index: kept.append(msg)
    )
    client = cls.__new__(cls)
    msg = {"msg_type": "display_data", "content": {"data": {MIME: data}, "metadata": {}}}
    client.output([], msg, None, 3)
    assert kept == [msg] and 3 not in client._kamtrain_dropped


def test_learner_text_cannot_carry_terminal_escapes_into_the_report():
    import nbformat

    from kamtrain.grading.incidents import blocked_attempts

    forged = "\x1b[1A\x1b[2K\r  eve  A  graded  20/20\x1b[8m"
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("import sys")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stderr", text="Permission denied " + forged)
    ]
    nb.cells = [cell]
    (problem,) = blocked_attempts(nb, "nb")
    assert "\x1b" not in problem.message and "\r" not in problem.message


def test_exam_papers_run_with_the_bounded_output_client():
    import inspect

    from kamtrain.grading import jail, kernel

    source = inspect.getsource(jail.run_in_jail)
    assert "new_client(" in source and "NotebookClient(" not in source
    assert "bounded_client_class()(" in inspect.getsource(kernel.new_client)


def test_a_worker_that_dies_fails_its_running_notebook_only_and_its_prestarted_one_is_rerun(
    monkeypatch,
):
    import multiprocessing

    from kamtrain.grading import parallel, worker_init, workers
    from kamtrain.grading.execute import Prestarted
    from kamtrain.grading.model import NotebookJob

    def run(pre, settings):
        if pre.job.learner == "crash":
            os._exit(9)  # the worker process dies mid-notebook (as on a segfault or OOM kill)
        return parallel.ExecutionOutcome(pre.job.learner, "A", "nb", None, 0.0)

    # Forked workers inherit the stubs: no kernel is started.
    monkeypatch.setattr(workers, "prestart", lambda job, settings: Prestarted(job))
    monkeypatch.setattr(workers, "run_prestarted", run)
    names = ["crash", *(f"l{i}" for i in range(7))]
    jobs = [NotebookJob(name, "A", "nb", Path("x")) for name in names]
    outcomes = workers.run_pool(
        jobs,
        None,
        workers=2,
        warm=True,
        context=multiprocessing.get_context("fork"),
        failed=worker_init.failed_outcome,
    )
    assert sorted(o.learner for o in outcomes) == sorted(names)  # each exactly once
    failed = [o for o in outcomes if o.problems]
    assert [o.learner for o in failed] == ["crash"]
    assert "WorkerDied" in failed[0].problems[0].message

"""Run execution jobs in worker processes, with a progress bar."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed

from kamtrain.grading.execute import ExecutionSettings, execute_job
from kamtrain.grading.model import ExecutionOutcome, NotebookJob, Problem


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def _warm() -> None:
    from kamtrain.grading.orphans import watch_parent

    watch_parent()  # a killed grader leaves no worker behind
    # Pay nbformat's and nbclient's import cost once per worker, not once per notebook.
    import nbclient  # noqa: F401
    import nbformat  # noqa: F401

    from kamtrain.nbgrader_adapter.preprocessors import sanitize_preprocessors

    sanitize_preprocessors()  # imports nbgrader's preprocessors


def start_method() -> str:
    """How worker processes start: ``KAMTRAIN_START_METHOD`` (fork, forkserver, spawn).

    fork (the default where the platform has it) shares the parent's imported modules;
    the workers need nothing from the parent but the pickled job and settings, so spawn
    and forkserver work as well (macOS and Windows default to spawn).
    """
    default = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return os.environ.get("KAMTRAIN_START_METHOD", default)


def _failed(job, exc: Exception) -> ExecutionOutcome:
    from kamtrain.grading.score import printable

    return ExecutionOutcome(
        job.learner,
        job.assignment,
        job.notebook,
        None,
        0.0,
        problems=(
            Problem(
                "execution_error",
                printable(f"Le processus de notation a échoué : {type(exc).__name__}: {exc}")[:300],
                job.notebook,
            ),
        ),
    )


def run_jobs(
    jobs: Iterable[NotebookJob],
    settings: ExecutionSettings,
    *,
    workers: int,
    progress: Callable[[ExecutionOutcome], None] | None = None,
) -> list[ExecutionOutcome]:
    jobs = list(jobs)
    outcomes: list[ExecutionOutcome] = []
    if workers <= 1:
        for job in jobs:
            try:
                outcome = execute_job(job, settings)
            except Exception as exc:  # noqa: BLE001 - a failing job fails one notebook only
                outcome = _failed(job, exc)
            outcomes.append(outcome)
            if progress:
                progress(outcome)
        return outcomes
    context = multiprocessing.get_context(start_method())
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_warm) as pool:
        futures = {pool.submit(execute_job, job, settings): job for job in jobs}
        for future in as_completed(futures):
            job = futures[future]
            try:
                outcome = future.result()
            except Exception as exc:  # noqa: BLE001 - a crashed worker fails one notebook only
                outcome = _failed(job, exc)
            outcomes.append(outcome)
            if progress:
                progress(outcome)
    return outcomes

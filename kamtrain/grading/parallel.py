"""Run execution jobs in worker processes, with a progress bar.

With warm kernels (the default; ``KAMTRAIN_WARM_KERNELS=0`` turns them off) each worker
starts the next notebook's kernel while the current one runs (:mod:`.workers`).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable

from kamtrain.grading.execute import ExecutionSettings, execute_job
from kamtrain.grading.model import ExecutionOutcome, NotebookJob
from kamtrain.grading.worker_init import failed_outcome


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def start_method() -> str:
    """How worker processes start: ``KAMTRAIN_START_METHOD`` (fork, forkserver, spawn).

    fork (the default where the platform has it) shares the parent's imported modules;
    the workers need nothing from the parent but the pickled job and settings, so spawn
    and forkserver work as well (macOS and Windows default to spawn).
    """
    default = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return os.environ.get("KAMTRAIN_START_METHOD", default)


def warm_kernels() -> bool:
    """Whether workers prestart the next kernel: ``KAMTRAIN_WARM_KERNELS`` (default on)."""
    value = os.environ.get("KAMTRAIN_WARM_KERNELS", "1").strip().lower()
    return value not in ("0", "no", "off", "false")


def run_jobs(
    jobs: Iterable[NotebookJob],
    settings: ExecutionSettings,
    *,
    workers: int,
    progress: Callable[[ExecutionOutcome], None] | None = None,
    warm: bool | None = None,
) -> list[ExecutionOutcome]:
    """Execute ``jobs``; outcomes in the order they finish. ``warm``: None reads the env."""
    from kamtrain.grading import workers as pool

    jobs = list(jobs)
    warm = warm_kernels() if warm is None else warm
    outcomes: list[ExecutionOutcome] = []

    def done(outcome: ExecutionOutcome) -> None:
        outcomes.append(outcome)
        if progress:
            progress(outcome)

    if workers <= 1 and not warm:
        for job in jobs:
            try:
                outcome = execute_job(job, settings)
            except Exception as exc:  # noqa: BLE001 - a failing job fails one notebook only
                outcome = failed_outcome(job, exc)
            done(outcome)
        return outcomes
    if workers <= 1:
        queue = iter(enumerate(jobs))
        pool.serve(
            lambda: next(queue, None),
            lambda kind, _i, outcome: done(outcome) if kind == "done" else None,
            settings,
            warm=True,
            failed=failed_outcome,
        )
        return outcomes
    context = multiprocessing.get_context(start_method())
    return pool.run_pool(
        jobs,
        settings,
        workers=workers,
        warm=warm,
        context=context,
        failed=failed_outcome,
        progress=progress,
    )

"""Grading workers that start the next notebook's kernel while the current notebook runs.

Each worker process asks the grader for jobs over its own pipe. With warm kernels it
asks for job *i+1* and prestarts it (a fresh run folder, jail, pids cgroup and kernel,
:func:`kamtrain.grading.execute.prestart`) before running job *i*, so the next kernel
boots while the current notebook executes. No kernel ever runs two notebooks.

The grader keeps track of what each worker holds: a worker that dies fails the notebook
it was running (and that one only); the notebook it had only prestarted goes back to
the queue once, for another worker. When the queue ends, on an error, on Ctrl-C or when
the grader dies (:func:`kamtrain.grading.orphans.watch_parent`), workers stop every
kernel they started; a jail dies with its worker in any case (``--die-with-parent``).
"""

from __future__ import annotations

import contextlib
import signal
import sys
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import wait

from kamtrain.grading.execute import ExecutionSettings, Prestarted, prestart, run_prestarted
from kamtrain.grading.model import ExecutionOutcome
from kamtrain.grading.worker_init import failed_outcome, warm_up

#: How many times a notebook a dead worker had only prestarted goes back to the queue.
MAX_REQUEUE = 1


class WorkerDied(Exception):
    """A grading worker process ended while it held a notebook."""


def serve(
    pull: Callable[[], tuple | None],
    report: Callable[[str, int, ExecutionOutcome | None], None],
    settings: ExecutionSettings,
    *,
    warm: bool,
    failed: Callable,
) -> None:
    """One worker's loop: ``pull()`` gives ``(index, job)`` or None when the queue is empty.

    ``report("run", i, None)`` when job *i* starts executing, ``report("done", i,
    outcome)`` when it is scored. A failing job fails one notebook only (``failed(job,
    exc)``). Every prestarted kernel is stopped before this returns or raises.
    """
    pending: deque[tuple[int, Prestarted]] = deque()

    def take() -> bool:
        item = pull()
        if item is None:
            return False
        pending.append((item[0], prestart(item[1], settings)))
        return True

    try:
        more = take()
        while pending:
            if warm and more:
                more = take()  # job i+1's kernel boots while job i runs
            index, pre = pending.popleft()
            report("run", index, None)
            try:
                outcome = run_prestarted(pre, settings)
            except Exception as exc:  # noqa: BLE001 - a failing job fails one notebook only
                outcome = failed(pre.job, exc)
            report("done", index, outcome)
            if not pending and more:
                more = take()
    finally:
        for _, pre in pending:
            with contextlib.suppress(Exception):
                pre.discard()


def worker_main(conn, settings: ExecutionSettings, warm: bool) -> None:
    """A worker process: :func:`serve` over a pipe to the grader."""
    # terminate() from the grader: unwind, so that kernels are stopped and folders removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    warm_up()

    def pull():
        conn.send(("next", -1, None))
        return conn.recv()

    def report(kind, index, outcome):
        conn.send((kind, index, outcome))

    try:
        serve(pull, report, settings, warm=warm, failed=failed_outcome)
    except (EOFError, BrokenPipeError, ConnectionResetError, KeyboardInterrupt):
        pass  # the grader stopped or is gone: serve() has stopped the kernels
    finally:
        conn.close()


@dataclass
class _Worker:
    process: object
    #: job index -> True once it runs (False: only prestarted).
    held: dict = field(default_factory=dict)


def run_pool(
    jobs: list,
    settings: ExecutionSettings,
    *,
    workers: int,
    warm: bool,
    context,
    failed: Callable,
    progress: Callable[[ExecutionOutcome], None] | None = None,
) -> list[ExecutionOutcome]:
    """Run ``jobs`` in ``workers`` processes; outcomes in the order they finish."""
    queue = deque(enumerate(jobs))
    requeued: dict[int, int] = {}
    done: dict[int, ExecutionOutcome] = {}
    order: list[int] = []
    pool: dict = {}
    starts = 0

    def start_worker() -> None:
        nonlocal starts
        starts += 1
        ours, theirs = context.Pipe()
        process = context.Process(
            target=worker_main, args=(theirs, settings, warm), daemon=True, name="kamtrain-worker"
        )
        process.start()
        theirs.close()
        pool[ours] = _Worker(process)

    def finish(index: int, outcome: ExecutionOutcome) -> None:
        done[index] = outcome
        order.append(index)
        if progress:
            progress(outcome)

    def lost(worker: _Worker) -> None:
        worker.process.join(timeout=5)
        code = worker.process.exitcode
        for index, running in worker.held.items():
            if running or requeued.get(index, 0) >= MAX_REQUEUE:
                finish(index, failed(jobs[index], WorkerDied(f"processus arrêté (code {code})")))
            else:
                requeued[index] = requeued.get(index, 0) + 1
                queue.appendleft((index, jobs[index]))

    for _ in range(min(workers, len(jobs))):
        start_worker()
    try:
        while len(done) < len(jobs):
            if not pool:
                if starts >= len(jobs) + 2 * workers:
                    # Workers keep dying before they run anything: fail what is left.
                    while queue:
                        index, job = queue.popleft()
                        finish(index, failed(job, WorkerDied("aucun processus de notation")))
                    break
                start_worker()
            for conn in wait(list(pool)):
                worker = pool[conn]
                try:
                    kind, index, outcome = conn.recv()
                except (EOFError, OSError):
                    del pool[conn]
                    conn.close()
                    lost(worker)
                    if queue and len(pool) < workers:
                        start_worker()
                    continue
                if kind == "next":
                    item = queue.popleft() if queue else None
                    if item is not None:
                        worker.held[item[0]] = False
                    conn.send(item)
                elif kind == "run":
                    worker.held[index] = True
                elif kind == "done":
                    worker.held.pop(index, None)
                    finish(index, outcome)
    finally:
        _stop(pool)
    return [done[i] for i in order]


def _stop(pool: dict) -> None:
    """End every worker: idle ones see their pipe close; busy ones are terminated."""
    for conn in pool:
        conn.close()
    for worker in pool.values():
        worker.process.join(timeout=10 if not worker.held else 0)
        if worker.process.is_alive():
            worker.process.terminate()
            worker.process.join(timeout=10)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()

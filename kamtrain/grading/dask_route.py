"""Grade on the workers of a running ``dask.distributed`` cluster (``--scheduler``).

Each notebook's sandboxed execution and trusted scoring runs on a worker as one Dask
task (:func:`kamtrain.grading.remote.run_task`); its inputs and its result travel as
data (:mod:`kamtrain.grading.payload`), so workers share no folder with the trainer.
Recording into the gradebook stays on the trainer, serial, in the pipeline's record step.

Why Dask rather than a queue of our own: a scheduler that knows which worker holds
which task, reschedules the tasks of a worker that dies, balances the load, and is
maintained and documented by others.

- A worker that dies mid-notebook: the scheduler reschedules its task (up to Dask's
  ``distributed.scheduler.allowed-failures``, 3 by default); a task that raises is
  retried once (``retries=1``).
- A notebook is never recorded twice: each task has a unique key; results are deduped
  by key before anything is written; a late or duplicate one is ignored and counted.
- At most :data:`IN_FLIGHT_PER_THREAD` tasks per worker thread are submitted at once, so
  the trainer never holds the whole cohort's notebooks in memory.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kamlearn.errors import GradingError, MissingExtraError
from kamtrain.grading.model import ExecutionOutcome, NotebookJob
from kamtrain.grading.worker_init import failed_with

#: Seconds to reach the scheduler before giving up.
CONNECT_TIMEOUT = 5.0
#: Seconds to wait for the scheduler to have at least one worker.
WORKERS_TIMEOUT = 30.0
IN_FLIGHT_PER_THREAD = 2


class ClusterError(GradingError):
    """The Dask cluster cannot grade: unreachable, no worker, or workers unfit."""


class SchedulerUnreachableError(ClusterError):
    """No Dask scheduler answered at the address given."""


def _client_class():
    try:
        from distributed import Client
    except ImportError:
        raise MissingExtraError(
            "Grading on a Dask cluster (--scheduler)", "dask", "dask[distributed]"
        ) from None
    return Client


def connect(address: str, *, timeout: float = CONNECT_TIMEOUT):
    """A ``distributed.Client`` on ``address``.

    Raises:
        MissingExtraError: dask.distributed is not installed.
        SchedulerUnreachableError: nothing answered within ``timeout`` seconds.
    """
    client_class = _client_class()
    try:
        return client_class(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise SchedulerUnreachableError(
            f"No Dask scheduler answered at {address} within {timeout:g} s "
            f"({type(exc).__name__}: {exc}). Start one there with `dask scheduler`, "
            "check the address and that its port is open from this machine."
        ) from None


def check_cluster(address: str, *, sandbox: bool, timeout: float = CONNECT_TIMEOUT) -> int:
    """Check, before anything is written, that ``address`` can grade; return its workers.

    Every worker must run the trainer's versions of kamtrain, numpy and nbgrader (the
    learners' data and the checks depend on them) and, unless ``sandbox`` is off, be able
    to build a bubblewrap jail.

    Raises:
        SchedulerUnreachableError, ClusterError, MissingExtraError.
    """
    from kamtrain.grading.payload import versions
    from kamtrain.grading.remote import worker_environment

    if not sandbox:
        # Learners' code unjailed on machines the trainer does not watch, holding the
        # cohort key: refused outright, whatever the trainer wants for a local run.
        raise ClusterError(
            f"--no-sandbox cannot be used with a Dask cluster ({address}): workers always "
            "run learners' code in the bubblewrap sandbox. Drop --no-sandbox, or grade "
            "locally without --scheduler."
        )
    client = connect(address, timeout=timeout)
    try:
        try:
            client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
        except TimeoutError:
            raise ClusterError(
                f"The Dask scheduler at {address} has no worker after {WORKERS_TIMEOUT:g} s: "
                f"start some with `dask worker {address} --nthreads 1`."
            ) from None
        found = client.run(worker_environment, sandbox)
        mine = versions()
        unfit = []
        for worker, env in sorted(found.items()):
            if env["versions"] != mine:
                unfit.append(f"{worker} ({env['host']}) runs {env['versions']}")
            if env["sandbox"]:
                unfit.append(f"{worker} ({env['host']}): {env['sandbox']}")
        if unfit:
            raise ClusterError(
                f"Workers of {address} cannot grade for this trainer ({mine}): " + "; ".join(unfit)
            )
        return len(found)
    finally:
        client.close()


@dataclass
class Collector:
    """Reads results once per job key: a duplicate or late one is ignored and counted."""

    sent: dict[str, NotebookJob]
    executed_root: Path
    done: set[str] = field(default_factory=set)
    duplicates: int = 0
    refused: int = 0
    #: worker (``host:pid``) -> notebooks whose result it delivered.
    by_worker: dict[str, int] = field(default_factory=dict)

    def accept(self, key: str, raw) -> ExecutionOutcome | None:
        """The outcome of job ``key`` read from ``raw``; None for a duplicate.

        A result for a key never sent, or a malformed one, fails that notebook (named).
        """
        from kamtrain.grading.payload import ResultRefused, decode_result

        if key in self.done:
            self.duplicates += 1
            return None
        job = self.sent.get(key)
        if job is None:
            self.refused += 1
            return None
        self.done.add(key)
        try:
            outcome, worker = decode_result(raw, key=key, job=job, executed_root=self.executed_root)
        except ResultRefused as exc:
            self.refused += 1
            return failed_with(job, f"Résultat du nœud de calcul refusé : {exc}")
        self.by_worker[worker] = self.by_worker.get(worker, 0) + 1
        return outcome


@dataclass(frozen=True)
class ClusterRun:
    """How the cluster route went, for the grading report."""

    scheduler: str
    workers: int
    tasks: int
    duplicates_ignored: int
    results_refused: int
    by_worker: dict[str, int]


def run_on_cluster(
    jobs: Iterable[NotebookJob],
    settings,
    *,
    scheduler: str,
    progress: Callable[[ExecutionOutcome], None] | None = None,
) -> tuple[list[ExecutionOutcome], ClusterRun]:
    """Execute and score ``jobs`` on the cluster at ``scheduler``; the pipeline records."""
    from distributed import as_completed

    from kamtrain.grading import payload
    from kamtrain.grading.remote import run_task

    run = f"kamtrain-{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(4)}"
    client = connect(scheduler)
    try:
        common = payload.common(settings)
        bundles: dict = {}
        sent: dict[str, NotebookJob] = {}
        collector = Collector(sent, settings.executed_root)
        outcomes: list[ExecutionOutcome] = []
        threads = sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values())
        window = max(2, IN_FLIGHT_PER_THREAD * max(1, threads))
        pending = iter(enumerate(jobs))
        running = as_completed(loop=client.loop)

        def finish(outcome: ExecutionOutcome) -> None:
            outcomes.append(outcome)
            if progress:
                progress(outcome)

        def submit_next() -> bool:
            item = next(pending, None)
            if item is None:
                return False
            index, job = item
            key = f"{run}-{index:06d}"
            sent[key] = job
            try:
                if (job.assignment, job.notebook) not in bundles:
                    bundles[(job.assignment, job.notebook)] = payload.bundle(
                        db_url=settings.db_url,
                        course_id=settings.course_id,
                        course_dir=settings.course_dir,
                        assignment=job.assignment,
                        notebook=job.notebook,
                    )
                spec = payload.task(job, settings, key=key)
            except Exception as exc:  # noqa: BLE001 - one unsendable notebook fails alone
                collector.done.add(key)
                finish(
                    failed_with(
                        job, f"Remise non envoyée à la grappe : {type(exc).__name__}: {exc}"
                    )
                )
                return True
            running.add(
                client.submit(
                    run_task,
                    bundles[(job.assignment, job.notebook)],
                    common,
                    spec,
                    key=key,
                    pure=False,
                    retries=1,
                )
            )
            return True

        while running.count() < window and submit_next():
            pass
        for future in running:
            key = future.key
            try:
                raw = future.result()
            except Exception as exc:  # noqa: BLE001 - a failed task fails its notebook only
                if key not in collector.done:
                    collector.done.add(key)
                    finish(
                        failed_with(
                            sent[key], f"Le nœud de calcul a échoué : {type(exc).__name__}: {exc}"
                        )
                    )
            else:
                outcome = collector.accept(key, raw)
                if outcome is not None:
                    finish(outcome)
            future.release()
            while running.count() < window and submit_next():
                pass
        return outcomes, ClusterRun(
            scheduler=scheduler,
            workers=len(client.scheduler_info()["workers"]),
            tasks=len(sent),
            duplicates_ignored=collector.duplicates,
            results_refused=collector.refused,
            by_worker=dict(collector.by_worker),
        )
    finally:
        client.close()

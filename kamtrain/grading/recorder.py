"""Record submissions, optionally while the workers go on executing the others.

With overlap (``KAMTRAIN_OVERLAP_RECORDING=1``, :func:`overlap_recording`) a submission
(learner, assignment) is recorded as soon as every one of its notebooks has an execution
outcome; without (the default) everything is recorded once execution is over. One recorder thread in the grader's process does it, the only
writer to the gradebook (SQLite tolerates no concurrent writers): whenever it is free it
takes every submission completed so far and records them per assignment, one nbgrader
``autograde`` call per assignment (its fixed cost is paid per batch, not per learner).

Each batch keeps the rules of the serial record step: the disk-space check (its executed
notebooks + the gradebook), then :func:`~kamtrain.grading.stale.mark_recording` and
:func:`~kamtrain.grading.safekeep.hold_previous` for its submissions only, then
:func:`~kamtrain.grading.safekeep.settle` for them. An error (a full disk) stops the
recorder: :meth:`Recorder.outcome` and :meth:`Recorder.finish` raise it in the grader's
main thread, which stops the workers.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from kamtrain.grading.model import ExecutionOutcome

Key = tuple[str, str]  # (learner, assignment)


class Recorder:
    """Records each submission once, as soon as all its notebooks are executed."""

    def __init__(
        self,
        *,
        expected: dict[Key, set[str]],
        record_batch: Callable[[str, list[str]], dict],
        before_batch: Callable[[list[Key]], None],
        after_batch: Callable[[list[Key], list[dict], set[Key]], set[Key]],
        overlap: bool = True,
    ):
        self._missing = {key: set(names) for key, names in expected.items()}
        self._record_batch = record_batch
        self._before = before_batch
        self._after = after_batch
        #: False: record everything in one batch once execution is over (the serial step).
        self._overlap = overlap
        self._ready: list[Key] = []
        self._closing = False
        self._abandon = False
        self._cond = threading.Condition()
        #: (learner, assignment) -> nbgrader's result for the batch that recorded it.
        self.logs: dict[Key, dict] = {}
        self.recorded: set[Key] = set()
        #: One entry per batch: its submissions and when it ran (time.time()).
        self.batches: list[dict] = []
        self.busy_seconds = 0.0
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="kamtrain-recorder", daemon=True)
        self._thread.start()
        for key, names in expected.items():
            if not names:  # nothing to wait for
                self._push(key)

    def _push(self, key: Key) -> None:
        with self._cond:
            self._ready.append(key)
            self._cond.notify()

    def outcome(self, outcome: ExecutionOutcome) -> None:
        """An executed notebook (main thread): queue its submission once it is complete."""
        if self.error is not None:
            raise self.error
        key = (outcome.learner, outcome.assignment)
        names = self._missing.get(key)
        if names is None or outcome.notebook not in names:
            return
        names.discard(outcome.notebook)
        if not names:
            self._push(key)

    def finish(self) -> None:
        """Record what is left, wait for it, and raise the recorder's error if any."""
        with self._cond:
            self._closing = True
            self._cond.notify()
        self._thread.join()
        if self.error is not None:
            raise self.error

    def abandon(self) -> None:
        """Stop (the run is failing): finish the batch under way, record nothing more."""
        with self._cond:
            self._closing = self._abandon = True
            self._ready.clear()
            self._cond.notify()
        self._thread.join()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._closing and not (self._ready and self._overlap):
                    self._cond.wait()
                if self._abandon or (self._closing and not self._ready):
                    return
                batch, self._ready = sorted(set(self._ready)), []
            try:
                self._record(batch)
            except BaseException as exc:  # noqa: BLE001 - handed to the main thread
                self.error = exc
                return

    def _record(self, batch: list[Key]) -> None:
        t0, started = time.perf_counter(), time.time()
        self._before(batch)  # the disk-space check, then marks and holds: may raise
        logs: list[dict] = []
        failed: set[Key] = set()
        try:
            for assignment in sorted({a for _, a in batch}):
                learners = sorted(lr for lr, a in batch if a == assignment)
                try:
                    result = self._record_batch(assignment, learners)
                except Exception as exc:  # noqa: BLE001 - settled as failed below
                    result = {"success": False, "error": f"{type(exc).__name__}: {exc}"}
                    failed |= {(lr, assignment) for lr in learners}
                logs.append(result)
                for learner in learners:
                    self.logs[(learner, assignment)] = result
        finally:
            self.recorded |= self._after(batch, logs, failed)
            self.busy_seconds += time.perf_counter() - t0
            self.batches.append(
                {
                    "submissions": [f"{lr}/{a}" for lr, a in batch],
                    "started_at": started,
                    "ended_at": time.time(),
                }
            )


def overlap_recording() -> bool:
    """Whether recording overlaps execution: ``KAMTRAIN_OVERLAP_RECORDING`` (default on).

    On, a single recorder thread records finished submissions in batches while the
    workers execute the others; off (``0``), every submission is recorded in one batch per
    assignment once all notebooks are executed. On by default: on a quiet 2-core machine
    it measured 12 % faster (benchmarks/RESULTS.md, "overlap" row). On a machine already
    loaded by other work the recorder competes with the kernels and it measured slower:
    turn it off there.
    """
    value = os.environ.get("KAMTRAIN_OVERLAP_RECORDING", "1").strip().lower()
    return value in ("1", "yes", "on", "true")


def executed_size(executed_root: Path, batch: list[Key]) -> int:
    """Bytes of the batch's executed notebooks (what recording copies into autograded/)."""
    from kamtrain.grading.diskspace import tree_size

    return sum(
        tree_size(Path(executed_root) / learner / assignment) for learner, assignment in batch
    )

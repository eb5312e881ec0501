"""Execute one staged notebook in its sandbox, then score it outside: one grading worker's job.

The worker applies nbgrader's own sanitizing preprocessors (the ones ``nbgrader
autograde`` applies before executing), then runs the kernel with nbclient inside a
bubblewrap jail (:mod:`kamtrain.grading.bwrap`) that sees only a private copy of the
submission's folder. The kernel hands out answers as data; the worker, outside the
jail, scores them (:mod:`kamtrain.grading.score`) and writes the verdicts into the
executed notebook, which only the grader can reach. It never writes to the gradebook.

A job runs in phases: :func:`prestart` (read, sanitize, fill a fresh run folder,
launch the kernel without waiting) and :func:`run_prestarted` (execute, stop the
kernel, score, write). A worker prestarts the next notebook while the current one runs
(:mod:`kamtrain.grading.workers`); :func:`execute_job` runs both phases back to back.
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from kamtrain.grading.bwrap import SandboxSettings
from kamtrain.grading.kernel import LiveKernel, RunFolder, launch, new_client
from kamtrain.grading.model import ExecutionOutcome, NotebookJob, Problem
from kamtrain.grading.output_bound import MAX_STREAM_CHARS
from kamtrain.grading.sandbox import escaped_writes, prepare_workdir
from kamtrain.grading.score import score_notebook

KERNEL_DIED_TRACEBACK = "Le noyau s'est arrêté avant d'exécuter cette cellule (note 0)."
NOT_GRADABLE_TRACEBACK = "Carnet absent ou illisible : cellule non exécutée (note 0)."
TIMEOUT_STOP_TRACEBACK = "Exécution arrêtée après des dépassements de durée répétés (note 0)."
#: Consecutive timed-out cells after which the kernel is deemed unresponsive (code that
#: swallows KeyboardInterrupt keeps running after the interrupt) and execution stops.
MAX_CONSECUTIVE_TIMEOUTS = 2


@dataclass(frozen=True)
class ExecutionSettings:
    course_dir: Path
    course_id: str
    db_url: str
    cohort_key: str
    executed_root: Path
    timeout: int = 30
    notebook_timeout: int = 600
    kernel_name: str = "python3"
    #: learner id -> accommodations from learners.csv (e.g. ("tiers-temps",)).
    accommodations: dict = field(default_factory=dict)
    sandbox: SandboxSettings = field(default_factory=SandboxSettings)
    #: Private folder (mode 0700) for the runs' temporary folders.
    scratch: Path | None = None


def sanitize(nb, *, settings: ExecutionSettings, learner: str, assignment: str, notebook: str):
    """Apply nbgrader's sanitize preprocessors, as ``nbgrader autograde`` does."""
    from kamtrain.grading.record import nbgrader_overrides
    from kamtrain.nbgrader_adapter.preprocessors import notebook_resources, sanitize_preprocessors
    from kamtrain.nbgrader_adapter.speed import cache_metadata_validation

    cache_metadata_validation()

    resources = notebook_resources(
        notebook=notebook,
        assignment=assignment,
        student=learner,
        db_url=settings.db_url,
        course_id=settings.course_id,
    )
    config = nbgrader_overrides()
    for cls in sanitize_preprocessors():
        nb, resources = cls(config=config).preprocess(nb, resources)
    return nb


def _mark_unexecuted(nb, executed: set[int], reason: str) -> int:
    """Give every grade cell the kernel never ran an error output, so it scores 0."""
    from nbformat import NotebookNode

    marked = 0
    for index, cell in enumerate(nb.cells):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type != "code" or index in executed or not meta.get("grade"):
            continue
        cell.outputs = [
            NotebookNode(output_type="error", ename="KernelDied", evalue=reason, traceback=[reason])
        ]
        marked += 1
    return marked


def _truncate_streams(nb) -> bool:
    cut = False
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if (
                output.get("output_type") == "stream"
                and len(output.get("text", "")) > MAX_STREAM_CHARS
            ):
                output["text"] = (
                    output["text"][:MAX_STREAM_CHARS] + "\n[… sortie tronquée par kamtrain …]\n"
                )
                cut = True
    return cut


def _not_gradable_outcome(job, settings: ExecutionSettings, started: float) -> ExecutionOutcome:
    """A missing or unreadable notebook: the release version, every test cell scored 0.

    Plain nbgrader gives 0 to a missing notebook of a multi-notebook assignment but
    refuses a submission with no notebook at all; staging the release version lets the
    record step score every case alike.
    """
    import nbformat

    nb = nbformat.read(job.staged_path, as_version=4)
    nb = sanitize(
        nb, settings=settings, learner=job.learner, assignment=job.assignment, notebook=job.notebook
    )
    _mark_unexecuted(nb, set(), NOT_GRADABLE_TRACEBACK)
    verdicts = score_notebook(nb, who=_who(job, settings))
    out = settings.executed_root / job.learner / job.assignment / f"{job.notebook}.ipynb"
    out.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        # Cells nbgrader adds back have no id; nbformat repairs that and warns.
        warnings.simplefilter("ignore")
        nbformat.write(nb, out)
    now = time.time()
    return ExecutionOutcome(
        job.learner,
        job.assignment,
        job.notebook,
        out,
        time.perf_counter() - started,
        started_at=now,
        ended_at=now,
        verdicts=tuple(verdicts),
    )


def _who(job, settings: ExecutionSettings):
    from kamtrain.grading.score import Learner

    return Learner(
        settings.cohort_key, job.learner, tuple(settings.accommodations.get(job.learner, ()))
    )


@dataclass
class Prestarted:
    """A notebook ready to run: sanitized, its run folder filled, its kernel launched.

    ``error``: the notebook could not be read or its folder filled (raised when run).
    """

    job: NotebookJob
    nb: object = None
    kernel: LiveKernel | None = None
    error: Exception | None = None
    #: Seconds spent preparing (reading, sanitizing, copying, launching).
    seconds: float = 0.0

    def discard(self) -> None:
        """Stop a kernel that will not run (the queue ended, or the worker is stopping)."""
        if self.kernel is not None:
            try:
                self.kernel.stop()
            finally:
                self.kernel.folder.remove()


def prestart(job: NotebookJob, settings: ExecutionSettings) -> Prestarted:
    """Phase 1: read and sanitize the notebook, fill a fresh run folder, launch its kernel.

    The kernel boots while the caller does something else (a worker runs the previous
    notebook meanwhile); nothing here waits for it. Never raises.
    """
    t0 = time.perf_counter()
    if not job.execute:
        return Prestarted(job)
    try:
        import nbformat

        nb = nbformat.read(job.staged_path, as_version=4)
        nb = sanitize(
            nb,
            settings=settings,
            learner=job.learner,
            assignment=job.assignment,
            notebook=job.notebook,
        )
        folder = RunFolder.create(
            learner=job.learner,
            assignment=job.assignment,
            scratch=settings.scratch,
            fill=lambda workdir: prepare_workdir(
                workdir.parents[1],
                job.staged_path.parent,
                settings.course_dir / "source" / job.assignment,
                job.learner,
                job.assignment,
            ),
        )
    except Exception as exc:  # noqa: BLE001 - raised when this notebook's turn comes
        return Prestarted(job, error=exc, seconds=time.perf_counter() - t0)
    client = new_client(
        nb, workdir=folder.workdir, timeout=settings.timeout, kernel_name=settings.kernel_name
    )
    kernel = launch(
        client, folder, settings=settings, learner=job.learner, assignment=job.assignment
    )
    return Prestarted(job, nb, kernel, seconds=time.perf_counter() - t0)


def execute_job(job: NotebookJob, settings: ExecutionSettings) -> ExecutionOutcome:
    """Sanitize and execute one notebook; write it under ``settings.executed_root``."""
    return run_prestarted(prestart(job, settings), settings)


def run_prestarted(pre: Prestarted, settings: ExecutionSettings) -> ExecutionOutcome:
    """Phases 2 and 3: execute the cells, stop the kernel, score outside it, write the notebook.

    The kernel is stopped and its folder removed whatever happens.
    """
    started = time.perf_counter()
    job = pre.job
    if not job.execute:
        return _not_gradable_outcome(job, settings, started)
    if pre.error is not None:
        raise pre.error
    try:
        return _execute(pre, settings, started)
    finally:
        pre.discard()


def _execute(pre: Prestarted, settings: ExecutionSettings, started: float) -> ExecutionOutcome:
    import nbformat
    from nbclient.exceptions import DeadKernelError

    job, nb, kernel = pre.job, pre.nb, pre.kernel
    client = kernel.client
    started_at = time.time()
    problems: list[Problem] = []
    executed: set[int] = set()
    timed_out: list[int] = []
    kernel_seconds = 0.0
    stop_reason = KERNEL_DIED_TRACEBACK
    client.on_cell_executed = lambda cell, cell_index, execute_reply: executed.add(cell_index)
    deadline = started + settings.notebook_timeout
    try:
        kernel_seconds = kernel.connect()
        with client.setup_kernel():
            for index, cell in enumerate(nb.cells):
                if time.perf_counter() > deadline:
                    problems.append(
                        Problem(
                            "timeout",
                            f"Durée totale dépassée ({settings.notebook_timeout} s) : exécution arrêtée.",
                            job.notebook,
                        )
                    )
                    stop_reason = TIMEOUT_STOP_TRACEBACK
                    break
                if cell.cell_type != "code":
                    continue
                t_cell = time.perf_counter()
                client.execute_cell(cell, index, store_history=True)
                # nbclient interrupts a cell at the timeout and carries on: measure it.
                if time.perf_counter() - t_cell >= settings.timeout - 0.05:
                    timed_out.append(index)
                    if _only_code_between(nb, timed_out[-MAX_CONSECUTIVE_TIMEOUTS:]):
                        executed.discard(index)
                        stop_reason = TIMEOUT_STOP_TRACEBACK
                        break
    except DeadKernelError:
        problems.append(
            Problem(
                "kernel_died",
                "Le noyau s'est arrêté pendant l'exécution (par exemple os._exit ou mémoire épuisée) ; "
                "les cellules suivantes sont notées 0.",
                job.notebook,
            )
        )
    except Exception as exc:  # noqa: BLE001 - one broken submission must not stop the cohort
        problems.append(
            Problem(
                "execution_error",
                f"Exécution impossible : {type(exc).__name__}: {exc}",
                job.notebook,
            )
        )
    finally:
        kernel.stop()
    folder = kernel.folder
    escaped = escaped_writes(folder.root, folder.workdir, folder.home)
    if timed_out:
        problems.append(
            Problem(
                "timeout",
                f"{len(timed_out)} cellule(s) interrompue(s) après {settings.timeout} s (boucle infinie ?)"
                + (
                    " ; exécution arrêtée, les cellules suivantes sont notées 0."
                    if stop_reason == TIMEOUT_STOP_TRACEBACK
                    else "."
                ),
                job.notebook,
            )
        )
    if _mark_unexecuted(nb, executed, stop_reason) and not problems:
        problems.append(
            Problem(
                "execution_error",
                "Des cellules notées n'ont pas été exécutées (note 0).",
                job.notebook,
            )
        )
    if escaped:
        shown = ", ".join(escaped[:5]) + (" …" if len(escaped) > 5 else "")
        problems.append(
            Problem(
                "outside_write",
                f"Tentative d'écriture hors du dossier de la remise, interceptée dans le bac à sable : {shown}.",
                job.notebook,
            )
        )
    if _truncate_streams(nb) or client._kamtrain_dropped:
        for index in sorted(client._kamtrain_dropped):
            nb.cells[index].setdefault("outputs", []).append(
                nbformat.v4.new_output(
                    "stream", name="stdout", text="\n[… sortie tronquée par kamtrain …]\n"
                )
            )
        problems.append(
            Problem("output_truncated", "Sortie très volumineuse tronquée.", job.notebook)
        )
    from kamtrain.grading.incidents import blocked_attempts

    problems.extend(blocked_attempts(nb, job.notebook))
    # The verdicts replace every graded cell's outputs: nothing the kernel printed there
    # is kept, and the score is computed here, outside the jail.
    verdicts = score_notebook(nb, who=_who(job, settings))
    out = settings.executed_root / job.learner / job.assignment / f"{job.notebook}.ipynb"
    out.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        # Cells nbgrader adds back have no id; nbformat repairs that and warns.
        warnings.simplefilter("ignore")
        nbformat.write(nb, out)
    return ExecutionOutcome(
        learner=job.learner,
        assignment=job.assignment,
        notebook=job.notebook,
        executed_path=out,
        seconds=time.perf_counter() - started + pre.seconds,
        kernel_seconds=kernel_seconds,
        problems=tuple(problems),
        started_at=started_at,
        ended_at=time.time(),
        verdicts=tuple(verdicts),
    )


def _only_code_between(nb, indices: list[int]) -> bool:
    """True when ``indices`` are consecutive code cells (markdown between is ignored)."""
    if len(indices) < MAX_CONSECUTIVE_TIMEOUTS:
        return False
    first, last = indices[0], indices[-1]
    between = [i for i in range(first, last + 1) if nb.cells[i].cell_type == "code"]
    return between == indices

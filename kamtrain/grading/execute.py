"""Execute one staged notebook in its sandbox, then score it outside: one grading worker's job.

The worker applies nbgrader's own sanitizing preprocessors (the ones ``nbgrader
autograde`` applies before executing), then runs the kernel with nbclient inside a
bubblewrap jail (:mod:`kamtrain.grading.bwrap`) that sees only a private copy of the
submission's folder. The kernel hands out answers as data; the worker, outside the
jail, scores them (:mod:`kamtrain.grading.score`) and writes the verdicts into the
executed notebook, which only the grader can reach. It never writes to the gradebook.
"""

from __future__ import annotations

import subprocess
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from kamtrain.grading.bwrap import SandboxSettings
from kamtrain.grading.model import ExecutionOutcome, Problem
from kamtrain.grading.output_bound import MAX_STREAM_CHARS, bounded_client_class
from kamtrain.grading.sandbox import (
    escaped_writes,
    jail_env,
    kernel_env,
    prepare_workdir,
    seed_home,
    use_private_sockets,
)
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


def start_kernel(client, settings: ExecutionSettings, job, workdir: Path, tmp_path: Path):
    """Start the notebook's kernel: in its jail, or (``--no-sandbox``) as the trainer.

    ``tmp_path`` holds ``conn/``, ``root/``, ``home/`` and ``w/<learner>/<assignment>/``
    (``workdir``); returns the pids cgroup to remove once the kernel is shut down.
    """
    client.km = client.create_kernel_manager()
    use_private_sockets(client.km, tmp_path / "conn")
    if not settings.sandbox.enabled:
        client.start_new_kernel(
            env=kernel_env(settings, job.learner, tmp_path / "home"),
            cwd=str(workdir),
            stderr=subprocess.DEVNULL,
        )
        return None
    from kamtrain.grading.bwrap import kernel_argv
    from kamtrain.grading.limits import create_pids_cgroup

    limits = settings.sandbox.limits
    cgroup = create_pids_cgroup(limits.processes)
    spec = client.km.kernel_spec
    spec.argv = kernel_argv(
        workdir=workdir,
        learner=job.learner,
        assignment=job.assignment,
        socket_dir=tmp_path / "conn",
        home=tmp_path / "home",
        env=jail_env(settings, job.learner),
        limits=limits,
        cgroup=cgroup,
    )
    # Signals reach bubblewrap, not the kernel: interrupt through the control channel.
    spec.interrupt_mode = "message"
    client.km.connection_file = str(tmp_path / "conn" / "kernel.json")
    client.start_new_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return cgroup


def execute_job(job, settings: ExecutionSettings) -> ExecutionOutcome:
    """Sanitize and execute one notebook; write it under ``settings.executed_root``."""
    import nbformat
    from nbclient.exceptions import DeadKernelError

    started = time.perf_counter()
    if not job.execute:
        return _not_gradable_outcome(job, settings, started)
    started_at = time.time()
    problems: list[Problem] = []
    nb = nbformat.read(job.staged_path, as_version=4)
    nb = sanitize(
        nb, settings=settings, learner=job.learner, assignment=job.assignment, notebook=job.notebook
    )
    executed: set[int] = set()
    timed_out: list[int] = []
    kernel_seconds = 0.0
    escaped: list[str] = []
    stop_reason = KERNEL_DIED_TRACEBACK
    cgroup = None
    with tempfile.TemporaryDirectory(prefix="kamtrain-run-", dir=settings.scratch) as tmp:
        tmp_path = Path(tmp)
        (tmp_path / "conn").mkdir()
        (tmp_path / "root").mkdir()
        workdir = prepare_workdir(
            tmp_path / "w",
            job.staged_path.parent,
            settings.course_dir / "source" / job.assignment,
            job.learner,
            job.assignment,
        )
        home = tmp_path / "home"
        home.mkdir()
        seed_home(home)
        client = bounded_client_class()(
            nb,
            timeout=settings.timeout,
            interrupt_on_timeout=True,
            allow_errors=True,
            kernel_name=settings.kernel_name,
            shutdown_kernel="immediate",
            record_timing=False,
            error_on_timeout={
                "ename": "CellTimeoutError",
                "evalue": f"plus de {settings.timeout} s",
                "traceback": [f"CellTimeoutError: cellule interrompue après {settings.timeout} s"],
            },
            resources={"metadata": {"path": str(workdir)}},
        )
        client.on_cell_executed = lambda cell, cell_index, execute_reply: executed.add(cell_index)
        deadline = started + settings.notebook_timeout
        try:
            t0 = time.perf_counter()
            # The kernel's own stderr (ZMQ warnings) would clutter the trainer's terminal;
            # learner output to stderr still reaches the notebook through the protocol.
            cgroup = start_kernel(client, settings, job, workdir, tmp_path)
            client.start_new_kernel_client()
            kernel_seconds = time.perf_counter() - t0
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
            if client.km is not None and client.km.has_kernel:
                client.km.shutdown_kernel(now=True)
            from kamtrain.grading.limits import remove_cgroup

            remove_cgroup(cgroup)
        escaped = escaped_writes(tmp_path, workdir, home)
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
        seconds=time.perf_counter() - started,
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

"""Execute one staged notebook in an isolated folder: the work of one grading worker.

The worker applies nbgrader's own sanitizing preprocessors (the ones ``nbgrader
autograde`` applies before executing), then runs the kernel with nbclient in a
temporary folder laid out like nbgrader's (``<tmp>/<learner>/<assignment>/``), never in
the course directory: a relative write such as ``../../gradebook.db`` lands in the
temporary folder. It never writes to the gradebook; it only reads the source cells.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from kamtrain.grading.model import ExecutionOutcome, Problem

#: Stream text kept per cell; the rest is cut (scores depend only on errors, stderr and
#: results, which are kept).
MAX_STREAM_CHARS = 200_000
KERNEL_DIED_TRACEBACK = "Le noyau s'est arrêté avant d'exécuter cette cellule (note 0)."


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


def sanitize(nb, *, settings: ExecutionSettings, learner: str, assignment: str, notebook: str):
    """Apply nbgrader's sanitize preprocessors, as ``nbgrader autograde`` does."""
    from nbgrader.preprocessors import (
        CheckCellMetadata,
        ClearOutput,
        DeduplicateIds,
        OverwriteCells,
        OverwriteKernelspec,
    )

    from kamtrain.grading.record import nbgrader_overrides

    resources = {
        "nbgrader": {
            "notebook": notebook,
            "assignment": assignment,
            "student": learner,
            "db_url": settings.db_url,
            "course_id": settings.course_id,
        }
    }
    config = nbgrader_overrides()
    for cls in (ClearOutput, DeduplicateIds, OverwriteKernelspec, OverwriteCells, CheckCellMetadata):
        nb, resources = cls(config=config).preprocess(nb, resources)
    return nb


def _kernel_env(settings: ExecutionSettings, learner: str, home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTERHUB_", "KAMTRAIN_LEARNER"))}
    env.update(
        NBGRADER_EXECUTION="autograde",
        KAMTRAIN_LEARNER=learner,
        KAMTRAIN_COHORT=settings.cohort_key,
        HOME=str(home),
        MPLBACKEND="Agg",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def _prepare_workdir(root: Path, staged_folder: Path, source_folder: Path, learner: str, assignment: str) -> Path:
    workdir = root / learner / assignment
    shutil.copytree(staged_folder, workdir, ignore=shutil.ignore_patterns("*.ipynb", ".ipynb_checkpoints"))
    # nbgrader recopies the source folder's files over the learner's ones.
    for path in source_folder.rglob("*"):
        if path.is_file() and path.suffix != ".ipynb":
            dest = workdir / path.relative_to(source_folder)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, dest)
    return workdir


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
            if output.get("output_type") == "stream" and len(output.get("text", "")) > MAX_STREAM_CHARS:
                output["text"] = output["text"][:MAX_STREAM_CHARS] + "\n[… sortie tronquée par kamtrain …]\n"
                cut = True
    return cut


def execute_job(job, settings: ExecutionSettings) -> ExecutionOutcome:
    """Sanitize and execute one notebook; write it under ``settings.executed_root``."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError

    started = time.perf_counter()
    problems: list[Problem] = []
    nb = nbformat.read(job.staged_path, as_version=4)
    nb = sanitize(nb, settings=settings, learner=job.learner, assignment=job.assignment, notebook=job.notebook)
    executed: set[int] = set()
    kernel_seconds = 0.0
    with tempfile.TemporaryDirectory(prefix="kamtrain-run-") as tmp:
        tmp_path = Path(tmp)
        workdir = _prepare_workdir(
            tmp_path / "w",
            job.staged_path.parent,
            settings.course_dir / "source" / job.assignment,
            job.learner,
            job.assignment,
        )
        home = tmp_path / "home"
        home.mkdir()
        client = NotebookClient(
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
            client.km = client.create_kernel_manager()
            # The kernel's own stderr (ZMQ warnings) would clutter the trainer's terminal;
            # learner output to stderr still reaches the notebook through the protocol.
            client.start_new_kernel(
                env=_kernel_env(settings, job.learner, home), cwd=str(workdir), stderr=subprocess.DEVNULL
            )
            client.start_new_kernel_client()
            kernel_seconds = time.perf_counter() - t0
            with client.setup_kernel():
                for index, cell in enumerate(nb.cells):
                    if time.perf_counter() > deadline:
                        problems.append(Problem("timeout", f"Durée totale dépassée ({settings.notebook_timeout} s) : exécution arrêtée.", job.notebook))
                        break
                    client.execute_cell(cell, index, store_history=True)
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
            problems.append(Problem("execution_error", f"Exécution impossible : {type(exc).__name__}: {exc}", job.notebook))
        finally:
            if client.km is not None and client.km.has_kernel:
                client.km.shutdown_kernel(now=True)
    if _mark_unexecuted(nb, executed, KERNEL_DIED_TRACEBACK) and not problems:
        problems.append(Problem("execution_error", "Des cellules notées n'ont pas été exécutées (note 0).", job.notebook))
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("ename") == "CellTimeoutError":
                problems.append(Problem("timeout", f"Cellule interrompue après {settings.timeout} s (boucle infinie ?).", job.notebook))
                break
    if _truncate_streams(nb):
        problems.append(Problem("output_truncated", "Sortie très volumineuse tronquée.", job.notebook))
    out = settings.executed_root / job.learner / job.assignment / f"{job.notebook}.ipynb"
    out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out)
    return ExecutionOutcome(
        learner=job.learner,
        assignment=job.assignment,
        notebook=job.notebook,
        executed_path=out,
        seconds=time.perf_counter() - started,
        kernel_seconds=kernel_seconds,
        problems=tuple(problems),
    )

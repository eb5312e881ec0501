"""Run a whole notebook in a fresh bubblewrap jail: for callers other than the cohort
pipeline (the written épreuves' exam papers), with the same jail and limits."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from kamtrain.grading.bwrap import SandboxSettings


def run_in_jail(
    nb,
    *,
    cohort: str,
    learner: str,
    assignment: str,
    files: Path | None = None,
    timeout: int = 60,
    sandbox: SandboxSettings | None = None,
):
    """Execute ``nb`` (in place) as ``learner`` with ``files`` copied beside it.

    Returns ``(nb, kernel_died)``. Errors stay in the cells' outputs; nothing the kernel
    writes outside its own folder survives the run.
    """
    from nbclient.exceptions import DeadKernelError

    from kamtrain.grading.bwrap import ensure_available
    from kamtrain.grading.execute import ExecutionSettings, start_kernel
    from kamtrain.grading.limits import remove_cgroup
    from kamtrain.grading.model import NotebookJob
    from kamtrain.grading.output_bound import bounded_client_class
    from kamtrain.grading.sandbox import seed_home

    sandbox = sandbox or SandboxSettings()
    if sandbox.enabled:
        ensure_available()
    died, cgroup = False, None
    with tempfile.TemporaryDirectory(prefix="kamtrain-run-") as tmp:
        tmp_path = Path(tmp)
        for name in ("conn", "root", "home"):
            (tmp_path / name).mkdir()
        seed_home(tmp_path / "home")
        workdir = tmp_path / "w" / learner / assignment
        if files is not None:
            shutil.copytree(files, workdir)
        else:
            workdir.mkdir(parents=True)
        settings = ExecutionSettings(
            course_dir=tmp_path,
            course_id=assignment,
            db_url="",
            cohort_key=cohort,
            executed_root=tmp_path / "executed",
            timeout=timeout,
            sandbox=sandbox,
        )
        job = NotebookJob(learner, assignment, assignment, workdir / "x.ipynb")
        # Output is bounded per cell, as in the cohort pipeline: a print loop cannot fill
        # the grader's memory.
        client = bounded_client_class()(
            nb,
            timeout=timeout,
            allow_errors=True,
            interrupt_on_timeout=True,
            kernel_name="python3",
            shutdown_kernel="immediate",
            resources={"metadata": {"path": str(workdir)}},
        )
        try:
            cgroup = start_kernel(client, settings, job, workdir, tmp_path)
            client.start_new_kernel_client()
            with client.setup_kernel():
                for index, cell in enumerate(nb.cells):
                    if cell.cell_type == "code":
                        client.execute_cell(cell, index, store_history=True)
        except DeadKernelError:
            died = True
        finally:
            if client.km is not None and client.km.has_kernel:
                client.km.shutdown_kernel(now=True)
            remove_cgroup(cgroup)
    return nb, died

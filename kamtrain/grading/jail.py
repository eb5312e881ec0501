"""Run a whole notebook in a fresh bubblewrap jail: for callers other than the cohort
pipeline (the written épreuves' exam papers), with the same run folder, jail and limits
(:mod:`kamtrain.grading.kernel`)."""

from __future__ import annotations

import shutil
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
    from kamtrain.grading.execute import ExecutionSettings
    from kamtrain.grading.kernel import RunFolder, launch, new_client

    sandbox = sandbox or SandboxSettings()
    if sandbox.enabled:
        ensure_available()

    def fill(workdir: Path) -> None:
        if files is not None:
            shutil.copytree(files, workdir)

    folder = RunFolder.create(learner=learner, assignment=assignment, fill=fill)
    settings = ExecutionSettings(
        course_dir=folder.root,
        course_id=assignment,
        db_url="",
        cohort_key=cohort,
        executed_root=folder.root / "executed",
        timeout=timeout,
        sandbox=sandbox,
    )
    # Output is bounded per cell, as in the cohort pipeline: a print loop cannot fill the
    # grader's memory.
    client = new_client(nb, workdir=folder.workdir, timeout=timeout)
    kernel = launch(client, folder, settings=settings, learner=learner, assignment=assignment)
    died = False
    try:
        kernel.connect()
        with client.setup_kernel():
            for index, cell in enumerate(nb.cells):
                if cell.cell_type == "code":
                    client.execute_cell(cell, index, store_history=True)
    except DeadKernelError:
        died = True
    finally:
        try:
            kernel.stop()
        finally:
            folder.remove()
    return nb, died

"""A cluster worker's side of one notebook: materialise, execute and score, read back.

:func:`run_task` runs on a Dask worker (any machine with kamtrain and bubblewrap). It
lays the task's data out in a private temporary folder (mode 0700) shaped like a tiny
cohort, calls :func:`~kamtrain.grading.execute.execute_job` there exactly as the local
pool does (same jail, same trusted scoring), returns the result as JSON bytes
(:func:`kamtrain.grading.payload.encode_result`) and removes the folder.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import zlib
from pathlib import Path

from kamlearn.errors import GradingError


class WorkerMismatchError(GradingError):
    """A worker runs other versions of the packages grading depends on than the trainer."""


def _write_tree(root: Path, files: dict) -> None:
    from kamtrain.grading.payload import safe_relative

    for name, data in files.items():
        if not isinstance(data, bytes):
            raise GradingError(f"refused file content in a cluster task: {name!r}")
        target = root / safe_relative(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _scratch_root() -> Path:
    """``$TMPDIR/ktd-<uid>`` (0700); folders of workers that no longer run are removed."""
    from kamtrain.lock import pid_alive

    root = Path(tempfile.gettempdir()) / f"ktd-{os.getuid()}"
    root.mkdir(mode=0o700, exist_ok=True)
    if root.is_symlink() or root.stat().st_uid != os.getuid():
        raise GradingError(f"{root} is not a folder of yours: remove it")
    os.chmod(root, 0o700)
    for folder in root.iterdir():
        pid = folder.name.split("-", 1)[0]
        if pid.isdigit() and not pid_alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)  # left by a killed worker
    return root


def worker_environment(sandbox: bool = True) -> dict:
    """What the trainer checks on each worker before sending work: versions, bubblewrap.

    It also imports what a task needs (nbclient, nbformat, nbgrader's preprocessors,
    kamtrain's scoring): a worker pays that once in its life, here, on every worker at
    once, rather than inside its first notebook.
    """
    import nbclient  # noqa: F401
    import nbformat  # noqa: F401

    import kamtrain.grading.execute
    import kamtrain.grading.score  # noqa: F401
    from kamtrain.grading.payload import versions
    from kamtrain.nbgrader_adapter.preprocessors import sanitize_preprocessors

    sanitize_preprocessors()

    found = {"versions": versions(), "host": socket.gethostname(), "sandbox": ""}
    if sandbox:
        from kamtrain.grading.bwrap import ensure_available

        try:
            ensure_available()
        except GradingError as exc:
            found["sandbox"] = str(exc)
    return found


def run_task(bundle: dict, common: dict, task: dict) -> bytes:
    """Grade one notebook on this worker; return the result document (JSON bytes)."""
    from kamtrain.grading.bwrap import Limits, SandboxSettings
    from kamtrain.grading.execute import ExecutionSettings, execute_job
    from kamtrain.grading.model import NotebookJob
    from kamtrain.grading.payload import encode_result, safe_relative, versions

    mine = versions()
    if mine != common["versions"]:
        raise WorkerMismatchError(
            f"worker {socket.gethostname()} runs {mine}, the trainer {common['versions']}: "
            "install the trainer's kamtrain version on every worker"
        )
    learner, assignment, notebook = (
        str(safe_relative(task[k])) for k in ("learner", "assignment", "notebook")
    )
    if (assignment, notebook) != (bundle["assignment"], bundle["notebook"]):
        raise GradingError(f"task of {assignment}/{notebook} sent with another notebook's bundle")
    with tempfile.TemporaryDirectory(prefix=f"{os.getpid()}-", dir=_scratch_root()) as tmp:
        tmp_path = Path(tmp)
        course = tmp_path / "c"
        _write_tree(course / "source" / assignment, bundle["source_files"])
        staged = tmp_path / "s" / learner / assignment
        _write_tree(staged, task["files"])
        staged.mkdir(parents=True, exist_ok=True)
        (staged / f"{notebook}.ipynb").write_bytes(task["notebook_bytes"])
        book = tmp_path / "gradebook.db"
        book.write_bytes(zlib.decompress(bundle["gradebook"]))
        sandbox = common["sandbox"]
        settings = ExecutionSettings(
            course_dir=course,
            course_id=common["course_id"],
            db_url=f"sqlite:///{book}",
            cohort_key=common["cohort_key"],
            executed_root=tmp_path / "x",
            timeout=common["timeout"],
            notebook_timeout=common["notebook_timeout"],
            kernel_name=common["kernel_name"],
            accommodations={learner: tuple(task["accommodations"])},
            sandbox=SandboxSettings(sandbox["enabled"], Limits(**sandbox["limits"])),
            scratch=tmp_path,
        )
        job = NotebookJob(
            learner, assignment, notebook, staged / f"{notebook}.ipynb", execute=task["execute"]
        )
        outcome = execute_job(job, settings)
        return encode_result(
            outcome, key=task["key"], worker={"host": socket.gethostname(), "pid": os.getpid()}
        )

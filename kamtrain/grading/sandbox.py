"""The isolated folder and environment a submission's kernel runs in.

Each notebook runs in ``<tmp>/w/<learner>/<assignment>/``, the layout of nbgrader's
``autograded/`` folder, so a relative write aimed at the course folder lands in the
temporary folder instead; the kernel gets its own HOME and private sockets, and an
environment that does not reveal where the course folder is.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

_HIDDEN_ENV = ("PWD", "OLDPWD", "NBGRADER_DB_URL", "KAMTRAIN_DB_URL")


def kernel_env(settings, learner: str, home: Path) -> dict:
    """The kernel's environment for ``learner`` (``settings``: an ExecutionSettings)."""
    # PWD/OLDPWD would tell the learner's code where the trainer's course folder is.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("JUPYTERHUB_", "KAMTRAIN_LEARNER")) and k not in _HIDDEN_ENV
    }
    env.update(
        NBGRADER_EXECUTION="autograde",
        KAMTRAIN_LEARNER=learner,
        KAMTRAIN_COHORT=settings.cohort_key,
        KAMTRAIN_ACCOMMODATIONS=";".join(settings.accommodations.get(learner, ())),
        HOME=str(home),
        MPLBACKEND="Agg",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def use_private_sockets(km, folder: Path) -> None:
    """Talk to the kernel over Unix sockets in ``folder`` instead of loopback TCP ports.

    Kernels started at the same time by parallel workers pick their TCP ports by binding
    and releasing them, and can race for the same port: a stray message on a kernel's
    control channel is then logged to its stderr, inside whatever cell is running, and
    nbgrader scores that cell 0. Sockets in a private folder cannot collide.
    """
    km.transport = "ipc"
    km.ip = str(folder / "kernel")


def prepare_workdir(
    root: Path, staged_folder: Path, source_folder: Path, learner: str, assignment: str
) -> Path:
    workdir = root / learner / assignment
    shutil.copytree(
        staged_folder, workdir, ignore=shutil.ignore_patterns("*.ipynb", ".ipynb_checkpoints")
    )
    # nbgrader recopies the source folder's files over the learner's ones.
    for path in source_folder.rglob("*"):
        if path.is_file() and path.suffix != ".ipynb":
            dest = workdir / path.relative_to(source_folder)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, dest)
    return workdir


def escaped_writes(tmp_path: Path, workdir: Path, home: Path) -> list[str]:
    """Files the learner's code created in the sandbox but outside its own folder.

    The sandbox mirrors nbgrader's ``autograded/<learner>/<assignment>/`` layout, so a
    relative write aimed at the course folder (``../../../gradebook.db``) lands here.
    """
    found = []
    for path in tmp_path.rglob("*"):
        if not path.is_file() or path.is_relative_to(workdir) or path.is_relative_to(home):
            continue
        found.append(path.relative_to(tmp_path).as_posix())
    return sorted(found)

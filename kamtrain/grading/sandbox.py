"""The folder, environment and sockets of a submission's kernel (jailed or not).

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
    env.update(_ONE_THREAD)
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


#: Environment variables that keep numerical libraries to one thread per kernel: the
#: workers already use every core, and each thread counts against the jail's process cap.
_ONE_THREAD = {
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}


def jail_env(settings, learner: str) -> dict[str, str]:
    """The whole environment of a sandboxed kernel: nothing inherited from the trainer."""
    return {
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), "/usr/bin", "/bin"]),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "NBGRADER_EXECUTION": "autograde",
        "KAMTRAIN_LEARNER": learner,
        "KAMTRAIN_COHORT": settings.cohort_key,
        "KAMTRAIN_ACCOMMODATIONS": ";".join(settings.accommodations.get(learner, ())),
        "MPLBACKEND": "Agg",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONNOUSERSITE": "1",
        **_ONE_THREAD,
    }


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
    from kamtrain.grading.safecopy import copy_regular_tree

    workdir = root / learner / assignment
    # The staged copy already holds regular files only; copy it the same careful way.
    copy_regular_tree(
        staged_folder,
        workdir,
        ignore=lambda name: name.endswith(".ipynb") or name == ".ipynb_checkpoints",
    )
    # nbgrader recopies the source folder's files over the learner's ones.
    for path in source_folder.rglob("*"):
        if path.is_file() and path.suffix != ".ipynb":
            dest = workdir / path.relative_to(source_folder)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, dest)
    return workdir


def seed_home(home: Path) -> None:
    """Give a fresh HOME matplotlib's font cache, so each kernel does not rebuild it (~1 s)."""
    import glob

    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "matplotlib"
    found = glob.glob(str(cache / "fontlist-*.json"))
    if not found:
        # Build it once here, on the trusted side (the grader's own matplotlib).
        import matplotlib.font_manager  # noqa: F401

        found = glob.glob(str(cache / "fontlist-*.json"))
    target = home / ".cache" / "matplotlib"
    target.mkdir(parents=True, exist_ok=True)
    for path in found:
        shutil.copy2(path, target)


def escaped_writes(tmp_path: Path, workdir: Path, home: Path) -> list[str]:
    """Files the learner's code created in the sandbox but outside its own folder.

    The sandbox mirrors nbgrader's ``autograded/<learner>/<assignment>/`` layout, so a
    relative write aimed at the course folder (``../../../gradebook.db``) lands here.
    """
    from kamtrain.grading.bwrap import mount_point_files

    found = []
    own = (workdir, home, tmp_path / "conn")
    mount_points = {f"root/{name}" for name in mount_point_files()}
    for path in tmp_path.rglob("*"):
        if not path.is_file() or any(path.is_relative_to(p) for p in own):
            continue
        rel = path.relative_to(tmp_path).as_posix()
        if rel not in mount_points:
            found.append(rel)
    return sorted(found)

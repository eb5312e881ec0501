"""The grading sandbox: one bubblewrap jail per notebook's kernel.

Each kernel gets its own user, pid, network, IPC and UTS namespaces, a read-only view
of the system and of the Python environment, a private ``/tmp`` and ``HOME``, and one
writable folder: its own staged submission, mounted as
``/autograded/<learner>/<assignment>`` (the parents are a private trap folder, where a
relative write aimed at the cohort lands and is reported). The trainer side (the ``kamtrain`` package),
the workbook's notebooks, the cohort folder, the gradebook, the backups and the other
kernels are simply not there. Every process of the jail dies with it (pid namespace and
``--die-with-parent``). Resource limits are applied by ``prlimit`` and a pids cgroup
(:mod:`kamtrain.grading.limits`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kamlearn.errors import GradingError

INSTALL_HINT = (
    "bubblewrap is required to grade learners' code safely. Install it with "
    "`sudo apt-get install bubblewrap` (Debian/Ubuntu) or your distribution's `bubblewrap` "
    "package, or pass --no-sandbox to grade without isolation (recorded in the report and "
    "on every feedback page)."
)
#: Where the submission's folder appears inside the jail.
INSIDE_ROOT = "/autograded"
INSIDE_HOME = "/home/candidat"
_ETC = (
    "ld.so.cache",
    "ld.so.conf",
    "ld.so.conf.d",
    "fonts",
    "passwd",
    "group",
    "nsswitch.conf",
    "localtime",
    "mime.types",
)


class SandboxUnavailable(GradingError):
    """bubblewrap is missing or cannot create namespaces on this machine."""


@dataclass(frozen=True)
class Limits:
    """Per-notebook resource limits; the trainer changes them with ``kamtrain grade``."""

    #: Address space per process (RLIMIT_AS), in MiB.
    memory_mb: int = 3072
    #: Processes and threads in the jail (cgroup pids.max as root, RLIMIT_NPROC otherwise).
    processes: int = 128
    #: Largest file the kernel may write (RLIMIT_FSIZE), in MiB.
    file_size_mb: int = 64
    #: CPU seconds per process (RLIMIT_CPU).
    cpu_seconds: int = 600
    open_files: int = 512
    #: Size of each RAM-backed folder a kernel can write (``/tmp``, ``/dev/shm``), in MiB:
    #: tmpfs pages count against no process's address space, so without a size a kernel
    #: could park half the machine's RAM there (each tmpfs defaults to 50 % of RAM).
    tmpfs_mb: int = 256


@dataclass(frozen=True)
class SandboxSettings:
    enabled: bool = True
    limits: Limits = field(default_factory=Limits)


def bwrap_executable() -> str:
    path = shutil.which("bwrap")
    if not path:
        raise SandboxUnavailable(f"bwrap not found. {INSTALL_HINT}")
    return path


def ensure_available() -> str:
    """Check that bubblewrap can build a jail here; return its path.

    Also removes the empty jail cgroups that a killed grader left behind.
    """
    from kamtrain.grading.limits import sweep_stale_cgroups

    exe = bwrap_executable()
    sweep_stale_cgroups()
    probe = [exe, "--unshare-all", "--die-with-parent", "--ro-bind", "/", "/", "true"]
    done = subprocess.run(probe, capture_output=True, text=True, timeout=30)
    if done.returncode != 0:
        raise SandboxUnavailable(
            f"bwrap cannot create namespaces here: {done.stderr.strip() or done.returncode}. "
            "On some systems unprivileged user namespaces must be enabled "
            "(sysctl kernel.unprivileged_userns_clone=1). " + INSTALL_HINT
        )
    return exe


def _package_dir(name: str) -> Path | None:
    import importlib.util

    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))).resolve()


def _inside(path: Path, folders) -> bool:
    return any(path == f or path.is_relative_to(f) for f in folders)


def visible_paths() -> tuple[list[Path], list[Path]]:
    """(folders mounted read-only, folders hidden under an empty tmpfs) for every jail."""
    from kamlearn import paths
    from kamtrain.paths import notebooks_dir

    python = [Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve()]
    learner = [p for p in (_package_dir("kamlearn"),) if p]
    mounted = [*python, *learner]
    trainer = [p for p in (_package_dir("kamtrain"),) if p]
    for data in (paths.rubrics_dir(), paths.cases_dir()):
        data = data.resolve()
        if data.is_dir() and not _inside(data, mounted) and not _inside(data, trainer):
            mounted.append(data)
    # The trainer side and the workbook (solutions) must not show through a mounted folder
    # (for instance a non-editable install in site-packages).
    secrets = [*trainer, notebooks_dir().resolve()]
    exposed = [p for p in secrets if p.exists() and _inside(p, mounted)]
    return _outermost(mounted), _outermost(exposed)


def _outermost(folders) -> list[Path]:
    """``folders`` without those inside another one (a folder hidden or mounted once covers
    what it holds: bubblewrap cannot mount inside an empty read-only tmpfs)."""
    unique: list[Path] = []
    for p in sorted(set(folders), key=lambda p: len(p.parts)):
        if not _inside(p, unique):
            unique.append(p)
    return unique


def trap_root(workdir: Path) -> Path:
    """The host folder shown as the jail's ``/`` (beside ``w/<learner>/<assignment>``)."""
    return workdir.parents[2] / "root"


def mount_point_files() -> set[str]:
    """Files bubblewrap creates in the trap root as mount points (not the kernel's writes)."""
    return {f"etc/{name}" for name in _ETC if (Path("/etc") / name).is_file()}


def jail_args(
    *,
    workdir: Path,
    learner: str,
    assignment: str,
    socket_dir: Path,
    home: Path,
    env: dict[str, str],
    tmpfs_mb: int = Limits.tmpfs_mb,
) -> list[str]:
    """bubblewrap's arguments for one kernel (the command to run follows them)."""
    tmpfs_size = str(int(tmpfs_mb) * 1024 * 1024)
    args = [
        # The jail's root is a private trap folder: whatever the kernel writes outside
        # its own folder, /tmp and HOME lands there, and the grader reports it.
        "--bind",
        str(trap_root(workdir)),
        "/",
        "--unshare-user",
        "--unshare-pid",
        "--unshare-net",
        "--unshare-ipc",
        "--unshare-uts",
        "--unshare-cgroup-try",
        "--hostname",
        "kamtrain",
        "--die-with-parent",
        "--new-session",
        "--cap-drop",
        "ALL",
        "--ro-bind",
        "/usr",
        "/usr",
    ]
    for top in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        host = Path("/") / top
        if host.is_symlink():
            args += ["--symlink", os.readlink(host), str(host)]
        elif host.is_dir():
            args += ["--ro-bind", str(host), str(host)]
    for name in _ETC:
        if (Path("/etc") / name).exists():
            args += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
    # Private /tmp and /home first, so a Python environment that lives under one of them
    # (a venv in /tmp, a user's ~/.local) is still mounted, read-only, on top.
    # Both live in RAM: sized (``/home`` only holds the mount point of HOME).
    args += ["--size", tmpfs_size, "--tmpfs", "/tmp", "--size", "1048576", "--tmpfs", "/home"]
    mounted, hidden = visible_paths()
    for folder in mounted:
        args += ["--ro-bind", str(folder), str(folder)]
    for folder in hidden:
        args += ["--tmpfs", str(folder), "--remount-ro", str(folder)]
    inside = f"{INSIDE_ROOT}/{learner}/{assignment}"
    args += [
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        # bubblewrap's /dev is an unsized tmpfs: read-only (device nodes still work),
        # with a sized /dev/shm for the shared memory Python's multiprocessing uses.
        "--remount-ro",
        "/dev",
        "--size",
        tmpfs_size,
        "--tmpfs",
        "/dev/shm",
        "--bind",
        str(home),
        INSIDE_HOME,
        # The submission's folder and its parents: a relative write aimed at the cohort
        # (``../../gradebook.db``) lands here, where the grader sees and reports it.
        "--bind",
        str(workdir.parents[1]),
        INSIDE_ROOT,
        # The kernel's sockets and connection file: its own folder only.
        "--bind",
        str(socket_dir),
        str(socket_dir),
        "--chdir",
        inside,
        "--clearenv",
    ]
    for key, value in sorted(env.items()):
        args += ["--setenv", key, value]
    return args


def kernel_argv(
    *,
    workdir: Path,
    learner: str,
    assignment: str,
    socket_dir: Path,
    home: Path,
    env: dict[str, str],
    limits: Limits,
    cgroup: Path | None,
    cpu_cgroup: Path | None = None,
) -> list[str]:
    """The full kernel command: [sh joining the cgroups →] prlimit → bwrap (jail) → ipykernel.

    ``cgroup``: the jail's pids cgroup; ``cpu_cgroup``: its cpu cgroup (equal CPU shares).
    """
    jail_env = {**env, "HOME": INSIDE_HOME, "TMPDIR": "/tmp", "PWD": ""}
    jail_env.pop("PWD")
    from kamtrain.grading.limits import prlimit_args

    # rlimits by util-linux's prlimit; the process cap by a pids cgroup as root (which
    # RLIMIT_NPROC does not bind), joined by a shell that then becomes prlimit.
    launch = [
        shutil.which("prlimit") or "prlimit",
        *prlimit_args(asdict(limits), nproc=cgroup is None),
        "--",
    ]
    groups = [str(g / "cgroup.procs") for g in (cgroup, cpu_cgroup) if g is not None]
    if groups:
        joins = " && ".join(f'echo $$ > "${i}"' for i in range(1, len(groups) + 1))
        launch = [
            "/bin/sh",
            "-c",
            f'{joins} && shift {len(groups)} && exec "$@"',
            "kamtrain-jail",
            *groups,
            *launch,
        ]
    own_folder = f"{INSIDE_ROOT}/{learner}/{assignment}"
    return [
        *launch,
        bwrap_executable(),
        *jail_args(
            workdir=workdir,
            learner=learner,
            assignment=assignment,
            socket_dir=socket_dir,
            home=home,
            env=jail_env,
            tmpfs_mb=limits.tmpfs_mb,
        ),
        sys.executable,
        # -P: the submission's folder is not first on sys.path while the kernel boots
        # (a learner's ``ipykernel_launcher.py`` or ``zmq.py`` would run instead of the
        # kernel's, at boot: outside the notebook's clock, beside the previous notebook
        # with warm kernels). It is put back once the kernel has booted, before any
        # cell, so a notebook still imports the learner's own modules.
        "-P",
        "-m",
        "ipykernel_launcher",
        f"--IPKernelApp.exec_lines=import sys; sys.path.insert(0, {own_folder!r})",
        "-f",
        "{connection_file}",
    ]

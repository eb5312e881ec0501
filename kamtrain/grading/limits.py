"""Resource limits of a sandboxed kernel: rlimits for every process, a pids cgroup as root.

RLIMIT_NPROC does not bind root (the kernel exempts uid 0), so when the grader runs as
root the number of processes of a jail is capped by a pids cgroup instead; as an
ordinary user RLIMIT_NPROC caps them (counted over the user's processes).
"""

from __future__ import annotations

import contextlib
import os
import uuid
from pathlib import Path

_PIDS_ROOTS = (Path("/sys/fs/cgroup/pids"),)
MIB = 1024 * 1024


def pids_cgroup_root() -> Path | None:
    """A writable cgroup-v1 pids hierarchy, or None."""
    for root in _PIDS_ROOTS:
        if (root / "cgroup.procs").exists() and os.access(root, os.W_OK):
            return root
    return None


#: What the report says when nothing caps a jail's processes.
NO_PROCESS_CAP = "none: root is exempt from RLIMIT_NPROC and no pids cgroup is writable"


def process_cap() -> str:
    """How a jail's number of processes is capped on this machine, for the report.

    As root, RLIMIT_NPROC binds nothing: without a writable pids cgroup the jails run
    uncapped, and the report must say so rather than name a limit that does not apply.
    """
    if pids_cgroup_root() is not None:
        return "cgroup pids.max"
    if os.geteuid() == 0:
        return NO_PROCESS_CAP
    return "RLIMIT_NPROC"


_CPU_ROOTS = (Path("/sys/fs/cgroup/cpu"), Path("/sys/fs/cgroup/cpu,cpuacct"))
#: Every jail's CPU weight (cgroup v1's default): concurrent jails get equal shares.
CPU_SHARES = 1024


def create_cpu_cgroup() -> Path | None:
    """A fresh cgroup of the cpu controller, or None where none can be made.

    The scheduler shares the CPU between processes, so a jail running 100 busy processes
    beside an honest kernel would take 99 % of it, and the honest learner's cells would
    time out. Each jail in its own cpu cgroup, all with the same weight, gets an equal
    share whatever it starts.
    """
    for root in _CPU_ROOTS:
        if (root / "cgroup.procs").exists() and os.access(root, os.W_OK):
            return _new_cgroup(root, "cpu.shares", CPU_SHARES)
    return None


def create_pids_cgroup(max_pids: int) -> Path | None:
    """A fresh cgroup capped at ``max_pids`` processes, or None where none can be made."""
    root = pids_cgroup_root()
    return None if root is None else _new_cgroup(root, "pids.max", max_pids)


def _new_cgroup(root: Path, setting: str, value: int) -> Path | None:
    """``root/kamtrain/<random>`` with ``setting`` written, or None if it cannot be made."""
    path = root / "kamtrain" / uuid.uuid4().hex
    try:
        path.mkdir(parents=True)
        (path / setting).write_text(str(value))
    except OSError:
        remove_cgroup(path)
        return None
    return path


#: An empty jail cgroup older than this was left by a grader that was killed.
STALE_CGROUP_SECONDS = 3600


def sweep_stale_cgroups(*, older_than: float = STALE_CGROUP_SECONDS) -> int:
    """Remove the empty jail cgroups a killed grader left behind; return how many.

    Only ``rmdir`` is used: the kernel refuses it for a cgroup that still holds a process,
    so a running jail (this grader's or another cohort's) is never touched. The age
    threshold spares a cgroup another grader has just made and not yet joined.
    """
    import time

    removed, now = 0, time.time()
    for root in (*_PIDS_ROOTS, *_CPU_ROOTS):
        parent = root / "kamtrain"
        try:
            children = [c for c in parent.iterdir() if c.is_dir()]
        except OSError:
            continue
        for child in children:
            try:
                if now - child.stat().st_mtime < older_than:
                    continue
                child.rmdir()
            except OSError:
                continue  # busy (a live jail) or already gone
            removed += 1
    return removed


def remove_cgroup(path: Path | None) -> None:
    """Kill what is left in ``path`` and remove it (ignores a cgroup already gone)."""
    if path is None or not path.exists():
        return
    import signal

    for _ in range(100):
        try:
            pids = [int(p) for p in (path / "cgroup.procs").read_text().split()]
        except OSError:
            return
        if not pids:
            break
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        import time

        time.sleep(0.01)
    with contextlib.suppress(OSError):
        path.rmdir()


def prlimit_args(limits: dict, *, nproc: bool) -> list[str]:
    """``prlimit`` options for the kernel's rlimits (inherited by everything it starts).

    ``nproc``: also cap processes with RLIMIT_NPROC (when no pids cgroup can be made),
    counted over the user's processes, so the cap is what is running now plus the limit.
    """
    args = [
        f"--as={int(limits['memory_mb']) * MIB}",
        f"--fsize={int(limits['file_size_mb']) * MIB}",
        f"--cpu={int(limits['cpu_seconds'])}",
        f"--nofile={int(limits['open_files'])}",
        "--core=0",
    ]
    if nproc:
        args.append(f"--nproc={_processes_of_user() + int(limits['processes'])}")
    return args


def _processes_of_user() -> int:
    """Threads and processes the current user already runs (RLIMIT_NPROC counts them all)."""
    uid, count = os.getuid(), 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if entry.stat().st_uid == uid:
                count += len(os.listdir(entry / "task"))
        except OSError:
            continue
    return count

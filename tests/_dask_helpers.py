"""A real ``dask scheduler`` and ``dask worker`` processes on 127.0.0.1, for tests and benches.

Every process starts in its own session and is killed (its whole group) on the way out,
even when the test fails. Ports are picked by the scheduler (``--port 0``) and read from
its scheduler file. Nothing runs at import.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

BIN = Path(sys.executable).parent


@dataclass
class LocalCluster:
    address: str
    root: Path
    scheduler: subprocess.Popen
    workers: list[subprocess.Popen] = field(default_factory=list)


def _env() -> dict:
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.pop("KAMTRAIN_HOME", None)  # a remote worker has only the installed package
    env["DASK_DISTRIBUTED__SCHEDULER__WORKER_SATURATION"] = "1.0"
    return env


def _start(args: list[str], log: Path) -> subprocess.Popen:
    out = log.open("wb")
    try:
        return subprocess.Popen(
            [str(BIN / "dask"), *args],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=_env(),
            start_new_session=True,
        )
    finally:
        out.close()


def _kill(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=10)


def start_worker(cluster: LocalCluster, name: str) -> subprocess.Popen:
    proc = _start(
        [
            "worker",
            cluster.address,
            "--host",
            "127.0.0.1",
            "--nworkers",
            "1",
            "--nthreads",
            "1",
            "--no-dashboard",
            "--name",
            name,
            "--local-directory",
            str(cluster.root / name),
        ],
        cluster.root / f"{name}.log",
    )
    cluster.workers.append(proc)
    return proc


@contextlib.contextmanager
def local_cluster(root: Path, *, workers: int = 2, wait: float = 120.0):
    """A scheduler and ``workers`` one-process, one-thread workers; all killed at the end."""
    from distributed import Client

    root.mkdir(parents=True, exist_ok=True)
    file = root / "scheduler.json"
    scheduler = _start(
        [
            "scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--no-dashboard",
            "--scheduler-file",
            str(file),
        ],
        root / "scheduler.log",
    )
    cluster = LocalCluster("", root, scheduler)
    try:
        deadline = time.monotonic() + wait
        while not file.exists():
            if scheduler.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((root / "scheduler.log").read_text(errors="replace")[-2000:])
            time.sleep(0.1)
        time.sleep(0.2)  # the file is written whole, but be safe
        cluster.address = json.loads(file.read_text(encoding="utf-8"))["address"]
        for i in range(workers):
            start_worker(cluster, f"w{i}")
        with Client(cluster.address, timeout=10, set_as_default=False) as client:
            client.wait_for_workers(workers, timeout=wait)
        yield cluster
    finally:
        for proc in [*cluster.workers, scheduler]:
            _kill(proc)


def descendants(pid: int) -> dict[int, str]:
    """pid -> command name of every process below ``pid`` (read from /proc)."""
    parents: dict[int, tuple[int, str]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        ppid = int(text[text.rindex(")") + 2 :].split()[1])
        parents[int(stat.parent.name)] = (ppid, name)
    found: dict[int, str] = {}
    frontier = {pid}
    while frontier:
        frontier = {p for p, (pp, _) in parents.items() if pp in frontier and p not in found}
        found.update({p: parents[p][1] for p in frontier})
    return found

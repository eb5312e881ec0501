"""One notebook's kernel and its private run folder, for the cohort pipeline and exam papers.

A run folder is ``<scratch>/kamtrain-run-XXXX/`` holding ``conn/`` (the kernel's sockets
and connection file), ``root/`` (the jail's ``/``, a trap for writes aimed outside),
``home/`` and ``w/<learner>/<assignment>/`` (the working folder, nbgrader's
``autograded/`` layout). :func:`launch` starts the kernel process without waiting for
it, so a grading worker can start the next notebook's kernel while the current one
runs; :meth:`LiveKernel.connect` waits until it answers; :meth:`LiveKernel.stop` shuts
it down and kills what is left in its pids cgroup; :meth:`RunFolder.remove` removes the
folder once the grader has looked at what the kernel wrote. Every kernel
gets a fresh folder, jail and cgroup: nothing is shared between two notebooks.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class RunFolder:
    root: Path
    workdir: Path

    @property
    def conn(self) -> Path:
        return self.root / "conn"

    @property
    def home(self) -> Path:
        return self.root / "home"

    @classmethod
    def create(
        cls,
        *,
        learner: str,
        assignment: str,
        fill: Callable[[Path], None],
        scratch: Path | None = None,
    ) -> RunFolder:
        """A fresh run folder; ``fill(workdir)`` creates and fills the working folder."""
        from kamtrain.grading.sandbox import seed_home

        root = Path(tempfile.mkdtemp(prefix="kamtrain-run-", dir=scratch))
        try:
            for name in ("conn", "root", "home"):
                (root / name).mkdir()
            seed_home(root / "home")
            workdir = root / "w" / learner / assignment
            fill(workdir)
            workdir.mkdir(parents=True, exist_ok=True)
        except BaseException:
            shutil.rmtree(root, ignore_errors=True)
            raise
        return cls(root, workdir)

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


@dataclass
class LiveKernel:
    """A kernel started in its run folder (and jail); ``error`` if it could not start."""

    folder: RunFolder
    client: object
    cgroup: Path | None = None
    cpu_cgroup: Path | None = None
    launched_at: float = 0.0
    error: Exception | None = None
    stopped: bool = False

    def connect(self) -> float:
        """Wait until the kernel answers; return the seconds waited (0 once warm)."""
        if self.error is not None:
            raise self.error
        t0 = time.perf_counter()
        self.client.start_new_kernel_client()
        return time.perf_counter() - t0

    def stop(self) -> None:
        """Shut the kernel down and kill what is left of its jail. Idempotent."""
        if self.stopped:
            return
        self.stopped = True
        from kamtrain.grading.limits import remove_cgroup

        try:
            km = getattr(self.client, "km", None)
            if km is not None and km.has_kernel:
                if getattr(self.client, "kc", None) is not None:
                    self.client.kc.stop_channels()
                km.shutdown_kernel(now=True)
        finally:
            remove_cgroup(self.cgroup)
            remove_cgroup(self.cpu_cgroup)


def new_client(nb, *, workdir: Path, timeout: int, kernel_name: str = "python3"):
    """An nbclient client with bounded output (a print loop cannot fill the grader's memory)."""
    from kamtrain.grading.output_bound import bounded_client_class

    return bounded_client_class()(
        nb,
        timeout=timeout,
        interrupt_on_timeout=True,
        allow_errors=True,
        kernel_name=kernel_name,
        shutdown_kernel="immediate",
        record_timing=False,
        error_on_timeout={
            "ename": "CellTimeoutError",
            "evalue": f"Cellule interrompue après {timeout} s (boucle infinie ?).",
            "traceback": [
                f"Cellule interrompue après {timeout} s : boucle infinie ou calcul trop long."
            ],
        },
        resources={"metadata": {"path": str(workdir)}},
    )


def launch(client, folder: RunFolder, *, settings, learner: str, assignment: str) -> LiveKernel:
    """Start the kernel process (in its jail unless the sandbox is off); do not wait for it.

    ``settings`` is an ExecutionSettings (sandbox, cohort key, accommodations). Never
    raises: a kernel that cannot start is a LiveKernel with ``error`` set.
    """
    from kamtrain.grading.sandbox import jail_env, kernel_env, use_private_sockets

    live = LiveKernel(folder, client, launched_at=time.perf_counter())
    try:
        client.km = client.create_kernel_manager()
        use_private_sockets(client.km, folder.conn)
        if not settings.sandbox.enabled:
            # The kernel's own stderr (ZMQ warnings) would clutter the trainer's terminal;
            # learner output to stderr still reaches the notebook through the protocol.
            client.start_new_kernel(
                env=kernel_env(settings, learner, folder.home),
                cwd=str(folder.workdir),
                stderr=subprocess.DEVNULL,
            )
            return live
        from kamtrain.grading.bwrap import kernel_argv
        from kamtrain.grading.limits import create_cpu_cgroup, create_pids_cgroup

        limits = settings.sandbox.limits
        live.cgroup = create_pids_cgroup(limits.processes)
        live.cpu_cgroup = create_cpu_cgroup()
        spec = client.km.kernel_spec
        spec.argv = kernel_argv(
            workdir=folder.workdir,
            learner=learner,
            assignment=assignment,
            socket_dir=folder.conn,
            home=folder.home,
            env=jail_env(settings, learner),
            limits=limits,
            cgroup=live.cgroup,
            cpu_cgroup=live.cpu_cgroup,
        )
        # Signals reach bubblewrap, not the kernel: interrupt through the control channel.
        spec.interrupt_mode = "message"
        client.km.connection_file = str(folder.conn / "kernel.json")
        client.start_new_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except Exception as exc:  # noqa: BLE001 - reported when the notebook's turn comes
        live.error = exc
    return live

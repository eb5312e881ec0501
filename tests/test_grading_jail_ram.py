"""The jail's RAM-backed folders are sized: a kernel cannot park the machine's memory there.

``/tmp``, ``/home`` and ``/dev`` of a bubblewrap jail are tmpfs mounts. tmpfs pages count
against no process's address space (``--memory-mb`` does not bind them), and an unsized
tmpfs may grow to half the machine's RAM, each. A learner's cell writing 64 MiB files
(the file-size limit) in a loop could hold gigabytes of RAM there while the next
learner's kernel boots (warm kernels) and the other workers run. These tests build the
very jail a kernel gets (:func:`kamtrain.grading.bwrap.jail_args`), run a shell in it
and try. The last test checks that the report names the process cap that really applies.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

pytestmark = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed")

MIB = 1024 * 1024


def _run_in_jail(tmp_path, script: str, *, tmpfs_mb: int) -> subprocess.CompletedProcess:
    from kamtrain.grading.bwrap import bwrap_executable, jail_args

    run = tmp_path / "run"
    workdir = run / "w" / "alice" / "bloc1"
    for folder in (run / "root", run / "home", run / "conn", workdir):
        folder.mkdir(parents=True)
    args = jail_args(
        workdir=workdir,
        learner="alice",
        assignment="bloc1",
        socket_dir=run / "conn",
        home=run / "home",
        env={"PATH": "/usr/bin:/bin"},
        tmpfs_mb=tmpfs_mb,
    )
    return subprocess.run(
        [bwrap_executable(), *args, "/bin/sh", "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
    )


def _written(done: subprocess.CompletedProcess, name: str) -> int:
    for line in done.stdout.splitlines():
        if line.startswith(name + " "):
            return int(line.split()[1])
    raise AssertionError(f"{name} not measured: {done.stdout!r} {done.stderr!r}")


def test_ram_backed_folders_stop_at_their_size(tmp_path):
    # 8 MiB written in each place against a 2 MiB cap (small: the machine is shared).
    script = "\n".join(
        f"head -c {8 * MIB} /dev/zero > {path}/fill 2>/dev/null; "
        f'echo "{path} $(cat {path}/fill 2>/dev/null | wc -c)"'
        for path in ("/tmp", "/home", "/dev", "/dev/shm")
    )
    done = _run_in_jail(tmp_path, script, tmpfs_mb=2)
    assert done.returncode == 0, done.stderr
    assert _written(done, "/tmp") <= 2 * MIB
    assert _written(done, "/dev/shm") <= 2 * MIB
    assert _written(done, "/home") <= 1 * MIB  # only HOME's mount point lives there
    assert _written(done, "/dev") == 0  # read-only: device nodes only


def test_an_honest_kernel_keeps_tmp_dev_null_and_shared_memory(tmp_path):
    from kamtrain.grading.bwrap import Limits

    script = (
        f"head -c {32 * MIB} /dev/zero > /tmp/chart.bin && echo tmp-ok; "
        "echo x > /dev/null && echo null-ok; "
        "head -c 1024 /dev/urandom > /dev/shm/sem && echo shm-ok; "
        "echo hello > /home/candidat/notes.txt && echo home-ok"
    )
    done = _run_in_jail(tmp_path, script, tmpfs_mb=Limits().tmpfs_mb)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["tmp-ok", "null-ok", "shm-ok", "home-ok"], done.stdout
    assert (tmp_path / "run" / "home" / "notes.txt").exists()  # HOME is the run's own folder


@pytest.mark.parametrize(
    ("cgroup", "uid", "said"),
    [(True, 0, "cgroup pids.max"), (False, 1000, "RLIMIT_NPROC"), (False, 0, "none: root")],
)
def test_the_report_names_the_process_cap_that_really_applies(monkeypatch, cgroup, uid, said):
    # As root RLIMIT_NPROC binds nothing: without a pids cgroup there is no cap, and the
    # report said "RLIMIT_NPROC" all the same.
    from kamtrain.grading import limits
    from kamtrain.grading.bwrap import SandboxSettings
    from kamtrain.grading.pipeline import _sandbox_record

    monkeypatch.setattr(limits, "pids_cgroup_root", lambda: limits.Path("/x") if cgroup else None)
    monkeypatch.setattr(limits.os, "geteuid", lambda: uid)
    assert _sandbox_record(SandboxSettings(), "/usr/bin/bwrap")["process_cap"].startswith(said)

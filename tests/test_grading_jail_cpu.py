"""Concurrent jails share the CPU equally, whatever number of processes each one starts.

Linux shares the CPU between processes: a learner's notebook that starts many busy
processes took nearly all of it from a notebook graded at the same time (another worker,
or the next learner's kernel booting beside it with warm kernels), whose cells then hit
the per-cell timeout and scored 0, with the incident named on the victim. Each jail now
runs in its own cpu cgroup of equal weight. Two real jails (the launch command a kernel
gets, with a shell in place of ipykernel) run side by side for three seconds: one with six
busy processes, one with a single one. Both are started from one non-root cpu cgroup, as
a grader running in a container or a systemd service is: there the kernel's autogroups
(one per session, which would otherwise share the CPU per jail) do not apply.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed"),
]

BUSY = (
    "import time\n"
    "t = time.time()\n"
    "while time.time() - t < 3:\n"
    "    pass\n"
    "print(time.process_time())\n"
)


def _jail(tmp_path, name: str, processes: int, made: list, grader):
    from kamtrain.grading.bwrap import Limits, kernel_argv
    from kamtrain.grading.limits import create_cpu_cgroup, create_pids_cgroup

    run = tmp_path / name
    workdir = run / "w" / name / "bloc1"
    for folder in (run / "root", run / "home", run / "conn", workdir):
        folder.mkdir(parents=True)
    pids, cpu = create_pids_cgroup(Limits().processes), create_cpu_cgroup()
    made += [pids, cpu]
    if cpu is None:
        pytest.skip("no writable cpu cgroup here")
    argv = kernel_argv(
        workdir=workdir,
        learner=name,
        assignment="bloc1",
        socket_dir=run / "conn",
        home=run / "home",
        env={"PATH": "/usr/bin:/bin"},
        limits=Limits(),
        cgroup=pids,
        cpu_cgroup=cpu,
    )
    start = next(i for i, a in enumerate(argv) if a == sys.executable and argv[i + 1] == "-P")
    loops = " & ".join(['python3 -c "$0"'] * processes) + " & wait"
    procs = grader / "cgroup.procs"
    return subprocess.Popen(
        [*argv[:start], "/bin/sh", "-c", loops, BUSY],
        stdout=subprocess.PIPE,
        text=True,
        # The launcher starts in the grader's cgroup, as a containerised grader's would.
        preexec_fn=lambda: procs.write_text(str(os.getpid())),
    )


def test_a_jail_with_many_busy_processes_takes_no_more_cpu_than_a_single_one(tmp_path):
    from kamtrain.grading.limits import create_cpu_cgroup, remove_cgroup

    grader = create_cpu_cgroup()
    if grader is None:
        pytest.skip("no writable cpu cgroup here")
    made: list = [grader]
    try:
        greedy = _jail(tmp_path, "greedy", 6, made, grader)
        honest = _jail(tmp_path, "honest", 1, made, grader)
        greedy_out, _ = greedy.communicate(timeout=60)
        honest_out, _ = honest.communicate(timeout=60)
    finally:
        for group in made:
            remove_cgroup(group)
    greedy_cpu = sum(float(x) for x in greedy_out.split())
    honest_cpu = sum(float(x) for x in honest_out.split())
    assert len(greedy_out.split()) == 6 and len(honest_out.split()) == 1
    # Per process, the honest jail would get about 1/6 of the greedy one's CPU; per jail,
    # as much (on 2 cores, each jail about one core, less what other jobs take).
    assert honest_cpu >= 0.5 * greedy_cpu, (honest_cpu, greedy_cpu)
    assert [g for g in made if g is not None and g.exists()] == []

"""Jail cgroups a killed grader left behind are swept; live and fresh ones never are."""

from __future__ import annotations

import os
import subprocess
import time

import pytest

from kamtrain.grading import limits


@pytest.fixture
def pids_root():
    root = limits.pids_cgroup_root()
    if root is None:
        pytest.skip("no writable pids cgroup here (not root, or cgroup v2 only)")
    return root


def _aged(path, seconds):
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_a_killed_graders_empty_cgroup_is_swept_but_a_live_or_fresh_one_is_not(pids_root):
    stale = limits.create_pids_cgroup(8)
    fresh = limits.create_pids_cgroup(8)
    busy = limits.create_pids_cgroup(8)
    # A jail still running in an old cgroup (a long notebook of another cohort's grader).
    sleeper = subprocess.Popen(["sleep", "60"])
    try:
        (busy / "cgroup.procs").write_text(str(sleeper.pid))
        _aged(stale, 2 * limits.STALE_CGROUP_SECONDS)
        _aged(busy, 2 * limits.STALE_CGROUP_SECONDS)

        limits.sweep_stale_cgroups()

        assert not stale.exists()  # left behind by a killed grader: removed
        assert fresh.exists()  # just made by another grader, not joined yet: kept
        assert busy.exists() and sleeper.poll() is None  # a live jail: untouched, not killed
    finally:
        sleeper.kill()
        sleeper.wait()
        limits.remove_cgroup(busy)
        limits.remove_cgroup(fresh)
        limits.remove_cgroup(stale)

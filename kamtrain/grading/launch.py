"""Start a sandboxed kernel: join its pids cgroup, set its rlimits, then exec bubblewrap.

Run as ``python -m kamtrain.grading.launch '<json>' -- bwrap ...`` by the kernel
manager (see :func:`kamtrain.grading.bwrap.kernel_argv`). It runs on the trusted side,
before the jail exists, and replaces itself with ``bwrap``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def main(argv: list[str]) -> None:
    from kamtrain.grading.limits import apply_rlimits

    settings = json.loads(argv[0])
    command = argv[argv.index("--") + 1 :]
    cgroup = settings.get("cgroup")
    if cgroup:
        (Path(cgroup) / "cgroup.procs").write_text(str(os.getpid()))
    # RLIMIT_NPROC does not bind root; the cgroup does. Without a cgroup, use the rlimit.
    apply_rlimits(settings["limits"], nproc=not cgroup)
    os.execv(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])

"""Grading workers watch their parent: a killed ``kamtrain grade`` leaves no worker behind.

``kill -9`` of the grader gives its worker processes no chance to be told. Each worker
runs :func:`watch_parent` (the pool's initializer calls it) and exits within a second of
its parent's death; its kernels watch their own parent (ipykernel's parent poller) and
follow.
"""

from __future__ import annotations

import os
import threading
import time

#: Seconds between two looks at the parent.
INTERVAL = 0.5


def watch_parent(interval: float = INTERVAL) -> None:
    """Start a daemon thread that ends this process as soon as its parent is gone."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(interval)
            if os.getppid() != parent:
                os._exit(70)  # no cleanup to run: the parent's next run sweeps

    threading.Thread(target=watch, name="kamtrain-parent-watch", daemon=True).start()

"""The grading sandbox's overhead per notebook, measured side by side in one run.

Runs the C6 notebook with its solutions (kernel start, every cell, shutdown) alternately
in a bubblewrap jail and without one (``--no-sandbox``), with the same code path
(:func:`kamtrain.grading.jail.run_in_jail`), and reports the median of each and their
ratio. Interleaving the runs keeps the machine's load the same for both.

Run: ``.venv/bin/python benchmarks/bench_sandbox.py [--repeat N]``
"""

from __future__ import annotations

import argparse
import copy
import statistics
import time


def _notebook():
    import nbformat

    from kamtrain.cohort.parameterize import parameterize
    from kamtrain.paths import notebooks_dir

    nb = nbformat.read(notebooks_dir() / "bloc1" / "c6_satisfaction.ipynb", as_version=4)
    return parameterize(nb, parameters={"COHORT": "bench"})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    from kamtrain.grading.bwrap import SandboxSettings
    from kamtrain.grading.jail import run_in_jail

    nb = _notebook()
    times: dict[str, list[float]] = {"jail": [], "no jail": []}
    for _ in range(args.repeat):
        for label, enabled in (("jail", True), ("no jail", False)):
            started = time.perf_counter()
            _, died = run_in_jail(
                copy.deepcopy(nb),
                cohort="bench",
                learner="bench-01",
                assignment="bloc1",
                sandbox=SandboxSettings(enabled=enabled),
            )
            assert not died, label
            times[label].append(time.perf_counter() - started)
    jail, free = statistics.median(times["jail"]), statistics.median(times["no jail"])
    print(f"C6 notebook, median of {args.repeat} interleaved runs")
    print(f"  in the jail     {jail:6.2f} s")
    print(f"  without a jail  {free:6.2f} s")
    print(
        f"  overhead        {jail - free:+6.2f} s per notebook ({(jail / free - 1) * 100:+.1f} %)"
    )


if __name__ == "__main__":
    main()

"""Start-up cost of kamtrain next to ``python -c pass``, measured side by side.

Reports ratios taken in one run (interleaved repetitions, median), not absolute
timings: ``import kamtrain`` in a learner's kernel and ``kamtrain --help`` must stay
close to a bare interpreter start.

Run: ``.venv/bin/python benchmarks/bench_startup.py [--repeat N]``
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent
CASES = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "import kamtrain": [sys.executable, "-c", "import kamtrain"],
    "learner imports": [
        sys.executable,
        "-c",
        "import kamlearn.cases, kamlearn.handout, kamlearn.selfcheck, kamlearn.workbook",
    ],
    "kamtrain --help": [str(BIN / "kamtrain"), "--help"],
}


def measure(repeat: int) -> dict[str, float]:
    samples: dict[str, list[float]] = {name: [] for name in CASES}
    for _ in range(repeat):
        for name, command in CASES.items():  # interleaved, so machine noise hits all alike
            start = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    medians = measure(args.repeat)
    base = medians["python -c pass"]
    print(f"{'command':<18} {'median':>9} {'ratio':>7}")
    for name, value in medians.items():
        print(f"{name:<18} {value * 1000:8.1f}ms {value / base:6.2f}x")


if __name__ == "__main__":
    main()

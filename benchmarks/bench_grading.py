"""Benchmark: plain ``nbgrader autograde`` against ``kamtrain grade --workers 2``.

Builds one cohort of 40 simulated learners (correct, partial, empty and exception
profiles, in a fixed order) on the C6 notebook, clones it, grades one copy with plain
nbgrader and the other with kamtrain, checks that every cell's score is identical,
and prints wall times, the ratio, seconds per notebook and where kamtrain's time goes.

Usage: ``python benchmarks/bench_grading.py [--learners 40] [--workers 2] [--write]``
(``--write`` records the figures in benchmarks/RESULTS.md).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PROFILES = ("correct", "partial", "empty", "exception")
ASSIGNMENT = "bloc1"
NOTEBOOK = "c6_satisfaction"
TARGET = 1.7


def tiny_home(root: Path) -> Path:
    home = root / "home"
    (home / "notebooks" / ASSIGNMENT).mkdir(parents=True)
    shutil.copy2(
        REPO / "notebooks" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", home / "notebooks" / ASSIGNMENT
    )
    for name in ("rubrics", "cases"):
        (home / name).symlink_to(REPO / name)
    return home


def build(root: Path, home: Path, count: int) -> Path:
    from kamtrain.cohort.create import create_cohort
    from kamtrain.cohort.generate import generate_cohort
    from kamtrain.cohort.learners import Learner, write_learners
    from kamtrain.demo.simulate import make_submission

    learners = [
        Learner(f"a{i:03d}", "Camille", f"Banc{i}", f"a{i}@example.org") for i in range(count)
    ]
    write_learners(root / "learners.csv", learners)
    course = root / "plain"
    os.environ["KAMTRAIN_HOME"] = str(home)
    create_cohort(
        course_dir=course,
        name="banc",
        learners_csv=root / "learners.csv",
        assignments=(ASSIGNMENT,),
    )
    generate_cohort(course_dir=course)
    for i, learner in enumerate(learners):
        profile = PROFILES[i % len(PROFILES)]
        make_submission(
            course_dir=course, learner=learner.id, assignment=ASSIGNMENT, profile=profile, seed=i
        )
    return course


def clone(src: Path, dst: Path) -> Path:
    """Copy a SQLite cohort; its settings name absolute paths, so rewrite them."""
    shutil.copytree(src, dst, symlinks=True)
    for name in ("kamtrain-cohort.yml", "nbgrader_config.py"):
        path = dst / name
        path.write_text(path.read_text(encoding="utf-8").replace(str(src), str(dst)), "utf-8")
    return dst


def cell_scores(course: Path) -> dict[tuple[str, str], float]:
    from nbgrader.api import Gradebook

    from kamtrain.cohort.config import read_config

    config = read_config(course)
    out = {}
    with Gradebook(config.db_url, course_id=config.name) as gb:
        for sub in gb.assignment_submissions(ASSIGNMENT):
            for nb in sub.notebooks:
                for grade in nb.grades:
                    out[(sub.student.id, grade.name)] = grade.score
    return out


#: Runs a console script in this interpreter, then writes its peak memory (MB) to a file:
#: ``self`` is the command's own process (the grader), ``children`` the largest process it
#: waited for, with that process's own descendants (a worker or a kernel).
MEASURE = r"""
import json, resource, runpy, sys
out, script = sys.argv[1], sys.argv[2]
sys.argv = sys.argv[2:]
code = 0
try:
    runpy.run_path(script, run_name="__main__")
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
mb = lambda who: resource.getrusage(who).ru_maxrss / 1024
with open(out, "w") as fh:
    json.dump({"self": mb(resource.RUSAGE_SELF), "children": mb(resource.RUSAGE_CHILDREN)}, fh)
sys.exit(code)
"""


def timed(cmd: list[str], cwd: Path, env: dict, memory: dict | None = None) -> float:
    """Run ``cmd`` (a console script and its arguments); fill ``memory`` with its peaks."""
    out = Path(tempfile.mkstemp(prefix="kamtrain-bench-mem-")[1])
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(out), *cmd],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if done.returncode:
        sys.exit(f"{' '.join(cmd)} failed:\n{done.stderr[-3000:]}")
    if memory is not None:
        memory.update(json.loads(out.read_text(encoding="utf-8")))
    out.unlink(missing_ok=True)
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--write", action="store_true", help="record the figures in benchmarks/RESULTS.md"
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="kamtrain-bench-") as tmp:
        root = Path(tmp)
        home = tiny_home(root)
        t0 = time.perf_counter()
        plain = build(root, home, args.learners)
        fast = clone(plain, root / "kamtrain")
        print(f"Cohort of {args.learners} submissions built in {time.perf_counter() - t0:.1f} s")
        env = dict(
            os.environ,
            KAMTRAIN_HOME=str(home),
            PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        )

        nbgrader_mem: dict = {}
        kamtrain_mem: dict = {}
        nbgrader_s = timed(
            [str(BIN / "nbgrader"), "autograde", ASSIGNMENT, "--force"], plain, env, nbgrader_mem
        )
        kamtrain_s = timed(
            [str(BIN / "kamtrain"), "grade", ".", "--workers", str(args.workers), "--no-progress"],
            fast,
            env,
            kamtrain_mem,
        )
        report = json.loads((fast / "reports" / "grading-latest.json").read_text(encoding="utf-8"))
        a, b = cell_scores(plain), cell_scores(fast)
        identical = a == b and len(a) > 0
        differences = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))

    t = report["timings"]
    n = args.learners
    kernel = t["kernel_start_seconds"]
    code = t["notebook_seconds"] - kernel
    ratio = nbgrader_s / kamtrain_s
    lines = [
        f"Machine: {os.cpu_count()} core(s), Python {platform.python_version()}, {platform.system()}",
        f"Submissions: {n} (C6 notebook; profiles {', '.join(PROFILES)} in turn)",
        f"nbgrader autograde (sequential): {nbgrader_s:.1f} s ({nbgrader_s / n:.2f} s per notebook)",
        f"kamtrain grade --workers {args.workers}: {kamtrain_s:.1f} s ({kamtrain_s / n:.2f} s per notebook)",
        f"Speed-up: {ratio:.2f}x (target {TARGET}x) — {'met' if ratio >= TARGET else 'NOT met'}",
        f"Scores identical cell by cell: {'yes' if identical else 'NO'} ({len(a)} cell scores compared)",
        f"kamtrain time split (summed over workers): kernel start {kernel:.1f} s "
        f"({kernel / n:.2f} s/notebook), learner code and checks {code:.1f} s ({code / n:.2f} s/notebook); "
        f"execute step {t['execute_seconds']:.1f} s wall, record step (serial nbgrader) {t['record_seconds']:.1f} s",
        f"Peak memory (RSS): kamtrain grader {kamtrain_mem['self']:.0f} MB, largest worker or "
        f"kernel {kamtrain_mem['children']:.0f} MB; nbgrader autograde {nbgrader_mem['self']:.0f} MB, "
        f"its largest kernel {nbgrader_mem['children']:.0f} MB",
    ]
    if differences:
        lines.append(f"First differences: {differences[:5]}")
    print("\n".join(lines))
    if args.write:
        write_results(lines)
    return 0 if identical else 1


def write_results(lines: list[str]) -> None:
    path = REPO / "benchmarks" / "RESULTS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    marker = "<!-- bench_grading -->"
    block = (
        f"{marker}\n## Grading ({time.strftime('%Y-%m-%d')}, `python benchmarks/bench_grading.py`)\n\n"
        + "\n".join(f"- {line}" for line in lines)
        + f"\n{marker}"
    )
    if marker in text:
        head, _, rest = text.partition(marker)
        _, _, tail = rest.partition(marker)
        text = head + block + tail
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: grading one cohort's bloc1 submissions, every route side by side in one run.

Builds one cohort of ``--learners`` learners (default 16: 16 × 7 bloc1 notebooks = 112
notebooks), each with the solutions except every 8th (blank answers), clones it once per
route, and grades each clone:

- plain ``nbgrader autograde`` (sequential), the reference;
- ``kamtrain grade --workers N`` with the sandbox and warm kernels (the default);
- the same with warm kernels off (``KAMTRAIN_WARM_KERNELS=0``);
- the same with ``--no-sandbox`` (the sandbox's overhead);
- ``kamtrain grade --scheduler ADDRESS`` on a Dask cluster: ``--scheduler`` names a
  running one, otherwise a local one of ``--dask-workers`` (default 2) one-thread workers
  is started for the row (skipped, with a note, when ``distributed`` is not installed);

then measures the floor: one bare kernel start plus executing the same notebooks' cells
in one already-warm kernel. Every kamtrain score is checked (solutions: full marks,
blanks: 0) and the kamtrain routes must agree cell by cell. Plain nbgrader scores every
hand-out test cell 0 by design (they fail closed outside ``kamtrain grade``): the bench
checks that it agrees with kamtrain on every other cell and gives exactly those 0.

Usage: ``python benchmarks/bench_grading.py [--learners 16] [--workers 2] [--no-write]``
(the figures go to benchmarks/RESULTS.md between markers unless ``--no-write``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ASSIGNMENT = "bloc1"
#: Every BLANK_EVERY-th learner hands in the release version (blank answers): scores 0.
BLANK_EVERY = 8
TARGET = 2.5


@dataclass(frozen=True)
class Route:
    """One way of grading the cohort: a ``kamtrain`` command line and its environment."""

    key: str
    label: str
    args: tuple[str, ...]
    env: dict = field(default_factory=dict)


def routes(args) -> list[Route]:
    """The kamtrain routes to time. A new route (e.g. another scheduler) is one more entry."""
    common = ("grade", ".", "--no-progress")
    workers = ("--workers", str(args.workers))
    found = [
        Route(
            "warm",
            f"kamtrain grade --workers {args.workers} (sandbox, warm kernels, recording after "
            "execution)",
            common + workers,
            {"KAMTRAIN_OVERLAP_RECORDING": "0"},
        ),
        Route(
            "overlap",
            f"kamtrain grade --workers {args.workers} (sandbox, warm, recording overlaps "
            "execution: the default)",
            common + workers,
            {"KAMTRAIN_OVERLAP_RECORDING": "1"},
        ),
        Route(
            "cold",
            f"kamtrain grade --workers {args.workers} (sandbox, warm kernels off)",
            common + workers,
            {"KAMTRAIN_WARM_KERNELS": "0", "KAMTRAIN_OVERLAP_RECORDING": "0"},
        ),
        Route(
            "nosandbox",
            f"kamtrain grade --workers {args.workers} --no-sandbox (warm kernels)",
            common + workers + ("--no-sandbox",),
            {"KAMTRAIN_OVERLAP_RECORDING": "0"},
        ),
    ]
    if args.scheduler or args.dask_workers:
        where = args.scheduler or f"{args.dask_workers} local Dask workers"
        found.append(
            Route(
                "dask",
                f"kamtrain grade --scheduler ({where}; sandbox, no warm kernels)",
                common + ("--scheduler", args.scheduler or "{scheduler}"),
                {"KAMTRAIN_OVERLAP_RECORDING": "0"},
            )
        )
    return [r for r in found if r.key not in args.skip]


@contextlib.contextmanager
def dask_cluster(args, root: Path):
    """The address to grade through: ``--scheduler``, or a local cluster started here
    (``--dask-workers`` one-thread workers on 127.0.0.1, killed at the end), or None."""
    if args.scheduler or not args.dask_workers or "dask" in args.skip:
        yield args.scheduler
        return
    try:
        import distributed  # noqa: F401
    except ImportError:
        print("No Dask row: install kamtrain[dask] (distributed) for it.", flush=True)
        yield None
        return
    sys.path.insert(0, str(REPO / "tests"))
    from _dask_helpers import local_cluster

    with local_cluster(root / "dask", workers=args.dask_workers) as cluster:
        yield cluster.address


def tiny_home(root: Path) -> Path:
    """A KAMTRAIN_HOME with bloc1's notebooks only (what the cohort is generated from)."""
    home = root / "home"
    (home / "notebooks").mkdir(parents=True)
    shutil.copytree(REPO / "notebooks" / ASSIGNMENT, home / "notebooks" / ASSIGNMENT)
    for name in ("rubrics", "cases"):
        (home / name).symlink_to(REPO / name)
    return home


def profile(index: int) -> str:
    return "empty" if index % BLANK_EVERY == BLANK_EVERY - 1 else "correct"


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
        make_submission(
            course_dir=course, learner=learner.id, assignment=ASSIGNMENT, profile=profile(i), seed=i
        )
    return course


def clone(src: Path, dst: Path) -> Path:
    """Copy a SQLite cohort; its settings name absolute paths, so rewrite them."""
    shutil.copytree(src, dst, symlinks=True)
    for name in ("kamtrain-cohort.yml", "nbgrader_config.py"):
        path = dst / name
        path.write_text(path.read_text(encoding="utf-8").replace(str(src), str(dst)), "utf-8")
    return dst


def cell_scores(course: Path) -> dict[tuple[str, str, str], float]:
    """(learner, notebook, grade id) -> recorded score."""
    from nbgrader.api import Gradebook

    from kamtrain.cohort.config import read_config

    config = read_config(course)
    out = {}
    with Gradebook(config.db_url, course_id=config.name) as gb:
        for sub in gb.assignment_submissions(ASSIGNMENT):
            for nb in sub.notebooks:
                for grade in nb.grades:
                    out[(sub.student.id, nb.name, grade.name)] = grade.score
    return out


def handout_cells(course: Path) -> dict[tuple[str, str], float]:
    """(notebook, grade id) -> points of the test cells that hand answers out to kamtrain."""
    import nbformat

    found = {}
    for path in sorted((course / "source" / ASSIGNMENT).glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade") and "hand_out(" in cell.source:
                found[(path.stem, meta["grade_id"])] = float(meta.get("points", 0))
    return found


def wrong_scores(cells: dict, handouts: dict, count: int) -> list[str]:
    """Autograded cells not scored right: solutions full marks, blanks 0 (or not recorded)."""
    wrong = []
    for i in range(count):
        learner = f"a{i:03d}"
        for (notebook, grade_id), points in sorted(handouts.items()):
            want = 0.0 if profile(i) == "empty" else points
            got = cells.get((learner, notebook, grade_id))
            if got is None or abs(float(got) - want) > 1e-6:
                wrong.append(f"{learner} ({profile(i)}) {notebook}/{grade_id}: {got} for {want:g}")
    return wrong


#: Runs a console script in this interpreter, then writes its peak memory (MB) to a file:
#: ``self`` is the command's own process (the grader), ``children`` the largest process it
#: waited for, with that process's own descendants (a worker or a kernel); ``cpu`` the CPU
#: seconds (user + system) of the process tree, a measure of work that load barely changes.
#: A jailed kernel is not waited for by its worker (bubblewrap is killed, the jail's
#: processes die with it and are reaped elsewhere): its CPU is not in the figure.
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
cpu = lambda who: resource.getrusage(who).ru_utime + resource.getrusage(who).ru_stime
with open(out, "w") as fh:
    json.dump({"self": mb(resource.RUSAGE_SELF), "children": mb(resource.RUSAGE_CHILDREN),
               "cpu": cpu(resource.RUSAGE_SELF) + cpu(resource.RUSAGE_CHILDREN)}, fh)
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
        sys.exit(f"{' '.join(cmd)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    if memory is not None:
        memory.update(json.loads(out.read_text(encoding="utf-8")))
    out.unlink(missing_ok=True)
    return seconds


def floor(course: Path, count: int) -> tuple[float, float]:
    """(one bare kernel start, executing every notebook's code cells in one warm kernel), s.

    The kernel is plain ipykernel (no jail, no output kept); each notebook runs in its own
    learner's folder with that learner's id, like the graded runs.
    """
    import nbformat
    from jupyter_client.manager import start_new_kernel

    env = dict(os.environ, NBGRADER_EXECUTION="autograde", KAMTRAIN_COHORT="bench")
    starts = []
    for _ in range(3):
        t0 = time.perf_counter()
        km, kc = start_new_kernel(kernel_name="python3", env=env)
        starts.append(time.perf_counter() - t0)
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    km, kc = start_new_kernel(kernel_name="python3", env=env)
    cells = 0.0
    try:
        kc.execute_interactive("import os", timeout=60, output_hook=lambda msg: None)
        for i in range(count):
            folder = course / "submitted" / f"a{i:03d}" / ASSIGNMENT
            setup = f"os.environ['KAMTRAIN_LEARNER'] = {folder.parent.name!r}; os.chdir({str(folder)!r})"
            kc.execute_interactive(setup, timeout=60, output_hook=lambda msg: None)
            for path in sorted(folder.glob("*.ipynb")):
                nb = nbformat.read(path, as_version=4)
                t0 = time.perf_counter()
                for cell in nb.cells:
                    if cell.cell_type == "code" and cell.source.strip():
                        kc.execute_interactive(
                            cell.source, timeout=120, output_hook=lambda msg: None
                        )
                cells += time.perf_counter() - t0
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return statistics.median(starts), cells


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--scheduler", help="grade the Dask row through this running scheduler (tcp://HOST:PORT)"
    )
    parser.add_argument(
        "--dask-workers",
        type=int,
        default=2,
        help="without --scheduler: start a local Dask cluster of this many workers for the "
        "Dask row (0: no Dask row)",
    )
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=["nbgrader", "warm", "overlap", "cold", "nosandbox", "dask", "floor"],
        help="leave a row out (repeatable), for a quicker look",
    )
    parser.add_argument(
        "--no-write", action="store_true", help="do not record the figures in benchmarks/RESULTS.md"
    )
    args = parser.parse_args(argv)
    n_learners = args.learners

    with tempfile.TemporaryDirectory(prefix="kamtrain-bench-") as tmp:
        root = Path(tmp)
        home = tiny_home(root)
        t0 = time.perf_counter()
        plain = build(root, home, n_learners)
        notebooks = len(list((plain / "source" / ASSIGNMENT).glob("*.ipynb"))) * n_learners
        todo = routes(args)
        copies = {r.key: clone(plain, root / r.key) for r in todo}
        print(
            f"Cohort of {n_learners} learners ({notebooks} notebooks) built in "
            f"{time.perf_counter() - t0:.1f} s",
            flush=True,
        )
        env = dict(
            os.environ,
            KAMTRAIN_HOME=str(home),
            PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        )
        env.pop("KAMTRAIN_WARM_KERNELS", None)
        env.pop("KAMTRAIN_OVERLAP_RECORDING", None)
        results: dict[str, dict] = {}
        if "nbgrader" not in args.skip:
            mem: dict = {}
            before = load()
            seconds = timed(
                [str(BIN / "nbgrader"), "autograde", ASSIGNMENT, "--force"], plain, env, mem
            )
            results["nbgrader"] = {"seconds": seconds, "memory": mem, "load": before}
            print(f"nbgrader autograde: {seconds:.1f} s (load {before})", flush=True)
        for route in todo:
            mem = {}
            with dask_cluster(args, root) if route.key == "dask" else nullcontext() as address:
                if route.key == "dask" and address is None:
                    continue
                cmd = [a.replace("{scheduler}", address or "") for a in route.args]
                before = load()
                seconds = timed(
                    [str(BIN / "kamtrain"), *cmd], copies[route.key], {**env, **route.env}, mem
                )
            course = copies[route.key]
            report = json.loads((course / "reports" / "grading-latest.json").read_text("utf-8"))
            results[route.key] = {
                "seconds": seconds,
                "memory": mem,
                "load": before,
                "timings": report["timings"],
                "cells": cell_scores(course),
            }
            print(f"{route.label}: {seconds:.1f} s (load {before})", flush=True)
        if "floor" not in args.skip:
            before = load()
            start, cells = floor(plain, n_learners)
            results["floor"] = {"start": start, "cells": cells, "load": before}
        handouts = handout_cells(plain)
        todo = [r for r in todo if r.key in results]
        for route in todo:
            r = results[route.key]
            r["wrong"] = wrong_scores(r["cells"], handouts, n_learners)
        nbgrader_cells = cell_scores(plain) if "nbgrader" in results else {}

    lines, ok = report_lines(args, todo, results, notebooks, nbgrader_cells, handouts)
    print("\n".join(lines))
    if not args.no_write:
        write_results(lines)
    return 0 if ok else 1


def report_lines(args, todo, results, notebooks, nbgrader_cells, handouts):
    n = notebooks
    ok = True
    lines = [
        f"Machine: {os.cpu_count()} core(s), Python {platform.python_version()}, {platform.system()}",
        f"Cohort: {args.learners} learners × bloc1 = {n} notebooks (solutions; every "
        f"{BLANK_EVERY}th learner blank)",
    ]
    ref = results.get("nbgrader")
    if ref:
        lines.append(
            f"plain nbgrader autograde (sequential): {ref['seconds']:.1f} s, "
            f"{ref['seconds'] / n:.2f} s per notebook, CPU {ref['memory']['cpu'] / n:.2f} s "
            f"per notebook (load {ref['load']})"
        )
    first_cells = None
    same_routes = True
    for route in todo:
        r = results[route.key]
        t = r["timings"]
        line = (
            f"{route.label}: {r['seconds']:.1f} s, {r['seconds'] / n:.2f} s per notebook"
            + (f", **{ref['seconds'] / r['seconds']:.2f}×** nbgrader" if ref else "")
            + (
                "; CPU not measured (the Dask workers are not the grader's children)"
                if route.key == "dask"
                else f"; CPU {r['memory']['cpu'] / n:.2f} s per notebook"
                + (
                    f" ({r['memory']['cpu'] / ref['memory']['cpu']:.2f}× nbgrader's)"
                    if ref and route.key == "nosandbox"
                    else " outside the jails"
                    if route.key != "nosandbox"
                    else ""
                )
            )
            + f" (load {r['load']}); waiting for kernels {t['kernel_start_seconds'] / n:.2f} s "
            f"per notebook, execute step {t['execute_seconds']:.1f} s wall, "
            f"record step {t['record_seconds']:.1f} s"
            + (
                f" ({t['record_tail_seconds']:.1f} s after execution)"
                if "record_tail_seconds" in t
                else ""
            )
        )
        lines.append(line)
        if r["wrong"]:
            ok = False
            lines.append(f"  WRONG SCORES ({route.key}): {r['wrong'][:5]}")
        if first_cells is None:
            first_cells = r["cells"]
        elif r["cells"] != first_cells:
            ok = same_routes = False
            lines.append(f"  {route.key}: cell scores differ from the first kamtrain route")
    # The goal is judged on what `kamtrain grade` does by default: sandbox, warm kernels,
    # recording overlapping execution.
    default = "overlap" if "overlap" in results else "warm"
    if ref and default in results:
        ratio = ref["seconds"] / results[default]["seconds"]
        met = ratio >= TARGET
        lines.append(
            f"Speed-up, `kamtrain grade` as it runs by default ({default} row) vs plain "
            f"nbgrader: {ratio:.2f}× (goal {TARGET}×) — {'met' if met else 'NOT met'}"
        )
    if "warm" in results and "nosandbox" in results:
        cost = (results["warm"]["seconds"] - results["nosandbox"]["seconds"]) / n
        lines.append(
            f"Sandbox overhead (warm, sandbox vs --no-sandbox): {cost:+.2f} s per notebook"
        )
    if "floor" in results:
        f = results["floor"]
        per = f["start"] + f["cells"] / n
        lines.append(
            f"Floor: bare kernel start {f['start']:.2f} s + the cells in one warm kernel "
            f"{f['cells'] / n:.2f} s = {per:.2f} s per notebook on one core, "
            f"{per / args.workers:.2f} s per notebook over {args.workers} cores (load {f['load']})"
        )
    if first_cells is not None:
        wrong = sum(len(results[r.key]["wrong"]) for r in todo)
        lines.append(
            f"kamtrain scores right (solutions full marks, blanks 0): "
            f"{'yes' if not wrong else 'NO'} ({len(handouts) * args.learners} autograded cells); "
            f"routes identical cell by cell over {len(first_cells)} cells: "
            f"{'yes' if same_routes else 'NO'}"
        )
    if first_cells is not None and nbgrader_cells:
        same = [k for k in first_cells if nbgrader_cells.get(k) == first_cells[k]]
        other = [k for k in first_cells if k not in same]
        closed = all(k[1:] in handouts and not nbgrader_cells.get(k) for k in other)
        ok = ok and closed and set(nbgrader_cells) == set(first_cells)
        lines.append(
            f"plain nbgrader agrees on {len(same)} of {len(first_cells)} cell scores; the other "
            f"{len(other)} are hand-out test cells it scores 0 by design (fail closed): "
            f"{'yes' if closed else 'NO'}"
        )
    mem = [(k, results[k]["memory"]) for k in ("warm", "nbgrader") if k in results]
    if mem:
        lines.append(
            "Peak memory (RSS): "
            + "; ".join(
                f"{'kamtrain grader' if k == 'warm' else 'nbgrader autograde'} {m['self']:.0f} MB, "
                f"its largest {'worker or kernel' if k == 'warm' else 'kernel'} {m['children']:.0f} MB"
                for k, m in mem
            )
        )
    return lines, ok


def write_results(lines: list[str]) -> None:
    path = REPO / "benchmarks" / "RESULTS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    marker = "<!-- bench_grading -->"
    block = (
        f"{marker}\n## Grading ({time.strftime('%Y-%m-%d %H:%M')}, "
        f"`python benchmarks/bench_grading.py`)\n\n"
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

"""``kamtrain grade`` and ``kamtrain backups``."""

from __future__ import annotations

import sys
from pathlib import Path

from kamtrain.cli import add_wait_option


def register(sub) -> None:
    from kamtrain.similarity.model import DEFAULT_THRESHOLD

    parser = sub.add_parser("grade", help="autograde submissions in parallel, safely")
    parser.add_argument("dir", type=Path, help="the cohort folder")
    parser.add_argument("--assignment", help="only this assignment")
    parser.add_argument("--learner", help="only this learner")
    parser.add_argument(
        "--workers", type=int, default=None, help="worker processes (default: one per core)"
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="execute on the workers of a running Dask cluster (tcp://HOST:PORT; needs "
        "kamtrain[dask]); recording stays on this machine",
    )
    parser.add_argument(
        "--timeout", type=int, default=30, help="seconds allowed per cell (default: 30)"
    )
    parser.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    add_wait_option(parser)
    parser.add_argument(
        "--no-sandbox",
        action="store_true",
        help="run learners' code without the bubblewrap jail (recorded in the report and "
        "on every feedback page); never for a certification",
    )
    parser.add_argument(
        "--similarity-threshold",
        type=float,
        default=DEFAULT_THRESHOLD,
        metavar="SHARE",
        help="flag pairs of submissions with at least this share of their answers in common "
        f"(copy detection, 0-1; default {DEFAULT_THRESHOLD}; 0 turns it off)",
    )
    limits = parser.add_argument_group("sandbox limits, per notebook")
    limits.add_argument("--memory-mb", type=int, default=None, help="address space per process")
    limits.add_argument("--max-processes", type=int, default=None, help="processes and threads")
    limits.add_argument("--file-size-mb", type=int, default=None, help="largest file written")
    limits.add_argument("--cpu-seconds", type=int, default=None, help="CPU time per process")
    parser.set_defaults(func=_grade)

    backups = sub.add_parser("backups", help="list gradebook backups, or restore one")
    backups.add_argument("dir", type=Path, help="the cohort folder")
    backups.add_argument(
        "--restore",
        metavar="NAME",
        help="restore this backup (checked first; the current gradebook is backed up first)",
    )
    backups.add_argument(
        "--dry-run", action="store_true", help="with --restore: only say what it would remove"
    )
    backups.add_argument(
        "--force",
        action="store_true",
        help="with --restore: restore even though jury records made since would be dropped",
    )
    add_wait_option(backups)
    backups.set_defaults(func=_backups)


def _grade(args) -> int:
    from dataclasses import replace

    from kamtrain.grading.bwrap import Limits, SandboxSettings
    from kamtrain.grading.pipeline import grade_cohort
    from kamtrain.grading.render import summary_text

    chosen = {
        "memory_mb": args.memory_mb,
        "processes": args.max_processes,
        "file_size_mb": args.file_size_mb,
        "cpu_seconds": args.cpu_seconds,
    }
    limits = replace(Limits(), **{k: v for k, v in chosen.items() if v is not None})
    summary = grade_cohort(
        sandbox=SandboxSettings(enabled=not args.no_sandbox, limits=limits),
        course_dir=args.dir,
        assignment=args.assignment,
        learner=args.learner,
        workers=args.workers,
        timeout=args.timeout,
        progress=not args.no_progress,
        similarity_threshold=args.similarity_threshold or None,
        scheduler=args.scheduler,
    )
    print(summary_text(summary))
    disk_full = any(p.kind == "disk_full" for p in summary.incidents)
    if summary.failed or disk_full:
        print(
            f"{len(summary.failed)} submission(s) failed"
            f"{'; the disk is full' if disk_full else ''}: exit status 1.",
            file=sys.stderr,
        )
        return 1
    return 0


def _backups(args) -> None:
    from kamtrain.backups import list_backups, plan_restore, restore_gradebook
    from kamtrain.cohort.config import read_config

    config = read_config(args.dir)
    if args.restore:
        if args.dry_run:
            plan = plan_restore(
                course_dir=args.dir, db_url=config.db_url, backup=Path(args.restore)
            )
            print(plan.describe())
            return
        done = restore_gradebook(
            course_dir=args.dir, db_url=config.db_url, backup=Path(args.restore), force=args.force
        )
        print(done.plan.describe())
        print(
            f"Restored {done.plan.backup.name}. The gradebook as it was is saved in {done.safety}."
        )
        return
    found = list_backups(args.dir)
    if not found:
        print("No backup yet: one is made before every `kamtrain grade`.")
    for path in found:
        size = path.stat().st_size
        print(f"{path.name}\t{size} bytes" + ("\tEMPTY: cannot be restored" if not size else ""))

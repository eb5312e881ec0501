"""``kamtrain demo``: the main job end to end on a simulated cohort."""

from __future__ import annotations

from pathlib import Path


def register(sub) -> None:
    parser = sub.add_parser(
        "demo", help="build, grade and deliberate on a simulated cohort of 12 learners"
    )
    parser.add_argument(
        "--dir", type=Path, default=Path("demo"), help="demo folder (default: ./demo)"
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="refuse to rebuild an existing demo instead of replacing it",
    )
    parser.add_argument(
        "--workers", type=int, default=None, help="grading worker processes (default: one per core)"
    )
    parser.add_argument(
        "--learners",
        type=int,
        default=None,
        metavar="N",
        help="simulate only the first N of the 12 learners (a quicker demo)",
    )
    parser.add_argument(
        "--assignment",
        action="append",
        default=None,
        metavar="A",
        help="only this block (repeatable; default: every block), e.g. --assignment bloc2",
    )
    parser.set_defaults(func=_demo)


def _demo(args) -> None:
    from kamtrain.demo.run import run_demo

    result = run_demo(
        course_dir=args.dir,
        fresh=not args.keep,
        workers=args.workers,
        learners=args.learners,
        assignments=tuple(args.assignment) if args.assignment else None,
    )
    d = result.course_dir
    print("\nThe demo is ready. Where everything is:")
    print(f"  cohort folder      {d}")
    for label, path in result.outputs.items():
        print(f"  {label:<18} {path}")
    print("\nNext commands to try:")
    print("  kamtrain referential --competency C6")
    print(f"  kamtrain report {d} --format csv")
    print(f"  kamtrain grade {d} --learner bdurand")
    print(f"  kamtrain jury decide {d} --session S2 --format table")
    print(f"  kamtrain jury session show {d} --session S2")
    print(f"  kamtrain jury verify {d}")
    print(f"  jupyter lab {d / 'release'}")

"""``kamtrain workbook verify``: check notebooks after editing them."""

from __future__ import annotations

from pathlib import Path


def register(sub) -> None:
    parser = sub.add_parser("workbook", help="check the workbook's notebooks")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    verify = actions.add_parser(
        "verify", help="solutions must score full marks, unanswered versions 0"
    )
    verify.add_argument(
        "paths", nargs="*", type=Path, help="notebooks or folders (default: the whole workbook)"
    )
    verify.add_argument("--learner", default="verif-01", help="learner id whose variant is used")
    verify.add_argument(
        "--cohort",
        default="verification",
        help="cohort name whose variants are used (each cohort draws other data)",
    )
    verify.set_defaults(func=_verify)


def _verify(args) -> int:
    from kamlearn.errors import KamtrainError
    from kamtrain.cohort.create import ONBOARDING
    from kamtrain.paths import notebooks_dir
    from kamtrain.workbook_verify import verify_notebook

    paths = []
    for p in args.paths or [notebooks_dir()]:
        # the onboarding notebook has no graded cell: tests/test_onboarding.py runs it
        found = sorted(q for q in p.rglob("*.ipynb") if q.parent.name != ONBOARDING)
        paths.extend(found if p.is_dir() else [p])
    paths = [p for p in paths if ".ipynb_checkpoints" not in p.parts]
    if not paths:
        raise KamtrainError("no notebook found in the given paths")
    failures = 0
    for path in paths:
        result = verify_notebook(path, cohort=args.cohort, learner=args.learner)
        status = "ok" if result.ok else "FAILED"
        print(
            f"{status:6} {path}  solution {result.solution.score:g}/{result.solution.max_score:g}, "
            f"unanswered {result.release.score:g}"
        )
        if not result.ok:
            failures += 1
            for cell in result.solution.wrong_cells:
                print(
                    f"       solution cell {cell.grade_id}: {cell.score}/{cell.max_score}\n         "
                    + cell.output.replace("\n", "\n         ")
                )
            for cell in result.release.cells:
                if cell.score:
                    print(f"       unanswered cell {cell.grade_id} scores {cell.score} (must be 0)")
            if result.solution.died or result.release.died:
                print("       the kernel died")
    return 1 if failures else 0

"""``kamtrain cohort create|generate``."""

from __future__ import annotations

from pathlib import Path


def register(sub) -> None:
    parser = sub.add_parser("cohort", help="create a cohort and generate its notebooks")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    create = actions.add_parser("create", help="create an nbgrader course folder with its gradebook")
    create.add_argument("dir", type=Path, help="the new cohort folder")
    create.add_argument("--name", required=True, help="cohort name, also the nbgrader course id")
    create.add_argument("--learners", required=True, type=Path, help="learners.csv: id,first_name,last_name,email[,accommodations]")
    create.add_argument("--db-url", default=None, help="gradebook URL (default: SQLite inside DIR); e.g. postgresql://user@host/db")
    create.add_argument("--assignment", action="append", dest="assignments", help="workbook folder to include (repeatable; default: all)")
    create.set_defaults(func=_create)

    generate = actions.add_parser("generate", help="parameterise notebooks (papermill) and generate release/ (nbgrader)")
    generate.add_argument("dir", type=Path, help="the cohort folder")
    generate.add_argument("--assignment", action="append", dest="assignments", help="only this workbook folder (repeatable)")
    generate.set_defaults(func=_generate)


def _create(args) -> None:
    from kamtrain.cohort.create import create_cohort

    created = create_cohort(
        course_dir=args.dir, name=args.name, learners_csv=args.learners, db_url=args.db_url,
        assignments=tuple(args.assignments) if args.assignments else None,
    )
    print(f"Created cohort '{created.config.name}' in {created.course_dir}")
    print(f"  learners: {len(created.learners)}; assignments: {', '.join(created.config.assignments)}")
    print(f"Next: kamtrain cohort generate {created.course_dir}")


def _generate(args) -> None:
    from kamtrain.cohort.generate import generate_cohort

    for result in generate_cohort(course_dir=args.dir, assignments=tuple(args.assignments) if args.assignments else None):
        print(f"{result.assignment}: {len(result.notebooks)} notebook(s) -> {result.release_dir}")

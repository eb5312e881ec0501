"""``kamtrain cohort create|generate|regenerate``."""

from __future__ import annotations

from pathlib import Path

from kamtrain.cli import add_wait_option


def register(sub) -> None:
    parser = sub.add_parser("cohort", help="create a cohort and generate its notebooks")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    create = actions.add_parser(
        "create", help="create an nbgrader course folder with its gradebook"
    )
    create.add_argument("dir", type=Path, help="the new cohort folder")
    create.add_argument("--name", required=True, help="cohort name, also the nbgrader course id")
    create.add_argument(
        "--learners",
        type=Path,
        help="learners.csv: id,first_name,last_name,email[,accommodations] "
        "(required unless --from, which reuses the earlier list by default)",
    )
    create.add_argument(
        "--from",
        dest="previous",
        type=Path,
        default=None,
        metavar="OLD",
        help="start a new session with the settings of the cohort in folder OLD "
        "(assignments, gradebook kind, seed salt); no submission or grade is copied",
    )
    create.add_argument(
        "--db-url",
        default=None,
        help="gradebook URL (default: SQLite inside DIR); e.g. postgresql://user@host/db",
    )
    create.add_argument(
        "--assignment",
        action="append",
        dest="assignments",
        help="workbook folder to include (repeatable; default: all)",
    )
    create.set_defaults(func=_create)

    generate = actions.add_parser(
        "generate", help="parameterise notebooks (papermill) and generate release/ (nbgrader)"
    )
    generate.add_argument("dir", type=Path, help="the cohort folder")
    generate.add_argument(
        "--assignment",
        action="append",
        dest="assignments",
        help="only this workbook folder (repeatable)",
    )
    generate.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    add_wait_option(generate)
    generate.set_defaults(func=_generate)

    personalise = actions.add_parser(
        "personalise",
        help="write personalised/<learner>/<assignment>/ copies with LEARNER_ID filled in",
    )
    personalise.add_argument("dir", type=Path, help="the cohort folder")
    personalise.add_argument(
        "--learner", action="append", dest="learners", help="only this learner (repeatable)"
    )
    add_wait_option(personalise)
    personalise.set_defaults(func=_personalise)

    regenerate = actions.add_parser(
        "regenerate",
        help="after the workbook changed: refresh source/ and release/, print what changed "
        "(submissions, grades and jury records are never touched)",
    )
    regenerate.add_argument("dir", type=Path, help="the cohort folder")
    regenerate.add_argument(
        "--assignment",
        action="append",
        dest="assignments",
        help="only this workbook folder (repeatable)",
    )
    regenerate.add_argument(
        "--dry-run", action="store_true", help="only show what would change; write nothing"
    )
    regenerate.add_argument("--no-progress", action="store_true", help="no progress bar")
    add_wait_option(regenerate)
    regenerate.set_defaults(func=_regenerate)

    relocate = actions.add_parser(
        "relocate",
        help="after copying or moving a cohort made by an older kamtrain: point its settings "
        "(gradebook, nbgrader_config.py) at this folder",
    )
    relocate.add_argument("dir", type=Path, help="the cohort folder")
    add_wait_option(relocate)
    relocate.set_defaults(func=_relocate)


def _relocate(args) -> None:
    from kamtrain.cohort.relocate import relocate_cohort

    changed = relocate_cohort(course_dir=args.dir)
    for line in changed or ("Nothing to change: the settings already point at this folder.",):
        print(line)


def _create(args) -> None:
    from kamlearn.errors import CohortError
    from kamtrain.cohort.create import create_cohort

    if args.previous is not None:
        from kamtrain.cohort.from_previous import create_cohort_from

        if args.assignments:
            raise CohortError("--from reuses the earlier cohort's assignments; drop --assignment")
        created = create_cohort_from(
            course_dir=args.dir,
            previous_dir=args.previous,
            name=args.name,
            learners_csv=args.learners,
            db_url=args.db_url,
        )
    elif args.learners is None:
        raise CohortError("--learners is required (or --from OLD to reuse a cohort's settings)")
    else:
        created = create_cohort(
            course_dir=args.dir,
            name=args.name,
            learners_csv=args.learners,
            db_url=args.db_url,
            assignments=tuple(args.assignments) if args.assignments else None,
        )
    print(f"Created cohort '{created.config.name}' in {created.course_dir}")
    print(
        f"  learners: {len(created.learners)}; assignments: {', '.join(created.config.assignments)}"
    )
    print(f"Next: kamtrain cohort generate {created.course_dir}")


def _generate(args) -> None:
    from kamtrain.cohort.generate import generate_cohort

    for result in generate_cohort(
        course_dir=args.dir,
        assignments=tuple(args.assignments) if args.assignments else None,
        progress=not args.no_progress,
    ):
        print(f"{result.assignment}: {len(result.notebooks)} notebook(s) -> {result.release_dir}")


def _personalise(args) -> None:
    from kamtrain.cohort.personalise import personalise_cohort

    copies = personalise_cohort(
        course_dir=args.dir, learners=tuple(args.learners) if args.learners else None
    )
    learners = sorted({c.learner for c in copies})
    print(
        f"Wrote {len(copies)} folder(s) for {len(learners)} learner(s) under {Path(args.dir) / 'personalised'}"
    )


def _regenerate(args) -> None:
    from kamtrain.cohort.regenerate import regenerate_cohort
    from kamtrain.cohort.regenerate_text import describe

    report = regenerate_cohort(
        course_dir=args.dir,
        assignments=tuple(args.assignments) if args.assignments else None,
        dry_run=args.dry_run,
        progress=not args.no_progress,
    )
    print(describe(report))

"""``kamtrain feedback``: one French HTML feedback page per learner and assignment."""

from __future__ import annotations

from pathlib import Path

from kamtrain.cli import add_wait_option


def register(sub) -> None:
    parser = sub.add_parser(
        "feedback", help="write learners' feedback pages (scores, explanations, jury comments)"
    )
    parser.add_argument("dir", type=Path, help="the cohort folder")
    parser.add_argument("--assignment", help="only this assignment")
    parser.add_argument("--learner", help="only this learner")
    add_wait_option(parser)
    parser.add_argument(
        "--release",
        action="store_true",
        help="also publish the pages in nbgrader's exchange (learners on JupyterHub fetch them)",
    )
    parser.set_defaults(func=_feedback)


def _feedback(args) -> None:
    from kamtrain.feedback.render import generate_feedback

    written = generate_feedback(
        course_dir=args.dir, assignment=args.assignment, learner=args.learner
    )
    if not written:
        print("No graded submission yet: run `kamtrain grade` first.")
    for path in written:
        print(path)
    if args.release and written:
        from kamtrain.cohort.config import read_config
        from kamtrain.feedback.release import release_feedback

        released = release_feedback(
            course_dir=args.dir,
            course_id=read_config(args.dir).name,
            assignment=args.assignment,
            learner=args.learner,
        )
        for item in released:
            print(f"released: {item.learner}/{item.assignment} ({', '.join(item.notebooks)})")

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

"""Write feedback pages: ``DIR/feedback/<learner>/<assignment>/kamtrain-retour.html``.

nbgrader's own ``generate_feedback`` writes ``<notebook>.html`` in the same folder (and
shows hidden tests); a distinct file name keeps both apart.
"""

from __future__ import annotations

from pathlib import Path

from kamtrain.feedback.collect import LearnerFeedback
from kamtrain.lock import locked

FEEDBACK_FILE = "kamtrain-retour.html"


def feedback_html(feedback: LearnerFeedback) -> str:
    from kamtrain.templating import render_template

    return render_template("feedback.html.j2", fb=feedback)


def write_feedback(*, course_dir: Path, feedback: list[LearnerFeedback]) -> list[Path]:
    written = []
    for item in feedback:
        target = Path(course_dir) / "feedback" / item.learner / item.assignment / FEEDBACK_FILE
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(feedback_html(item), encoding="utf-8")
        written.append(target)
    return written


@locked("feedback")
def generate_feedback(
    *, course_dir: Path, assignment: str | None = None, learner: str | None = None
) -> list[Path]:
    """Collect and write the feedback pages; return their paths.

    Raises:
        GradingError: some pages could not be built. The others are written first, so one
            learner's notebook never costs the cohort its pages, but the command still fails:
            a trainer must not believe every learner has a page.
    """
    from kamlearn.errors import GradingError
    from kamtrain.feedback.collect import collect_feedback_report

    found, failed = collect_feedback_report(
        course_dir=course_dir, assignment=assignment, learner=learner
    )
    written = write_feedback(course_dir=Path(course_dir).resolve(), feedback=found)
    if failed:
        raise GradingError(
            f"{len(written)} feedback page(s) written under {Path(course_dir) / 'feedback'}, "
            f"but none for {', '.join(failed)} (the incident above says why): fix or regrade "
            "these submissions, then run `kamtrain feedback` again"
        )
    return written

"""``kamtrain cohort create NEW --from OLD``: a new session with an earlier cohort's settings.

What is carried over: the assignments (workbook folders), the kind of gradebook and
the seed-salt policy, and the learners unless a new list is given. What is not: the
submissions, grades, feedback and jury records, which belong to the earlier session.
"""

from __future__ import annotations

from pathlib import Path

from kamlearn.errors import CohortError


def create_cohort_from(
    *,
    course_dir: Path,
    previous_dir: Path,
    name: str,
    learners_csv: Path | None = None,
    db_url: str | None = None,
):
    """Create ``course_dir`` from the settings of the cohort in ``previous_dir``.

    Args:
        course_dir: the new (absent or empty) cohort folder.
        previous_dir: an existing cohort folder whose settings are reused.
        name: the new cohort's name; must differ from the earlier one's, since the
            name seeds every learner's data and is nbgrader's course id.
        learners_csv: the new session's learners (default: the earlier cohort's list).
        db_url: required when the earlier gradebook is not SQLite (a new PostgreSQL
            database must be named); SQLite gradebooks get a new file inside the folder.

    Returns:
        The :class:`~kamtrain.cohort.create.CreatedCohort`.
    """
    from kamtrain.cohort.config import read_config
    from kamtrain.cohort.create import create_cohort

    previous_dir = Path(previous_dir).resolve()
    old = read_config(previous_dir)
    if not name:
        raise CohortError("a new session needs its own --name")
    if name == old.name:
        raise CohortError(
            f"the new cohort needs a name other than '{old.name}': the name seeds each "
            "learner's data and is nbgrader's course id."
        )
    if not old.db_url.startswith("sqlite:") and not db_url:
        raise CohortError(
            f"cohort '{old.name}' keeps its gradebook in {old.db_url.split(':', 1)[0]}; "
            "pass --db-url with a new, empty database for the new session."
        )
    if db_url and db_url == old.db_url:
        raise CohortError("--db-url is the earlier cohort's gradebook; name a new database.")
    if learners_csv is None:
        learners_csv = previous_dir / "learners.csv"
        if not learners_csv.is_file():
            raise CohortError(f"{learners_csv} not found; pass --learners new.csv")
    return create_cohort(
        course_dir=Path(course_dir),
        name=name,
        learners_csv=Path(learners_csv),
        db_url=db_url,
        assignments=old.assignments,
        seed_salt=old.seed_salt,
    )

"""``kamtrain cohort create``: a new nbgrader course directory with its gradebook."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kamlearn.errors import CohortError
from kamtrain.cohort.config import CohortConfig, config_path, portable_db_url, write_config
from kamtrain.cohort.learners import Learner, read_learners


@dataclass(frozen=True)
class CreatedCohort:
    course_dir: Path
    config: CohortConfig
    learners: tuple[Learner, ...]


#: The onboarding folder: handed out as it is (it needs no cohort), never graded.
ONBOARDING = "bloc0"


def workbook_assignments(notebooks_dir: Path | None = None) -> tuple[str, ...]:
    """The workbook's folders that hold graded notebooks (one nbgrader assignment each)."""
    from kamtrain.paths import notebooks_dir as default_dir

    root = Path(notebooks_dir or default_dir())
    return tuple(
        sorted(
            p.name
            for p in root.iterdir()
            if p.is_dir() and p.name != ONBOARDING and any(p.glob("*.ipynb"))
        )
    )


def create_cohort(
    *,
    course_dir: Path,
    name: str,
    learners_csv: Path,
    db_url: str | None = None,
    assignments: tuple[str, ...] | None = None,
    seed_salt: str = "",
) -> CreatedCohort:
    """Create ``course_dir`` with its settings, learners and gradebook.

    Refuses to touch an existing cohort: nothing already there is overwritten.
    """
    from kamtrain.nbgrader_adapter.api import gradebook_url, sqlite_url, write_nbgrader_config
    from kamtrain.nbgrader_adapter.gradebook import sync_learners

    course_dir = Path(course_dir).resolve()
    if config_path(course_dir).exists():
        raise CohortError(
            f"{course_dir} is already a cohort. Use `kamtrain cohort generate {course_dir}` "
            "to refresh its notebooks, or choose another folder."
        )
    if course_dir.exists() and any(course_dir.iterdir()):
        raise CohortError(f"{course_dir} exists and is not empty; choose a new folder.")
    if not name or not name.replace("-", "").replace("_", "").isalnum():
        raise CohortError(f"invalid cohort name '{name}': use letters, digits, '-' and '_'.")
    learners = read_learners(Path(learners_csv))
    available = workbook_assignments()
    chosen = tuple(assignments) if assignments else available
    unknown = [a for a in chosen if a not in available]
    if unknown:
        raise CohortError(
            f"unknown workbook folder(s) {', '.join(unknown)}; available: {', '.join(available)}"
        )
    course_dir.mkdir(parents=True, exist_ok=True)
    db_url = gradebook_url(db_url) if db_url else sqlite_url(course_dir)
    config = CohortConfig(
        name=name,
        db_url=db_url,
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        assignments=chosen,
        seed_salt=seed_salt,
    )
    write_config(course_dir, config)
    shutil.copyfile(learners_csv, course_dir / "learners.csv")
    write_nbgrader_config(course_dir, course_id=name, db_url=portable_db_url(course_dir, db_url))
    for sub in ("source", "release", "submitted", "autograded", "feedback", "reports"):
        (course_dir / sub).mkdir(exist_ok=True)
    sync_learners(db_url=db_url, course_id=name, learners=learners)
    return CreatedCohort(course_dir=course_dir, config=config, learners=tuple(learners))

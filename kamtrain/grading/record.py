"""Record grades serially with nbgrader's own ``autograde``, replaying executed outputs."""

from __future__ import annotations

from pathlib import Path

STAGING = ".kamtrain/staging"
EXECUTED = ".kamtrain/executed"


def nbgrader_overrides():
    """Settings shared by the workers' sanitize step and the record step."""
    from traitlets.config import Config

    config = Config()
    # Deleted test cells come back from the source version instead of being lost.
    config.OverwriteCells.add_missing_cells = True
    return config


def record(
    *,
    course_dir: Path,
    course_id: str,
    db_url: str,
    assignment: str,
    learner: str | None = None,
    learners: list[str] | None = None,
) -> dict:
    """Run nbgrader autograde over the staged submissions of one assignment.

    ``learner``: that one only; ``learners``: those only (one nbgrader call, the other
    staged learners excluded); neither: every staged submission.
    Returns nbgrader's action result; per-notebook failures are in its log.
    """
    from kamtrain.nbgrader_adapter.api import make_api
    from kamtrain.nbgrader_adapter.preprocessors import autograde_preprocessors
    from kamtrain.nbgrader_adapter.replay import ReplayOutputs
    from kamtrain.nbgrader_adapter.speed import cache_metadata_validation

    cache_metadata_validation()

    overrides = nbgrader_overrides()
    course_extra = {"submitted_directory": STAGING}
    if learners is not None:
        if len(learners) == 1:
            learner = learners[0]
        else:
            staged = Path(course_dir) / STAGING
            others = sorted(
                p.name
                for p in staged.iterdir()
                if (p / assignment).is_dir() and p.name not in learners
            )
            if any("," in name for name in [*learners, *others]):
                # nbgrader's exclusion list is comma-separated: one call per learner.
                return _merged(
                    [
                        record(
                            course_dir=course_dir,
                            course_id=course_id,
                            db_url=db_url,
                            assignment=assignment,
                            learner=name,
                        )
                        for name in learners
                    ]
                )
            course_extra["student_id_exclude"] = ",".join(others)
    extra = {
        "CourseDirectory": course_extra,
        "ReplayOutputs": {"executed_root": str(Path(course_dir) / EXECUTED)},
        "Autograde": {
            # nbgrader's own list, with ReplayOutputs in place of Execute
            "autograde_preprocessors": autograde_preprocessors(execute=ReplayOutputs)
        },
        "OverwriteCells": dict(overrides.OverwriteCells),
    }
    import warnings

    api = make_api(course_dir, course_id=course_id, db_url=db_url, extra=extra)
    with warnings.catch_warnings():
        # nbgrader's own SQLAlchemy session warnings are not actionable by trainers.
        warnings.simplefilter("ignore")
        return api.autograde(assignment, learner or "*", force=True, create=True)


def _merged(results: list[dict]) -> dict:
    """Several nbgrader action results as one."""
    return {
        "success": all(r.get("success") for r in results),
        "log": "\n".join(r.get("log") or "" for r in results),
        "error": "\n".join(r.get("error") or "" for r in results if r.get("error")),
    }

"""What every grading worker process does first, and the outcome of a job that crashed it.

Its own module so that the pool (:mod:`.parallel`) and the warm-kernel workers
(:mod:`.workers`) share it without importing each other.
"""

from __future__ import annotations

from kamtrain.grading.model import ExecutionOutcome, Problem


def warm_up() -> None:
    from kamtrain.grading.orphans import watch_parent

    watch_parent()  # a killed grader leaves no worker behind
    from kamtrain.nbgrader_adapter.speed import cache_metadata_validation, skip_iri_grammars

    skip_iri_grammars()  # (spawned workers start afresh)
    # Pay nbformat's and nbclient's import cost once per worker, not once per notebook.
    import nbclient  # noqa: F401
    import nbformat  # noqa: F401

    from kamtrain.nbgrader_adapter.preprocessors import sanitize_preprocessors

    sanitize_preprocessors()  # imports nbgrader's preprocessors
    cache_metadata_validation()


def failed_outcome(job, exc: Exception) -> ExecutionOutcome:
    """The outcome of a job whose grading process failed: every graded cell scores 0."""
    return failed_with(job, f"Le processus de notation a échoué : {type(exc).__name__}: {exc}")


def failed_with(job, message: str) -> ExecutionOutcome:
    """A notebook that could not be graded, with ``message`` (French) as its problem."""
    from kamtrain.grading.score import printable

    return ExecutionOutcome(
        job.learner,
        job.assignment,
        job.notebook,
        None,
        0.0,
        problems=(Problem("execution_error", printable(message)[:300], job.notebook),),
    )

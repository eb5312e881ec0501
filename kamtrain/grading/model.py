"""Typed records of a grading run. Rendering lives in :mod:`kamtrain.grading.render`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """Something wrong with a submission, reported to the trainer (text in French).

    ``kind`` is one of: invalid_notebook, missing_notebook, not_a_notebook, timeout,
    kernel_died, output_truncated, cells_restored, cells_reordered, tampered_cells,
    outside_write, execution_error, sandbox_blocked, replay_mismatch.
    """

    kind: str
    message: str
    notebook: str = ""
    #: Where grading this submission without a container can still harm the machine.
    residual_risk: str = ""


@dataclass(frozen=True)
class NotebookJob:
    """One notebook of one submission, to be executed."""

    learner: str
    assignment: str
    notebook: str
    staged_path: Path
    workdir_files: tuple[Path, ...] = ()
    #: False for a missing or unreadable notebook: its release version is staged and
    #: scored 0 without running a kernel.
    execute: bool = True


@dataclass(frozen=True)
class ExecutionOutcome:
    learner: str
    assignment: str
    notebook: str
    executed_path: Path | None
    seconds: float
    kernel_seconds: float = 0.0
    problems: tuple[Problem, ...] = ()
    #: Wall-clock interval (time.time()) of the execution, to attribute writes to DIR.
    started_at: float = 0.0
    ended_at: float = 0.0
    #: The trusted verdict of each graded cell (kamtrain.grading.score.ItemVerdict).
    verdicts: tuple = ()


@dataclass(frozen=True)
class SubmissionResult:
    learner: str
    assignment: str
    status: str  # "graded", "graded_with_problems", "failed"
    score: float | None
    max_score: float | None
    problems: tuple[Problem, ...] = ()
    #: A failed submission's score left from an earlier run (not this run's result).
    stale: bool = False


@dataclass(frozen=True)
class GradingSummary:
    course_dir: Path
    results: tuple[SubmissionResult, ...]
    seconds: float
    workers: int
    backup: Path | None = None
    timings: dict = field(default_factory=dict)
    #: Problems of the run itself (e.g. graded without the sandbox).
    incidents: tuple[Problem, ...] = ()
    #: How learners' code was isolated: {"enabled": bool, "limits": {...}, ...}.
    sandbox: dict = field(default_factory=dict)
    #: Pairs of submissions flagged by copy detection (:class:`SimilarPair`), most similar first.
    similar: tuple = ()

    @property
    def failed(self) -> tuple[SubmissionResult, ...]:
        return tuple(r for r in self.results if r.status == "failed")

    @property
    def with_problems(self) -> tuple[SubmissionResult, ...]:
        return tuple(r for r in self.results if r.problems)

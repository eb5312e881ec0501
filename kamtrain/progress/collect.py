"""Gather a cohort's progress from ``submitted/`` and the gradebook.

A learner or criterion is "struggling" when its score ratio maps (through
``rubrics/rules.yml``'s autograde levels) to a level below the competency threshold
``min_mean_level``; a learner is also struggling when a released assignment is missing.
Criteria whose cells all wait for the jury are not judged yet.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kamlearn.frenchfmt import percent_fr


@dataclass(frozen=True)
class SubmissionStatus:
    learner: str
    assignment: str
    #: "missing", "submitted" (not graded yet) or "graded".
    status: str
    timestamp: str | None
    score: float | None
    max_score: float | None
    #: The score is from an earlier run: the latest grading of this submission failed.
    stale: bool = False


@dataclass(frozen=True)
class LearnerProgress:
    learner: str
    name: str
    submitted: int
    expected: int
    #: Mean ratio over the criteria already scored (no cell waiting for the jury).
    mean_ratio: float | None
    pending: int
    struggling: bool
    #: French, for the trainer: why this learner is flagged.
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class CriterionProgress:
    criterion: str
    competency: str
    text: str
    mean_ratio: float | None
    learners_scored: int
    pending: int
    struggling: bool


@dataclass(frozen=True)
class CompetencyProgress:
    competency: str
    title: str
    mean_ratio: float | None
    criteria: tuple[str, ...]


@dataclass(frozen=True)
class ProgressReport:
    cohort: str
    generated_at: str
    assignments: tuple[str, ...]
    learners: tuple[LearnerProgress, ...]
    submissions: tuple[SubmissionStatus, ...]
    criteria: tuple[CriterionProgress, ...]
    competencies: tuple[CompetencyProgress, ...]
    #: (learner, criterion) -> ratio of the points scored (None: waiting for the jury).
    ratios: tuple[tuple[str, str, float | None], ...]
    #: The ratio from which a score counts as acquired (rules.yml).
    acquired_ratio: float

    @property
    def struggling_learners(self) -> tuple[LearnerProgress, ...]:
        flagged = [lp for lp in self.learners if lp.struggling]
        return tuple(
            sorted(flagged, key=lambda lp: (lp.mean_ratio is not None, lp.mean_ratio or 0))
        )

    @property
    def struggling_criteria(self) -> tuple[CriterionProgress, ...]:
        flagged = [c for c in self.criteria if c.struggling]
        return tuple(sorted(flagged, key=lambda c: c.mean_ratio or 0))

    def ratio(self, learner: str, criterion: str) -> float | None:
        for who, crit, value in self.ratios:
            if who == learner and crit == criterion:
                return value
        return None


def _mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return round(sum(values) / len(values), 4) if values else None


def _timestamp(folder: Path) -> str | None:
    path = folder / "timestamp.txt"
    if path.is_file():
        return path.read_text(encoding="utf-8").strip() or None
    return None


def _submissions(course_dir: Path, config, learners, assignments) -> list[SubmissionStatus]:
    from kamtrain.grading.stale import read_stale
    from kamtrain.nbgrader_adapter.gradebook import MissingEntry, open_gradebook

    stale = read_stale(course_dir)
    out = []
    with open_gradebook(config.db_url, config.name) as gb:
        for learner in learners:
            for assignment in assignments:
                folder = course_dir / "submitted" / learner / assignment
                stamp = _timestamp(folder) if folder.is_dir() else None
                try:
                    sub = gb.find_submission(assignment, learner)
                    score, max_score = float(sub.score), float(sub.max_score)
                    status = "graded"
                except MissingEntry:
                    score = max_score = None
                    status = "submitted" if folder.is_dir() else "missing"
                out.append(
                    SubmissionStatus(
                        learner,
                        assignment,
                        status,
                        stamp,
                        score,
                        max_score,
                        stale=status == "graded" and (learner, assignment) in stale,
                    )
                )
    return out


def _acquired_ratio(rules) -> float:
    """The lowest ratio whose proposed level reaches ``min_mean_level``."""
    reaching = [t.min_ratio for t in rules.autograde_levels if t.level >= rules.min_mean_level]
    return min(reaching) if reaching else 1.0


def collect_progress(*, course_dir: Path) -> ProgressReport:
    """Who submitted what, and the scores by competency and criterion.

    Args:
        course_dir: a cohort folder.

    Returns:
        A :class:`ProgressReport`; render it with :mod:`kamtrain.progress.render`.
    """
    from kamlearn.referential import load_referential
    from kamtrain.cohort.config import read_config
    from kamtrain.cohort.learners import read_learners
    from kamtrain.reporting.criteria import build_report

    course_dir = Path(course_dir).resolve()
    config = read_config(course_dir)
    ref = load_referential()
    acquired = _acquired_ratio(ref.rules)
    names = {}
    csv_path = course_dir / "learners.csv"
    if csv_path.is_file():
        names = {lr.id: lr.full_name for lr in read_learners(csv_path)}
    cohort = build_report(course_dir=course_dir)
    learner_ids = tuple(sorted(set(names) | set(cohort.learners)))
    released = tuple(a for a in config.assignments if (course_dir / "release" / a).is_dir())
    submissions = _submissions(course_dir, config, learner_ids, released)

    ratios: list[tuple[str, str, float | None]] = []
    by_learner: dict[str, list[float]] = defaultdict(list)
    by_criterion: dict[str, list[float]] = defaultdict(list)
    pending_learner: dict[str, int] = defaultdict(int)
    pending_criterion: dict[str, int] = defaultdict(int)
    for s in cohort.scores:
        value = None if s.ratio is None else round(s.ratio, 4)
        ratios.append((s.learner, s.criterion, value))
        pending_learner[s.learner] += s.pending
        pending_criterion[s.criterion] += s.pending
        if value is not None:
            by_learner[s.learner].append(value)
            by_criterion[s.criterion].append(value)

    learners = []
    for learner in learner_ids:
        mine = [s for s in submissions if s.learner == learner]
        done = sum(s.status != "missing" for s in mine)
        mean = _mean(by_learner.get(learner, []))
        reasons = []
        missing = [s.assignment for s in mine if s.status == "missing"]
        if missing:
            reasons.append(f"remise manquante : {', '.join(missing)}")
        if mean is not None and mean < acquired:
            reasons.append(
                f"taux de réussite {percent_fr(mean)} sous le seuil « acquis » "
                f"({percent_fr(acquired)})"
            )
        learners.append(
            LearnerProgress(
                learner, names.get(learner, learner), done, len(mine), mean,
                pending_learner.get(learner, 0), bool(reasons), tuple(reasons),
            )
        )  # fmt: skip

    criteria = []
    for crit in cohort.criteria:
        mean = _mean(by_criterion.get(crit, []))
        criteria.append(
            CriterionProgress(
                crit, crit.split(".")[0], ref.criterion(crit).text, mean,
                len(by_criterion.get(crit, [])), pending_criterion.get(crit, 0),
                mean is not None and mean < acquired,
            )
        )  # fmt: skip
    competencies = []
    for comp in sorted({c.competency for c in criteria}, key=lambda c: int(c[1:])):
        mine = [c for c in criteria if c.competency == comp]
        values = [v for c in mine for v in by_criterion.get(c.criterion, [])]
        competencies.append(
            CompetencyProgress(
                comp, ref.competency(comp).title, _mean(values), tuple(c.criterion for c in mine)
            )
        )
    return ProgressReport(
        cohort=config.name,
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
        assignments=released,
        learners=tuple(learners),
        submissions=tuple(submissions),
        criteria=tuple(criteria),
        competencies=tuple(competencies),
        ratios=tuple(ratios),
        acquired_ratio=acquired,
    )

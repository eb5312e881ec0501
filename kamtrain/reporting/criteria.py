"""Aggregate gradebook cell scores into criterion scores.

Each graded cell names the criteria it evaluates in ``metadata["kamtrain"]["criteria"]``
of the cohort's source notebooks. A criterion's score is the sum of the scores of its
cells over the sum of their maximum; a cell evaluating two criteria counts for both.
The proposed level comes from the ratio through the rules in ``rubrics/rules.yml``, and only
for competencies the referential assesses in individual writing (C4, C5, C6): for every other
competency the seed's épreuve is oral, in a pair or in a group, so the workbook's score is
preparation evidence and never proposes a level (:func:`proposes_level`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from kamtrain.nbgrader_adapter.cells import grade_id as cell_grade_id


@dataclass(frozen=True)
class CellRef:
    assignment: str
    notebook: str
    grade_id: str
    criteria: tuple[str, ...]
    kind: str  # "autograded" or "manual"


@dataclass(frozen=True)
class CriterionScore:
    learner: str
    criterion: str
    competency: str
    #: Points earned and available on the cells already graded.
    score: float
    max_score: float
    #: Manual cells still waiting for the jury, and the points they carry.
    pending: int
    #: Level proposed from the graded cells (None when nothing is graded yet).
    proposed_level: int | None
    pending_max: float = 0.0

    @property
    def ratio(self) -> float | None:
        return None if self.max_score == 0 else self.score / self.max_score


@dataclass(frozen=True)
class CohortReport:
    cohort: str
    learners: tuple[str, ...]
    criteria: tuple[str, ...]
    scores: tuple[CriterionScore, ...]

    def for_learner(self, learner: str) -> list[CriterionScore]:
        return [s for s in self.scores if s.learner == learner]


def proposes_level(competency: str, *, written: frozenset[str] | None = None) -> bool:
    """Whether autograde may propose a level for ``competency``: only when its épreuve is
    an individual written one (``rubrics/epreuves.yml``)."""
    if written is None:
        from kamlearn.referential.epreuves_loader import load_epreuves

        written = load_epreuves().written_competencies()
    return competency in written


def criteria_map(course_dir: Path) -> dict[tuple[str, str, str], CellRef]:
    """(assignment, notebook, grade_id) -> CellRef, read from ``source/``."""
    import nbformat

    out = {}
    for path in sorted((Path(course_dir) / "source").glob("*/*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            meta = cell.metadata.get("kamtrain", {})
            grade_id = cell_grade_id(cell)
            if grade_id and meta.get("criteria"):
                key = (path.parent.name, path.stem, grade_id)
                out[key] = CellRef(*key, tuple(meta["criteria"]), meta.get("kind", "autograded"))
    return out


def build_report(*, course_dir: Path) -> CohortReport:
    from kamlearn.referential import load_referential
    from kamtrain.cohort.config import read_config
    from kamtrain.nbgrader_adapter.gradebook import open_gradebook

    course_dir = Path(course_dir).resolve()
    config = read_config(course_dir)
    from kamlearn.referential.epreuves_loader import load_epreuves

    ref = load_referential()
    written = load_epreuves().written_competencies()
    cells = criteria_map(course_dir)
    totals: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0, 0.0])
    with open_gradebook(config.db_url, config.name) as gb:
        learners = tuple(sorted(s.id for s in gb.students))
        for assignment in gb.assignments:
            for notebook in assignment.notebooks:
                for submission in notebook.submissions:
                    for grade in submission.grades:
                        ref_cell = cells.get((assignment.name, notebook.name, grade.name))
                        if ref_cell is None:
                            continue
                        for crit in ref_cell.criteria:
                            entry = totals[(submission.student.id, crit)]
                            if grade.score is None or grade.needs_manual_grade:
                                entry[2] += 1
                                entry[3] += float(grade.max_score)
                            else:
                                entry[0] += float(grade.score)
                                entry[1] += float(grade.max_score)
    criteria = tuple(sorted({c for cell in cells.values() for c in cell.criteria}, key=_crit_key))
    scores = []
    for learner in learners:
        for crit in criteria:
            score, max_score, pending, pending_max = totals.get((learner, crit), [0.0, 0.0, 0, 0.0])
            if max_score == 0 and pending == 0:
                continue
            # Mid-session the jury has not marked the written items yet: what is graded
            # already still tells the trainer where a learner stands.
            # An oral, pair or group competency's workbook score is preparation only.
            proposes = proposes_level(crit.split(".")[0], written=written)
            level = ref.rules.level_for_ratio(score / max_score) if max_score and proposes else None
            scores.append(
                CriterionScore(
                    learner,
                    crit,
                    crit.split(".")[0],
                    round(score, 2),
                    round(max_score, 2),
                    int(pending),
                    level,
                    round(pending_max, 2),
                )
            )
    return CohortReport(config.name, learners, criteria, tuple(scores))


def _crit_key(crit: str) -> tuple[int, int]:
    comp, _, index = crit.partition(".")
    return int(comp[1:]), int(index or 0)

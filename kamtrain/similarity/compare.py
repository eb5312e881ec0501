"""Score every pair of learners, cell by cell, and flag the pairs above a threshold."""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

from kamlearn.errors import SimilarityError
from kamtrain.similarity.model import (
    DEFAULT_THRESHOLD,
    MIN_SHINGLES,
    AnswerCell,
    CellMatch,
    SimilarityReport,
    SimilarPair,
)

#: A shingle found in the answers of more than this share of the learners (and more than
#: two) is common ground, the obvious way of writing it, and is not counted.
COMMON_SHARE = 0.5


def _cell_shingles(cells: dict[str, AnswerCell], template: str) -> dict[str, frozenset]:
    """Each learner's shingles of one answer cell, minus the template's and common ones."""
    from kamtrain.similarity.normalize import answer_shingles

    if not cells:
        return {}
    kind = next(iter(cells.values())).kind
    given = answer_shingles(template, kind)
    own = {learner: answer_shingles(c.source, kind) - given for learner, c in cells.items()}
    return own


def _drop_common(per_cell: dict, learners: int) -> dict:
    limit = max(2, COMMON_SHARE * learners)
    kept = {}
    for key, own in per_cell.items():
        counts = Counter(s for shingles in own.values() for s in shingles)
        common = {s for s, n in counts.items() if n > limit}
        kept[key] = {learner: shingles - common for learner, shingles in own.items()}
    return kept


def _pairs_of(assignment: str, answers: list[AnswerCell], template, threshold: float):
    by_cell: dict[tuple[str, str], dict[str, AnswerCell]] = defaultdict(dict)
    for a in answers:
        by_cell[(a.notebook, a.cell_id)][a.learner] = a
    learners = sorted({a.learner for a in answers})
    shingles = _drop_common(
        {key: _cell_shingles(cells, template.get(key, "")) for key, cells in by_cell.items()},
        len(learners),
    )
    pairs = []
    for a, b in combinations(learners, 2):
        matches = []
        for key, own in shingles.items():
            sa, sb = own.get(a, frozenset()), own.get(b, frozenset())
            if len(sa) < MIN_SHINGLES or len(sb) < MIN_SHINGLES:
                continue
            shared, total = len(sa & sb), len(sa | sb)
            cell_a, cell_b = by_cell[key][a], by_cell[key][b]
            matches.append(
                CellMatch(
                    notebook=key[0],
                    cell_id=key[1],
                    title=cell_a.title,
                    kind=cell_a.kind,
                    score=shared / total,
                    shared=shared,
                    total=total,
                    source_a=cell_a.source,
                    source_b=cell_b.source,
                )
            )
        if not matches:
            continue
        matches.sort(key=lambda m: (-m.score, -m.total, m.notebook, m.cell_id))
        score = sum(m.shared for m in matches) / sum(m.total for m in matches)
        pairs.append(SimilarPair(assignment, a, b, score, score >= threshold, tuple(matches)))
    return pairs


def check_threshold(threshold: float) -> None:
    """Raise :class:`SimilarityError` unless ``threshold`` is a share in (0, 1]."""
    if not 0 < threshold <= 1:
        raise SimilarityError(f"the threshold is a share above 0 and at most 1, not {threshold}")


def rank_pairs(
    *, course_dir: Path, assignment: str | None = None, threshold: float = DEFAULT_THRESHOLD
) -> SimilarityReport:
    """Every pair of submissions of each assignment (or of ``assignment``), most similar first.

    A pair's score is the share of answer shingles the two learners have in common, over
    all the answer cells both filled (code: normalised tokens; written answers: words).
    What the released notebook already held, and what most of the cohort wrote alike, does
    not count. Pairs at or above ``threshold`` are flagged.
    """
    from kamtrain.similarity.collect import collect_answers, templates

    check_threshold(threshold)
    if not (Path(course_dir) / "submitted").is_dir():
        raise SimilarityError(f"{course_dir} has no submitted/ folder: is it a cohort folder?")
    course_dir = Path(course_dir)
    answers, skipped = collect_answers(course_dir=course_dir, assignment=assignment)
    by_assignment: dict[str, list[AnswerCell]] = defaultdict(list)
    for a in answers:
        by_assignment[a.assignment].append(a)
    pairs, learners = [], set()
    for name in sorted(by_assignment):
        pairs += _pairs_of(
            name, by_assignment[name], templates(course_dir=course_dir, assignment=name), threshold
        )
        learners |= {a.learner for a in by_assignment[name]}
    pairs.sort(key=lambda p: (-p.score, p.assignment, p.learner_a, p.learner_b))
    return SimilarityReport(
        course_dir=course_dir,
        assignment=assignment,
        threshold=threshold,
        learners=len(learners),
        pairs=tuple(pairs),
        skipped=tuple(skipped),
    )


def flag_similar(
    course_dir: Path, assignment: str | None = None, *, threshold: float = DEFAULT_THRESHOLD
) -> list[SimilarPair]:
    """The pairs of submissions similar enough to be shown to the jury (for the grading report)."""
    report = rank_pairs(course_dir=course_dir, assignment=assignment, threshold=threshold)
    return list(report.flagged)

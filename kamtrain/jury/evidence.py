"""What the jury looks at for one candidate and competency.

* answer cells of the candidate's submitted notebooks (``submitted/<learner>/<assignment>/
  *.ipynb``) whose ``metadata["kamtrain"]["criteria"]`` names a criterion of the competency;
* simulator attempt files (JSON written by :class:`kamlearn.sim.records.AttemptStore`)
  anywhere under the candidate's submission folder, keeping those that score or leave to
  the jury a criterion of the competency;
* the autograded scores and proposed levels (:mod:`kamtrain.reporting.criteria`);
* for a VAE candidate, the reference of the evidence book.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from kamlearn.referential.models import Competency
from kamtrain.nbgrader_adapter.cells import grade_id as cell_grade_id


@dataclass(frozen=True)
class AnswerCell:
    assignment: str
    notebook: str
    grade_id: str
    criteria: tuple[str, ...]
    source: str
    #: The corrigé indicatif from the cohort's source/ (jury only, never shown to learners).
    model_answer: str = ""
    #: A figure the candidate drew (written exam), as a checked base64 PNG.
    image_png: str = ""


@dataclass(frozen=True)
class SimulationEvidence:
    file: str
    simulator: str
    attempts: int
    score: float | None
    criteria_scores: tuple[tuple[str, float], ...]
    feedback: tuple[str, ...]
    #: The last attempt's transcript, one "acteur : texte" line per move.
    transcript: tuple[str, ...]


@dataclass(frozen=True)
class AutogradeEvidence:
    criterion: str
    score: float
    max_score: float
    proposed_level: int | None


@dataclass(frozen=True)
class Evidence:
    learner: str
    competency: str
    oral: bool
    answers: tuple[AnswerCell, ...]
    simulations: tuple[SimulationEvidence, ...]
    autograde: tuple[AutogradeEvidence, ...]
    vae_evidence: str | None = None
    #: Work handed in for the competency's épreuve (kamtrain.epreuves.submissions.HandIn).
    handed_in: tuple = ()

    @property
    def empty(self) -> bool:
        return not (
            self.answers
            or self.simulations
            or self.autograde
            or self.vae_evidence
            or self.handed_in
        )


ACTOR_FR = {"learner": "Candidat", "counterpart": "Interlocuteur", "system": "Système"}


def answer_cells(submission_dir: Path, criteria: set[str]) -> tuple[AnswerCell, ...]:
    import nbformat

    cells = []
    for path in sorted(Path(submission_dir).glob("*/*.ipynb")):
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception:  # noqa: BLE001 - a broken submission is shown as missing, not fatal
            continue
        for cell in nb.cells:
            named = tuple(cell.metadata.get("kamtrain", {}).get("criteria", ()))
            if criteria & set(named):
                grade_id = cell_grade_id(cell) or ""
                cells.append(AnswerCell(path.parent.name, path.stem, grade_id, named, cell.source))
    return tuple(cells)


def simulation_files(submission_dir: Path, criteria: set[str]) -> tuple[SimulationEvidence, ...]:
    from kamlearn.sim.records import attempt_from_dict

    out = []
    for path in sorted(Path(submission_dir).rglob("*.json")):
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(raw, dict) or "attempts" not in raw or "simulator" not in raw:
                continue
            attempts = [attempt_from_dict(a) for a in raw["attempts"]]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if not attempts:
            continue
        last = attempts[-1]
        result = last.result
        named = set() if result is None else set(result.criteria_scores) | set(result.jury_only)
        if not criteria & named:
            continue
        out.append(
            SimulationEvidence(
                file=str(path.relative_to(submission_dir)),
                simulator=str(raw["simulator"]),
                attempts=len(attempts),
                score=None if result is None else result.score,
                criteria_scores=tuple(
                    sorted((k, v) for k, v in (result.criteria_scores if result else {}).items())
                ),
                feedback=() if result is None else result.feedback_fr,
                transcript=tuple(
                    f"{ACTOR_FR.get(m.actor, m.actor)} : {m.text_fr}" for m in last.transcript.moves
                ),
            )
        )
    return tuple(out)


def collect_evidence(
    *,
    course_dir: Path,
    learner: str,
    competency: Competency,
    report=None,
    vae_evidence: str | None = None,
    handed_in=(),
    exam=((), ()),
) -> Evidence:
    """Gather the evidence of one learner for one competency.

    Args:
        course_dir: the cohort folder.
        learner: learner id.
        competency: the competency (from the referential).
        report: a :class:`kamtrain.reporting.criteria.CohortReport` already built, to avoid
            reading the gradebook again for every competency; ``None`` skips autograde.
        vae_evidence: reference of the VAE evidence book, if the learner is a VAE candidate.
        handed_in: work handed in for the competency's épreuve
            (:func:`kamtrain.epreuves.submissions.evidence_for`).
        exam: ``(answers, scores)`` of the candidate's written exam for the competency
            (:func:`kamtrain.epreuves.exam_grade.exam_evidence`).
    """
    criteria = set(competency.criterion_ids)
    submission = Path(course_dir) / "submitted" / learner
    autograde = ()
    answers = answer_cells(submission, criteria) if submission.is_dir() else ()
    if answers:
        from dataclasses import replace

        from kamtrain.markscheme import model_answers

        schemes = model_answers(Path(course_dir))
        answers = tuple(
            replace(a, model_answer=schemes.get((a.assignment, a.notebook, a.grade_id), ""))
            for a in answers
        )
    if report is not None:
        autograde = tuple(
            AutogradeEvidence(s.criterion, s.score, s.max_score, s.proposed_level)
            for s in report.for_learner(learner)
            if s.criterion in criteria
        )
    return Evidence(
        handed_in=tuple(handed_in),
        learner=learner,
        competency=competency.id,
        oral=competency.modality.oral,
        answers=(*exam[0], *answers),
        simulations=simulation_files(submission, criteria) if submission.is_dir() else (),
        autograde=(*exam[1], *autograde),
        vae_evidence=vae_evidence,
    )

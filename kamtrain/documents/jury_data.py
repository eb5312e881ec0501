"""Everything the jury documents show, gathered once into frozen records.

Display names follow the mode: full names, or stable candidate codes in anonymous mode
(:mod:`kamtrain.jury.anonymity`). Nothing here renders; the templates do.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kamlearn.referential.models import Referential
from kamtrain.jury.models import (
    AgreementRow,
    Disagreement,
    FinalLevel,
    JurySession,
    LearnerDecision,
)


@dataclass(frozen=True)
class Candidate:
    id: str
    display: str  # full name, or code in anonymous mode
    code: str
    accommodations: tuple[str, ...]
    #: French sentence on the accommodations ("" when none).
    accommodations_fr: str
    vae_evidence: str | None


@dataclass(frozen=True)
class JuryData:
    cohort: str
    session: JurySession
    anonymous: bool
    referential: Referential
    candidates: tuple[Candidate, ...]
    decisions: tuple[LearnerDecision, ...]
    finals: dict  # (learner, criterion) -> FinalLevel
    disagreements: tuple[Disagreement, ...]
    agreement: tuple[AgreementRow, ...]
    assessors: tuple[str, ...]
    allow_autograde: bool

    def candidate(self, learner: str) -> Candidate:
        return next(c for c in self.candidates if c.id == learner)

    def decision(self, learner: str) -> LearnerDecision:
        return next(d for d in self.decisions if d.learner == learner)

    def level(self, learner: str, criterion: str) -> FinalLevel | None:
        return self.finals.get((learner, criterion))


def accommodations_text(accommodations: tuple[str, ...]) -> str:
    """French description of a candidate's accommodations and their effect on timed tests."""
    from kamlearn.conventions import PITCH_LIMIT_SECONDS, time_factor
    from kamtrain.templating import format_fr

    if not accommodations:
        return ""
    factor = time_factor(accommodations)
    text = "Aménagements : " + ", ".join(accommodations) + "."
    if factor > 1:
        text += (
            f" Durées des épreuves chronométrées multipliées par {format_fr(factor, 2)}"
            f" (pitch : {round(PITCH_LIMIT_SECONDS * factor)} s au lieu de "
            f"{PITCH_LIMIT_SECONDS} s)."
        )
    return text


def gather(
    *,
    course_dir: Path,
    session: str | None = None,
    anonymous: bool = False,
    allow_autograde: bool = False,
) -> JuryData:
    """Decide the session and collect what the PV, result sheets and dashboard show.

    Raises:
        MissingGradesError: some criterion has no final level (see :func:`decide`).
    """
    from kamtrain.jury.anonymity import candidate_codes
    from kamtrain.jury.api import open_context, resolve_session
    from kamtrain.jury.outcome import agreement_rows, decide, final_levels, find_disagreements

    decisions = decide(course_dir=course_dir, session=session, allow_autograde=allow_autograde)
    ctx = open_context(course_dir)
    with ctx.store() as store:
        sess = resolve_session(store, session, create=False, who="")
        finals, _ = final_levels(ctx, store, sess.name)
        current = store.current(session=sess.name)
        recons = store.reconciliations(session=sess.name)
        vae = store.vae()
    codes = candidate_codes(ctx.config.name, [x.id for x in ctx.learners])
    decided = {d.learner for d in decisions}
    candidates = tuple(
        Candidate(
            id=x.id,
            display=codes[x.id] if anonymous else x.full_name,
            code=codes[x.id],
            accommodations=x.accommodations,
            accommodations_fr=accommodations_text(x.accommodations),
            # A file name may carry the candidate's name: masked in anonymous mode.
            vae_evidence=("référence masquée" if anonymous and x.id in vae else vae.get(x.id)),
        )
        for x in ctx.learners
        if x.id in decided
    )
    assessors = tuple(sorted({a.assessor for a in current}))
    return JuryData(
        cohort=ctx.config.name,
        session=sess,
        anonymous=anonymous,
        referential=ctx.referential,
        candidates=candidates,
        decisions=decisions,
        finals=dict(finals),
        disagreements=find_disagreements(ctx, current, recons),
        agreement=agreement_rows(ctx, current),
        assessors=assessors,
        allow_autograde=allow_autograde,
    )


def decided_levels(data: JuryData, learner: str) -> dict[str, int]:
    """criterion -> level used by this session's decision (empty for kept blocks)."""
    return {
        crit: level
        for block in data.decision(learner).blocks
        for comp in block.competencies
        for crit, level in comp.levels
    }


def competency_means(data: JuryData, learner: str) -> list[float | None]:
    """Mean level of each of the 18 competencies (None when not decided this session)."""
    means = {
        comp.competency: comp.mean
        for block in data.decision(learner).blocks
        for comp in block.competencies
    }
    return [means.get(c.id) for c in data.referential.competencies]


__all__ = [
    "Candidate",
    "FinalLevel",
    "JuryData",
    "accommodations_text",
    "competency_means",
    "decided_levels",
    "gather",
]

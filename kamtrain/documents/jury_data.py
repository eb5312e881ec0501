"""Everything the jury documents show, gathered once into frozen records.

Display names follow the mode: full names, or HMAC candidate codes in anonymous mode
(:mod:`kamtrain.jury.anonymity`). In anonymous mode candidates are listed in the order of
their codes, accommodations are never shown and the documents hold no mapping from codes
to learners. Nothing here renders; the templates do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kamlearn.referential.models import Referential
from kamtrain.jury.certification import Certification
from kamtrain.jury.models import (
    AgreementRow,
    Disagreement,
    FinalLevel,
    JurySession,
    LearnerDecision,
    VaeEvidence,
)


@dataclass(frozen=True)
class Candidate:
    id: str
    display: str  # full name, or code in anonymous mode
    code: str
    accommodations: tuple[str, ...]
    #: French sentence on the accommodations ("" when none, and always in anonymous mode).
    accommodations_fr: str
    vae: VaeEvidence | None
    first_name: str = ""
    last_name: str = ""

    @property
    def vae_evidence(self) -> str | None:
        return None if self.vae is None else self.vae.original_name


@dataclass(frozen=True)
class JuryData:
    cohort: str
    session: JurySession
    anonymous: bool
    referential: Referential  # with the session's frozen rules
    certification: Certification
    candidates: tuple[Candidate, ...]  # decided (present), in display order
    absent: tuple[Candidate, ...]
    decisions: tuple[LearnerDecision, ...]
    finals: dict  # (learner, criterion) -> FinalLevel
    disagreements: tuple[Disagreement, ...]
    agreement: tuple[AgreementRow, ...]
    assessors: tuple[str, ...]
    allow_autograde: bool
    generated_at: datetime
    session_dates: dict  # session name -> ISO date, for what is carried over

    @property
    def draft(self) -> bool:
        return not self.session.closed

    def candidate(self, learner: str) -> Candidate:
        return next(c for c in self.candidates if c.id == learner)

    def decision(self, learner: str) -> LearnerDecision:
        return next(d for d in self.decisions if d.learner == learner)

    def level(self, learner: str, criterion: str) -> FinalLevel | None:
        return self.finals.get((learner, criterion))


def accommodations_text(accommodations: tuple[str, ...]) -> str:
    """French description of a candidate's accommodations and their effect on timed tests."""
    from kamlearn.conventions import PITCH_LIMIT_SECONDS, time_factor
    from kamlearn.frenchfmt import number_fr

    if not accommodations:
        return ""
    factor = time_factor(accommodations)
    text = "Aménagements : " + ", ".join(accommodations) + "."
    if factor > 1:
        text += (
            f" Durées des épreuves chronométrées multipliées par {number_fr(factor, 2, trim=True)}"
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
    now: datetime | None = None,
) -> JuryData:
    """Decide the session (or read its sealed decisions) and collect what documents show.

    Raises:
        MissingGradesError: some criterion has no final level (see :func:`decide`).
    """
    from dataclasses import replace

    from kamtrain.jury.anonymity import anonymous_order, cohort_codes
    from kamtrain.jury.api import open_context, resolve_session
    from kamtrain.jury.certification import load_certification
    from kamtrain.jury.outcome import (
        agreement_rows,
        final_levels,
        frozen_rules,
        session_decisions,
        session_disagreements,
    )

    ctx = open_context(course_dir)
    with ctx.store() as store:
        sess = resolve_session(store, session)
        decisions = session_decisions(ctx, store, sess, allow_autograde=allow_autograde)
        finals, _ = final_levels(ctx, store, sess)
        current = store.current(session=sess.name)
        registered = store.candidates(session=sess.name)
        vae = store.vae(session=sess.name)
        disagreements = session_disagreements(ctx, store, sess)
        session_dates = {s.name: s.date for s in store.sessions()}
    codes = cohort_codes(ctx.course_dir, [x.id for x in ctx.learners])
    by_id = {x.id: x for x in ctx.learners}

    def candidate(learner_id: str) -> Candidate:
        x = by_id[learner_id]
        return Candidate(
            id=x.id,
            display=codes[x.id] if anonymous else x.full_name,
            code=codes[x.id],
            accommodations=() if anonymous else x.accommodations,
            accommodations_fr="" if anonymous else accommodations_text(x.accommodations),
            # A file name may carry the candidate's name: only its existence shows when anonymous.
            vae=(
                None
                if x.id not in vae
                else (replace(vae[x.id], original_name="livret déposé") if anonymous else vae[x.id])
            ),
            first_name="" if anonymous else x.first_name,
            last_name="" if anonymous else x.last_name,
        )

    decided = [d.learner for d in decisions]
    order = (
        anonymous_order({lid: codes[lid] for lid in decided})
        if anonymous
        else [x.id for x in ctx.learners if x.id in decided]
    )
    decisions_by_id = {d.learner: d for d in decisions}
    absent_ids = sorted(
        {c.learner for c in registered} - set(decided),
        key=(lambda lid: codes[lid]) if anonymous else (lambda lid: by_id[lid].full_name),
    )
    return JuryData(
        cohort=ctx.config.name,
        session=sess,
        anonymous=anonymous,
        referential=replace(ctx.referential, rules=frozen_rules(ctx, sess)),
        certification=load_certification(Path(ctx.referential.source_dir)),
        candidates=tuple(candidate(lid) for lid in order),
        absent=tuple(candidate(lid) for lid in absent_ids),
        decisions=tuple(decisions_by_id[lid] for lid in order),
        finals=dict(finals),
        disagreements=disagreements,
        agreement=agreement_rows(ctx, current),
        assessors=tuple(sorted({a.assessor for a in current})),
        allow_autograde=allow_autograde,
        generated_at=now or datetime.now().astimezone(),
        session_dates=session_dates,
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


def carried_over_fr(data: JuryData, learner: str) -> list[str]:
    """French lines saying what the candidate keeps from earlier sessions, and from which."""
    from kamlearn.frenchfmt import date_fr

    def origin(name: str) -> str:
        when = data.session_dates.get(name)
        return f"session {name}" + (f" du {date_fr(when)}" if when else "")

    lines = []
    for block in data.decision(learner).blocks:
        if block.kept_from:
            lines.append(
                f"Bloc {block.block} conservé : validé lors de la {origin(block.kept_from)}."
            )
            continue
        for comp in block.competencies:
            if comp.kept_from:
                lines.append(
                    f"Compétence {comp.competency} conservée : acquise lors de la "
                    f"{origin(comp.kept_from)}."
                )
    return lines


def carried_over_short(data: JuryData, learner: str) -> str:
    """« Blocs 1, 3 ; compétences C7, C9 (session S1 du 30 novembre 2026) » or ""."""
    from collections import defaultdict

    from kamlearn.frenchfmt import date_fr

    blocks: dict[str, list[str]] = defaultdict(list)
    comps: dict[str, list[str]] = defaultdict(list)
    for block in data.decision(learner).blocks:
        if block.kept_from:
            blocks[block.kept_from].append(str(block.block))
        for comp in block.competencies:
            if comp.kept_from:
                comps[comp.kept_from].append(comp.competency)
    parts = []
    for name in sorted(set(blocks) | set(comps)):
        what = []
        if blocks[name]:
            what.append(("Blocs " if len(blocks[name]) > 1 else "Bloc ") + ", ".join(blocks[name]))
        if comps[name]:
            what.append(
                ("compétences " if len(comps[name]) > 1 else "compétence ") + ", ".join(comps[name])
            )
        when = data.session_dates.get(name)
        parts.append(
            " ; ".join(what) + f" (session {name}" + (f" du {date_fr(when)})" if when else ")")
        )
    return ". ".join(parts)


__all__ = [
    "Candidate",
    "FinalLevel",
    "JuryData",
    "accommodations_text",
    "carried_over_fr",
    "carried_over_short",
    "competency_means",
    "decided_levels",
    "gather",
]

"""Decisions as pure functions of the rules in ``rubrics/rules.yml`` and the final levels.

A competency is acquired from its criterion levels (:meth:`Rules.competency_acquired`), a
block is validated when all its competencies are (:meth:`Rules.block_validated`, no
compensation between blocks), and the certification is awarded when the required blocks
are validated. A block validated in an earlier session is kept for a resit when
``keep_validated_blocks`` is true and it is younger than ``validity_years``; so is an acquired
competency when ``keep_acquired_competencies`` is true. A resit candidate is assessed only on
what is still missing. Every decision carries its reasons in French, for the procès-verbal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from kamlearn.errors import JuryError, MissingGradesError
from kamlearn.frenchfmt import date_fr
from kamlearn.referential.models import Competency, Referential, Rules
from kamtrain.jury.models import (
    BlockDecision,
    CompetencyDecision,
    JurySession,
    LearnerDecision,
)


@dataclass(frozen=True)
class PriorBlock:
    """A block validated in an earlier session."""

    block: int
    session: str
    date: str


@dataclass(frozen=True)
class PriorCompetency:
    """A competency acquired in an earlier session."""

    competency: str
    session: str
    date: str


def fr_number(value: float) -> str:
    """2.25 -> "2,25"; 2.0 -> "2"."""
    from kamlearn.frenchfmt import number_fr

    return number_fr(value, 2, trim=True)


def missing_criteria(competency: Competency, levels: Mapping[str, int]) -> list[str]:
    return [c for c in competency.criterion_ids if c not in levels]


def decide_competency(
    competency: Competency, levels: Mapping[str, int], rules: Rules
) -> CompetencyDecision:
    """Whether ``competency`` is acquired from the levels of its criteria.

    Raises:
        MissingGradesError: a criterion of the competency has no level.
    """
    missing = missing_criteria(competency, levels)
    if missing:
        raise MissingGradesError(missing)
    pairs = tuple((c, int(levels[c])) for c in competency.criterion_ids)
    values = [v for _, v in pairs]
    mean = sum(values) / len(values)
    acquired = rules.competency_acquired(values)
    reasons = []
    mean_ok = sum(values) >= rules.min_mean_level * len(values) - 1e-9
    low = [c for c, v in pairs if v < rules.min_level_each_criterion]
    if mean_ok:
        reasons.append(
            f"Moyenne des critères {fr_number(mean)} ≥ {fr_number(rules.min_mean_level)}."
        )
    else:
        reasons.append(
            f"Moyenne des critères {fr_number(mean)} < {fr_number(rules.min_mean_level)} requis."
        )
    if low:
        reasons.append(
            f"Critère(s) {', '.join(low)} sous le niveau minimal {rules.min_level_each_criterion}."
        )
    reasons.append(f"Compétence {competency.id} {'acquise' if acquired else 'non acquise'}.")
    return CompetencyDecision(
        competency=competency.id,
        block=competency.block_id,
        acquired=acquired,
        levels=pairs,
        mean=mean,
        reasons=tuple(reasons),
    )


def block_still_valid(prior, session_date: str, rules: Rules) -> bool:
    """Whether a block validated on ``prior.date`` is still acquired on ``session_date``."""
    if not rules.keep_validated_blocks:
        return False
    return still_valid(prior, session_date, rules)


def still_valid(prior, session_date: str, rules: Rules) -> bool:
    """Whether something acquired on ``prior.date`` is within ``validity_years`` on
    ``session_date``."""
    start, end = date.fromisoformat(prior.date), date.fromisoformat(session_date)
    try:
        limit = start.replace(year=start.year + rules.validity_years)
    except ValueError:  # 29 February
        limit = start.replace(year=start.year + rules.validity_years, day=28)
    return start <= end <= limit


def decide_learner(
    *,
    learner: str,
    referential: Referential,
    levels: Mapping[str, int],
    session: JurySession,
    prior: Sequence[PriorBlock] = (),
    prior_competencies: Sequence[PriorCompetency] = (),
) -> LearnerDecision:
    """Decide every competency and block of one learner, and the certification.

    Args:
        learner: learner id (or anonymous code) the decision is about.
        referential: blocks, competencies and rules.
        levels: criterion id -> final level for this session.
        session: the jury session deciding.
        prior: blocks validated in earlier sessions (used for resits).
        prior_competencies: competencies acquired in earlier sessions.

    Raises:
        MissingGradesError: a criterion of a block to decide has no level (all listed).
        JuryError: the rules ask for something this engine does not implement.
    """
    rules = referential.rules
    if rules.compensation_between_blocks:
        raise JuryError(
            "rules.yml sets compensation_between_blocks: true, which the certification "
            "does not define; this engine only decides blocks independently."
        )
    kept = {}
    for p in sorted(prior, key=lambda p: p.date, reverse=True):
        if p.block not in kept and block_still_valid(p, session.date, rules):
            kept[p.block] = p
    kept_comps = {}
    if rules.keep_acquired_competencies:
        for p in sorted(prior_competencies, key=lambda p: p.date, reverse=True):
            if p.competency not in kept_comps and still_valid(p, session.date, rules):
                kept_comps[p.competency] = p
    missing = [
        f"{learner}:{c}"
        for block in referential.blocks
        if block.id not in kept
        for comp in block.competencies
        if comp.id not in kept_comps
        for c in missing_criteria(comp, levels)
    ]
    if missing:
        raise MissingGradesError(missing)
    blocks = []
    for block in referential.blocks:
        if block.id in kept:
            p = kept[block.id]
            blocks.append(
                BlockDecision(
                    block=block.id,
                    validated=True,
                    competencies=(),
                    reasons=(
                        f"Bloc {block.id} conservé : validé lors de la session {p.session} "
                        f"du {date_fr(p.date)} (validité {rules.validity_years} ans).",
                    ),
                    kept_from=p.session,
                )
            )
            continue
        comps = tuple(
            _kept_competency(c, kept_comps[c.id], rules)
            if c.id in kept_comps
            else decide_competency(c, levels, rules)
            for c in block.competencies
        )
        validated = rules.block_validated(d.acquired for d in comps)
        failed = [d.competency for d in comps if not d.acquired]
        if validated:
            reasons = (f"Bloc {block.id} validé : toutes ses compétences sont acquises.",)
        else:
            reasons = (
                f"Bloc {block.id} non validé : {', '.join(failed)} non acquise(s).",
                "Pas de compensation entre compétences ni entre blocs"
                + (
                    f" ; les compétences acquises restent acquises {rules.validity_years} ans."
                    if rules.keep_acquired_competencies
                    else "."
                ),
            )
        expired = [p for p in prior if p.block == block.id]
        if expired and rules.keep_validated_blocks:
            reasons += (
                f"Validation antérieure du bloc {block.id} ({expired[-1].session}, "
                f"{date_fr(expired[-1].date)}) échue après {rules.validity_years} ans.",
            )
        blocks.append(BlockDecision(block.id, validated, comps, reasons))
    validated_ids = [b.block for b in blocks if b.validated]
    awarded = rules.certification_awarded(validated_ids)
    required = ", ".join(str(b) for b in rules.certification_requires_blocks)
    if awarded:
        reasons = (f"Certification obtenue : blocs {required} validés.",)
    else:
        lacking = [b for b in rules.certification_requires_blocks if b not in validated_ids]
        kept_text = ", ".join(str(b) for b in validated_ids) or "aucun"
        kept_label = (
            "Blocs acquis (conservés pour une session ultérieure)"
            if rules.keep_validated_blocks
            else "Blocs validés lors de cette session"
        )
        reasons = (
            "Certification non obtenue : bloc(s) "
            + ", ".join(str(b) for b in lacking)
            + " non validé(s).",
            f"{kept_label} : {kept_text}.",
        )
    return LearnerDecision(learner, session.name, awarded, tuple(blocks), reasons)


def _kept_competency(competency: Competency, prior: PriorCompetency, rules: Rules):
    return CompetencyDecision(
        competency=competency.id,
        block=competency.block_id,
        acquired=True,
        levels=(),
        mean=None,
        reasons=(
            f"Compétence {competency.id} conservée : acquise lors de la session {prior.session} "
            f"du {date_fr(prior.date)} (validité {rules.validity_years} ans).",
        ),
        kept_from=prior.session,
    )

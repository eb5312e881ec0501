"""Attestations of block validation, for candidates who validated some blocks but not all."""

from __future__ import annotations

from kamtrain.documents.jury_data import JuryData


def needs_attestation(data: JuryData, learner: str) -> bool:
    decision = data.decision(learner)
    return bool(decision.validated_blocks) and not decision.awarded


def render_attestation(data: JuryData, learner: str) -> str:
    from kamlearn.frenchfmt import date_fr
    from kamtrain.templating import render_template

    decision = data.decision(learner)
    validated = [(b, data.referential.block(b.block)) for b in decision.blocks if b.validated]
    return render_template(
        "jury_attestation.html.j2",
        data=data,
        cand=data.candidate(learner),
        cert=data.certification,
        rules=data.referential.rules,
        validated=validated,
        session_date_fr=date_fr(data.session.date),
    )

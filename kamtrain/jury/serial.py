"""Decisions to and from plain data (the JSON sealed with a closed session)."""

from __future__ import annotations

from dataclasses import asdict

from kamtrain.jury.models import BlockDecision, CompetencyDecision, LearnerDecision


def decision_to_data(decision: LearnerDecision) -> dict:
    return asdict(decision)


def decision_from_data(data: dict) -> LearnerDecision:
    blocks = tuple(
        BlockDecision(
            block=b["block"],
            validated=b["validated"],
            competencies=tuple(
                CompetencyDecision(
                    competency=c["competency"],
                    block=c["block"],
                    acquired=c["acquired"],
                    levels=tuple((k, v) for k, v in c["levels"]),
                    mean=c["mean"],
                    reasons=tuple(c["reasons"]),
                    kept_from=c.get("kept_from"),
                )
                for c in b["competencies"]
            ),
            reasons=tuple(b["reasons"]),
            kept_from=b.get("kept_from"),
        )
        for b in data["blocks"]
    )
    return LearnerDecision(
        learner=data["learner"],
        session=data["session"],
        awarded=data["awarded"],
        blocks=blocks,
        reasons=tuple(data["reasons"]),
    )

"""C17 answers: idea scores and quadrants, the order of the codev and design-thinking steps."""

from __future__ import annotations

from typing import Any

from kamlearn.cases.c17_design_thinking import THRESHOLD

#: The codev protocol (Payette & Champagne), in order.
CODEV_ORDER = (
    "Exposé de la problématique par le client",
    "Questions de clarification des consultants",
    "Contrat : le client reformule sa demande",
    "Réactions, commentaires et suggestions des consultants",
    "Synthèse et plan d'action du client",
    "Conclusion : apprentissages de chacun",
)
#: The design-thinking phases, in order.
DESIGN_THINKING_ORDER = ("Empathie", "Définition du problème", "Idéation", "Prototypage", "Test")


def quadrant(impact: float, feasibility: float, threshold: float = THRESHOLD) -> str:
    """2×2 matrix quadrant (thresholds inclusive: a mean of 3 is « fort »)."""
    high_i, high_f = impact >= threshold, feasibility >= threshold
    if high_i and high_f:
        return "prioritaire"
    if high_i:
        return "projet majeur"
    if high_f:
        return "petit gain"
    return "à écarter"


def _order(catalogue: dict[str, str], steps: tuple[str, ...]) -> list[str]:
    code_of = {step: code for code, step in catalogue.items()}
    return [code_of[s] for s in steps]


def compute_expected(case) -> dict[str, Any]:
    d = case.data
    means = d["votes"].groupby("id_idee")[["impact", "faisabilite"]].mean()
    ideas = d["idees"].set_index("id_idee").join(means)
    w = d["ponderations"]
    score = (
        w["impact"] * ideas["impact"]
        + w["faisabilite"] * ideas["faisabilite"]
        + w["alignement_rse"] * ideas["alignement_rse"]
    )
    score = score.round(2)
    ranked = sorted(score.items(), key=lambda kv: (-kv[1], kv[0]))
    equal = (ideas["impact"] + ideas["faisabilite"] + ideas["alignement_rse"]) / 3
    return {
        "impact_moyen": {k: round(float(v), 2) for k, v in ideas["impact"].items()},
        "faisabilite_moyenne": {k: round(float(v), 2) for k, v in ideas["faisabilite"].items()},
        "score_pondere": {k: float(v) for k, v in score.items()},
        "score_non_pondere": {k: round(float(v), 2) for k, v in equal.items()},
        "quadrant": {k: quadrant(r["impact"], r["faisabilite"]) for k, r in ideas.iterrows()},
        "top_idees": [k for k, _ in ranked[:3]],
        "ordre_codev": _order(d["etapes_codev"], CODEV_ORDER),
        "ordre_design_thinking": _order(d["etapes_design_thinking"], DESIGN_THINKING_ORDER),
    }

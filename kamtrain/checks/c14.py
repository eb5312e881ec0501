"""Checks of the negotiation notebook, C14 part: CRAC, DESC, questions, and the listening
and difficult-situation scores of the simulated negotiation."""

from __future__ import annotations

from kamtrain.checks import kit
from kamtrain.checks.c13 import check_classification, replay_result

CASE = "c13_negociation"


def check_crac(ns, case) -> kit.CheckResult:
    allowed = ("creuser", "reformuler", "argumenter", "controler")
    return check_classification(ns, case, "c14.crac", "crac", "crac", allowed)


def check_desc(ns, case) -> kit.CheckResult:
    allowed = ("decrire", "exprimer", "specifier", "consequences")
    return check_classification(ns, case, "c14.desc", "desc", "desc_tri", allowed)


def check_questions(ns, case) -> kit.CheckResult:
    allowed = ("ouverte", "fermee", "orientee", "reformulation")
    return check_classification(ns, case, "c14.questions", "questions", "questions", allowed)


def check_ecoute(ns, case) -> kit.CheckResult:
    item = "c14.ecoute"
    result, error = replay_result(ns, case, item)
    if error:
        return error
    score = result.criteria_scores.get("C14.1", 0.0)
    if score >= 1:
        return kit.CheckResult(
            item,
            1.0,
            ("Questions ouvertes et reformulation : l'écoute active est au rendez-vous.",),
        )
    return kit.CheckResult(
        item,
        round(score, 4),
        ("Posez au moins deux questions ouvertes et reformulez (« si je comprends bien… »).",),
    )


def check_situations(ns, case) -> kit.CheckResult:
    item = "c14.situations"
    result, error = replay_result(ns, case, item)
    if error:
        return error
    scores = result.criteria_scores
    parts = {k: scores[k] for k in ("C14.2", "C14.3", "C14.5") if k in scores}
    fraction = sum(parts.values()) / len(parts)
    messages = []
    if parts.get("C14.2", 1) < 1:
        messages.append(
            "Objections pas toutes levées : Creuser, Reformuler, Argumenter, Contrôler."
        )
    if parts.get("C14.3", 1) < 1:
        messages.append("Provocation mal recadrée : Décrire, Exprimer, Spécifier, Conséquences.")
    if parts.get("C14.5", 1) < 1:
        messages.append(
            "Émotions à mieux maîtriser : pas d'éclat, pas de baisse de prix sous la pression."
        )
    if not messages:
        messages.append("Objections levées, provocations recadrées, émotions maîtrisées.")
    return kit.CheckResult(item, round(fraction, 4), tuple(messages))


ITEMS = {
    "crac": check_crac,
    "desc": check_desc,
    "questions": check_questions,
    "ecoute": check_ecoute,
    "situations": check_situations,
}

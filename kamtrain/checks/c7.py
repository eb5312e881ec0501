"""Checks of the discovery interview (C7): SPIN and SONCAS in a transcript, the question
plan, and the simulated interview (replayed with the learner's trusted seed)."""

from __future__ import annotations

from kamtrain.checks import kit

CASE = "c7_decouverte"
PLAN_MIN_QUESTIONS = 8

spin_code = kit.code_reader(
    {
        "S": ("situation",),
        "P": ("probleme", "problem"),
        "I": ("implication",),
        "N": ("need payoff", "need"),
    }
)
soncas_code = kit.code_reader(
    {
        "S": ("securite",),
        "O": ("orgueil",),
        "N": ("nouveaute",),
        "C": ("confort",),
        "A": ("argent",),
        "Sy": ("sympathie",),
    }
)


def check_spin_questions(ns, case) -> kit.CheckResult:
    return kit.score_labels(
        "c7.spin_questions", ns, "spin_questions", case.expected["spin_questions"], canon=spin_code
    )


def check_soncas_motifs(ns, case) -> kit.CheckResult:
    return kit.score_labels(
        "c7.soncas_motifs", ns, "soncas_motifs", case.expected["soncas_motifs"], canon=soncas_code
    )


def check_motif_dominant(ns, case) -> kit.CheckResult:
    item = "c7.motif_dominant"
    value = kit.answer(ns, "motif_dominant")
    if value is kit.MISSING:
        return kit.missing_result(item, "motif_dominant")
    code = soncas_code(value)
    if code is None:
        return kit.CheckResult(
            item, 0.0, ("Motif non reconnu : utilisez un code SONCAS (S, O, N, C, A, Sy).",)
        )
    counts = case.expected["effectifs_soncas"]
    if code == case.expected["motif_dominant"]:
        return kit.CheckResult(item, 1.0, ("C'est bien le motif d'achat dominant.",))
    if counts.get(code, 0) >= 2:
        return kit.CheckResult(
            item, 0.3, ("Ce motif est présent, mais un autre revient plus souvent.",)
        )
    return kit.CheckResult(
        item,
        0.0,
        ("Ce n'est pas le motif dominant : comptez les motifs de vos réponses classées.",),
    )


def check_fig_soncas(ns, case) -> kit.CheckResult:
    return kit.score_series_bars(
        "c7.fig_soncas",
        ns,
        "fig_soncas",
        case.expected["effectifs_soncas"].values(),
        what="le nombre de réponses par motif SONCAS",
        tol=0.01,
        rel_tol=0.01,
    )


def check_plan_questions(ns, case) -> kit.CheckResult:
    """Score a question plan with the simulator's own recognisers (SPIN type, form)."""
    from kamlearn.sim import textmatch as tm

    item = "c7.plan_questions"
    value = kit.answer(ns, "plan_questions")
    if value is kit.MISSING:
        return kit.missing_result(item, "plan_questions")
    if isinstance(value, str) or not hasattr(value, "__iter__"):
        return kit.CheckResult(
            item,
            0.0,
            ("`plan_questions` doit être une liste de questions (chaînes de caractères).",),
        )
    questions = [str(q).strip() for q in value if str(q).strip()]
    if not questions:
        return kit.CheckResult(item, 0.0, ("Votre plan ne contient aucune question.",))
    types = [tm.spin_type(q) for q in questions]
    forms = [tm.question_form(q) for q in questions]
    used = [k for k in tm.SPIN_TYPES if k in types]
    first = {k: types.index(k) for k in used}
    pairs = [(a, b) for i, a in enumerate(used) for b in used[i + 1 :]]
    order = sum(first[a] < first[b] for a, b in pairs) / len(pairs) if pairs else 0.0
    open_share = forms.count("open") / len(forms)
    fraction = (
        0.2 * min(1.0, len(questions) / PLAN_MIN_QUESTIONS)
        + 0.3 * len(used) / 4
        + 0.2 * order
        + 0.3 * max(0.0, open_share - 0.1 * forms.count("leading"))
    )
    messages = []
    if len(questions) < PLAN_MIN_QUESTIONS:
        messages.append(f"Plan trop court : prévoyez au moins {PLAN_MIN_QUESTIONS} questions.")
    if len(used) < 4:
        absent = [tm.SPIN_LABELS_FR[k] for k in tm.SPIN_TYPES if k not in used]
        messages.append("Types SPIN non reconnus dans votre plan : " + ", ".join(absent) + ".")
    if order < 1:
        messages.append("Suivez l'ordre Situation → Problème → Implication → Need-payoff.")
    if forms.count("closed"):
        messages.append(
            f"{forms.count('closed')} question(s) fermée(s) : reformulez-les en questions ouvertes."
        )
    if forms.count("leading"):
        messages.append(
            f"{forms.count('leading')} question(s) orientée(s) : elles induisent la réponse."
        )
    if not messages:
        messages.append("Plan de questionnement complet, ordonné et ouvert.")
    return kit.CheckResult(item, round(min(1.0, fraction), 4), tuple(messages))


def check_entretien_simule(ns, case) -> kit.CheckResult:
    """Replay the learner's moves on a fresh engine built from the trusted seed."""
    from kamlearn.errors import SimulationError
    from kamlearn.sim.interview import InterviewEngine

    item = "c7.entretien_simule"
    engine, error = kit.read_engine(
        ns,
        item,
        "entretien",
        calls=("transcript",),
        what="le moteur d'entretien créé dans l'énoncé",
    )
    if error:
        return error
    data = case.data
    fresh = InterviewEngine(data["persona_simulateur"], data["graine_simulateur"])
    try:
        moves = engine.transcript().learner_moves()
        for move in moves:
            getattr(fresh, move.kind)(**move.data)
    except (SimulationError, TypeError, AttributeError, ValueError):
        return kit.CheckResult(
            item,
            0.0,
            ("Votre entretien ne peut pas être rejoué : recréez le moteur et rejouez vos coups.",),
        )
    if not moves:
        return kit.CheckResult(
            item, 0.0, ("Aucun coup joué : ouvrez, questionnez puis concluez l'entretien.",)
        )
    outcome = fresh.result()
    return kit.simulation_result(
        item,
        outcome,
        headline="Score de l'entretien simulé",
        weight=0.8,
        rest=0.2 * (1.0 if fresh.ended else 0.0),
        skip="Restés cachés",
        more=[f"{len(outcome.missed_fr)} élément(s) du client sont restés cachés."]
        if outcome.missed_fr
        else [],
    )


ITEMS = {
    "spin_questions": check_spin_questions,
    "soncas_motifs": check_soncas_motifs,
    "motif_dominant": check_motif_dominant,
    "fig_soncas": check_fig_soncas,
    "plan_questions": check_plan_questions,
    "entretien_simule": check_entretien_simule,
}

"""Checks of the pitch (C8): word count, estimated time, a timed rehearsal, and the pitch
itself analysed by the pitch timer (structure, images, hook)."""

from __future__ import annotations

from kamlearn import conventions as conv
from kamtrain.checks import kit

CASE = "c8_pitch"


def _pitch_text(ns):
    text = kit.answer(ns, "pitch")
    return text if isinstance(text, str) and text.strip() else None


def check_nb_mots(ns, case) -> kit.CheckResult:
    from kamlearn.sim import textmatch as tm

    item = "c8.nb_mots"
    text = _pitch_text(ns)
    if text is None:
        return kit.CheckResult(
            item,
            0.0,
            ("Écrivez d'abord votre pitch dans la variable `pitch` (une chaîne de caractères).",),
        )
    value = kit.answer(ns, "nb_mots")
    if value is kit.MISSING:
        return kit.missing_result(item, "nb_mots")
    number = kit.as_number(value)
    if number is None:
        return kit.CheckResult(item, 0.0, ("`nb_mots` doit être un nombre entier.",))
    counts = (len(tm.words(text)), len(text.split()))
    if any(abs(number - c) <= 1 for c in counts):
        return kit.CheckResult(item, 1.0, ("Nombre de mots correct.",))
    if any(abs(number - c) <= 0.1 * c for c in counts):
        return kit.CheckResult(
            item,
            0.5,
            (
                "Compte approximatif : comptez les mots séparés par des espaces (`len(pitch.split())`).",
            ),
        )
    if number == len(text):
        return kit.CheckResult(item, 0.1, ("Vous avez compté les caractères, pas les mots.",))
    return kit.CheckResult(item, 0.0, ("Nombre de mots incorrect pour votre pitch.",))


def check_duree_estimee_s(ns, case) -> kit.CheckResult:
    item = "c8.duree_estimee_s"
    words = kit.as_number(kit.answer(ns, "nb_mots"))
    if words is None:
        return kit.CheckResult(item, 0.0, ("Calculez d'abord `nb_mots`.",))
    expected = words / conv.PITCH_WORDS_PER_MINUTE * 60
    return kit.score_number(
        item,
        ns,
        "duree_estimee_s",
        expected,
        rel_tol=0.0,
        mistakes=(
            kit.Mistake(expected / 60, 0.5, "Résultat en minutes : exprimez la durée en secondes."),
            kit.Mistake(
                words / conv.PITCH_WORDS_PER_MINUTE,
                0.5,
                "Résultat en minutes : exprimez la durée en secondes.",
            ),
        ),
        near_message="Presque : durée = nombre de mots / débit (mots par minute) × 60.",
        tol=1.0,
        what="en secondes",
    )


def check_depassements(ns, case) -> kit.CheckResult:
    def canon(value):
        label = kit.normalise_label(value)
        names = {kit.normalise_label(n): n for n in case.data["repetition"]["collegue"]}
        return names.get(label)

    result = kit.score_item(
        kit.score_set, "c8.depassements", ns, case, canon=canon, what="collègues hors délai"
    )
    given = kit.answer(ns, "depassements")
    if result.fraction < 1 and given is not kit.MISSING and not isinstance(given, str):
        names = {canon(v) for v in given} - {None}
        if names == set(case.expected["depassements_sans_amenagement"]):
            return kit.CheckResult(
                result.item,
                min(result.fraction, 0.5),
                (
                    "Vous avez appliqué la limite de base à tous : le tiers-temps allonge la limite de certains collègues.",
                ),
            )
    return result


def check_fig_repetition(ns, case) -> kit.CheckResult:
    return kit.score_series_bars(
        "c8.fig_repetition",
        ns,
        "fig_repetition",
        case.expected["duree_estimee"].values(),
        rel_tol=0.0,
        what="la durée estimée (en secondes) de chaque collègue",
        tol=1.0,
    )


def check_pitch_chronometre(ns, case) -> kit.CheckResult:
    """Re-analyse the pitch given to the timer with the trusted limit and brief."""
    from kamlearn.sim.pitch import analyse_pitch

    item = "c8.pitch_chronometre"
    engine, error = kit.read_engine(
        ns, item, "chrono", calls=("transcript",), what="le chronomètre de pitch créé dans l'énoncé"
    )
    if error:
        return error
    stops = [m for m in engine.transcript().learner_moves() if m.kind == "stop"]
    if not stops or not str(stops[-1].data.get("text", "")).strip():
        return kit.CheckResult(
            item, 0.0, ("Le chronomètre n'a pas été arrêté avec le texte de votre pitch.",)
        )
    text = str(stops[-1].data["text"])
    # The learner's own accommodation (from learners.csv, passed by the grader) sets the limit.
    limit = conv.PITCH_LIMIT_SECONDS * conv.time_factor(case.identity.accommodations)
    result = analyse_pitch(text, limit_s=limit, brief_fr=case.data["brief"])
    fiche = case.data["fiche"]
    concrete = any(
        str(v) in text
        for v in (fiche["reference_client"], f"{fiche['gain_pct']}", f"{fiche['pannes_evitees']}")
    )
    return kit.simulation_result(
        item,
        result,
        headline="Analyse du pitch",
        weight=0.85,
        rest=0.15 * concrete,
        skip="C8.4",
        more=[]
        if concrete
        else [
            "C8.1 : rendez le pitch concret avec votre cas client (nom, chiffre clé de la fiche)."
        ],
    )


ITEMS = {
    "nb_mots": check_nb_mots,
    "duree_estimee_s": check_duree_estimee_s,
    "depassements": check_depassements,
    "fig_repetition": check_fig_repetition,
    "pitch_chronometre": check_pitch_chronometre,
}

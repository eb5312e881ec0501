"""Checks of the satisfaction exercises (C6): NPS, segments, distribution plot."""

from __future__ import annotations

from kamtrain.checks.answers import read_mapping
from kamtrain.checks.core import (
    MISSING,
    CheckResult,
    answer,
    as_number,
    close,
    missing_result,
    normalise_label,
)

CASE = "c6_satisfaction"
TOLERANCE = 0.15  # points of NPS: allows rounding to one decimal


def _nps_with_bands(scores, promoters, detractors) -> float:
    s = list(scores)
    return round(
        (sum(x in promoters for x in s) - sum(x in detractors for x in s)) / len(s) * 100, 1
    )


def check_nps_global(ns, case) -> CheckResult:
    item = "c6.nps_global"
    value = answer(ns, "nps_global")
    if value is MISSING:
        return missing_result(item, "nps_global")
    number = as_number(value)
    if number is None:
        return CheckResult(
            item, 0.0, ("`nps_global` doit être un nombre (en points, de −100 à +100).",)
        )
    expected = case.expected["nps_global"]
    if close(number, expected, TOLERANCE):
        return CheckResult(item, 1.0, ("NPS global correct.",))
    if close(number * 100, expected, TOLERANCE):
        return CheckResult(
            item,
            0.5,
            (
                "Le calcul est juste mais exprimé en fraction : le NPS s'exprime en points, de −100 à +100.",
            ),
        )
    scores = case.data["enquete"]["score_recommandation"]
    for promoters, detractors in ((range(7, 11), range(0, 7)), (range(9, 11), range(0, 6))):
        if close(number, _nps_with_bands(scores, promoters, detractors), TOLERANCE):
            return CheckResult(
                item,
                0.25,
                (
                    "Les bornes des catégories sont fausses : détracteurs 0–6, passifs 7–8, promoteurs 9–10.",
                ),
            )
    if close(number, expected, 2.0):
        return CheckResult(
            item,
            0.5,
            ("Valeur proche mais inexacte : vérifiez le dénominateur (tous les répondants).",),
        )
    return CheckResult(
        item,
        0.0,
        (
            "NPS incorrect : NPS = % de promoteurs (9–10) − % de détracteurs (0–6), sur tous les répondants.",
        ),
    )


def check_nps_par_site(ns, case) -> CheckResult:
    item = "c6.nps_par_site"
    mapping, error = read_mapping(ns, item, "nps_par_site", shape="site → NPS")
    if error:
        return error
    expected = case.expected["nps_par_site"]
    wrong = []
    for site, nps in expected.items():
        got = as_number(mapping.get(normalise_label(site)))
        if got is None or not close(got, nps, TOLERANCE):
            wrong.append(site)
    fraction = round((len(expected) - len(wrong)) / len(expected), 4)
    if not wrong:
        return CheckResult(item, 1.0, ("NPS correct pour chaque site.",))
    missing = [s for s in expected if normalise_label(s) not in mapping]
    messages = [f"{len(expected) - len(wrong)} site(s) sur {len(expected)} correct(s)."]
    if missing:
        messages.append("Sites absents de votre réponse : " + ", ".join(missing) + ".")
    else:
        messages.append("À revoir pour : " + ", ".join(wrong) + ".")
    return CheckResult(item, fraction, tuple(messages))


def check_site_le_plus_faible(ns, case) -> CheckResult:
    item = "c6.site_le_plus_faible"
    value = answer(ns, "site_le_plus_faible")
    if value is MISSING:
        return missing_result(item, "site_le_plus_faible")
    expected = case.expected["site_le_plus_faible"]
    if normalise_label(value) == normalise_label(expected):
        return CheckResult(item, 1.0, ("C'est bien le site au NPS le plus faible.",))
    df = case.data["enquete"]
    by_mean = df.groupby("site")["score_recommandation"].mean().idxmin()
    if normalise_label(value) == normalise_label(by_mean):
        return CheckResult(
            item,
            0.5,
            (
                "Ce site a la note moyenne la plus basse, mais le segment à cibler est celui au NPS le plus faible.",
            ),
        )
    return CheckResult(
        item, 0.0, ("Ce n'est pas le site au NPS le plus faible : comparez vos NPS par site.",)
    )


def check_fig_distribution(ns, case) -> CheckResult:
    item = "c6.fig_distribution"
    fig = answer(ns, "fig_distribution")
    if fig is MISSING:
        return missing_result(item, "fig_distribution")
    axes = getattr(fig, "axes", None)
    if not axes:
        return CheckResult(
            item,
            0.0,
            ("`fig_distribution` doit être une figure matplotlib (fig, ax = plt.subplots()).",),
        )
    ax = axes[0]
    counts = case.expected["repartition_scores"]
    heights = sorted(round(p.get_height()) for p in ax.patches if p.get_height() > 0)
    expected_heights = sorted(v for v in counts.values() if v > 0)
    points, messages = 0.0, []
    if heights == expected_heights:
        points += 0.6
        messages.append("Les barres représentent bien le nombre de répondants par note.")
    elif heights:
        points += 0.2
        messages.append(
            "Les barres ne correspondent pas au nombre de répondants par note (0 à 10)."
        )
    else:
        messages.append("Aucune barre trouvée : utilisez ax.bar(...) ou Series.plot.bar(ax=ax).")
    if ax.get_title().strip():
        points += 0.2
    else:
        messages.append("Ajoutez un titre au graphique.")
    if ax.get_xlabel().strip() and ax.get_ylabel().strip():
        points += 0.2
    else:
        messages.append("Nommez les deux axes.")
    return CheckResult(item, round(points, 4), tuple(messages))


ITEMS = {
    "nps_global": check_nps_global,
    "nps_par_site": check_nps_par_site,
    "site_le_plus_faible": check_site_le_plus_faible,
    "fig_distribution": check_fig_distribution,
}

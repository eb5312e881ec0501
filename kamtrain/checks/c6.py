"""Checks of the satisfaction exercises (C6): NPS, segments, distribution plot."""

from __future__ import annotations

import contextlib

from kamtrain.checks.answers import read_mapping, within
from kamtrain.checks.core import (
    MISSING,
    CheckResult,
    answer,
    as_number,
    missing_result,
    normalise_label,
)
from kamtrain.checks.figures import figure_axes, labels_score
from kamtrain.checks.scoring import score_number

CASE = "c6_satisfaction"
TOLERANCE = 0.06  # points of NPS: an unrounded value is within 0.05 of its one-decimal rounding


def _nps_with_bands(scores, promoters, detractors) -> float:
    s = list(scores)
    return round(
        (sum(x in promoters for x in s) - sum(x in detractors for x in s)) / len(s) * 100, 1
    )


#: Recognised mistakes on the NPS bands: (promoters, detractors, credit, hint). The credit
#: is the same for every learner; tests/test_checks_teach.py checks it over 50 variants.
BAND_MISTAKES = (
    (
        range(8, 11),
        range(0, 7),
        0.25,
        "Vous avez compté les 8 parmi les promoteurs : les promoteurs sont les notes 9 et 10 "
        "seulement (7 et 8 sont des passifs).",
    ),
    (
        range(7, 11),
        range(0, 7),
        0.25,
        "Vous avez compté les passifs (7 et 8) parmi les promoteurs : promoteurs = 9 et 10.",
    ),
    (
        range(9, 11),
        range(0, 8),
        0.25,
        "Vous avez compté les 7 parmi les détracteurs : les détracteurs sont les notes 0 à 6.",
    ),
    (
        range(9, 11),
        range(0, 6),
        0.25,
        "Vous avez oublié les 6 parmi les détracteurs : les détracteurs vont de 0 à 6 inclus.",
    ),
)
FRACTION_CREDIT, ROUNDING_CREDIT = 0.5, 0.75


def check_nps_global(ns, case) -> CheckResult:
    item = "c6.nps_global"
    if isinstance(answer(ns, "nps_global"), str):
        return CheckResult(
            item, 0.0, ("`nps_global` doit être un nombre, pas un texte entre guillemets.",)
        )
    expected = case.expected["nps_global"]
    scores = case.data["enquete"]["score_recommandation"]

    def diagnose(number):
        if number == round(number) and abs(number - expected) < 1:
            return (
                ROUNDING_CREDIT,
                "Calcul juste, mais arrondi à l'unité : gardez une décimale (`round(x, 1)`).",
            )
        for promoters, detractors, credit, hint in BAND_MISTAKES:
            wrong = _nps_with_bands(scores, promoters, detractors)
            if not within(wrong, expected, tol=TOLERANCE) and within(number, wrong, tol=TOLERANCE):
                return credit, hint
        return None

    return score_number(
        item,
        ns,
        "nps_global",
        expected,
        what="en points, de −100 à +100",
        tol=TOLERANCE,
        percent=True,
        diagnose=diagnose,
        near_band=None,
        correct_message="NPS global correct.",
        percent_message=(
            "Le calcul est juste mais exprimé en fraction : le NPS s'exprime en points, de −100 à +100."
        ),
        wrong_message=(
            "NPS incorrect : NPS = % de promoteurs (9–10) − % de détracteurs (0–6), sur tous les répondants."
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
        if not within(got, nps, tol=TOLERANCE):
            wrong.append(site)
    fraction = round((len(expected) - len(wrong)) / len(expected), 4)
    if not wrong:
        return CheckResult(item, 1.0, ("NPS correct pour chaque site.",))
    as_fraction = [
        site
        for site, nps in expected.items()
        if (got := as_number(mapping.get(normalise_label(site)))) is not None
        and within(got * 100, nps, tol=TOLERANCE)
    ]
    if len(as_fraction) == len(expected):
        return CheckResult(
            item,
            FRACTION_CREDIT,
            ("Vos NPS sont des fractions : exprimez-les en points (× 100), de −100 à +100.",),
        )
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


def _bars_by_score(ax) -> dict[int, int]:
    """Score (read from the bar's tick label, else its position) -> height of its bar."""
    # tick labels of categorical axes exist once drawn; a figure that cannot draw is
    # judged on the bars' positions
    with contextlib.suppress(Exception):
        ax.figure.canvas.draw()
    labels = {round(t.get_position()[0]): t.get_text() for t in ax.get_xticklabels()}
    bars: dict[int, int] = {}
    for patch in ax.patches:
        height = round(patch.get_height())
        if height <= 0:
            continue
        x = patch.get_x() + patch.get_width() / 2
        text = labels.get(round(x), "").replace("\u2212", "-").strip()
        try:
            score = int(float(text))
        except ValueError:
            score = round(x)
        bars[score] = bars.get(score, 0) + height
    return bars


def check_fig_distribution(ns, case) -> CheckResult:
    item = "c6.fig_distribution"
    axes, failure = figure_axes(item, ns, "fig_distribution")
    if failure:
        return failure
    ax = axes[0]
    counts = {int(k): int(v) for k, v in case.expected["repartition_scores"].items() if v > 0}
    drawn = _bars_by_score(ax)
    heights = sorted(drawn.values())
    points, messages = 0.0, []
    if drawn == counts:
        points += 0.6
        messages.append("Les barres représentent bien le nombre de répondants par note.")
    elif heights == sorted(counts.values()):
        points += 0.2
        messages.append(
            "Les hauteurs sont justes mais les barres ne sont pas sur la bonne note : placez "
            "chaque barre sur sa note (0 à 10) en abscisse."
        )
    elif heights:
        points += 0.2
        messages.append(
            "Les barres ne correspondent pas au nombre de répondants par note (0 à 10)."
        )
    else:
        messages.append("Aucune barre trouvée : utilisez ax.bar(...) ou Series.plot.bar(ax=ax).")
    share, hints = labels_score(ax)
    return CheckResult(item, round(points + 0.4 * share, 4), (*messages, *hints))


ITEMS = {
    "nps_global": check_nps_global,
    "nps_par_site": check_nps_par_site,
    "site_le_plus_faible": check_site_le_plus_faible,
    "fig_distribution": check_fig_distribution,
}

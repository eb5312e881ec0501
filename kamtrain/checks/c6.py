"""Checks of the satisfaction exercises (C6): NPS, segments, distribution plot."""

from __future__ import annotations

import contextlib

from kamlearn import conventions as conv
from kamtrain.checks import kit

CASE = "c6_satisfaction"
TOLERANCE = 0.06  # points of NPS: an unrounded value is within 0.05 of its one-decimal rounding


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
ROUNDING_HINT = "Calcul juste, mais arrondi à l'unité : gardez une décimale (`round(x, 1)`)."
#: A fraction rounded to two decimals (``round(nps / 100, 2)``) is within half a point of
#: the NPS once multiplied by 100: the same fraction mistake, the same credit and hint.
ROUNDED_FRACTION_TOL = 0.5 + 1e-9
FRACTION_HINT = (
    "Le calcul est juste mais exprimé en fraction : le NPS s'exprime en points, de −100 à +100."
)


def is_fraction(number: float | None, nps: float) -> bool:
    """Whether ``number`` is the NPS ``nps`` given as a fraction, rounded or not."""
    return (
        number is not None
        and abs(number) <= 1
        and kit.within(number * 100, nps, tol=ROUNDED_FRACTION_TOL)
    )


def check_nps_global(ns, case) -> kit.CheckResult:
    item = "c6.nps_global"
    if isinstance(kit.answer(ns, "nps_global"), str):
        return kit.result(
            item, 0.0, "`nps_global` doit être un nombre, pas un texte entre guillemets."
        )
    expected = case.expected["nps_global"]
    scores = case.data["enquete"]["score_recommandation"]

    def diagnose(number):
        if number == round(number) and abs(number - expected) < 1:
            return ROUNDING_CREDIT, ROUNDING_HINT
        if number != 0 and is_fraction(number, expected):
            return FRACTION_CREDIT, FRACTION_HINT
        matched = []
        for promoters, detractors, credit, hint in BAND_MISTAKES:
            wrong = conv.nps(scores, promoters=promoters, detractors=detractors)
            if not kit.within(wrong, expected, tol=TOLERANCE) and kit.within(
                number, wrong, tol=TOLERANCE
            ):
                matched.append((credit, hint))
        if not matched:
            return None
        # two band mistakes giving the same NPS in this learner's data (as many 8s as 6s)
        # cannot be told apart: both hints, and the lower credit
        return min(c for c, _ in matched), *(h for _, h in matched)

    return kit.number_item(
        item,
        ns,
        case,
        what="en points, de −100 à +100",
        tol=TOLERANCE,
        percent=True,
        diagnose=diagnose,
        near_band=None,
        correct_message="NPS global correct.",
        percent_message=FRACTION_HINT,
        wrong_message=(
            "NPS incorrect : NPS = % de promoteurs (9–10) − % de détracteurs (0–6), sur tous les répondants."
        ),
    )


#: Per site, the fraction mistake of :data:`FRACTION_HINT`, said in the plural.
SITE_FRACTION_HINT = "Vos NPS sont des fractions : exprimez-les en points (× 100), de −100 à +100."


def nps_by_site(case, **bands) -> dict[str, float]:
    """Site → NPS of the learner's survey, with the right bands or those of a mistake."""
    df = case.data["enquete"]
    return {
        str(site): conv.nps(group["score_recommandation"], **bands)
        for site, group in df.groupby("site", sort=True)
    }


def site_mistakes(case) -> list[kit.Mistake]:
    """The global NPS's mistakes made on every site: the same credit and hint as
    :func:`check_nps_global` gives them, whatever the learner's data."""
    expected = case.expected["nps_par_site"]
    return [
        kit.Mistake(
            {s: float(round(v)) for s, v in expected.items()}, ROUNDING_CREDIT, ROUNDING_HINT
        ),
        kit.Mistake(
            {s: v / 100 for s, v in expected.items()},
            FRACTION_CREDIT,
            SITE_FRACTION_HINT,
            tol=ROUNDED_FRACTION_TOL / 100,
        ),
        *(
            kit.Mistake(nps_by_site(case, promoters=p, detractors=d), credit, hint)
            for p, d, credit, hint in BAND_MISTAKES
        ),
    ]


def check_nps_par_site(ns, case) -> kit.CheckResult:
    return kit.map_item(
        "c6.nps_par_site",
        ns,
        case,
        tol=TOLERANCE,
        shape="site → NPS",
        mistakes=site_mistakes(case),
    )


#: The lowest site of the learner's own wrong NPS per site: the right method, carried.
KNOCK_ON = (
    "C'est bien le site le plus faible selon vos NPS par site, mais ceux-ci sont faux : "
    "corrigez-les d'abord."
)


def own_lowest_sites(ns, case) -> list[str]:
    """The site at the lowest of the learner's own NPS per site, when those are wrong and
    their minimum is one site's alone (else an empty list)."""
    expected = case.expected["nps_par_site"]
    mapping, error = kit.read_mapping(ns, "c6.nps_par_site", "nps_par_site", shape="", numbers=True)
    if error:
        return []
    got = {site: kit.as_number(kit.lookup(mapping, site)) for site in expected}
    if None in got.values() or all(
        kit.within(got[s], v, tol=TOLERANCE) for s, v in expected.items()
    ):
        return []
    lowest = min(got.values())
    at_lowest = [site for site, value in got.items() if value == lowest]
    # a minimum shared by several sites (all NPS equal, say 0) names no site: nothing to carry
    return at_lowest if len(at_lowest) == 1 else []


def check_site_le_plus_faible(ns, case) -> kit.CheckResult:
    by_mean = case.data["enquete"].groupby("site")["score_recommandation"].mean()
    carried = dict.fromkeys(own_lowest_sites(ns, case), (kit.KNOCK_ON_CREDIT, KNOCK_ON))
    return kit.score_item(
        kit.score_choice,
        "c6.site_le_plus_faible",
        ns,
        case,
        # a site both carried and of the lowest mean: the learner followed their own NPS
        near=kit.best_by_wrong_criterion(
            by_mean.to_dict(),
            0.5,
            "Ce site a la note moyenne la plus basse, mais le segment à cibler est celui au NPS le plus faible.",
            lowest=True,
        )
        | carried,
        correct_message="C'est bien le site au NPS le plus faible.",
        wrong_message="Ce n'est pas le site au NPS le plus faible : comparez vos NPS par site.",
    )


def _bars_by_score(ax) -> dict[int, int]:
    """Score (read from the bar's tick label, else its position) -> height of its bar."""
    labels = {round(t.get_position()[0]): t.get_text() for t in ax.get_xticklabels()}
    if not any(labels.values()):
        # older matplotlib writes tick labels on drawing only; a figure that cannot draw is
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


@kit.figure_check("c6.fig_distribution")
def check_fig_distribution(item: str, axes: list, case) -> kit.CheckResult:
    ax = axes[0]
    counts = {int(k): int(v) for k, v in case.expected["repartition_scores"].items() if v > 0}
    drawn = _bars_by_score(ax)
    heights = sorted(drawn.values())
    labels = kit.labels_score(ax)
    if drawn == counts:
        return kit.figure_result(
            item, 0.6, labels, "Les barres représentent bien le nombre de répondants par note."
        )
    if heights == sorted(counts.values()):
        return kit.figure_result(
            item,
            0.2,
            labels,
            "Les hauteurs sont justes mais les barres ne sont pas sur la bonne note : placez "
            "chaque barre sur sa note (0 à 10) en abscisse.",
        )
    if heights:
        return kit.figure_result(
            item,
            0.2,
            labels,
            "Les barres ne correspondent pas au nombre de répondants par note (0 à 10).",
        )
    return kit.figure_result(
        item,
        0.0,
        labels,
        "Aucune barre trouvée : utilisez `ax.bar(...)` ou `Series.plot.bar(ax=ax)`.",
    )


ITEMS = {
    "nps_global": check_nps_global,
    "nps_par_site": check_nps_par_site,
    "site_le_plus_faible": check_site_le_plus_faible,
    "fig_distribution": check_fig_distribution,
}

"""Checks of the economic value exercise (C11): gains, FTE, TCO, flows, NPV, ROI, payback."""

from __future__ import annotations

from kamlearn import conventions as conv
from kamlearn.frenchfmt import number_fr
from kamtrain.checks import kit
from kamtrain.checks.c11_competitor import (
    check_comparaison_concurrent,
    check_indicateurs_concurrent,
)
from kamtrain.checks.c11_knock_on import (
    CARRIED_PAYBACK_TOL,
    CENT,
    PAYBACK_TOL,
    REL_TOL,
    all_roundings,
    knock_on,
)

CASE = "c11_valeur_economique"
#: Credit of the spreadsheet-style NPV (investment discounted at t=1), for every learner.
EXCEL_NPV_CREDIT = 0.5


def _number(name: str, ns, case, **how) -> kit.CheckResult:
    """The item ``name``: one amount, within a cent or 0.5 % unless ``how`` says otherwise."""
    return kit.number_item(
        f"c11.{name}", ns, case, **{"tol": CENT, "rel_tol": REL_TOL, "near_band": None, **how}
    )


def _same(got, want) -> bool:
    return all(kit.within(a, b, tol=CENT, rel=REL_TOL) for a, b in zip(got, want, strict=True))


def _net(case, gains) -> list[float]:
    """Net flows from yearly gains: each gain minus the offer's yearly costs."""
    return [g - case.costs("Nexalys", "annuel") for g in gains]


def check_gain_annuel(ns, case) -> kit.CheckResult:
    p = case.data["parc"]
    avoided = float(
        (p["heures_arret_an"] * p["cout_heure_arret_eur"] * p["reduction_arret_attendue"]).sum()
    )
    labour = case.hours_saved() * case.hypothesis("cout_horaire_technicien_eur")
    every_stop = float((p["heures_arret_an"] * p["cout_heure_arret_eur"]).sum())
    all_stops = "Vous avez valorisé tous les arrêts : seule la part évitée (réduction attendue) est un gain."
    return _number(
        "gain_annuel",
        ns,
        case,
        what="en euros par an",
        mistakes=[
            kit.Mistake(
                avoided,
                0.5,
                "Vous avez valorisé les arrêts évités, mais pas les heures de maintenance corrective économisées.",
            ),
            kit.Mistake(labour, 0.25, "Il manque la valeur des arrêts de production évités."),
            kit.Mistake(every_stop, 0.25, all_stops),
            kit.Mistake(every_stop + labour, 0.25, all_stops),
        ],
        near_band=0.05,
        near_message="Ordre de grandeur juste mais valeur inexacte : vérifiez chaque terme du produit.",
        correct_message="Gain annuel correct (arrêts évités et heures de maintenance économisées).",
        wrong_message="Gain annuel incorrect : sommez, équipement par équipement, les arrêts évités et les heures économisées valorisées.",
    )


def check_etp_liberes(ns, case) -> kit.CheckResult:
    hours = case.hours_saved()
    all_hours = float(case.data["parc"]["heures_maintenance_corrective_an"].sum())
    other_fte = f"Utilisez la convention du classeur : un ETP = {number_fr(conv.FTE_HOURS_PER_YEAR)} heures par an."
    return _number(
        "etp_liberes",
        ns,
        case,
        what="en équivalents temps plein",
        rel_tol=0.01,
        mistakes=[
            kit.Mistake(
                hours,
                0.4,
                "Vous avez donné des heures : convertissez-les en ETP (équivalents temps plein).",
                rel=REL_TOL,
            ),
            *(kit.Mistake(hours / other, 0.5, other_fte) for other in (1820.0, 1600.0, 35 * 52.0)),
            kit.Mistake(
                all_hours / conv.FTE_HOURS_PER_YEAR,
                0.5,
                "Seules les heures économisées (réduction attendue) libèrent des ETP.",
            ),
        ],
        correct_message="Gain de productivité en ETP correct.",
        wrong_message="ETP incorrect : heures de maintenance économisées par an / heures d'un ETP.",
    )


def check_tco(ns, case) -> kit.CheckResult:
    def mistakes(offer):
        yield kit.Mistake(
            case.tco(offer, exclude=("Maintenance des capteurs",)),
            0.5,
            f"TCO {offer} : un coût annuel manque (la maintenance fait partie du TCO).",
        )
        horizon = f"TCO {offer} : vérifiez l'horizon, {conv.TCO_YEARS} ans de coûts annuels."
        yield from (kit.Mistake(case.tco(offer, years=y), 0.5, horizon) for y in (1, 3, 4, 6))

    return kit.score_item(
        kit.score_each,
        "c11.tco",
        ns,
        case,
        shape="offre → TCO en euros",
        tol=CENT,
        rel_tol=REL_TOL,
        mistakes=mistakes,
        correct="TCO {key} correct.",
        wrong=f"TCO {{key}} incorrect : investissement + {conv.TCO_YEARS} années de coûts annuels.",
        absent="TCO absent ou illisible pour l'offre « {key} ».",
    )


def check_flux_nets(ns, case) -> kit.CheckResult:
    item, expected = "c11.flux_nets", case.expected["flux_nets"]
    n = len(expected)
    flows, error = kit.read_numbers(ns, item, "flux_nets", length=n, what=f"années 1 à {n}")
    if error:
        return error
    good = sum(
        kit.within(a, b, tol=CENT, rel=REL_TOL) for a, b in zip(flows, expected, strict=True)
    )
    if good == n:
        return kit.result(item, 1.0, "Flux nets annuels corrects.")
    yearly_cost = case.costs("Nexalys", "annuel")
    invest = case.expected["investissement"]
    mistakes = [
        # the learner's own gain, carried with the right method
        *knock_on({"gain_annuel": ns.get("gain_annuel")}, case, lambda g: _net(case, g)),
        kit.Mistake(
            [case.yearly_gain() - yearly_cost] * n,
            0.6,
            "La première année ne produit pas tous ses gains : appliquez la montée en charge.",
        ),
        kit.Mistake(
            [f + yearly_cost for f in expected],
            0.4,
            "Un flux net retranche les coûts annuels de l'offre (abonnement, maintenance).",
        ),
        kit.Mistake(
            [expected[0] - invest, *expected[1:]],
            0.6,
            "L'investissement est en t=0 : ne le retranchez pas du flux de l'année 1.",
        ),
    ]
    if hit := next((m for m in mistakes if _same(flows, m.values)), None):
        return kit.result(item, hit.fraction, hit.message)
    return kit.result(
        item, 0.8 * good / n, f"{good} flux sur {n} corrects : revoyez les autres années."
    )


def check_van(ns, case) -> kit.CheckResult:
    invest, flows = case.expected["investissement"], case.expected["flux_nets"]
    rate = case.hypothesis("taux_actualisation")
    return _number(
        "van",
        ns,
        case,
        what="en euros",
        mistakes=[
            # knock-on first: a right method on the learner's own (wrong) gain or net flows
            *knock_on(ns, case, lambda g: conv.npv(invest, _net(case, g), rate)),
            kit.Mistake(
                conv.npv(invest, flows, rate, first=0),
                0.5,
                "Vos flux sont actualisés dès t=0 : l'investissement est en t=0, le premier flux annuel en t=1.",
            ),
            kit.Mistake(
                case.expected["van"] / (1 + rate),
                EXCEL_NPV_CREDIT,
                "Vous avez mis l'investissement dans la fonction VAN du tableur (ou de "
                "`numpy-financial`), qui actualise sa première valeur en t=1 : l'investissement "
                "est en t=0, ajoutez-le hors de la fonction, sans l'actualiser.",
            ),
            kit.Mistake(
                conv.npv(0.0, flows, rate),
                0.25,
                "L'investissement initial (t=0) manque dans votre VAN.",
            ),
            kit.Mistake(
                sum(flows) - invest,
                0.25,
                "Vos flux ne sont pas actualisés : divisez chaque flux par (1 + taux)^t.",
            ),
        ],
        correct_message="VAN correcte.",
        wrong_message="VAN incorrecte : −investissement + somme des flux nets actualisés de t=1 à t=5.",
    )


def check_roi(ns, case) -> kit.CheckResult:
    yearly_cost = case.costs("Nexalys", "annuel")
    gains = sum(f + yearly_cost for f in case.expected["flux_nets"])
    tco = case.tco("Nexalys")
    return _number(
        "roi",
        ns,
        case,
        what="en %",
        tol=0.06,
        percent=True,
        mistakes=[
            *knock_on(ns, case, lambda g: conv.roi_percent(sum(g), tco)),
            # these two are told apart within 0.1 %: near 200 % they lie 0.3 point apart
            kit.Mistake(
                (gains - tco) / case.expected["investissement"] * 100,
                0.4,
                "Rapportez le gain net au coût total de l'offre (TCO), pas au seul investissement initial.",
                rel=0.001,
            ),
            kit.Mistake(
                gains / tco * 100,
                0.4,
                "Le ROI mesure un gain *net* : retranchez le coût avant de diviser.",
                rel=0.001,
            ),
        ],
        correct_message="ROI correct.",
        percent_message="Calcul juste mais exprimé en fraction : donnez le ROI en %.",
        wrong_message="ROI incorrect : (gains cumulés sur 5 ans − TCO) / TCO × 100.",
    )


def check_delai_recuperation(ns, case) -> kit.CheckResult:
    invest = case.expected["investissement"]
    gross = [f + case.costs("Nexalys", "annuel") for f in case.expected["flux_nets"]]
    gross_flows = "Utilisez les flux nets (gains − coûts annuels), pas les gains bruts."
    knocks = knock_on(
        ns, case, lambda g: conv.payback_years(invest, _net(case, g)), tol=CARRIED_PAYBACK_TOL
    )
    # rounded too coarsely: the learner's own payback when it is carried, and the right one
    # (a wrong gain with right flows does not take the rounding hint away)
    coarse = all_roundings(case.expected["delai_recuperation"], knocks)
    return _number(
        "delai_recuperation",
        ns,
        case,
        what="en années, au centième",
        tol=PAYBACK_TOL,
        rel_tol=0.0,
        mistakes=[
            *knocks,
            *coarse,
            kit.Mistake(
                invest / (case.yearly_gain() - case.costs("Nexalys", "annuel")),
                0.5,
                "Les flux ne sont pas constants : tenez compte de la montée en charge de l'année 1.",
            ),
            kit.Mistake(conv.payback_years(invest, gross), 0.4, gross_flows),
            kit.Mistake(invest / case.yearly_gain(), 0.4, gross_flows),
        ],
        correct_message="Délai de récupération correct.",
        wrong_message="Délai incorrect : cherchez quand le flux cumulé (investissement compris) devient positif.",
    )


def check_van_pessimiste(ns, case) -> kit.CheckResult:
    invest = case.expected["investissement"]
    rate = case.hypothesis("taux_actualisation")
    decote = case.hypothesis("decote_scenario_pessimiste")
    on_net = [f * (1 - decote) for f in case.expected["flux_nets"]]
    return _number(
        "van_pessimiste",
        ns,
        case,
        what="en euros",
        mistakes=[
            *knock_on(
                ns,
                case,
                lambda g: conv.npv(invest, _net(case, [x * (1 - decote) for x in g]), rate),
            ),
            kit.Mistake(
                conv.npv(invest, on_net, rate),
                0.5,
                "La décote porte sur les gains, pas sur les coûts : appliquez-la avant de retrancher les coûts annuels.",
            ),
            kit.Mistake(
                conv.npv(invest, case.net_flows(1 - decote), rate, first=0),
                0.5,
                "Actualisez à partir de t=1 : l'investissement est en t=0.",
            ),
            kit.Mistake(
                case.expected["van"] * (1 - decote),
                0.25,
                "Ne décotez pas la VAN elle-même : recalculez les flux avec des gains réduits.",
            ),
        ],
        correct_message="VAN du scénario pessimiste correcte.",
        wrong_message="VAN pessimiste incorrecte : réduisez les gains de la décote, puis recalculez flux nets et VAN.",
    )


@kit.figure_check("c11.fig_cumul")
def check_fig_cumul(item: str, axes: list, case) -> kit.CheckResult:
    ax, expected = axes[0], case.expected["cumul"]
    series = [[kit.as_number(y) for y in line.get_ydata()] for line in ax.get_lines()]
    if ax.patches:
        series.append([kit.as_number(p.get_height()) for p in ax.patches])
    labels = kit.labels_score(ax)
    if kit.series_drawn(series, expected, tol=1.0, rel_tol=0.01):
        return kit.figure_result(
            item,
            0.6,
            labels,
            "La courbe représente bien le flux de trésorerie cumulé de t=0 à t=5.",
        )
    if kit.series_drawn(series, expected[1:], tol=1.0, rel_tol=0.01):
        return kit.figure_result(
            item, 0.3, labels, "Il manque le point t=0 (l'investissement) au début de la courbe."
        )
    return kit.figure_result(
        item,
        0.0,
        labels,
        "Aucune courbe ne correspond au flux cumulé (−investissement en t=0, puis cumul des flux nets).",
    )


ITEMS = {
    "gain_annuel": check_gain_annuel,
    "etp_liberes": check_etp_liberes,
    "tco": check_tco,
    "flux_nets": check_flux_nets,
    "van": check_van,
    "roi": check_roi,
    "delai_recuperation": check_delai_recuperation,
    "van_pessimiste": check_van_pessimiste,
    "indicateurs_concurrent": check_indicateurs_concurrent,
    "comparaison_concurrent": check_comparaison_concurrent,
    "fig_cumul": check_fig_cumul,
}

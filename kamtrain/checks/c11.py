"""Checks of the economic value exercise (C11): gains, FTE, TCO, flows, NPV, ROI, payback."""

from __future__ import annotations

import math

from kamlearn import conventions as conv
from kamtrain.checks.answers import as_numbers, read_number, within
from kamtrain.checks.core import (
    MISSING,
    CheckResult,
    answer,
    as_mapping,
    as_number,
    missing_result,
    normalise_label,
)
from kamtrain.checks.figures import figure_axes, labels_score

CASE = "c11_valeur_economique"
REL_TOL = 0.005  # 0.5 %: allows rounding to the euro, to the hundred euros on big amounts
CENT = 0.011  # the absolute floor of block 3's money tolerance: one cent


def _npv_from(investment, flows, rate, start=conv.NPV_FIRST_FLOW_PERIOD):
    return -investment + sum(f / (1 + rate) ** (start + i) for i, f in enumerate(flows))


def check_gain_annuel(ns, case) -> CheckResult:
    item = "c11.gain_annuel"
    number, error = read_number(ns, item, "gain_annuel", what="en euros par an")
    if error:
        return error
    expected = case.expected["gain_annuel"]
    if within(number, expected, tol=CENT, rel=REL_TOL):
        return CheckResult(
            item,
            1.0,
            ("Gain annuel correct (arrêts évités et heures de maintenance économisées).",),
        )
    p = case.data["parc"]
    downtime = float(
        (p["heures_arret_an"] * p["cout_heure_arret_eur"] * p["reduction_arret_attendue"]).sum()
    )
    labour = case.hours_saved() * case.hypothesis("cout_horaire_technicien_eur")
    if within(number, downtime, tol=CENT, rel=REL_TOL):
        return CheckResult(
            item,
            0.5,
            (
                "Vous avez valorisé les arrêts évités, mais pas les heures de maintenance corrective économisées.",
            ),
        )
    if within(number, labour, tol=CENT, rel=REL_TOL):
        return CheckResult(item, 0.25, ("Il manque la valeur des arrêts de production évités.",))
    total_downtime = float((p["heures_arret_an"] * p["cout_heure_arret_eur"]).sum())
    if within(number, total_downtime, tol=CENT, rel=REL_TOL) or within(
        number, total_downtime + labour, tol=CENT, rel=REL_TOL
    ):
        return CheckResult(
            item,
            0.25,
            (
                "Vous avez valorisé tous les arrêts : seule la part évitée (réduction attendue) est un gain.",
            ),
        )
    if within(number, expected, tol=CENT, rel=0.05):
        return CheckResult(
            item,
            0.5,
            ("Ordre de grandeur juste mais valeur inexacte : vérifiez chaque terme du produit.",),
        )
    return CheckResult(
        item,
        0.0,
        (
            "Gain annuel incorrect : sommez, équipement par équipement, les arrêts évités et les heures économisées valorisées.",
        ),
    )


def check_etp_liberes(ns, case) -> CheckResult:
    item = "c11.etp_liberes"
    number, error = read_number(ns, item, "etp_liberes", what="en équivalents temps plein")
    if error:
        return error
    hours = case.hours_saved()
    expected = case.expected["etp_liberes"]
    if within(number, expected, tol=CENT, rel=0.01):
        return CheckResult(item, 1.0, ("Gain de productivité en ETP correct.",))
    if within(number, hours, tol=CENT, rel=REL_TOL):
        return CheckResult(
            item,
            0.4,
            ("Vous avez donné des heures : convertissez-les en ETP (équivalents temps plein).",),
        )
    for other in (1820.0, 1600.0, 35 * 52.0):
        if within(number, hours / other, tol=CENT, rel=0.01):
            return CheckResult(
                item,
                0.5,
                (
                    f"Utilisez la convention du classeur : un ETP = {conv.FTE_HOURS_PER_YEAR} heures par an.",
                ),
            )
    p = case.data["parc"]
    if within(
        number,
        float(p["heures_maintenance_corrective_an"].sum()) / conv.FTE_HOURS_PER_YEAR,
        tol=CENT,
        rel=0.01,
    ):
        return CheckResult(
            item, 0.5, ("Seules les heures économisées (réduction attendue) libèrent des ETP.",)
        )
    return CheckResult(
        item, 0.0, ("ETP incorrect : heures de maintenance économisées par an / heures d'un ETP.",)
    )


def check_tco(ns, case) -> CheckResult:
    item = "c11.tco"
    value = answer(ns, "tco")
    if value is MISSING:
        return missing_result(item, "tco")
    mapping = as_mapping(value)
    if mapping is None:
        return CheckResult(
            item, 0.0, ("`tco` doit être un dict (ou une Series) offre → TCO en euros.",)
        )
    by_label = {normalise_label(k): as_number(v) for k, v in mapping.items()}
    points, messages = 0.0, []
    for offer in ("Nexalys", "Concurrent"):
        got = by_label.get(normalise_label(offer))
        if got is None:
            messages.append(f"TCO absent ou illisible pour l'offre « {offer} ».")
            continue
        if within(got, case.tco(offer), tol=CENT, rel=REL_TOL):
            points += 0.5
            messages.append(f"TCO {offer} correct.")
        elif within(
            got, case.tco(offer, exclude=("Maintenance des capteurs",)), tol=CENT, rel=REL_TOL
        ):
            points += 0.25
            messages.append(
                f"TCO {offer} : un coût annuel manque (la maintenance fait partie du TCO)."
            )
        elif any(
            within(got, case.tco(offer, years=y), tol=CENT, rel=REL_TOL) for y in (1, 3, 4, 6)
        ):
            points += 0.25
            messages.append(
                f"TCO {offer} : vérifiez l'horizon, {conv.TCO_YEARS} ans de coûts annuels."
            )
        else:
            messages.append(
                f"TCO {offer} incorrect : investissement + {conv.TCO_YEARS} années de coûts annuels."
            )
    return CheckResult(item, round(points, 4), tuple(messages))


def check_flux_nets(ns, case) -> CheckResult:
    item = "c11.flux_nets"
    value = answer(ns, "flux_nets")
    if value is MISSING:
        return missing_result(item, "flux_nets")
    flows = as_numbers(value)
    expected = case.expected["flux_nets"]
    if flows is None or len(flows) != len(expected):
        return CheckResult(
            item,
            0.0,
            (
                f"`flux_nets` doit être une liste de {len(expected)} nombres (années 1 à {len(expected)}).",
            ),
        )
    good = sum(within(a, b, tol=CENT, rel=REL_TOL) for a, b in zip(flows, expected, strict=True))
    if good == len(expected):
        return CheckResult(item, 1.0, ("Flux nets annuels corrects.",))
    invest = case.expected["investissement"]
    gain = case.yearly_gain()
    if all(within(a, gain - case.costs("Nexalys", "annuel"), tol=CENT, rel=REL_TOL) for a in flows):
        return CheckResult(
            item,
            0.6,
            ("La première année ne produit pas tous ses gains : appliquez la montée en charge.",),
        )
    gross = [f + case.costs("Nexalys", "annuel") for f in expected]
    if all(within(a, b, tol=CENT, rel=REL_TOL) for a, b in zip(flows, gross, strict=True)):
        return CheckResult(
            item,
            0.4,
            ("Un flux net retranche les coûts annuels de l'offre (abonnement, maintenance).",),
        )
    if within(flows[0], expected[0] - invest, tol=CENT, rel=REL_TOL) and all(
        within(a, b, tol=CENT, rel=REL_TOL) for a, b in zip(flows[1:], expected[1:], strict=True)
    ):
        return CheckResult(
            item, 0.6, ("L'investissement est en t=0 : ne le retranchez pas du flux de l'année 1.",)
        )
    return CheckResult(
        item,
        round(0.8 * good / len(expected), 4),
        (f"{good} flux sur {len(expected)} corrects : revoyez les autres années.",),
    )


#: Credit of the spreadsheet-style NPV (investment discounted at t=1), for every learner.
EXCEL_NPV_CREDIT = 0.5
#: Credit of a right method applied to the learner's own wrong net flows (VAN and ROI alike).
KNOCK_ON_CREDIT = 0.75


def check_van(ns, case) -> CheckResult:
    item = "c11.van"
    number, error = read_number(ns, item, "van", what="en euros")
    if error:
        return error
    invest, flows = case.expected["investissement"], case.expected["flux_nets"]
    rate = case.hypothesis("taux_actualisation")
    if within(number, case.expected["van"], tol=CENT, rel=REL_TOL):
        return CheckResult(item, 1.0, ("VAN correcte.",))
    # knock-on first: a right method on the learner's own (wrong) net flows
    own = as_numbers(ns.get("flux_nets", ()))
    own_wrong = (
        own
        and len(own) == len(flows)
        and not all(within(a, b, tol=CENT, rel=REL_TOL) for a, b in zip(own, flows, strict=True))
    )
    if own_wrong and within(number, _npv_from(invest, own, rate), tol=CENT, rel=REL_TOL):
        return CheckResult(
            item,
            KNOCK_ON_CREDIT,
            ("Méthode correcte, mais vos flux nets sont faux : corrigez-les d'abord.",),
        )
    if within(number, _npv_from(invest, flows, rate, start=0), tol=CENT, rel=REL_TOL):
        return CheckResult(
            item,
            0.5,
            (
                "Vos flux sont actualisés dès t=0 : l'investissement est en t=0, le premier flux annuel en t=1.",
            ),
        )
    if within(number, case.expected["van"] / (1 + rate), tol=CENT, rel=REL_TOL):
        return CheckResult(
            item,
            EXCEL_NPV_CREDIT,
            (
                "Vous avez mis l'investissement dans la fonction VAN du tableur (ou de "
                "`numpy-financial`), qui actualise sa première valeur en t=1 : l'investissement "
                "est en t=0, ajoutez-le hors de la fonction, sans l'actualiser.",
            ),
        )
    if within(number, _npv_from(0.0, flows, rate), tol=CENT, rel=REL_TOL):
        return CheckResult(item, 0.25, ("L'investissement initial (t=0) manque dans votre VAN.",))
    if within(number, sum(flows) - invest, tol=CENT, rel=REL_TOL):
        return CheckResult(
            item, 0.25, ("Vos flux ne sont pas actualisés : divisez chaque flux par (1 + taux)^t.",)
        )
    return CheckResult(
        item,
        0.0,
        ("VAN incorrecte : −investissement + somme des flux nets actualisés de t=1 à t=5.",),
    )


def check_roi(ns, case) -> CheckResult:
    item = "c11.roi"
    number, error = read_number(ns, item, "roi", what="en %")
    if error:
        return error
    expected = case.expected["roi"]
    gains = sum(f + case.costs("Nexalys", "annuel") for f in case.expected["flux_nets"])
    tco = case.tco("Nexalys")
    if within(number, expected, tol=0.06, rel=0.005):
        return CheckResult(item, 1.0, ("ROI correct.",))
    if within(number * 100, expected, tol=0.06, rel=0.005):
        return CheckResult(
            item, 0.5, ("Calcul juste mais exprimé en fraction : donnez le ROI en %.",)
        )
    own = as_numbers(ns.get("flux_nets", ()))
    if own and len(own) == len(case.expected["flux_nets"]):
        own_gains = sum(f + case.costs("Nexalys", "annuel") for f in own)
        if not within(own_gains, gains, tol=CENT, rel=REL_TOL) and within(
            number, (own_gains - tco) / tco * 100, tol=0.06, rel=REL_TOL
        ):
            return CheckResult(
                item,
                KNOCK_ON_CREDIT,
                ("Méthode correcte, mais vos flux nets sont faux : corrigez-les d'abord.",),
            )
    if within(number, (gains - tco) / case.expected["investissement"] * 100, tol=0.06, rel=REL_TOL):
        return CheckResult(
            item,
            0.4,
            (
                "Rapportez le gain net au coût total de l'offre (TCO), pas au seul investissement initial.",
            ),
        )
    if within(number, gains / tco * 100, tol=0.06, rel=REL_TOL):
        return CheckResult(
            item, 0.4, ("Le ROI mesure un gain *net* : retranchez le coût avant de diviser.",)
        )
    return CheckResult(item, 0.0, ("ROI incorrect : (gains cumulés sur 5 ans − TCO) / TCO × 100.",))


def check_delai_recuperation(ns, case) -> CheckResult:
    item = "c11.delai_recuperation"
    number, error = read_number(ns, item, "delai_recuperation", what="en années, avec décimales")
    if error:
        return error
    from kamtrain.answers.c11_valeur_economique import payback_years

    expected = case.expected["delai_recuperation"]
    invest = case.expected["investissement"]
    if within(number, expected, tol=0.02, rel=0.0):
        return CheckResult(item, 1.0, ("Délai de récupération correct.",))
    if number == math.ceil(expected):
        return CheckResult(
            item,
            0.6,
            ("Vous avez arrondi à l'année entière : interpolez dans l'année (années décimales).",),
        )
    flat = case.yearly_gain() - case.costs("Nexalys", "annuel")
    if within(number, invest / flat, tol=0.02, rel=0.0):
        return CheckResult(
            item,
            0.5,
            ("Les flux ne sont pas constants : tenez compte de la montée en charge de l'année 1.",),
        )
    gross = [f + case.costs("Nexalys", "annuel") for f in case.expected["flux_nets"]]
    if within(number, payback_years(invest, gross), tol=0.02, rel=0.0) or within(
        number, invest / case.yearly_gain(), tol=0.02, rel=0.0
    ):
        return CheckResult(
            item, 0.4, ("Utilisez les flux nets (gains − coûts annuels), pas les gains bruts.",)
        )
    return CheckResult(
        item,
        0.0,
        (
            "Délai incorrect : cherchez quand le flux cumulé (investissement compris) devient positif.",
        ),
    )


def check_van_pessimiste(ns, case) -> CheckResult:
    item = "c11.van_pessimiste"
    number, error = read_number(ns, item, "van_pessimiste", what="en euros")
    if error:
        return error
    expected = case.expected["van_pessimiste"]
    invest = case.expected["investissement"]
    rate = case.hypothesis("taux_actualisation")
    decote = case.hypothesis("decote_scenario_pessimiste")
    if within(number, expected, tol=CENT, rel=REL_TOL):
        return CheckResult(item, 1.0, ("VAN du scénario pessimiste correcte.",))
    on_net = [f * (1 - decote) for f in case.expected["flux_nets"]]
    if within(number, _npv_from(invest, on_net, rate), tol=CENT, rel=REL_TOL):
        return CheckResult(
            item,
            0.5,
            (
                "La décote porte sur les gains, pas sur les coûts : appliquez-la avant de retrancher les coûts annuels.",
            ),
        )
    if within(
        number, _npv_from(invest, case.net_flows(1 - decote), rate, start=0), tol=CENT, rel=REL_TOL
    ):
        return CheckResult(
            item, 0.5, ("Actualisez à partir de t=1 : l'investissement est en t=0.",)
        )
    if within(number, case.expected["van"] * (1 - decote), tol=CENT, rel=REL_TOL):
        return CheckResult(
            item,
            0.25,
            ("Ne décotez pas la VAN elle-même : recalculez les flux avec des gains réduits.",),
        )
    return CheckResult(
        item,
        0.0,
        (
            "VAN pessimiste incorrecte : réduisez les gains de la décote, puis recalculez flux nets et VAN.",
        ),
    )


def check_fig_cumul(ns, case) -> CheckResult:
    item = "c11.fig_cumul"
    axes, failure = figure_axes(item, ns, "fig_cumul")
    if failure:
        return failure
    ax = axes[0]
    expected = case.expected["cumul"]
    series = [[as_number(y) for y in line.get_ydata()] for line in ax.get_lines()]
    bars = [p.get_height() for p in ax.patches]
    if bars:
        series.append([as_number(b) for b in bars])
    points, messages = 0.0, []
    if any(
        len(s) == len(expected)
        and all(within(a, b, tol=1.0, rel=0.01) for a, b in zip(s, expected, strict=True))
        for s in series
    ):
        points += 0.6
        messages.append("La courbe représente bien le flux de trésorerie cumulé de t=0 à t=5.")
    elif any(
        len(s) == len(expected) - 1
        and all(within(a, b, tol=1.0, rel=0.01) for a, b in zip(s, expected[1:], strict=True))
        for s in series
    ):
        points += 0.3
        messages.append("Il manque le point t=0 (l'investissement) au début de la courbe.")
    else:
        messages.append(
            "Aucune courbe ne correspond au flux cumulé (−investissement en t=0, puis cumul des flux nets)."
        )
    share, hints = labels_score(ax)
    return CheckResult(item, round(points + 0.4 * share, 4), (*messages, *hints))


ITEMS = {
    "gain_annuel": check_gain_annuel,
    "etp_liberes": check_etp_liberes,
    "tco": check_tco,
    "flux_nets": check_flux_nets,
    "van": check_van,
    "roi": check_roi,
    "delai_recuperation": check_delai_recuperation,
    "van_pessimiste": check_van_pessimiste,
    "fig_cumul": check_fig_cumul,
}

"""Checks of the tender exercise (C9): MEDDIC deal review and the value of the offer."""

from __future__ import annotations

from kamtrain.checks.answers import read_mapping, within
from kamtrain.checks.core import CheckResult, as_number, normalise_label
from kamtrain.checks.figures import score_bar_figure
from kamtrain.checks.scoring import number_item, score_item, score_labels, score_set

CASE = "c9_appel_offres"

_ALIASES = {
    "m": "M",
    "metrics": "M",
    "metric": "M",
    "e": "E",
    "economic buyer": "E",
    "dc": "DC",
    "decision criteria": "DC",
    "dp": "DP",
    "decision process": "DP",
    "i": "I",
    "identify pain": "I",
    "pain": "I",
    "c": "C",
    "champion": "C",
}


def meddic_code(value) -> str | None:
    """The MEDDIC code of a learner's label (« DC », « decision criteria »...), or None."""
    return _ALIASES.get(normalise_label(value))


def check_classement_meddic(ns, case) -> CheckResult:
    return score_item(score_labels, "c9.classement_meddic", ns, case, canon=meddic_code)


def check_elements_manquants(ns, case) -> CheckResult:
    return score_item(
        score_set,
        "c9.elements_manquants",
        ns,
        case,
        canon=meddic_code,
        what="éléments MEDDIC manquants",
    )


def check_economies_energie(ns, case) -> CheckResult:
    exp = case.expected
    m, prix = case.data["magasins"], case.data["prix_kwh_eur"]
    pct = float(case.data["offres"].set_index("fournisseur").loc["Nexalys", "economie_froid_pct"])
    all_energy = float(m["conso_kwh_an"].sum() * prix * pct / 100)
    return number_item(
        "c9.economies_energie",
        ns,
        case,
        mistakes=(
            (
                all_energy,
                0.4,
                "Le taux d'économie s'applique à la seule part froid de la consommation.",
            ),
            (
                exp["economies_energie"] / prix,
                0.3,
                "Résultat en kWh : convertissez en euros avec le prix du kWh.",
            ),
            (
                exp["economies_energie"] * 100,
                0.5,
                "Le pourcentage d'économie doit être divisé par 100.",
            ),
        ),
        tol=0.01,
        rel_tol=0.005,
        what="en euros par an",
    )


def check_valeur_nette(ns, case) -> CheckResult:
    item = "c9.valeur_nette"
    mapping, error = read_mapping(
        ns, item, "valeur_nette", shape="fournisseur → valeur nette annuelle"
    )
    if error:
        return error
    given = {k: as_number(v) for k, v in mapping.items()}
    fraction, messages = 0.0, []
    for supplier, expected in case.expected["valeur_nette"].items():
        detail = case.expected["detail"][supplier]
        got = given.get(normalise_label(supplier))
        if got is None:
            messages.append(f"Valeur absente ou non numérique pour {supplier}.")
            continue
        tol = max(1.0, 0.005 * abs(expected))
        if within(got, expected, tol=tol):
            fraction += 0.5
            messages.append(f"Valeur nette correcte pour {supplier}.")
        elif within(got, (detail["economies_energie"] + detail["pertes_evitees"]), tol=tol):
            fraction += 0.15
            messages.append(f"{supplier} : vous avez oublié de déduire le coût annuel de l'offre.")
        elif within(got, _without_amortisation(case, supplier), tol=tol):
            fraction += 0.3
            messages.append(
                f"{supplier} : l'installation est un coût unique, à répartir sur la durée indiquée dans l'énoncé."
            )
        elif within(got, (detail["economies_energie"] - detail["cout_annuel"]), tol=tol):
            fraction += 0.25
            messages.append(f"{supplier} : il manque les pertes de denrées évitées.")
        else:
            messages.append(f"Valeur nette incorrecte pour {supplier}.")
    return CheckResult(item, round(fraction, 4), tuple(messages))


def _without_amortisation(case, supplier: str) -> float:
    """The typical mistake: the whole installation cost charged every year."""
    detail = case.expected["detail"][supplier]
    offre = case.data["offres"].set_index("fournisseur").loc[supplier]
    n = len(case.data["magasins"])
    cost = n * (
        float(offre["abonnement_eur_magasin_an"]) + float(offre["installation_eur_magasin"])
    )
    return detail["economies_energie"] + detail["pertes_evitees"] - cost


def check_valeur_differenciee(ns, case) -> CheckResult:
    exp = case.expected
    return number_item(
        "c9.valeur_differenciee",
        ns,
        case,
        mistakes=(
            (
                -exp["valeur_differenciee"],
                0.5,
                "Le signe est inversé : valeur Nexalys moins valeur du concurrent.",
            ),
        ),
        tol=0.01,
        rel_tol=0.005,
        what="en euros par an",
    )


def check_cout_inaction_mensuel(ns, case) -> CheckResult:
    exp = case.expected
    return number_item(
        "c9.cout_inaction_mensuel",
        ns,
        case,
        mistakes=(
            (
                exp["valeur_nette"]["Nexalys"],
                0.3,
                "C'est la valeur annuelle : ramenez-la à un mois.",
            ),
            (
                exp["valeur_differenciee"] / 12,
                0.5,
                "Le coût de l'inaction se mesure par rapport à la situation actuelle, pas au concurrent.",
            ),
        ),
        tol=0.01,
        rel_tol=0.005,
        what="en euros par mois",
    )


def check_fig_valeur(ns, case) -> CheckResult:
    detail = case.expected["detail"]
    heights = [
        v for supplier in detail.values() for k, v in supplier.items() if k != "valeur_nette"
    ]
    return score_bar_figure(
        "c9.fig_valeur",
        ns,
        "fig_valeur",
        heights,
        what="les économies, les pertes évitées et les coûts des deux offres",
        tol=0.01,
        rel_tol=0.01,
        as_percent=False,
        all_axes=True,
    )


ITEMS = {
    "classement_meddic": check_classement_meddic,
    "elements_manquants": check_elements_manquants,
    "economies_energie": check_economies_energie,
    "valeur_nette": check_valeur_nette,
    "valeur_differenciee": check_valeur_differenciee,
    "cout_inaction_mensuel": check_cout_inaction_mensuel,
    "fig_valeur": check_fig_valeur,
}

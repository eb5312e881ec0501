"""Checks of the tender exercise (C9): MEDDIC deal review and the value of the offer."""

from __future__ import annotations

from functools import partial

from kamtrain.checks import kit

CASE = "c9_appel_offres"
#: An amount in euros per year, within a cent or 0.5 %.
euros = partial(kit.number_item, tol=0.01, rel_tol=0.005, what="en euros par an")

#: The MEDDIC code of a learner's label (« DC », « decision criteria »...), or None.
meddic_code = kit.code_reader(
    {
        "M": ("metrics", "metric"),
        "E": ("economic buyer",),
        "DC": ("decision criteria",),
        "DP": ("decision process",),
        "I": ("identify pain", "pain"),
        "C": ("champion",),
    }
)


def check_classement_meddic(ns, case) -> kit.CheckResult:
    return kit.score_item(kit.score_labels, "c9.classement_meddic", ns, case, canon=meddic_code)


def check_elements_manquants(ns, case) -> kit.CheckResult:
    return kit.score_item(
        kit.score_set,
        "c9.elements_manquants",
        ns,
        case,
        canon=meddic_code,
        what="éléments MEDDIC manquants",
    )


def check_economies_energie(ns, case) -> kit.CheckResult:
    exp = case.expected
    m, prix = case.data["magasins"], case.data["prix_kwh_eur"]
    pct = float(case.data["offres"].set_index("fournisseur").loc["Nexalys", "economie_froid_pct"])
    all_energy = float(m["conso_kwh_an"].sum() * prix * pct / 100)
    return euros(
        "c9.economies_energie",
        ns,
        case,
        mistakes=(
            kit.Mistake(
                all_energy,
                0.4,
                "Le taux d'économie s'applique à la seule part froid de la consommation.",
            ),
            kit.Mistake(
                exp["economies_energie"] / prix,
                0.3,
                "Résultat en kWh : convertissez en euros avec le prix du kWh.",
            ),
            kit.Mistake(
                exp["economies_energie"] * 100,
                0.5,
                "Le pourcentage d'économie doit être divisé par 100.",
            ),
        ),
    )


def check_valeur_nette(ns, case) -> kit.CheckResult:
    detail = case.expected["detail"]

    def mistakes(supplier):
        d = detail[supplier]
        # the tolerance of every verdict is that of the expected value
        tol = max(1.0, 0.005 * abs(case.expected["valeur_nette"][supplier]))
        for value, fraction, message in (
            (
                d["economies_energie"] + d["pertes_evitees"],
                0.3,
                f"{supplier} : vous avez oublié de déduire le coût annuel de l'offre.",
            ),
            (
                _without_amortisation(case, supplier),
                0.6,
                f"{supplier} : l'installation est un coût unique, à répartir sur la durée indiquée dans l'énoncé.",
            ),
            (
                d["economies_energie"] - d["cout_annuel"],
                0.5,
                f"{supplier} : il manque les pertes de denrées évitées.",
            ),
        ):
            yield kit.Mistake(value, fraction, message, tol=tol, rel=0.0)

    return kit.score_item(
        kit.score_each,
        "c9.valeur_nette",
        ns,
        case,
        shape="fournisseur → valeur nette annuelle",
        tol=1.0,
        rel_tol=0.005,
        mistakes=mistakes,
        correct="Valeur nette correcte pour {key}.",
        wrong="Valeur nette incorrecte pour {key}.",
        absent="Valeur absente ou non numérique pour {key}.",
    )


def _without_amortisation(case, supplier: str) -> float:
    """The typical mistake: the whole installation cost charged every year."""
    detail = case.expected["detail"][supplier]
    offre = case.data["offres"].set_index("fournisseur").loc[supplier]
    n = len(case.data["magasins"])
    cost = n * (
        float(offre["abonnement_eur_magasin_an"]) + float(offre["installation_eur_magasin"])
    )
    return detail["economies_energie"] + detail["pertes_evitees"] - cost


def check_valeur_differenciee(ns, case) -> kit.CheckResult:
    exp = case.expected
    return euros(
        "c9.valeur_differenciee",
        ns,
        case,
        mistakes=(
            kit.Mistake(
                -exp["valeur_differenciee"],
                0.5,
                "Le signe est inversé : valeur Nexalys moins valeur du concurrent.",
            ),
        ),
    )


def check_cout_inaction_mensuel(ns, case) -> kit.CheckResult:
    exp = case.expected
    return euros(
        "c9.cout_inaction_mensuel",
        ns,
        case,
        mistakes=(
            kit.Mistake(
                exp["valeur_nette"]["Nexalys"],
                0.3,
                "C'est la valeur annuelle : ramenez-la à un mois.",
            ),
            kit.Mistake(
                exp["valeur_differenciee"] / 12,
                0.5,
                "Le coût de l'inaction se mesure par rapport à la situation actuelle, pas au concurrent.",
            ),
        ),
        what="en euros par mois",
    )


def check_fig_valeur(ns, case) -> kit.CheckResult:
    detail = case.expected["detail"]
    heights = [
        v for supplier in detail.values() for k, v in supplier.items() if k != "valeur_nette"
    ]
    return kit.score_series_bars(
        "c9.fig_valeur",
        ns,
        "fig_valeur",
        heights,
        what="les économies, les pertes évitées et les coûts des deux offres",
        tol=0.01,
        rel_tol=0.01,
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

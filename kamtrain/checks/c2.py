"""Checks of C2: a key account's ratios over three years, share of wallet, ABP SWOT."""

from __future__ import annotations

from kamlearn import conventions as conv
from kamtrain.checks import kit

CASE = "c2_comptes"


def _per_year(case, formula) -> dict:
    comptes = case.data["comptes"]
    return {int(y): round(float(formula(comptes.loc[y])), 2) for y in comptes.index}


def _ratio_check(name, what, *, tol, percent=False, mistakes=()):
    def check(ns, case):
        return kit.score_number_map(
            f"c2.{name}",
            ns,
            name,
            case.expected[name],
            tol=tol,
            percent=percent,
            mistakes=[(_per_year(case, f), credit, msg) for f, credit, msg in mistakes],
        )

    check.__name__ = f"check_{name}"
    return check


def _ebe_after_depreciation(r):
    return round(
        (
            r["chiffre_affaires"]
            - r["achats_consommes"]
            - r["charges_externes"]
            - r["impots_taxes"]
            - r["charges_personnel"]
            - r["dotations_amortissements"]
        )
        / r["chiffre_affaires"]
        * 100,
        1,
    )


def _dso_excl_vat(r):
    return round(r["creances_clients"] / r["chiffre_affaires"] * conv.DSO_DAYS_PER_YEAR, 1)


def _dso_vat_on_all(r):
    ttc = r["chiffre_affaires"] * (1 + conv.DSO_VAT_RATE)
    return round(r["creances_clients"] / ttc * conv.DSO_DAYS_PER_YEAR, 1)


def _current_assets(r):
    return (
        r["stocks"]
        + r["creances_clients"]
        + r["autres_creances"]
        + r["charges_constatees_avance"]
        + r["disponibilites"]
    )


def _current_liabilities(r):
    return r["dettes_fournisseurs"] + r["dettes_fiscales_sociales"] + r["dettes_financieres_ct"]


def _bfr_with_cash(r):
    return round(_current_assets(r) - r["dettes_fournisseurs"] - r["dettes_fiscales_sociales"], 1)


def _quick_with_prepaid(r):
    return round((_current_assets(r) - r["stocks"]) / _current_liabilities(r), 2)


def _quick_with_stocks(r):
    return round(_current_assets(r) / _current_liabilities(r), 2)


def _gearing_long_term(r):
    return round((r["dettes_financieres_lt"] - r["disponibilites"]) / r["capitaux_propres"], 2)


def _gearing_gross(r):
    return round(
        (r["dettes_financieres_lt"] + r["dettes_financieres_ct"]) / r["capitaux_propres"], 2
    )


def check_part_de_portefeuille(ns, case):
    last = case.data["relation"].iloc[-1]
    inverse = round(
        float(
            last["budget_maintenance_surveillance_aubrac_keur"]
            / last["ca_nexalys_chez_aubrac_keur"]
            * 100
        ),
        1,
    )
    return kit.number_item(
        "c2.part_de_portefeuille",
        ns,
        case,
        tol=0.15,
        what="part de portefeuille 2024",
        percent=True,
        mistakes=[
            (
                inverse,
                0.0,
                "Rapport inversé : divisez le CA de Nexalys chez Aubrac par le budget d'Aubrac.",
            )
        ],
    )


def check_signal(ns, case):

    return kit.score_choice("c2.signal_alerte", ns, "signal_alerte", case.expected["signal_alerte"])


def check_swot(ns, case):
    from kamlearn.cases.c2_comptes import SWOT_QUADRANTS

    return kit.score_labels("c2.swot", ns, "swot", case.expected["swot"], allowed=SWOT_QUADRANTS)


def check_fig(ns, case):
    years = sorted(case.expected["taux_marge_brute"])
    series = [[case.expected[k][y] for y in years] for k in ("taux_marge_brute", "taux_ebe")]
    return kit.score_line_figure(
        "c2.fig_rentabilite",
        ns,
        "fig_rentabilite",
        series,
        tol=0.15,
        what="le taux de marge brute et le taux d'EBE",
    )


ITEMS = {
    "taux_marge_brute": _ratio_check(
        "taux_marge_brute", "taux de marge brute", tol=0.15, percent=True
    ),
    "taux_ebe": _ratio_check(
        "taux_ebe",
        "taux d'EBE",
        tol=0.15,
        percent=True,
        mistakes=[
            (
                _ebe_after_depreciation,
                0.4,
                "Vous avez retiré les dotations aux amortissements : c'est le résultat d'exploitation, pas l'EBE.",
            )
        ],
    ),
    "bfr": _ratio_check(
        "bfr",
        "BFR d'exploitation",
        tol=0.15,
        mistakes=[
            (
                _bfr_with_cash,
                0.3,
                "La trésorerie (disponibilités) ne fait pas partie du BFR d'exploitation.",
            )
        ],
    ),
    "dso": _ratio_check(
        "dso",
        "DSO",
        tol=0.15,
        mistakes=[
            (
                _dso_excl_vat,
                0.5,
                "Les créances clients sont TTC : rapportez-les au chiffre d'affaires TTC.",
            ),
            (
                _dso_vat_on_all,
                0.5,
                "La TVA ne s'applique qu'au chiffre d'affaires réalisé en France : les "
                "exportations (`part_ca_export`) sont facturées hors taxe.",
            ),
        ],
    ),
    "liquidite_generale": _ratio_check(
        "liquidite_generale", "ratio de liquidité générale", tol=0.011
    ),
    "liquidite_reduite": _ratio_check(
        "liquidite_reduite",
        "ratio de liquidité réduite",
        tol=0.011,
        mistakes=[
            (
                _quick_with_stocks,
                0.2,
                "Vous n'avez pas retiré les stocks : c'est la liquidité générale.",
            ),
            (
                _quick_with_prepaid,
                0.6,
                "Retirez aussi les charges constatées d'avance : ce sont des charges payées "
                "d'avance, elles ne redeviendront pas de la trésorerie.",
            ),
        ],
    ),
    "endettement": _ratio_check(
        "endettement",
        "ratio d'endettement",
        tol=0.011,
        mistakes=[
            (
                _gearing_gross,
                0.5,
                "Endettement net : retranchez les disponibilités des dettes financières.",
            ),
            (
                _gearing_long_term,
                0.5,
                "Prenez toutes les dettes financières (long et court terme).",
            ),
        ],
    ),
    "part_de_portefeuille": check_part_de_portefeuille,
    "signal_alerte": check_signal,
    "swot": check_swot,
    "fig_rentabilite": check_fig,
}

"""C2 answers: ratios of three years of accounts, share of wallet, alert signal, SWOT."""

from __future__ import annotations

from typing import Any

from kamlearn import conventions as conv
from kamlearn.cases.c2_comptes import SCENARIOS, YEARS

#: Quadrant of each SWOT statement (the learner side ships the texts only).
SWOT_QUADRANT_OF = {
    "Nexalys équipe 4 des 6 usines françaises d'Aubrac depuis 2019.": "Forces",
    "Les alertes de Nexalys ont évité deux arrêts de ligne coûteux l'an dernier.": "Forces",
    "La directrice maintenance groupe soutient activement Nexalys.": "Forces",
    "Votre présence sur site (2/3 de votre temps) vous fait connaître tous les chefs d'atelier.": "Forces",
    "Les factures de Nexalys sont régulièrement contestées par la comptabilité d'Aubrac.": "Faiblesses",
    "Nexalys n'a aucun contact avec la nouvelle directrice des achats groupe.": "Faiblesses",
    "Les fausses alertes de nuit agacent les équipes de production.": "Faiblesses",
    "Nexalys n'a aucune autre référence dans l'aéronautique.": "Faiblesses",
    "Aubrac s'est engagé à réduire de 30 % les émissions de ses usines d'ici 2030.": "Opportunités",
    "Aubrac construit une usine au Maroc, qui ouvrira en 2027.": "Opportunités",
    "Un avionneur client d'Aubrac double ses cadences de production.": "Opportunités",
    "La CSRD oblige Aubrac à publier des indicateurs énergétiques fiables.": "Opportunités",
    "La directrice des achats annonce une mise en concurrence au renouvellement.": "Menaces",
    "Voltena propose à Aubrac un abonnement tout compris moins cher.": "Menaces",
    "Le ralentissement du marché automobile pèse sur les volumes d'Aubrac.": "Menaces",
    "Aubrac envisage d'internaliser l'analyse des données de maintenance.": "Menaces",
}
#: Convention names of balance-sheet items -> columns of the ``comptes`` table.
BALANCE_COLUMNS = {"inventories": "stocks", "prepaid_expenses": "charges_constatees_avance"}


def ratios(row) -> dict[str, float]:
    """The ratios of one year of accounts (a mapping of the ``comptes`` columns)."""
    ebe = (
        row["chiffre_affaires"]
        - row["achats_consommes"]
        - row["charges_externes"]
        - row["impots_taxes"]
        - row["charges_personnel"]
    )
    actif_circulant = (
        row["stocks"]
        + row["creances_clients"]
        + row["autres_creances"]
        + row["charges_constatees_avance"]
        + row["disponibilites"]
    )
    passif_circulant = (
        row["dettes_fournisseurs"] + row["dettes_fiscales_sociales"] + row["dettes_financieres_ct"]
    )
    ca_ttc = conv.revenue_incl_vat(row["chiffre_affaires"], row["part_ca_export"])
    excluded = sum(row[BALANCE_COLUMNS[k]] for k in conv.QUICK_RATIO_EXCLUDES)
    values = {
        "taux_marge_brute": round(
            (row["chiffre_affaires"] - row["achats_consommes"]) / row["chiffre_affaires"] * 100, 1
        ),
        "taux_ebe": round(ebe / row["chiffre_affaires"] * 100, 1),
        "bfr": round(
            row["stocks"]
            + row["creances_clients"]
            + row["autres_creances"]
            + row["charges_constatees_avance"]
            - row["dettes_fournisseurs"]
            - row["dettes_fiscales_sociales"],
            1,
        ),
        "dso": round(row["creances_clients"] / ca_ttc * conv.DSO_DAYS_PER_YEAR, 1),
        "liquidite_generale": round(actif_circulant / passif_circulant, 2),
        "liquidite_reduite": round((actif_circulant - excluded) / passif_circulant, 2),
        "endettement": round(
            (
                row["dettes_financieres_lt"]
                + row["dettes_financieres_ct"]
                - (row["disponibilites"] if conv.GEARING_NET_OF_CASH else 0.0)
            )
            / row["capitaux_propres"],
            2,
        ),
    }
    return {name: float(value) for name, value in values.items()}


def compute_expected(case) -> dict[str, Any]:
    comptes = case.data["comptes"]
    by_year = {int(y): ratios(comptes.loc[y]) for y in comptes.index}
    expected = {name: {y: by_year[y][name] for y in by_year} for name in by_year[YEARS[0]]}
    last = case.data["relation"].iloc[-1]
    expected["part_de_portefeuille"] = round(
        float(
            last["ca_nexalys_chez_aubrac_keur"]
            / last["budget_maintenance_surveillance_aubrac_keur"]
            * 100
        ),
        1,
    )
    expected["signal_alerte"] = SCENARIOS[case._scenario()]
    swot = case.data["swot"]
    expected["swot"] = {
        i: SWOT_QUADRANT_OF[text] for i, text in zip(swot["id"], swot["constat"], strict=True)
    }
    return expected

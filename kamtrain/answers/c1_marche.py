"""C1 answers: market shares, CAGR, account scores, watch axes."""

from __future__ import annotations

from typing import Any

from kamlearn.cases.c1_marche import COMPETITORS, WEIGHTS, YEARS

#: Axis of each watch signal (the learner side ships the texts only).
SIGNAL_AXES = {
    "Voltena annonce une offre d'abonnement tout compris à 890 € par site et par mois.": (
        "Concurrence"
    ),
    "Predikt lève 40 M€ et recrute 60 commerciaux en France.": "Concurrence",
    "Captiva est racheté par un groupe américain d'automatisme.": "Concurrence",
    "Maintex baisse ses prix de 15 % sur les capteurs de vibration.": "Concurrence",
    "Le décret tertiaire impose −40 % de consommation d'énergie en 2030.": (
        "Réglementation et RSE"
    ),
    "La directive CSRD oblige les grands clients à publier leurs émissions de scope 3.": (
        "Réglementation et RSE"
    ),
    "Un appel d'offres européen exige un bilan carbone des fournisseurs.": (
        "Réglementation et RSE"
    ),
    "Les capteurs sans fil LoRaWAN divisent par trois le coût d'installation.": "Technologie",
    "Les modèles d'IA embarquée détectent les défauts de roulement sans cloud.": "Technologie",
    "Une faille de cybersécurité touche les passerelles IoT d'un concurrent.": "Technologie",
    "Trois clients agroalimentaires ouvrent une usine dans les Hauts-de-France.": (
        "Clients et marché"
    ),
    "La hausse du prix de l'électricité pousse les industriels à auditer leurs sites.": (
        "Clients et marché"
    ),
    "Un grand compte chimiste nomme un directeur de l'énergie groupe.": "Clients et marché",
    "Nexalys réorganise son avant-vente par secteur plutôt que par région.": (
        "Organisation interne"
    ),
    "Le CRM de Nexalys montre que 30 % des opportunités n'ont pas de prochaine étape.": (
        "Organisation interne"
    ),
    "Deux ingénieurs d'affaires de Nexalys partent chez un concurrent.": "Organisation interne",
}


def cagr(first: float, last: float, years: int) -> float:
    """Compound annual growth rate in percent (one decimal) over ``years`` years."""
    return round(((last / first) ** (1 / years) - 1) * 100, 1)


def compute_expected(case) -> dict[str, Any]:
    marche = case.data["marche"]
    last = marche[marche["annee"] == YEARS[-1]].set_index("acteur")["ca_segment_meur"]
    first = marche[marche["annee"] == YEARS[0]].set_index("acteur")["ca_segment_meur"]
    parts = (last / last.sum() * 100).round(1)
    span = YEARS[-1] - YEARS[0]
    tcam = {a: cagr(float(first[a]), float(last[a]), span) for a in COMPETITORS}
    named = {a: v for a, v in tcam.items() if a != "Autres acteurs"}
    comptes = case.data["comptes"].copy()
    comptes["score"] = sum(comptes[c] * w for c, w in WEIGHTS.items()).round(2)
    eligible = comptes[~comptes["deja_equipe_concurrent"]]
    top = eligible.sort_values(["score", "ca_meur"], ascending=[False, False]).head(10)
    veille = case.data["veille"]
    return {
        "parts_de_marche_2024": {a: float(parts[a]) for a in COMPETITORS},
        "tcam": tcam,
        "tcam_marche": cagr(float(first.sum()), float(last.sum()), span),
        "concurrent_plus_dynamique": max(named, key=named.get),
        "scores": dict(zip(comptes["id_compte"], comptes["score"].astype(float), strict=True)),
        "top10_comptes": list(top["id_compte"]),
        "top10_avec_equipes": list(
            comptes.sort_values(["score", "ca_meur"], ascending=[False, False]).head(10)[
                "id_compte"
            ]
        ),
        "axes_veille": {
            i: SIGNAL_AXES[text]
            for i, text in zip(veille["id_signal"], veille["signal"], strict=True)
        },
    }

"""C1 – market and competitor evaluation, account potential scoring, marketing watch."""

from __future__ import annotations

from typing import Any

from kamlearn.cases.base import Case

COMPETITORS = ("Nexalys", "Voltena", "Predikt", "Enerlogic", "Maintex", "Captiva", "Autres acteurs")
CHALLENGERS = ("Predikt", "Captiva", "Enerlogic", "Maintex")
YEARS = (2021, 2022, 2023, 2024)
SECTORS = (
    "Agroalimentaire",
    "Chimie",
    "Métallurgie",
    "Automobile",
    "Pharmacie",
    "Logistique",
    "Papier-carton",
)
#: Scoring grid of an account's potential: criterion -> weight (sum 1).
WEIGHTS = {
    "note_taille": 0.30,
    "note_intensite_energetique": 0.25,
    "note_maturite_digitale": 0.15,
    "note_engagement_rse": 0.20,
    "note_accessibilite": 0.10,
}
WATCH_AXES = (
    "Concurrence",
    "Clients et marché",
    "Réglementation et RSE",
    "Technologie",
    "Organisation interne",
)
#: Signals of the marketing and organisational watch (their axes live on the trainer side).
SIGNALS = (
    "Voltena annonce une offre d'abonnement tout compris à 890 € par site et par mois.",
    "Predikt lève 40 M€ et recrute 60 commerciaux en France.",
    "Captiva est racheté par un groupe américain d'automatisme.",
    "Maintex baisse ses prix de 15 % sur les capteurs de vibration.",
    "Le décret tertiaire impose −40 % de consommation d'énergie en 2030.",
    "La directive CSRD oblige les grands clients à publier leurs émissions de scope 3.",
    "Un appel d'offres européen exige un bilan carbone des fournisseurs.",
    "Les capteurs sans fil LoRaWAN divisent par trois le coût d'installation.",
    "Les modèles d'IA embarquée détectent les défauts de roulement sans cloud.",
    "Une faille de cybersécurité touche les passerelles IoT d'un concurrent.",
    "Trois clients agroalimentaires ouvrent une usine dans les Hauts-de-France.",
    "La hausse du prix de l'électricité pousse les industriels à auditer leurs sites.",
    "Un grand compte chimiste nomme un directeur de l'énergie groupe.",
    "Nexalys réorganise son avant-vente par secteur plutôt que par région.",
    "Le CRM de Nexalys montre que 30 % des opportunités n'ont pas de prochaine étape.",
    "Deux ingénieurs d'affaires de Nexalys partent chez un concurrent.",
)
N_SIGNALS = 12


class MarketCase(Case):
    name = "c1_marche"
    company_id = "nexalys"

    def generate(self) -> dict[str, Any]:
        import numpy as np
        import pandas as pd

        rng = self.rng("marche")
        base = {
            "Nexalys": 26.0,
            "Voltena": 34.0,
            "Predikt": 12.0,
            "Enerlogic": 22.0,
            "Maintex": 18.0,
            "Captiva": 9.0,
            "Autres acteurs": 40.0,
        }
        # The fast-growing challenger differs between learners.
        challenger = CHALLENGERS[int(rng.integers(len(CHALLENGERS)))]
        rows = []
        for comp in COMPETITORS:
            start = base[comp] * float(rng.uniform(0.8, 1.2))
            growth = float(rng.uniform(-0.03, 0.16))
            if comp == challenger:
                growth = float(rng.uniform(0.18, 0.32))
            values = [
                start * (1 + growth + float(rng.normal(0, 0.02))) ** i for i in range(len(YEARS))
            ]
            for year, value in zip(YEARS, values, strict=True):
                rows.append({"acteur": comp, "annee": year, "ca_segment_meur": round(value, 1)})
        marche = pd.DataFrame(rows)

        rng = self.rng("comptes")
        n = int(rng.integers(110, 151))
        comptes = pd.DataFrame(
            {
                "id_compte": [f"PRS-{i + 1:03d}" for i in range(n)],
                "secteur": [SECTORS[int(k)] for k in rng.integers(0, len(SECTORS), n)],
                "ca_meur": np.round(rng.lognormal(5.3, 0.8, n), 0),
                "nb_sites": rng.integers(1, 25, n),
                "deja_equipe_concurrent": rng.random(n) < 0.3,
            }
        )
        for col in WEIGHTS:
            comptes[col] = rng.integers(1, 6, n)
        order = self._signal_order()
        veille = pd.DataFrame(
            {
                "id_signal": [f"S{i + 1:02d}" for i in range(N_SIGNALS)],
                "signal": [SIGNALS[k] for k in order],
            }
        )
        return {"marche": marche, "comptes": comptes, "veille": veille}

    def _signal_order(self) -> list[int]:
        return [int(k) for k in self.rng("veille").permutation(len(SIGNALS))[:N_SIGNALS]]

    def context_markdown(self) -> str:
        n = len(self.data["comptes"])
        return (
            f"{self.company.narrative}\n\n"
            "La direction commerciale vous demande un **diagnostic stratégique** du marché "
            "français de la maintenance prédictive et de l'efficacité énergétique industrielle "
            "(segment « usines de taille intermédiaire et grandes usines »), avant le séminaire "
            "de planification. Vous disposez :\n"
            "- du chiffre d'affaires des principaux acteurs du segment de 2021 à 2024 "
            "(étude sectorielle, en M€) ;\n"
            f"- d'un fichier de **{n} comptes cibles** notés de 1 à 5 sur cinq critères de "
            "potentiel par l'équipe marketing ;\n"
            "- des premiers signaux remontés par votre **veille** (presse, salons, CRM, "
            "réseaux sociaux, équipes internes)."
        )


CASE_CLASS = MarketCase

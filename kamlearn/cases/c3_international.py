"""C3 – choosing an international development model with a weighted decision matrix."""

from __future__ import annotations

from typing import Any

from kamlearn.cases.base import Case

MODELS = ("Filiale", "Sous-traitance", "Franchise", "Distributeur")
COUNTRIES = ("Espagne", "Pologne", "Royaume-Uni", "Maroc", "Canada (Québec)")
#: Decision criteria and their base weights (%), perturbed per learner.
CRITERIA = {
    "Contrôle de la relation client": 25,
    "Investissement initial (faible = bien noté)": 20,
    "Rapidité de déploiement": 15,
    "Maîtrise du risque": 15,
    "Marge conservée": 15,
    "Proximité culturelle et réglementaire": 10,
}
#: Base scores (1–5) of each model on each criterion, in CRITERIA order.
BASE_SCORES = {
    "Filiale": (5, 1, 2, 2, 5, 4),
    "Sous-traitance": (2, 4, 4, 3, 2, 2),
    "Franchise": (3, 4, 3, 3, 3, 3),
    "Distributeur": (2, 5, 5, 4, 2, 3),
}
#: Nexalys's past moves abroad: country, year, model, investment (k€), year-3 revenue target (k€).
HISTORY = (
    ("Allemagne", 2016, "Filiale", 2400, 9000),
    ("Italie", 2018, "Distributeur", 300, 4000),
    ("Belgique", 2019, "Distributeur", 250, 2500),
    ("Suisse", 2019, "Franchise", 400, 2000),
    ("Pays-Bas", 2020, "Sous-traitance", 600, 3000),
    ("Autriche", 2021, "Franchise", 350, 1800),
    ("Portugal", 2021, "Sous-traitance", 500, 1500),
)


class InternationalCase(Case):
    name = "c3_international"
    company_id = "nexalys"

    def generate(self) -> dict[str, Any]:
        import pandas as pd

        rng = self.rng("international")
        country = COUNTRIES[int(rng.integers(len(COUNTRIES)))]
        rows = []
        for pays, year, model, invest, target in HISTORY:
            ratio = float(rng.uniform(0.4, 1.3))
            rows.append(
                {
                    "pays": pays,
                    "annee_entree": year,
                    "modele": model,
                    "investissement_keur": round(invest * float(rng.uniform(0.9, 1.1))),
                    "ca_objectif_an3_keur": target,
                    "ca_realise_an3_keur": round(target * ratio),
                    "statut": "Maintenu" if ratio >= 0.6 else "Arrêté",
                }
            )
        historique = pd.DataFrame(rows)
        raw = {c: w * float(rng.uniform(0.6, 1.4)) for c, w in CRITERIA.items()}
        weights = {c: round(v / sum(raw.values()) * 100) for c, v in raw.items()}
        # Whole percents must still sum to 100: the largest weight absorbs the rounding.
        top = max(weights, key=weights.get)
        weights[top] += 100 - sum(weights.values())
        grille = pd.DataFrame(
            {"critere": list(CRITERIA), "poids_pct": [weights[c] for c in CRITERIA]}
            | {
                m: [int(min(5, max(1, s + int(rng.integers(-1, 2))))) for s in BASE_SCORES[m]]
                for m in MODELS
            }
        )
        return {"historique": historique, "grille": grille, "pays_cible": country}

    def context_markdown(self) -> str:
        return (
            f"{self.company.narrative}\n\n"
            f"Le comité de direction envisage d'ouvrir **{self.data['pays_cible']}** l'an prochain "
            "pour accompagner deux clients français qui y ont des usines et conquérir des "
            "industriels locaux. Quatre modèles de développement sont sur la table : **filiale**, "
            "**sous-traitance** (un intégrateur local installe et maintient pour le compte de "
            "Nexalys), **franchise** (un partenaire exploite la marque et les méthodes Nexalys) et "
            "**distributeur** (revente des capteurs et de la plateforme). Vous disposez de "
            "l'historique international de Nexalys (objectif et CA réalisé la 3ᵉ année) et de la "
            "grille de décision validée par le comité (poids en %, notes de 1 à 5)."
        )


CASE_CLASS = InternationalCase

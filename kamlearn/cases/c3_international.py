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
#: Base scores (1–5) of each model on each criterion, in CRITERIA order. For a B2B seller
#: of industrial sensors with recurring service contracts, the service and the customer
#: relationship are the product: a franchise (a partner exploiting the brand and methods)
#: keeps little control and little margin, subcontracting shares both.
BASE_SCORES = {
    "Filiale": (5, 1, 2, 2, 5, 4),
    "Sous-traitance": (3, 3, 3, 3, 2, 3),
    "Franchise": (2, 4, 3, 2, 3, 2),
    "Distributeur": (2, 5, 5, 4, 2, 3),
}
#: The two models the committee can reasonably retain for a B2B sensor business: the
#: weighted matrix of every variant recommends one of them, by a visible lead.
CONTENDERS = ("Filiale", "Distributeur")
#: Lead (points out of 5) the best contender keeps over the other models.
MIN_LEAD = 0.1
#: Nexalys's past moves abroad: country, year, model, investment (k€), year-3 revenue
#: target (k€), range of the achievement ratio (year-3 revenue / target) and what happened.
#: The outcomes are those of a B2B sensor business: the subsidiary and the specialised
#: distributors reached their targets, the subcontractors half-way, the franchises failed.
HISTORY = (
    (
        "Allemagne",
        2016,
        "Filiale",
        2400,
        9000,
        (0.95, 1.20),
        "Équipe locale d'avant-vente et de support ; trois clients français suivis sur place.",
    ),
    (
        "Italie",
        2018,
        "Distributeur",
        300,
        4000,
        (0.85, 1.10),
        "Distributeur spécialisé en instrumentation industrielle, techniciens formés par Nexalys.",
    ),
    (
        "Belgique",
        2019,
        "Distributeur",
        250,
        2500,
        (0.90, 1.15),
        "Marché proche et francophone, support technique assuré depuis la France.",
    ),
    (
        "Suisse",
        2019,
        "Franchise",
        400,
        2000,
        (0.35, 0.55),
        "Partenaire sans compétence en maintenance prédictive : support jugé insuffisant.",
    ),
    (
        "Pays-Bas",
        2020,
        "Sous-traitance",
        600,
        3000,
        (0.70, 0.95),
        "Intégrateur compétent, mais relation client indirecte et marge partagée.",
    ),
    (
        "Autriche",
        2021,
        "Franchise",
        350,
        1800,
        (0.30, 0.55),
        "Licence de marque mal adaptée à une vente technique à cycle long ; contrat résilié.",
    ),
    (
        "Portugal",
        2021,
        "Sous-traitance",
        500,
        1500,
        (0.50, 0.75),
        "Intégrateur trop petit pour suivre des déploiements sur plusieurs sites.",
    ),
)
#: Achievement ratio under which a country was stopped.
STOP_BELOW = 0.6


class InternationalCase(Case):
    name = "c3_international"
    company_id = "nexalys"

    def generate(self) -> dict[str, Any]:
        import pandas as pd

        rng = self.rng("international")
        country = COUNTRIES[int(rng.integers(len(COUNTRIES)))]
        rows = []
        for pays, year, model, invest, target, ratios, comment in HISTORY:
            ratio = float(rng.uniform(*ratios))
            rows.append(
                {
                    "pays": pays,
                    "annee_entree": year,
                    "modele": model,
                    "investissement_keur": round(invest * float(rng.uniform(0.9, 1.1))),
                    "ca_objectif_an3_keur": target,
                    "ca_realise_an3_keur": round(target * ratio),
                    "statut": "Maintenu" if ratio >= STOP_BELOW else "Arrêté",
                    "commentaire": comment,
                }
            )
        historique = pd.DataFrame(rows)
        grille = self._grid(rng)
        return {"historique": historique, "grille": grille, "pays_cible": country}

    @staticmethod
    def _grid(rng):
        """The committee's grid: weights and scores perturbed per learner, redrawn until one
        of :data:`CONTENDERS` leads the weighted scores by :data:`MIN_LEAD`."""
        import pandas as pd

        for _ in range(200):
            raw = {c: w * float(rng.uniform(0.6, 1.4)) for c, w in CRITERIA.items()}
            weights = {c: round(v / sum(raw.values()) * 100) for c, v in raw.items()}
            # Whole percents must still sum to 100: the largest weight absorbs the rounding.
            top = max(weights, key=weights.get)
            weights[top] += 100 - sum(weights.values())
            scores = {
                m: [int(min(5, max(1, s + int(rng.integers(-1, 2))))) for s in BASE_SCORES[m]]
                for m in MODELS
            }
            weighted = {
                m: sum(w * s for w, s in zip(weights.values(), scores[m], strict=True)) / 100
                for m in MODELS
            }
            best = max(weighted[m] for m in CONTENDERS)
            others = max(weighted[m] for m in MODELS if m not in CONTENDERS)
            if best >= others + MIN_LEAD and weighted["Filiale"] != weighted["Distributeur"]:
                return pd.DataFrame(
                    {"critere": list(CRITERIA), "poids_pct": [weights[c] for c in CRITERIA]}
                    | scores
                )
        raise RuntimeError("no plausible decision grid in 200 draws")  # pragma: no cover

    def context_markdown(self) -> str:
        return (
            f"{self.company.narrative}\n\n"
            f"Le comité de direction envisage d'ouvrir **{self.data['pays_cible']}** l'an prochain "
            "pour accompagner deux clients français qui y ont des usines et conquérir des "
            "industriels locaux. Quatre modèles de développement sont sur la table : **filiale**, "
            "**sous-traitance** (un intégrateur local installe et maintient pour le compte de "
            "Nexalys), **franchise** (un partenaire exploite la marque et les méthodes Nexalys) et "
            "**distributeur** (revente des capteurs et de la plateforme). Vous disposez de "
            "l'historique international de Nexalys (objectif et CA réalisé la 3ᵉ année, ce qu'il "
            "faut retenir de chaque implantation) et de la "
            "grille de décision validée par le comité (poids en %, notes de 1 à 5)."
        )


CASE_CLASS = InternationalCase

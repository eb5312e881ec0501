"""C17 – a design thinking workshop with Distrimax: idea votes, scoring, 2×2 matrix, codev."""

from __future__ import annotations

from typing import Any

from kamlearn.cases.base import Case
from kamlearn.frenchfmt import percent_fr

IDEAS = (
    "Alerte SMS au chef de rayon quand une vitrine froide reste ouverte",
    "Tableau de bord énergie affiché en salle de pause",
    "Challenge inter-magasins « kWh économisés » avec classement mensuel",
    "Rideaux de nuit automatiques sur les meubles froids",
    "Maintenance prédictive des compresseurs par analyse vibratoire",
    "Jumeau numérique de la chaîne du froid du magasin",
    "Bonus d'équipe indexé sur les économies d'énergie",
    "Assistant vocal pour les techniciens de maintenance",
    "Pilotage du dégivrage selon la fréquentation du magasin",
    "Étiquette « magasin sobre » visible par les clients",
    "Offre de financement à la performance (paiement sur économies)",
    "Capteurs de porte sur les chambres froides avec alerte",
    "Formation des équipes de nuit en micro-apprentissage",
    "Revente de la chaleur fatale des groupes froids au voisinage",
    "Optimisation des consignes de température par famille de produits",
    "Application mobile de signalement d'anomalies pour le personnel",
    "Audit énergétique flash réalisé en 2 heures par magasin",
    "Effacement de consommation aux heures de pointe du réseau",
    "Comparateur de consommation entre magasins de même format",
    "Kit de démarrage « sobriété » pour les nouveaux directeurs de magasin",
    "Contrat de maintenance avec engagement de disponibilité du froid",
    "Détection automatique des fuites de fluide frigorigène",
    "Affichage de l'empreinte carbone du froid sur les tickets de caisse",
    "Réunion énergie mensuelle animée par le responsable de magasin",
    "Plateforme de partage de bonnes pratiques entre magasins",
    "Pilotage de l'éclairage selon la luminosité naturelle",
    "Prévision de consommation à J+7 pour les achats d'électricité",
    "Programme d'ambassadeurs énergie dans chaque magasin",
)
WORKSHOP = (
    ("Vous (KAM Nexalys)", "Nexalys"),
    ("Responsable avant-vente", "Nexalys"),
    ("Data scientist", "Nexalys"),
    ("Responsable énergie et RSE", "Distrimax"),
    ("Directrice de magasin", "Distrimax"),
    ("Chef de service technique", "Distrimax"),
)
QUADRANTS = ("prioritaire", "projet majeur", "petit gain", "à écarter")
THRESHOLD = 3.0
#: The steps of the codev protocol (Payette & Champagne), listed in alphabetical order:
#: putting them in order is the exercise (the order lives on the trainer side).
CODEV_STEPS = (
    "Conclusion : apprentissages de chacun",
    "Contrat : le client reformule sa demande",
    "Exposé de la problématique par le client",
    "Questions de clarification des consultants",
    "Réactions, commentaires et suggestions des consultants",
    "Synthèse et plan d'action du client",
)
#: The design-thinking phases, in alphabetical order (the order lives on the trainer side).
DESIGN_THINKING_STEPS = ("Définition du problème", "Empathie", "Idéation", "Prototypage", "Test")


def _shuffled_codes(rng, steps) -> dict[str, str]:
    """Letter codes given to shuffled steps: code -> step."""
    order = list(rng.permutation(len(steps)))
    letters = "ABCDEFGH"
    return {letters[pos]: steps[i] for pos, i in enumerate(order)}


class DesignThinkingCase(Case):
    name = "c17_design_thinking"
    company_id = "distrimax"

    def generate(self) -> dict[str, Any]:
        import numpy as np
        import pandas as pd

        rng = self.rng("atelier")
        n = int(rng.integers(18, 23))
        chosen = sorted(rng.choice(len(IDEAS), n, replace=False))
        ideas = pd.DataFrame(
            {
                "id_idee": [f"I{k + 1:02d}" for k in range(n)],
                "idee": [IDEAS[int(i)] for i in chosen],
                "alignement_rse": rng.integers(1, 6, n),
            }
        )
        latent_impact = rng.uniform(1.4, 4.8, n)
        latent_feasibility = rng.uniform(1.4, 4.8, n)
        votes = []
        for k in range(n):
            for person, company in WORKSHOP:
                # Client staff see feasibility through their operations: more spread.
                spread = 0.9 if company == "Distrimax" else 0.6
                votes.append(
                    {
                        "participant": person,
                        "entreprise": company,
                        "id_idee": ideas.loc[k, "id_idee"],
                        "impact": int(
                            np.clip(round(latent_impact[k] + rng.normal(0, spread)), 1, 5)
                        ),
                        "faisabilite": int(
                            np.clip(round(latent_feasibility[k] + rng.normal(0, spread)), 1, 5)
                        ),
                    }
                )
        w_impact = float(rng.choice([0.4, 0.45, 0.5]))
        w_feas = float(rng.choice([0.3, 0.35]))
        weights = {
            "impact": w_impact,
            "faisabilite": w_feas,
            "alignement_rse": round(1 - w_impact - w_feas, 2),
        }
        codev = _shuffled_codes(rng, CODEV_STEPS)
        dt = _shuffled_codes(rng, DESIGN_THINKING_STEPS)
        return {
            "idees": ideas,
            "votes": pd.DataFrame(votes),
            "ponderations": weights,
            "etapes_codev": codev,
            "etapes_design_thinking": dt,
        }

    def context_markdown(self) -> str:
        d = self.data
        return (
            f"{self.company.narrative}\n\n"
            f"Pour préparer la réponse à l'appel d'offres, vous animez chez Distrimax un **atelier de "
            f"design thinking** de six personnes (trois de Nexalys, trois de Distrimax) sur la question : "
            f"*« Comment pourrions-nous aider les équipes des magasins à réduire la consommation du "
            f"froid commercial sans dégrader la chaîne du froid ? »*. L'atelier a produit "
            f"**{len(d['idees'])} idées** ; chaque participant a noté chacune sur son **impact** et sa "
            f"**faisabilité** (de 1 à 5). Le comité de pilotage a fixé les pondérations : "
            f"impact {percent_fr(d['ponderations']['impact'])}, faisabilité {percent_fr(d['ponderations']['faisabilite'])}, "
            f"alignement RSE {percent_fr(d['ponderations']['alignement_rse'])}."
        )


CASE_CLASS = DesignThinkingCase

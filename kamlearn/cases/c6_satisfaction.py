"""C6 – the satisfaction survey of a key account's contacts (NPS, CSAT, verbatims)."""

from __future__ import annotations

from typing import Any

from kamlearn.cases.base import Case

THEMES = (
    "Réactivité du support",
    "Qualité des alertes",
    "Facturation",
    "Formation des équipes",
    "Ergonomie de la plateforme",
    "Disponibilité du technicien",
)
VERBATIMS = {
    "Réactivité du support": (
        "Les tickets restent ouverts trop longtemps.",
        "Support joignable et efficace, rien à redire.",
    ),
    "Qualité des alertes": (
        "Trop de fausses alertes la nuit, les équipes n'y croient plus.",
        "Les alertes nous ont évité deux arrêts de ligne ce trimestre.",
    ),
    "Facturation": (
        "Les factures ne correspondent pas au bon de commande.",
        "Facturation claire et conforme au contrat.",
    ),
    "Formation des équipes": (
        "Les nouveaux opérateurs n'ont jamais été formés.",
        "La formation sur site a été très appréciée.",
    ),
    "Ergonomie de la plateforme": (
        "Les tableaux de bord sont difficiles à lire.",
        "La plateforme est intuitive.",
    ),
    "Disponibilité du technicien": (
        "Le technicien n'est passé qu'une fois en six mois.",
        "Technicien présent et force de proposition.",
    ),
}
LEVELS = ("Décideur", "Prescripteur", "Utilisateur")
#: share of learners whose lowest-mean site is not their lowest-NPS site
POLARISED_SHARE = 0.45


class SatisfactionCase(Case):
    name = "c6_satisfaction"
    company_id = "aubrac"

    def generate(self) -> dict[str, Any]:
        import numpy as np
        import pandas as pd

        rng = self.rng("enquete")
        sites = list(self.sites)
        functions = list(self.company.functions)
        site_shift = dict(zip(sites, rng.normal(0.3, 0.6, len(sites)), strict=True))
        # One site per learner is in trouble, so that the worst segment differs between
        # learners and cannot be copied.
        troubled = sites[int(rng.integers(len(sites)))]
        site_shift[troubled] = -2.2 - float(rng.uniform(0, 0.8))
        # For some learners the trouble is lukewarm (many 6s and 7s, hardly anyone very
        # unhappy) while another site is split between fans and a few very unhappy contacts:
        # that site has the lowest mean score but not the lowest NPS (drawn from its own
        # stream, so the other learners' data stay as they were).
        profiles = self.rng("profils")
        polarised = None
        if profiles.random() < POLARISED_SHARE:
            others = [s for s in sites if s != troubled]
            polarised = others[int(profiles.integers(len(others)))]
        function_shift = dict(zip(functions, rng.normal(0, 0.5, len(functions)), strict=True))
        theme_weight = rng.dirichlet(np.ones(len(THEMES)) * 2)
        n = int(rng.integers(240, 321))
        rows = []
        for i in range(n):
            site = sites[int(rng.integers(len(sites)))]
            fonction = functions[int(rng.integers(len(functions)))]
            noise = rng.normal(0, 1.6)
            latent = 7.6 + site_shift[site] + function_shift[fonction] + noise
            if polarised is not None and site == troubled:
                latent = 6.4 + 0.3 * function_shift[fonction] + 0.4 * noise
            elif site == polarised:
                fan = profiles.random() < 0.45
                latent = (9.6 if fan else 2.6) + 0.5 * noise
            score = int(np.clip(round(latent), 0, 10))
            csat = int(np.clip(round(1 + (latent - 1) / 2.2 + rng.normal(0, 0.5)), 1, 5))
            theme = THEMES[int(rng.choice(len(THEMES), p=theme_weight))]
            rows.append(
                {
                    "id_contact": f"AUB-{i + 1:04d}",
                    "site": site,
                    "fonction": fonction,
                    "niveau": LEVELS[int(rng.choice(3, p=[0.15, 0.35, 0.5]))],
                    "anciennete_relation_mois": int(rng.integers(3, 84)),
                    "score_recommandation": score,
                    "csat": csat,
                    "theme_principal": theme,
                    "verbatim": VERBATIMS[theme][0 if score <= 6 else 1],
                }
            )
        enquete = pd.DataFrame(rows)
        return {"enquete": enquete}

    @property
    def sites(self) -> tuple[str, ...]:
        """The plants where Aubrac uses Nexalys (the storyline's installed base): the only
        ones where the account manager has contacts to survey."""
        from kamlearn.cases.storyline import aubrac_renewal

        return aubrac_renewal(self.identity.cohort, self.identity.learner).plants

    def context_markdown(self) -> str:
        from kamlearn.frenchfmt import list_fr

        n = len(self.data["enquete"])
        return (
            f"{self.company.narrative}\n\n"
            f"Pour préparer la revue annuelle du compte, vous avez lancé une enquête de "
            f"satisfaction auprès de vos contacts chez {self.company.name} : **{n} "
            f"répondants** répartis sur les {len(self.sites)} usines équipées par Nexalys "
            f"({list_fr(list(self.sites))}) et "
            f"{len(self.company.functions)} fonctions. Chaque contact a donné une note de "
            f"recommandation de 0 à 10 (« Recommanderiez-vous Nexalys à un collègue ? »), "
            f"une note de satisfaction (CSAT) de 1 à 5 et un commentaire."
        )


CASE_CLASS = SatisfactionCase

"""C6 (2nd notebook) – CSAT and a satisfaction dashboard built on the C6 survey."""

from __future__ import annotations

from typing import Any

from kamlearn.cases.base import Case
from kamlearn.cases.c6_satisfaction import SatisfactionCase

QUARTERS = ("T1 2023", "T2 2023", "T3 2023", "T4 2023", "T1 2024", "T2 2024", "T3 2024", "T4 2024")


class DashboardCase(Case):
    name = "c6b_tableau_de_bord"
    company_id = "aubrac"

    def generate(self) -> dict[str, Any]:
        import pandas as pd

        # Same survey as the C6 notebook, so the two notebooks tell one story.
        survey = SatisfactionCase(self.identity)
        enquete = survey.data["enquete"]
        # The site whose contacts score lowest on average also declines in the CSAT history,
        # so the two notebooks tell one story (a generation choice, not an answer: C6 asks
        # for the lowest NPS, computed on the trainer side).
        worst = str(enquete.groupby("site")["score_recommandation"].mean().idxmin())
        rng = self.rng("historique")
        sites = list(survey.sites)  # the equipped plants, as in the C6 survey
        decliner = sites[int(rng.integers(len(sites)))]
        rows = []
        for site in sites:
            level = float(rng.uniform(70, 88))
            slope = float(rng.uniform(-1.0, 1.5))
            if site in (worst, decliner):
                slope = -float(rng.uniform(2.5, 4.5)) - (1.0 if site == decliner else 0.0)
            for k, quarter in enumerate(QUARTERS):
                value = level + slope * k + float(rng.normal(0, 1.2))
                rows.append(
                    {"site": site, "trimestre": quarter, "csat_pct": round(min(100.0, value), 1)}
                )
        historique = pd.DataFrame(rows)
        objectifs = pd.DataFrame(
            {
                "site": sites,
                "objectif_csat_pct": [float(rng.choice([70, 75, 80])) for _ in sites],
            }
        )
        return {"enquete": enquete, "historique": historique, "objectifs": objectifs}

    def context_markdown(self) -> str:
        return (
            f"{self.company.narrative}\n\n"
            "Vous reprenez l'enquête de satisfaction du carnet C6 (mêmes répondants) pour construire "
            "le **tableau de bord de satisfaction** du compte, présenté chaque trimestre au comité "
            "de pilotage Aubrac–Nexalys. Vous disposez aussi de l'historique trimestriel du CSAT par "
            "site (baromètre court envoyé après chaque intervention) et des objectifs de CSAT "
            "fixés par site dans le contrat."
        )


CASE_CLASS = DashboardCase

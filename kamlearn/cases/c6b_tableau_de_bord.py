"""C6 (2nd notebook) – CSAT and a satisfaction dashboard built on the C6 survey."""

from __future__ import annotations

from typing import Any

from kamlearn import conventions as conv
from kamlearn.cases.base import Case
from kamlearn.cases.c6_satisfaction import SatisfactionCase

QUARTERS = ("T1 2023", "T2 2023", "T3 2023", "T4 2023", "T1 2024", "T2 2024", "T3 2024", "T4 2024")


def csat(scores) -> float:
    """CSAT in percent (one decimal): share of answers at or above the satisfied minimum."""
    values = [int(s) for s in scores]
    return round(sum(v >= conv.CSAT_SATISFIED_MIN for v in values) / len(values) * 100, 1)


class DashboardCase(Case):
    name = "c6b_tableau_de_bord"
    company_id = "aubrac"

    def generate(self) -> dict[str, Any]:
        import pandas as pd

        # Same survey as the C6 notebook, so the two notebooks tell one story.
        survey = SatisfactionCase(self.identity)
        enquete = survey.data["enquete"]
        worst = survey.expected["site_le_plus_faible"]
        rng = self.rng("historique")
        decliner = list(self.company.sites)[int(rng.integers(len(self.company.sites)))]
        rows = []
        for site in self.company.sites:
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
                "site": list(self.company.sites),
                "objectif_csat_pct": [float(rng.choice([70, 75, 80])) for _ in self.company.sites],
            }
        )
        return {"enquete": enquete, "historique": historique, "objectifs": objectifs}

    def compute_expected(self) -> dict[str, Any]:
        df = self.data["enquete"]
        hist = self.data["historique"]
        last = hist[hist["trimestre"] == QUARTERS[-1]].set_index("site")["csat_pct"]
        first = hist[hist["trimestre"] == QUARTERS[0]].set_index("site")["csat_pct"]
        goals = self.data["objectifs"].set_index("site")["objectif_csat_pct"]
        change = (last - first).round(1)
        return {
            "csat_global": csat(df["csat"]),
            "csat_moyen": round(float(df["csat"].mean()), 2),
            "csat_par_site": {s: csat(g["csat"]) for s, g in df.groupby("site", sort=True)},
            "sites_sous_objectif": sorted(s for s in goals.index if last[s] < goals[s]),
            "site_en_baisse": str(change.idxmin()),
            "series_sites": [
                [float(v) for v in hist[hist["site"] == s]["csat_pct"]] for s in self.company.sites
            ],
        }

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

"""C5 – funnel ratios from a CRM extract, ABC (Pareto) segmentation, time and KPIs."""

from __future__ import annotations

from typing import Any

from kamlearn.cases.base import Case

STAGES = ("Lead", "Rendez-vous", "Découverte", "Proposition", "Négociation", "Signature")
ACTIVITIES = ("hunting", "farming")
SITUATIONS = {
    "ouverture": "Vous venez de reprendre un territoire presque vierge en grands comptes "
    "(Grand-Est et Bourgogne) : Nexalys n'y sert que de petits clients, par ses distributeurs ; "
    "les comptes clés sont à conquérir.",
    "maturite": "Votre portefeuille est constitué depuis quatre ans : il s'agit désormais de le "
    "fidéliser et de le développer.",
}
SECTORS = ("Agroalimentaire", "Chimie", "Métallurgie", "Automobile", "Pharmacie", "Logistique")


def transition_label(k: int) -> str:
    return f"{STAGES[k]} → {STAGES[k + 1]}"


class PilotageCase(Case):
    name = "c5_pilotage"
    company_id = "nexalys"

    @property
    def situation(self) -> str:
        return list(SITUATIONS)[int(self.rng("situation").integers(len(SITUATIONS)))]

    def generate(self) -> dict[str, Any]:
        import numpy as np
        import pandas as pd

        rng = self.rng("crm")
        base = {
            "hunting": [0.45, 0.70, 0.60, 0.45, 0.70],
            "farming": [0.75, 0.85, 0.75, 0.60, 0.80],
        }
        # One stage per learner is a bottleneck, so the answers differ between learners.
        bottleneck = int(rng.integers(1, len(STAGES) - 1))
        n = int(rng.integers(380, 561))
        rows = []
        for i in range(n):
            activity = "hunting" if rng.random() < 0.6 else "farming"
            stage = 0
            for k, p in enumerate(base[activity]):
                p = p * (0.55 if k == bottleneck else float(rng.uniform(0.95, 1.05)))
                if rng.random() >= p:
                    break
                stage = k + 1
            rows.append(
                {
                    "id_opportunite": f"OPP-{i + 1:04d}",
                    "activite": activity,
                    "secteur": SECTORS[int(rng.integers(len(SECTORS)))],
                    "trimestre": f"T{int(rng.integers(1, 5))}",
                    "etape_atteinte": STAGES[stage],
                    "statut": "Gagnée" if stage == len(STAGES) - 1 else "Perdue",
                    "montant_keur": round(
                        float(rng.lognormal(4.2 if activity == "hunting" else 3.8, 0.6)), 1
                    ),
                }
            )
        crm = pd.DataFrame(rows)

        rng = self.rng("portefeuille")
        m = int(rng.integers(200, 261))
        revenue = np.round(rng.lognormal(3.5, float(rng.uniform(1.3, 1.6)), m) + 2, 1)
        portefeuille = (
            pd.DataFrame(
                {
                    "id_client": [f"CLI-{i + 1:03d}" for i in range(m)],
                    "secteur": [SECTORS[int(k)] for k in rng.integers(0, len(SECTORS), m)],
                    "ca_keur": revenue,
                    "anciennete_ans": rng.integers(1, 15, m),
                    "nb_contacts_an": rng.integers(0, 25, m),
                }
            )
            .sample(frac=1.0, random_state=int(rng.integers(1 << 31)))
            .reset_index(drop=True)
        )
        return {"crm": crm, "portefeuille": portefeuille}

    def context_markdown(self) -> str:
        return (
            f"{self.company.narrative}\n\n"
            f"**Votre situation.** {SITUATIONS[self.situation]}\n\n"
            "Votre directeur commercial vous demande un **plan de progrès** pour l'année qui vient. "
            f"Vous disposez de l'extraction CRM des **{len(self.data['crm'])} opportunités clôturées** "
            "l'an dernier par l'équipe commerciale de votre région (vous et les trois commerciaux "
            "que vous animez : étape la plus avancée atteinte, statut, montant) et du "
            f"**portefeuille des {len(self.data['portefeuille'])} clients** de la région, "
            "distributeurs compris, avec leur chiffre d'affaires annuel."
        )


CASE_CLASS = PilotageCase

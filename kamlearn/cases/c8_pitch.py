"""C8 – a pitch under two minutes: the learner's brief and fact sheet, and a team
rehearsal to time (estimated speaking time, limits with accommodations).

The brief is the one the pitch timer (:mod:`kamlearn.sim.pitch`) draws from the
learner's seed, so the notebook, the timer and the check agree.
"""

from __future__ import annotations

from typing import Any

from kamlearn.cases.base import Case
from kamlearn.frenchfmt import number_fr

REFERENCES = (
    ("Forges du Rhône", "arrêts non planifiés", "mois"),
    ("Métallerie Vosgienne", "consommation d'énergie des fours", "mois"),
    ("Usinage de l'Ouest", "coûts de maintenance curative", "mois"),
    ("Pôle Précision Savoie", "pannes de compresseurs", "mois"),
)
COLLEAGUES = (
    "Amandine",
    "Bastien",
    "Chloé",
    "Damien",
    "Élodie",
    "Farid",
    "Gaëlle",
    "Hugo",
    "Inès",
    "Julien",
    "Karima",
    "Louis",
    "Manon",
    "Nicolas",
    "Océane",
    "Pierre",
)


class PitchCase(Case):
    name = "c8_pitch"
    company_id = "aubrac"

    def generate(self) -> dict[str, Any]:
        import pandas as pd

        from kamlearn.sim.pitch import PitchTimer

        rng = self.rng("pitch")
        seed = int(rng.integers(0, 2**31 - 1))
        ref, what, unit = REFERENCES[int(rng.integers(len(REFERENCES)))]
        fiche = {
            "reference_client": ref,
            "indicateur": what,
            "gain_pct": int(rng.integers(15, 36)),
            "delai": int(rng.integers(6, 13)),
            "unite_delai": unit,
            "capteurs_installes": int(rng.integers(8, 25)) * 100,
            "pannes_evitees": int(rng.integers(12, 40)),
        }
        rng = self.rng("repetition")
        n = int(rng.integers(10, 15))
        names = [COLLEAGUES[int(i)] for i in sorted(rng.choice(len(COLLEAGUES), n, replace=False))]
        rows = []
        for name in names:
            rows.append(
                {
                    "collegue": name,
                    "nb_mots": int(rng.integers(230, 340)),
                    "amenagements": "tiers-temps" if rng.random() < 0.3 else "",
                }
            )
        repetition = pd.DataFrame(rows)
        return {
            "graine_chrono": seed,
            "brief": PitchTimer(seed).brief_fr,
            "fiche": fiche,
            "repetition": repetition,
        }

    def context_markdown(self) -> str:
        f = self.data["fiche"]
        return (
            f"{self.company.narrative}\n\n"
            f"**Votre sujet de pitch.** {self.data['brief']}\n\n"
            f"**Votre fiche d'offre.** Référence client : **{f['reference_client']}**, "
            f"−{f['gain_pct']} % sur les {f['indicateur']} en {f['delai']} {f['unite_delai']}, "
            f"{number_fr(f['capteurs_installes'])} capteurs installés, {f['pannes_evitees']} pannes évitées la "
            f"première année. Nexalys est le seul fournisseur à combiner capteurs, plateforme "
            f"*Nexalys Vision* et contrat de service avec engagement de résultat."
        )


CASE_CLASS = PitchCase

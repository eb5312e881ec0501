"""C16 – a sales director's CRM extract: dashboards per N-1 manager and per client."""

from __future__ import annotations

from typing import Any

from kamlearn.cases.base import Case

MANAGERS = (
    "Claire Morel",
    "Karim Benali",
    "Sophie Lambert",
    "Julien Faure",
    "Inès Carvalho",
    "Thomas Girard",
)
REP_FIRST_NAMES = (
    "Léa", "Hugo", "Camille", "Nathan", "Chloé", "Yanis", "Manon", "Lucas", "Sarah", "Mehdi",
    "Emma", "Louis", "Zoé", "Adam", "Jade", "Théo", "Inès", "Rayan", "Lina", "Paul",
)  # fmt: skip
CLIENT_PREFIXES = (
    "Agro",
    "Bati",
    "Chim",
    "Logi",
    "Méca",
    "Pharma",
    "Hydro",
    "Ciment",
    "Verre",
    "Papet",
)
CLIENT_SUFFIXES = ("Ouest", "France", "Industries", "Groupe", "Services", "Europe")
SECTORS = ("Industrie", "Grande distribution", "Centres de données", "Santé", "Logistique")
OPEN_STAGES = ("Qualification", "Proposition", "Négociation")
#: Weak KPI -> the competency to coach first.
COMPETENCY_OF_KPI = {
    "couverture": "prospection",
    "transformation": "négociation",
    "cycle": "qualification",
}
COMPETENCIES = tuple(COMPETENCY_OF_KPI.values())


class PilotageCrmCase(Case):
    name = "c16_pilotage_crm"
    company_id = "nexalys"

    def generate(self) -> dict[str, Any]:
        import pandas as pd

        rng = self.rng("crm")
        n_managers = 5
        managers = [
            MANAGERS[i] for i in sorted(rng.choice(len(MANAGERS), n_managers, replace=False))
        ]
        weak_manager = managers[int(rng.integers(n_managers))]
        weak_kpi = ("couverture", "transformation", "cycle")[int(rng.integers(3))]
        combos = [f"{p} {s}" for p in CLIENT_PREFIXES for s in CLIENT_SUFFIXES]
        clients = sorted(combos[int(i)] for i in rng.choice(len(combos), 36, replace=False))
        client_size = dict(zip(clients, rng.pareto(1.3, len(clients)) + 0.3, strict=True))
        client_sector = {c: SECTORS[int(rng.integers(len(SECTORS)))] for c in clients}
        weights = [client_size[c] for c in clients]
        weights = [w / sum(weights) for w in weights]
        names = list(rng.permutation(REP_FIRST_NAMES))
        reps = {}
        for m in managers:
            k = int(rng.integers(3, 5))
            reps[m] = [f"{names.pop()} {m.split()[1][0]}." for _ in range(k)]
        start = pd.Timestamp("2025-01-01")
        extract = pd.Timestamp("2025-12-31")
        rows, objectives = [], []
        counter = 0
        for m in managers:
            p_win = 0.42 + float(rng.normal(0, 0.03))
            cycle_mean = 85 + float(rng.normal(0, 6))
            open_factor = 3.3 + float(rng.normal(0, 0.2))
            if m == weak_manager:
                if weak_kpi == "transformation":
                    p_win = 0.20
                elif weak_kpi == "cycle":
                    cycle_mean = 150
                else:
                    open_factor = 1.5
            n_closed = int(rng.integers(55, 80))
            n_open = int(rng.integers(14, 22))
            open_total = 0.0
            for j in range(n_closed + n_open):
                counter += 1
                client = clients[int(rng.choice(len(clients), p=weights))]
                amount = round(float(rng.lognormal(4.3, 0.6)) * (0.6 + client_size[client] / 4), 1)
                created = start + pd.Timedelta(days=int(rng.integers(0, 200)))
                if j < n_closed:
                    won = bool(rng.random() < p_win)
                    length = max(15, int(rng.normal(cycle_mean if won else cycle_mean * 0.7, 14)))
                    closed = min(created + pd.Timedelta(days=length), extract)
                    status, stage = ("Gagnée" if won else "Perdue"), "Clôturée"
                else:
                    closed, status = pd.NaT, "En cours"
                    stage = OPEN_STAGES[int(rng.integers(3))]
                    created = extract - pd.Timedelta(days=int(rng.integers(10, 120)))
                    open_total += amount
                rows.append(
                    {
                        "id_opportunite": f"OPP-{counter:04d}",
                        "client": client,
                        "secteur": client_sector[client],
                        "manager": m,
                        "commercial": reps[m][int(rng.integers(len(reps[m])))],
                        "statut": status,
                        "etape": stage,
                        "montant_keur": amount,
                        "date_creation": created,
                        "date_cloture": closed,
                    }
                )
            objectives.append(
                {"manager": m, "objectif_t1_keur": round(open_total / open_factor, -1)}
            )
        crm = (
            pd.DataFrame(rows)
            .sample(frac=1.0, random_state=int(rng.integers(1 << 31)))
            .reset_index(drop=True)
        )
        return {"crm": crm, "objectifs": pd.DataFrame(objectives)}

    def context_markdown(self) -> str:
        crm = self.data["crm"]
        return (
            f"{self.company.narrative}\n\n"
            f"Vous êtes promu **directeur commercial grands comptes**. Vous encadrez "
            f"**{crm['manager'].nunique()} managers N-1**, chacun à la tête de 3 ou 4 commerciaux. "
            f"Avant le séminaire de janvier, vous extrayez du CRM les **{len(crm)} opportunités** "
            f"de l'année (gagnées, perdues, en cours) et les objectifs de chiffre d'affaires du "
            f"premier trimestre de chaque manager. Objectif : analyser les tableaux de bord par "
            f"manager et par client, puis décider **qui coacher en premier, et sur quelle compétence**."
        )


CASE_CLASS = PilotageCrmCase

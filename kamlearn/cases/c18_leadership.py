"""C15/C18 – leading the Cortexa roll-out team: workload, climate survey, leadership scenarios."""

from __future__ import annotations

from typing import Any

from kamlearn.cases.base import Case
from kamlearn.cases.storyline_team import ROLLOUT_TEAM

#: The roll-out team, from the storyline (the same people as in C15 and the scenarios):
#: name, site, language, weekly hours, travels allowed, skills, note on specifics. The notes
#: say what the organisation must provide (an accommodation), never a health condition or
#: a disability status: that is the person's to disclose, not the manager's (C18 ethics).
MEMBERS = tuple(
    (c.name, c.site, c.language, c.weekly_hours, c.travels, c.skills, c.note) for c in ROLLOUT_TEAM
)
#: task, skill, travel needed
TASK_TEMPLATES = (
    ("Installation des capteurs – Bruxelles", "installation", True),
    ("Installation des capteurs – Casablanca", "installation", True),
    ("Installation des capteurs – Lyon", "installation", True),
    ("Paramétrage des seuils d'alerte", "paramétrage", False),
    ("Connecteur GMAO", "paramétrage", False),
    ("Modèle de détection d'anomalies", "data", False),
    ("Tableau de bord énergie", "data", False),
    ("Formation des exploitants – Bruxelles", "formation", True),
    ("Supports de formation en ligne", "formation", False),
    ("Planning et comité de suivi", "gestion de projet", False),
    ("Plan de communication multisite", "gestion de projet", False),
    ("Recette sur site pilote", "installation", True),
    ("Nettoyage des données historiques", "data", False),
    ("Guide utilisateur", "formation", False),
)
DIMENSIONS = ("ecoute", "reconnaissance", "charge_de_travail", "cooperation", "sens", "equite")
SURVEY_SITES = ("Lyon", "Paris La Défense", "Bruxelles", "Casablanca", "Milan", "Francfort")
TITLES = {c.name: c.title for c in ROLLOUT_TEAM}
SCENARIOS = ("appel_offres_tension", "equipe_diverse")


def load_rates(assignment: dict, hours: dict, capacity: dict) -> dict:
    """Member -> assigned hours / weekly capacity, in percent with one decimal."""
    load = dict.fromkeys(capacity, 0.0)
    for task, member in assignment.items():
        load[member] += hours[task]
    return {m: round(100 * load[m] / capacity[m], 1) for m in capacity}


class LeadershipCase(Case):
    name = "c18_leadership"
    company_id = "cortexa"

    def generate(self) -> dict[str, Any]:
        import pandas as pd

        rng = self.rng("equipe")
        team = pd.DataFrame(
            [
                {
                    "membre": n,
                    "fonction": TITLES[n],
                    "site": s,
                    "langue": lang,
                    "heures_semaine": h,
                    "deplacements": t,
                    "competences": ", ".join(sk),
                    "specificites": note,
                }
                for n, s, lang, h, t, sk, note in MEMBERS
            ]
        )
        skills = {n: set(sk) for n, _, _, _, _, sk, _ in MEMBERS}
        travels = {n: t for n, _, _, _, t, _, _ in MEMBERS}
        capacity = {n: h for n, _, _, h, _, _, _ in MEMBERS}
        tasks, assignment = self._feasible_plan(rng, skills, travels, capacity)
        perturbed = self._perturb(rng, tasks, assignment, skills, travels, capacity)
        tasks["assigne_a"] = tasks["tache"].map(perturbed)
        moved = sum(perturbed[t] != assignment[t] for t in assignment)
        return {
            "equipe": team,
            "taches": tasks,
            # The team has started preparing its tasks: few changes are allowed.
            "changements_max": moved + 1,
            "climat": self._survey(),
            "graine_simulation": int(rng.integers(1, 10_000)),
        }

    @staticmethod
    def _feasible_plan(rng, skills, travels, capacity):
        import pandas as pd

        for _ in range(500):
            hours = {t: int(rng.integers(4, 15)) for t, _, _ in TASK_TEMPLATES}
            load = dict.fromkeys(capacity, 0)
            assignment = {}
            ok = True
            for task, skill, travel in sorted(TASK_TEMPLATES, key=lambda x: -hours[x[0]]):
                able = [m for m in capacity if skill in skills[m] and (travels[m] or not travel)]
                able = [m for m in able if load[m] + hours[task] <= 0.8 * capacity[m]]
                if not able:
                    ok = False
                    break
                member = able[int(rng.integers(len(able)))]
                assignment[task] = member
                load[member] += hours[task]
            if ok:
                tasks = pd.DataFrame(
                    [
                        {"tache": t, "competence": s, "deplacement": tr, "charge_h": hours[t]}
                        for t, s, tr in TASK_TEMPLATES
                    ]
                )
                return tasks, assignment
        raise RuntimeError("no feasible plan")  # pragma: no cover - capacities leave room

    @staticmethod
    def _perturb(rng, tasks, assignment, skills, travels, capacity) -> dict:
        """Move two or three tasks so that one member is overloaded and the member who
        cannot travel gets a travel task: the situation the learner must fix."""
        hours = dict(zip(tasks["tache"], tasks["charge_h"], strict=True))
        new = dict(assignment)
        no_travel = next(m for m in capacity if not travels[m])
        travel_tasks = [t for t, _, tr in TASK_TEMPLATES if tr and t in new and new[t] != no_travel]
        task = travel_tasks[int(rng.integers(len(travel_tasks)))]
        new[task] = no_travel
        busy = [m for m in capacity if travels[m]]
        target = busy[int(rng.integers(len(busy)))]
        movable = sorted(
            (t for t, m in new.items() if m != target and m != no_travel and t != task),
            key=lambda t: -hours[t],
        )
        for t in movable:
            if load_rates(new, hours, capacity)[target] > 110:
                break
            new[t] = target
        return new

    def _survey(self):
        import numpy as np
        import pandas as pd

        rng = self.rng("climat")
        weak = DIMENSIONS[int(rng.integers(len(DIMENSIONS)))]
        weak_site = SURVEY_SITES[int(rng.integers(len(SURVEY_SITES)))]
        base = {d: float(rng.uniform(3.3, 4.1)) for d in DIMENSIONS}
        base[weak] = float(rng.uniform(2.3, 2.7))
        rows = []
        for i in range(int(rng.integers(130, 171))):
            site = SURVEY_SITES[int(rng.integers(len(SURVEY_SITES)))]
            row = {
                "id_repondant": f"R{i + 1:03d}",
                "entite": ("Nexalys", "Cortexa")[int(rng.integers(2))],
                "site": site,
            }
            for d in DIMENSIONS:
                shift = -1.0 if (site == weak_site and d == weak) else 0.0
                row[d] = int(np.clip(round(base[d] + shift + rng.normal(0, 0.9)), 1, 5))
            rows.append(row)
        return pd.DataFrame(rows)

    def context_markdown(self) -> str:
        from kamlearn.cases.storyline_clients import cortexa_facts, cortexa_markdown
        from kamlearn.frenchfmt import list_fr

        facts = cortexa_facts(self.identity.cohort, self.identity.learner)
        sites = list(dict.fromkeys(site for _, site, *_ in MEMBERS))
        return (
            f"{self.company.narrative}\n\n{cortexa_markdown(facts)}\n\n"
            f"Vous coordonnez l'**équipe projet transverse** du déploiement Nexalys chez Cortexa : "
            f"{len(MEMBERS)} personnes de Nexalys basées à {list_fr(sites)}, aux langues et aux "
            f"contraintes différentes (temps partiel, aménagement de poste, arrivée récente). La charge de la "
            f"semaine prochaine est mal répartie, le climat de l'équipe élargie (Nexalys et Cortexa) "
            f"se tend, et vous allez devoir prendre des décisions sous pression."
        )


CASE_CLASS = LeadershipCase

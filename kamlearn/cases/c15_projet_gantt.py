"""C15 – the Nexalys roll-out at Cortexa (Gantt, critical path) and the KAM's agenda."""

from __future__ import annotations

from typing import Any

from kamlearn import conventions as conv
from kamlearn.cases.base import Case
from kamlearn.cases.storyline_team import project_lead
from kamlearn.frenchfmt import percent_fr

#: id -> (task, team in charge, predecessors, (min, max) duration in days)
TASKS = {
    "T01": ("Lancement du projet (kick-off)", "Nexalys – KAM", (), (1, 2)),
    "T02": ("Audit des centres de données", "Nexalys – Services", ("T01",), (5, 12)),
    "T03": ("Atelier de cadrage des exigences", "Cortexa – Opérations", ("T01",), (3, 8)),
    "T04": ("Conception de l'architecture", "Nexalys – Avant-vente", ("T02", "T03"), (4, 10)),
    "T05": ("Revue sécurité et conformité", "Cortexa – RSSI", ("T04",), (3, 12)),
    "T06": ("Commande et livraison des capteurs", "Nexalys – Logistique", ("T04",), (8, 20)),
    "T07": ("Configuration de Nexalys Vision", "Nexalys – Services", ("T04",), (4, 12)),
    "T08": ("Installation – Paris La Défense", "Nexalys – Services", ("T05", "T06"), (3, 8)),
    "T09": ("Installation – Nantes et Lyon", "Nexalys – Services", ("T06",), (4, 10)),
    "T10": ("Installation – Bruxelles", "Nexalys – Services", ("T05", "T06"), (3, 8)),
    "T11": ("Intégration au SI (API, GMAO)", "Cortexa – DSI", ("T05", "T07"), (5, 15)),
    "T12": ("Formation des équipes d'exploitation", "Nexalys – Services", ("T07",), (3, 8)),
    "T13": ("Recette", "Cortexa – Opérations", ("T08", "T09", "T10", "T11"), (3, 7)),
    "T14": ("Conduite du changement multisite", "Cortexa – RH", ("T03",), (10, 30)),
    "T15": ("Mise en service", "Nexalys – Services", ("T12", "T13", "T14"), (1, 3)),
    "T16": ("Bilan et comité de pilotage final", "Nexalys – KAM", ("T15",), (1, 2)),
}
AGENDA_ACTIVITIES = {
    ("Client", "farming"): (
        "Comité de pilotage Cortexa",
        "Revue de compte Aubrac",
        "Visite de l'usine Aubrac du Mans",
        "Atelier utilisateurs Cortexa à Nantes",
    ),
    ("Client", "hunting"): (
        "Rendez-vous de découverte Distrimax",
        "Présentation de Nexalys à un prospect",
        "Visite d'un magasin pilote Distrimax",
    ),
    ("Bureau", "farming"): (
        "Préparation de la revue de compte Aubrac",
        "Suivi des demandes Cortexa",
    ),
    ("Bureau", "hunting"): (
        "Prospection téléphonique",
        "Réponse à l'appel d'offres Distrimax",
        "Social selling sur LinkedIn",
    ),
    ("Bureau", "interne"): (
        "Réunion d'équipe commerciale",
        "Mise à jour du CRM",
        "Administratif et notes de frais",
    ),
}
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi")
PHASES = {
    "conquête": conv.TIME_HUNTING_FARMING_START,
    "fidélisation": conv.TIME_HUNTING_FARMING_MATURE,
}
#: What the 2/3 – 1/3 rule (seed 002: a key account at the cooperative stage) means for the
#: week of each phase: a conquering account manager's week is not a cooperative stage.
STAGE_SENTENCES = {
    "conquête": "vos comptes sont surtout à conquérir : la règle 2/3 chez le client – 1/3 au "
    "bureau, qui vaut pour un compte clé au stade coopératif, ne s'applique pas à votre semaine.",
    "fidélisation": "au stade coopératif avec vos comptes clés, vous visez 2/3 de votre temps "
    "chez les clients et 1/3 au bureau.",
}


def schedule(durations: dict, predecessors: dict) -> dict:
    """Forward and backward pass: id -> dict(debut, fin, debut_tard, fin_tard, marge).

    Days are counted from 0 (start of the project); a task ends at debut + durée and its
    successors may start that same day.
    """
    order = list(durations)  # ids are listed after their predecessors
    early = {}
    for t in order:
        start = max((early[p][1] for p in predecessors[t]), default=0)
        early[t] = (start, start + durations[t])
    end = max(f for _, f in early.values())
    successors = {t: [s for s in order if t in predecessors[s]] for t in order}
    late = {}
    for t in reversed(order):
        finish = min((late[s][0] for s in successors[t]), default=end)
        late[t] = (finish - durations[t], finish)
    return {
        t: {
            "debut": early[t][0],
            "fin": early[t][1],
            "debut_tard": late[t][0],
            "fin_tard": late[t][1],
            "marge": late[t][0] - early[t][0],
        }
        for t in order
    }


def _week_shares(agenda) -> tuple[float, float]:
    """Client and hunting shares of a drawn week, in percent with one decimal: only to keep
    weeks whose verdict is clear. The graded answers are computed on the trusted side."""
    hours = agenda["duree_h"]
    client = 100 * hours[agenda["lieu"] == "Client"].sum() / hours.sum()
    hunting = 100 * hours[agenda["nature"] == "hunting"].sum() / hours.sum()
    return round(float(client), 1), round(float(hunting), 1)


class ProjetGanttCase(Case):
    name = "c15_projet_gantt"
    company_id = "cortexa"

    def generate(self) -> dict[str, Any]:
        import pandas as pd

        rng = self.rng("projet")
        rows = []
        for tid, (label, team, preds, (lo, hi)) in TASKS.items():
            rows.append(
                {
                    "id": tid,
                    "tache": label,
                    "equipe": team,
                    "responsable": project_lead(team),
                    "duree_jours": int(rng.integers(lo, hi + 1)),
                    "predecesseurs": ";".join(preds),
                }
            )
        tasks = pd.DataFrame(rows)
        plan = schedule(
            dict(zip(tasks["id"], tasks["duree_jours"], strict=True)),
            {t: v[2] for t, v in TASKS.items()},
        )
        critical = [t for t, v in plan.items() if v["marge"] == 0 and TASKS[t][3][1] >= 3]
        slack = [t for t, v in plan.items() if v["marge"] > 0 and TASKS[t][3][1] >= 3]
        picks = list(rng.choice(critical, min(3, len(critical)), replace=False)) + list(
            rng.choice(slack, min(2, len(slack)), replace=False)
        )
        costs = sorted(int(c) for c in rng.choice(range(800, 4000, 100), len(picks), replace=False))
        # The cheapest option is off the critical path when one exists: the trap to avoid.
        ordered = (
            [t for t in picks if t in slack][:1]
            + [t for t in picks if t in critical]
            + [t for t in picks if t in slack][1:]
        )
        options = (
            pd.DataFrame(
                {
                    "id": ordered,
                    "tache": [TASKS[t][0] for t in ordered],
                    "cout_par_jour_gagne_eur": costs,
                }
            )
            .sample(frac=1.0, random_state=int(rng.integers(1 << 31)))
            .reset_index(drop=True)
        )
        phase = ("conquête", "fidélisation")[int(rng.integers(2))]
        return {
            "taches": tasks,
            "options_acceleration": options,
            "phase": phase,
            "agenda": self._agenda(phase),
        }

    def _agenda(self, phase: str):
        import pandas as pd

        rng = self.rng("agenda")
        target_client = conv.TIME_CLIENT_SHARE * 100
        target_hunting = PHASES[phase][0] * 100
        tol = conv.TIME_SPLIT_TOLERANCE_POINTS
        # Each learner gets their own verdicts: a week that respects a split or not.
        want_client, want_hunting = bool(rng.random() < 0.5), bool(rng.random() < 0.5)
        for _ in range(400):
            p_client = target_client / 100 if want_client else float(rng.choice([0.4, 0.5, 0.85]))
            p_hunting = (
                target_hunting / 100 if want_hunting else float(rng.choice([0.35, 0.5, 0.65]))
            )
            rows = []
            for day in DAYS:
                hour = 8.5
                while hour < 17.5:
                    length = float(rng.choice([1.0, 1.5, 2.0, 3.0]))
                    place = "Client" if rng.random() < p_client else "Bureau"
                    # hunting is a share of every hour; internal time comes out of the rest
                    nature = "hunting" if rng.random() < p_hunting else "farming"
                    if nature == "farming" and place == "Bureau" and rng.random() < 0.3:
                        nature = "interne"
                    labels = AGENDA_ACTIVITIES[(place, nature)]
                    rows.append(
                        {
                            "jour": day,
                            "debut": _hhmm(hour),
                            "fin": _hhmm(hour + length),
                            "duree_h": length,
                            "activite": labels[int(rng.integers(len(labels)))],
                            "lieu": place,
                            "nature": nature,
                        }
                    )
                    hour += length
            agenda = pd.DataFrame(rows)
            client, hunting = _week_shares(agenda)
            # Keep weeks whose verdict is unambiguous (not within a point of the tolerance edge).
            gaps = (client - target_client, hunting - target_hunting)
            verdicts = tuple(abs(g) <= tol for g in gaps)
            clear = all(abs(abs(g) - tol) > 1.0 for g in gaps)
            if clear and verdicts == (want_client, want_hunting):
                return agenda
        return agenda  # pragma: no cover - 400 draws always find one

    def context_markdown(self) -> str:
        d = self.data
        phase = d["phase"]
        hunting, farming = PHASES[phase]
        from kamlearn.cases.storyline_clients import cortexa_facts, cortexa_markdown

        facts = cortexa_facts(self.identity.cohort, self.identity.learner)
        return (
            f"{self.company.narrative}\n\n{cortexa_markdown(facts)}\n\n"
            f"Le pilote est concluant : Cortexa a signé le **déploiement de Nexalys** sur ses centres de "
            f"données. Vous êtes le chef de projet côté fournisseur et animez une équipe projet "
            f"**transverse** ({len(d['taches'])} tâches portées par les équipes de Nexalys et de Cortexa ; "
            f"la colonne `responsable` nomme qui conduit chaque tâche). "
            f"Première étape : le planning (diagramme de Gantt) et le chemin critique.\n\n"
            f"Sur votre portefeuille, vous êtes en phase de **{phase}** : votre cible est "
            f"{percent_fr(hunting)} de *hunting* et {percent_fr(farming)} de *farming* de votre temps de travail ; "
            + STAGE_SENTENCES[phase]
        )


def _hhmm(hour: float) -> str:
    return f"{int(hour):02d}:{int(round((hour % 1) * 60)):02d}"


CASE_CLASS = ProjetGanttCase

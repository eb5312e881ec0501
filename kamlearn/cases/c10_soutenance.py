"""C10 – the defence of the Distrimax proposal before the client jury, from its timed
transcript: speaking shares, team/client balance, interactions, monologues, remote voices.

Definitions used by the expected answers (and stated in the notebook):

* an utterance lasts ``fin − debut``; shares are of the total speaking time, in percent;
* an interaction is a change of role between two consecutive utterances (team → client
  or client → team);
* a monologue is a run of consecutive utterances by the same speaker; its length is the
  sum of their durations.
"""

from __future__ import annotations

from typing import Any

from kamlearn.cases.base import Case
from kamlearn.cases.storyline_clients import DISTRIMAX_PEOPLE

TEAM = (
    ("Vous", "Responsable grands comptes Nexalys"),
    ("Karim Haddad", "Ingénieur avant-vente Nexalys"),
    ("Sophie Marchal", "Directrice des services Nexalys"),
    ("Marc Olivier", "Contrôleur financier Nexalys"),
)
#: The client jury: Distrimax's buying centre (kamlearn.cases.storyline_clients).
CLIENT = tuple((p.name, p.title[:1].upper() + p.title[1:]) for p in DISTRIMAX_PEOPLE)
TEAM_THEMES = (
    "Enjeux du client",
    "Solution technique",
    "Déploiement et services",
    "Valeur et prix",
)
CLIENT_THEMES = ("Question", "Objection", "Demande de précision", "Reformulation")


class SoutenanceCase(Case):
    name = "c10_soutenance"
    company_id = "distrimax"

    def generate(self) -> dict[str, Any]:
        import numpy as np
        import pandas as pd

        rng = self.rng("transcription")
        # The learner's variant: who dominates the team, how much the client speaks, and
        # which jury members join remotely (they tend to speak less: the hybrid issue).
        team_weights = rng.dirichlet(np.ones(len(TEAM)) * 2.0)
        team_weights[int(rng.integers(len(TEAM)))] += 0.8
        team_weights /= team_weights.sum()
        remote = {name for name, _ in CLIENT if rng.random() < 0.35} or {
            CLIENT[int(rng.integers(len(CLIENT)))][0]
        }
        client_weights = np.array(
            [0.35 if name in remote else 1.0 for name, _ in CLIENT]
        ) * rng.uniform(0.6, 1.4, len(CLIENT))
        client_weights /= client_weights.sum()
        p_client = float(rng.uniform(0.18, 0.38))
        target = float(rng.uniform(50, 65)) * 60
        start = pd.Timestamp("2026-03-12 14:00:00")
        t, rows = 0.0, []

        def say(who: tuple[str, int]) -> None:
            nonlocal t
            role, k = who
            name, fonction = (CLIENT if role == "client" else TEAM)[k]
            mean = 15.0 if role == "client" else 30.0
            duration = float(np.clip(rng.lognormal(np.log(mean), 0.5), 4, 240))
            rows.append(
                {
                    "intervenant": name,
                    "role": role,
                    "fonction": fonction,
                    "mode": "à distance" if name in remote else "présentiel",
                    "theme": (CLIENT_THEMES if role == "client" else TEAM_THEMES)[
                        int(rng.integers(4))
                    ],
                    "debut": start + pd.Timedelta(seconds=round(t)),
                    "fin": start + pd.Timedelta(seconds=round(t + duration)),
                }
            )
            t += duration + float(rng.uniform(0.5, 3.0))

        # The account manager opens; the session ends with a round of last questions so
        # that every jury member speaks at least once.
        previous = ("équipe", 0)
        say(previous)
        while t < target:
            if rng.random() < 0.25:
                who = previous
            elif rng.random() < p_client:
                who = ("client", int(rng.choice(len(CLIENT), p=client_weights)))
            else:
                who = ("équipe", int(rng.choice(len(TEAM), p=team_weights)))
            say(who)
            previous = who
        for k in rng.permutation(len(CLIENT)):
            say(("client", int(k)))
            say(("équipe", int(rng.choice(len(TEAM), p=team_weights))))
        say(("équipe", 0))
        df = pd.DataFrame(rows)
        df.insert(0, "id", [f"T{i + 1:03d}" for i in range(len(df))])
        return {"transcription": df}

    def context_markdown(self) -> str:
        df = self.data["transcription"]
        minutes = round((df["fin"].max() - df["debut"].min()).total_seconds() / 60)
        from kamlearn.frenchfmt import list_fr

        remote = sorted(df.loc[df["mode"] == "à distance", "intervenant"].unique())
        verb = "suivaient" if len(remote) > 1 else "suivait"
        return (
            f"{self.company.narrative}\n\n"
            f"Nexalys est finaliste de l'appel d'offres. Votre équipe de quatre personnes a défendu "
            f"sa proposition devant le jury client de {self.company.name} lors d'une répétition "
            f"générale filmée de **{minutes} minutes**, en mode **hybride** : "
            f"{list_fr(remote)} {verb} la séance à distance "
            f"(Teams). La transcription horodatée ({len(df)} interventions) vous permet de "
            f"mesurer l'équilibre de la parole avant la vraie soutenance."
        )


CASE_CLASS = SoutenanceCase

"""C10 answers: speaking shares, interactions, monologues and remote voices of the defence."""

from __future__ import annotations

from typing import Any


def speaking_seconds(df) -> Any:
    return (df["fin"] - df["debut"]).dt.total_seconds()


def compute_expected(case) -> dict[str, Any]:
    df = case.data["transcription"].copy()
    df["duree_s"] = speaking_seconds(df)
    total = float(df["duree_s"].sum())
    shares = (df.groupby("intervenant")["duree_s"].sum() / total * 100).round(1).to_dict()
    client = float(df.loc[df["role"] == "client", "duree_s"].sum())
    remote = float(df.loc[(df["role"] == "client") & (df["mode"] == "à distance"), "duree_s"].sum())
    role_changes = int((df["role"] != df["role"].shift()).iloc[1:].sum())
    speaker_changes = int((df["intervenant"] != df["intervenant"].shift()).iloc[1:].sum())
    runs = (df["intervenant"] != df["intervenant"].shift()).cumsum()
    by_run = df.groupby(runs).agg(intervenant=("intervenant", "first"), duree_s=("duree_s", "sum"))
    longest = by_run.loc[by_run["duree_s"].idxmax()]
    return {
        "part_par_intervenant": {k: float(v) for k, v in shares.items()},
        "part_client": round(client / total * 100, 1),
        "nb_interactions": role_changes,
        "nb_changements_intervenant": speaker_changes,
        "monologue_duree_s": float(longest["duree_s"]),
        "monologue_auteur": str(longest["intervenant"]),
        "plus_longue_intervention_s": float(df["duree_s"].max()),
        "part_distance_client": round(remote / client * 100, 1) if client else 0.0,
        "total_s": total,
    }

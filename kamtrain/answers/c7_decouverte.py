"""C7 answers: SPIN type of each question and SONCAS motive of each answer of the transcript."""

from __future__ import annotations

from typing import Any

from kamlearn.cases.c7_decouverte import answer_motive, question_type


def compute_expected(case) -> dict[str, Any]:
    df = case.data["transcription"]
    client = {"distrimax": "Distrimax", "aubrac": "Aubrac"}[case.data["entreprise"]]
    spin, soncas = {}, {}
    for row in df.itertuples():
        if row.id.startswith("Q"):
            spin[row.id] = question_type(row.texte, client)
        else:
            soncas[row.id] = answer_motive(row.texte)
    counts: dict[str, int] = {}
    for motive in soncas.values():
        counts[motive] = counts.get(motive, 0) + 1
    return {
        "spin_questions": spin,
        "soncas_motifs": soncas,
        "effectifs_soncas": counts,
        "motif_dominant": max(counts, key=counts.get),
    }

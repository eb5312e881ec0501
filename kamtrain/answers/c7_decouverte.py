"""C7 answers: SPIN type of each question and SONCAS motive of each answer of the transcript."""

from __future__ import annotations

from typing import Any

from kamlearn.cases.c7_decouverte import ANSWERS, QUESTIONS


def _label_of(bank: dict, text: str) -> str:
    for label, texts in bank.items():
        if text in texts:
            return label
    raise KeyError(text)


def compute_expected(case) -> dict[str, Any]:
    df = case.data["transcription"]
    client = {"distrimax": "Distrimax", "aubrac": "Aubrac"}[case.data["entreprise"]]
    questions = {k: tuple(q.format(client=client) for q in v) for k, v in QUESTIONS.items()}
    spin, soncas = {}, {}
    for row in df.itertuples():
        if row.id.startswith("Q"):
            spin[row.id] = _label_of(questions, row.texte)
        else:
            soncas[row.id] = _label_of(ANSWERS, row.texte)
    counts: dict[str, int] = {}
    for motive in soncas.values():
        counts[motive] = counts.get(motive, 0) + 1
    return {
        "spin_questions": spin,
        "soncas_motifs": soncas,
        "effectifs_soncas": counts,
        "motif_dominant": max(counts, key=counts.get),
    }

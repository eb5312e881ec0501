"""C8 answers: estimated speaking time of each rehearsal, limits with accommodations."""

from __future__ import annotations

from typing import Any

from kamlearn import conventions as conv


def estimated_seconds(words: int) -> float:
    """Speaking time of ``words`` words at the workbook's pitch rate."""
    return words / conv.PITCH_WORDS_PER_MINUTE * 60


def compute_expected(case) -> dict[str, Any]:
    rep = case.data["repetition"]
    est = {r.collegue: estimated_seconds(r.nb_mots) for r in rep.itertuples()}
    limit = {
        r.collegue: conv.PITCH_LIMIT_SECONDS
        * conv.time_factor([a for a in r.amenagements.split(";") if a])
        for r in rep.itertuples()
    }
    over = sorted(n for n in est if est[n] > limit[n])
    over_without = sorted(n for n in est if est[n] > conv.PITCH_LIMIT_SECONDS)
    return {
        "duree_estimee": est,
        "limite": limit,
        "depassements": over,
        "depassements_sans_amenagement": over_without,
    }

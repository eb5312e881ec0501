"""Stable anonymous candidate codes ("CAND-3F9A1C") for anonymous jury mode.

A code is a short hash of the cohort and the learner id: the same learner keeps the same
code across runs and documents, and nothing in it reveals the name.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

PREFIX = "CAND-"


def candidate_code(cohort: str, learner: str, *, length: int = 6) -> str:
    digest = hashlib.sha256(f"kamtrain/{cohort}/{learner}".encode()).hexdigest()
    return PREFIX + digest[:length].upper()


def candidate_codes(cohort: str, learners: Iterable[str]) -> dict[str, str]:
    """learner id -> code, lengthening every code until no two learners share one."""
    learners = list(learners)
    for length in range(6, 65, 2):
        codes = {lid: candidate_code(cohort, lid, length=length) for lid in learners}
        if len(set(codes.values())) == len(codes):
            return codes
    raise AssertionError("sha256 collision on full digests")  # pragma: no cover

"""Deterministic seeds for per-learner case variants."""

from __future__ import annotations

import hashlib


def seed_for(cohort: str, learner: str, exercise: str) -> int:
    """Return a 63-bit seed derived from ``(cohort, learner, exercise)``.

    A cryptographic hash (not :func:`hash`, which is salted per process) keeps the
    seed identical between the learner's kernel and the grader's.
    """
    digest = hashlib.sha256(f"{cohort}\x1f{learner}\x1f{exercise}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1

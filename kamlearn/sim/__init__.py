"""Role-play simulators for the oral assessments: pure, seeded engines without UI.

* :mod:`~kamlearn.sim.negotiation` (C12–C14), with :mod:`~kamlearn.sim.zopa` and
  :mod:`~kamlearn.sim.plots` for the ZOPA;
* :mod:`~kamlearn.sim.interview` (C7), a SPIN discovery interview;
* :mod:`~kamlearn.sim.pitch` (C8), a 2-minute pitch timer;
* :mod:`~kamlearn.sim.leadership` (C15/C18), branching team scenarios;
* :mod:`~kamlearn.sim.records`: transcripts, results and the attempt store.

Importing this package loads nothing: the engines are imported on first use, so a
learner's kernel starts fast (no pandas, no matplotlib).
"""

from __future__ import annotations

import importlib

_LAZY = {
    "NegotiationEngine": "kamlearn.sim.negotiation",
    "InterviewEngine": "kamlearn.sim.interview",
    "PitchTimer": "kamlearn.sim.pitch",
    "LeadershipEngine": "kamlearn.sim.leadership",
    "AttemptStore": "kamlearn.sim.records",
    "StepClock": "kamlearn.sim.records",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'kamlearn.sim' has no attribute {name!r}")

"""Role-play simulators for the oral assessments: pure, seeded engines without UI.

* :mod:`~kamtrain.sim.negotiation` (C12–C14), with :mod:`~kamtrain.sim.zopa` and
  :mod:`~kamtrain.sim.plots` for the ZOPA;
* :mod:`~kamtrain.sim.interview` (C7), a SPIN discovery interview;
* :mod:`~kamtrain.sim.pitch` (C8), a 2-minute pitch timer;
* :mod:`~kamtrain.sim.leadership` (C15/C18), branching team scenarios;
* :mod:`~kamtrain.sim.records`: transcripts, results and the attempt store.

Importing this package loads nothing: the engines are imported on first use, so a
learner's kernel starts fast (no pandas, no matplotlib).
"""

from __future__ import annotations

import importlib

_LAZY = {
    "NegotiationEngine": "kamtrain.sim.negotiation",
    "InterviewEngine": "kamtrain.sim.interview",
    "PitchTimer": "kamtrain.sim.pitch",
    "LeadershipEngine": "kamtrain.sim.leadership",
    "AttemptStore": "kamtrain.sim.records",
    "StepClock": "kamtrain.sim.records",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'kamtrain.sim' has no attribute {name!r}")

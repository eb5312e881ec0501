"""ipywidgets fronts over the simulators of :mod:`kamtrain.sim`.

Each front exposes ``front.widget`` (the root widget), ``front.engine`` and its main
controls as attributes, and ``front.record()``, a rich output of every attempt saved
with the notebook. Importing this package loads no widget library; the fronts import
ipywidgets when they are created.
"""

from __future__ import annotations

import importlib

_LAZY = {
    "NegotiationFront": "kamtrain.widgets.negotiation_front",
    "InterviewFront": "kamtrain.widgets.interview_front",
    "PitchFront": "kamtrain.widgets.pitch_front",
    "LeadershipFront": "kamtrain.widgets.leadership_front",
    "show_attempts": "kamtrain.widgets.sim_records",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'kamtrain.widgets' has no attribute {name!r}")

"""ipywidgets fronts over the simulators of :mod:`kamlearn.sim`.

Each front exposes ``front.widget`` (the root widget), ``front.engine`` and its main
controls as attributes, and ``front.record()``, a rich output of every attempt saved
with the notebook. Importing this package loads no widget library; the fronts import
ipywidgets when they are created.
"""

from __future__ import annotations

import importlib

_LAZY = {
    "NegotiationFront": "kamlearn.widgets.negotiation_front",
    "InterviewFront": "kamlearn.widgets.interview_front",
    "PitchFront": "kamlearn.widgets.pitch_front",
    "LeadershipFront": "kamlearn.widgets.leadership_front",
    "show_attempts": "kamlearn.widgets.sim_records",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'kamlearn.widgets' has no attribute {name!r}")

"""Rebuild a simulator engine, on the trusted side, from a transcript handed out as data.

The learner's engine object never leaves the sandbox: only its transcript does. Here a
fresh engine is built from the transcript's seed and configuration and the learner's
moves are replayed on it, so the result a check reads is computed by trusted code.
Only the simulator's declared moves may be replayed: a forged transcript cannot call
anything else on the engine.
"""

from __future__ import annotations

import importlib

from kamlearn.errors import KamtrainError

#: simulator name -> (module, engine class)
ENGINES = {
    "negotiation": ("kamlearn.sim.negotiation", "NegotiationEngine"),
    "interview": ("kamlearn.sim.interview", "InterviewEngine"),
    "pitch": ("kamlearn.sim.pitch", "PitchTimer"),
    "leadership": ("kamlearn.sim.leadership", "LeadershipEngine"),
}


class ReplayError(KamtrainError):
    """A handed-out transcript cannot be replayed on a trusted engine."""


def engine_class(simulator: str):
    if simulator not in ENGINES:
        raise ReplayError(f"simulateur inconnu : {simulator!r}")
    module, name = ENGINES[simulator]
    return getattr(importlib.import_module(module), name)


def rebuild_engine(raw):
    """Replay ``raw`` (a transcript as data) on a fresh engine; raise :class:`ReplayError`."""
    from kamlearn.sim.records import transcript_from_dict

    try:
        transcript = transcript_from_dict(raw)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ReplayError(f"transcription illisible : {exc}") from exc
    cls = engine_class(transcript.simulator)
    allowed = set(cls.MOVES)
    for move in transcript.learner_moves():
        if move.kind not in allowed or not isinstance(move.data, dict):
            raise ReplayError(f"coup non autorisé dans la transcription : {move.kind!r}")
    if not isinstance(transcript.config, dict):
        raise ReplayError("configuration de simulateur illisible")
    try:
        return cls.replay(transcript)
    except KamtrainError as exc:
        raise ReplayError(f"la transcription ne se rejoue pas : {exc}") from exc
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise ReplayError(f"la transcription ne se rejoue pas : {type(exc).__name__}") from exc

"""What every simulator engine shares: seeding, the move log, validation, scripting.

Engines are pure Python (no widgets): a notebook can drive one programmatically with
:meth:`BaseEngine.play`, and :meth:`BaseEngine.replay` rebuilds an attempt from its
stored transcript. A move that is not allowed raises
:class:`~kamlearn.errors.InvalidMoveError` with a French message *before* anything
changes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, ClassVar

from kamlearn.errors import InvalidMoveError
from kamlearn.sim.records import Clock, MoveLog, SimResult, Transcript, system_clock

ENDED_FR = "La simulation est terminée : cliquez sur « Recommencer » pour une nouvelle tentative."


def mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def clamp01(value: float) -> float:
    return max(0.0, min(1.0, float(value)))


#: Practice attempts draw their seed in [0, ATTEMPT_SEEDS).
ATTEMPT_SEEDS = 2**31


def new_attempt_seed() -> int:
    """A fresh seed for one practice attempt (recorded in its transcript).

    The hidden values of a practice engine (the buyer's maximum, the order of its
    objections) are drawn from it, so they differ at every attempt and are known to the
    trainer's side only through the transcript, which rebuilds the same engine.
    """
    import secrets

    return secrets.randbelow(ATTEMPT_SEEDS)


class BaseEngine:
    """Base class of the simulators.

    Subclasses set :attr:`SIMULATOR` and :attr:`MOVES` (the names of their learner
    moves), implement ``result()`` and record each learner move with
    :meth:`_learner` using the method's name and its arguments, so that a transcript
    can be replayed.
    """

    SIMULATOR: ClassVar[str] = ""
    MOVES: ClassVar[tuple[str, ...]] = ()

    def __init__(self, seed: int, config: dict, clock: Clock | None = None):
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise TypeError(f"seed must be an int, got {seed!r}")
        self.seed = seed
        self._config = dict(config)
        self._log = MoveLog(clock or system_clock)
        self.ended = False

    # --- records -----------------------------------------------------------------------

    def transcript(self) -> Transcript:
        return Transcript(
            simulator=self.SIMULATOR,
            seed=self.seed,
            config=dict(self._config),
            moves=self._log.moves(),
        )

    def result(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def sim_result(self) -> SimResult:
        """The engine's typed result in the common stored shape."""
        return self.result().to_sim_result()

    def _learner(self, kind: str, text_fr: str, **data: Any) -> None:
        self._log.add("learner", kind, text_fr, data)

    def _say(self, text_fr: str, kind: str = "reply", **data: Any) -> None:
        self._log.add("counterpart", kind, text_fr, data)

    def _system(self, text_fr: str, kind: str = "info", **data: Any) -> None:
        self._log.add("system", kind, text_fr, data)

    # --- validation --------------------------------------------------------------------

    def _require_active(self, move: str) -> None:
        if self.ended:
            raise InvalidMoveError(ENDED_FR, move)

    @staticmethod
    def _require_text(text, move: str, what_fr: str) -> str:
        if not isinstance(text, str) or not text.strip():
            raise InvalidMoveError(f"{what_fr} est vide : saisissez un texte.", move)
        return text.strip()

    @staticmethod
    def _require_amount(value, move: str, what_fr: str, *, allow_zero: bool = False) -> float:
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise InvalidMoveError(f"{what_fr} doit être un nombre.", move) from None
        if isinstance(value, bool) or not math.isfinite(number):
            raise InvalidMoveError(f"{what_fr} doit être un nombre.", move)
        if number < 0 or (number == 0 and not allow_zero):
            sign = "positif ou nul" if allow_zero else "strictement positif"
            raise InvalidMoveError(f"{what_fr} doit être un nombre {sign}.", move)
        return number

    # --- scripting ---------------------------------------------------------------------

    def play(self, moves: Iterable):
        """Apply scripted moves and return :meth:`result`.

        Each move is a tuple ``("offer", 230000)``, a dict ``{"move": "offer",
        "price": 230000}`` or a bare name ``"accept"``.
        """
        for move in moves:
            name, args, kwargs = _parse_move(move)
            if name not in self.MOVES:
                known = ", ".join(self.MOVES)
                raise InvalidMoveError(f"Coup inconnu « {name} ». Coups possibles : {known}.", name)
            getattr(self, name)(*args, **kwargs)
        return self.result()

    @classmethod
    def from_config(cls, seed: int, config: dict, clock: Clock | None = None):
        """Build a fresh engine from a transcript's ``seed`` and ``config``."""
        return cls(seed=seed, clock=clock, **config)

    @classmethod
    def replay(cls, transcript: Transcript, clock: Clock | None = None):
        """Rebuild an engine and replay the learner's moves of ``transcript``."""
        if transcript.simulator != cls.SIMULATOR:
            raise ValueError(
                f"a {transcript.simulator!r} transcript cannot replay on {cls.SIMULATOR!r}"
            )
        engine = cls.from_config(transcript.seed, transcript.config, clock)
        for move in transcript.learner_moves():
            getattr(engine, move.kind)(**move.data)
        return engine


def _parse_move(move) -> tuple[str, tuple, dict]:
    if isinstance(move, str):
        return move, (), {}
    if isinstance(move, dict):
        kwargs = dict(move)
        return str(kwargs.pop("move", "")), (), kwargs
    if isinstance(move, (tuple, list)) and move:
        return str(move[0]), tuple(move[1:]), {}
    raise InvalidMoveError(f"Coup illisible : {move!r}.")

"""What a simulation leaves behind: moves, transcripts, results and attempts.

Every simulator writes the same kind of record so that the jury reads all of them the
same way. An :class:`AttemptStore` keeps a learner's attempts in a JSON file next to the
notebook: each new attempt is appended, earlier ones are never lost.

Time comes from an injectable clock (a callable returning seconds since the epoch) so
that tests and scripted runs are reproducible; timestamps are written as ISO 8601 (UTC)
plus the seconds elapsed since the start of the attempt.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kamlearn.datafile import read_data_file
from kamlearn.errors import DataFileError

SCHEMA_VERSION = 1

Clock = Callable[[], float]

#: Who made a move. Labels shown to learners are French (see the widgets' renderer).
ACTORS = ("learner", "counterpart", "system")


def system_clock() -> float:
    """The real clock: seconds since the epoch."""
    return time.time()


class StepClock:
    """A deterministic clock: each call returns the previous time plus ``step`` seconds.

    Used by tests and by scripted runs that must give the same transcript every time.
    """

    def __init__(self, start: float = 1_767_225_600.0, step: float = 1.0):
        self.now = float(start)
        self.step = float(step)

    def __call__(self) -> float:
        current = self.now
        self.now += self.step
        return current


def iso_timestamp(seconds: float) -> str:
    """Return ``seconds`` since the epoch as ISO 8601 in UTC, to the millisecond."""
    return datetime.fromtimestamp(seconds, tz=UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Move:
    """One time-stamped move of a transcript.

    Attributes:
        index: position in the transcript, from 0.
        timestamp: ISO 8601 (UTC).
        elapsed_s: seconds since the start of the attempt.
        actor: ``"learner"``, ``"counterpart"`` (buyer, client, team) or ``"system"``.
        kind: for a learner's move, the engine method that made it (``"offer"``...);
            replaying a transcript calls it again with ``data`` as keyword arguments.
        text_fr: what is shown to the learner, in French.
        data: JSON-safe details (the move's arguments for a learner's move).
    """

    index: int
    timestamp: str
    elapsed_s: float
    actor: str
    kind: str
    text_fr: str
    data: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Transcript:
    """Every move of one attempt, plus what is needed to rebuild its engine."""

    simulator: str
    seed: int
    config: dict
    moves: tuple[Move, ...] = ()

    def learner_moves(self) -> tuple[Move, ...]:
        return tuple(m for m in self.moves if m.actor == "learner")


@dataclass(frozen=True)
class SimResult:
    """The common shape of every simulator's result, as stored and shown to the jury.

    Attributes:
        simulator: ``"negotiation"``, ``"interview"``, ``"pitch"`` or ``"leadership"``.
        score: overall score of the attempt, from 0 to 1.
        criteria_scores: criterion id (``"C12.2"``) -> 0..1, only for criteria the
            simulator can evidence.
        feedback_fr: French feedback, one sentence per item.
        jury_only: criteria the simulator cannot assess (the jury must).
        details: the engine-specific result fields, JSON-safe.
    """

    simulator: str
    score: float
    criteria_scores: dict
    feedback_fr: tuple[str, ...] = ()
    jury_only: tuple[str, ...] = ()
    details: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Attempt:
    """One numbered attempt: its transcript and, once finished, its result."""

    number: int
    saved_at: str
    transcript: Transcript
    result: SimResult | None = None


class MoveLog:
    """Builds a transcript's moves; engines own one and never expose it mutably."""

    def __init__(self, clock: Clock):
        self._clock = clock
        self._t0 = float(clock())
        self._moves: list[Move] = []

    def add(self, actor: str, kind: str, text_fr: str, data: dict | None = None) -> Move:
        if actor not in ACTORS:
            raise ValueError(f"unknown actor {actor!r}")
        now = float(self._clock())
        move = Move(
            index=len(self._moves),
            timestamp=iso_timestamp(now),
            elapsed_s=round(now - self._t0, 3),
            actor=actor,
            kind=kind,
            text_fr=text_fr,
            data=dict(data or {}),
        )
        self._moves.append(move)
        return move

    def moves(self) -> tuple[Move, ...]:
        return tuple(self._moves)

    @property
    def started_at(self) -> float:
        return self._t0


# --- JSON ------------------------------------------------------------------------------


def move_to_dict(move: Move) -> dict:
    return {
        "index": move.index,
        "timestamp": move.timestamp,
        "elapsed_s": move.elapsed_s,
        "actor": move.actor,
        "kind": move.kind,
        "text_fr": move.text_fr,
        "data": move.data,
    }


def transcript_to_dict(transcript: Transcript) -> dict:
    return {
        "simulator": transcript.simulator,
        "seed": transcript.seed,
        "config": transcript.config,
        "moves": [move_to_dict(m) for m in transcript.moves],
    }


def result_to_dict(result: SimResult) -> dict:
    return {
        "simulator": result.simulator,
        "score": result.score,
        "criteria_scores": result.criteria_scores,
        "feedback_fr": list(result.feedback_fr),
        "jury_only": list(result.jury_only),
        "details": result.details,
    }


def attempt_to_dict(attempt: Attempt) -> dict:
    return {
        "number": attempt.number,
        "saved_at": attempt.saved_at,
        "transcript": transcript_to_dict(attempt.transcript),
        "result": None if attempt.result is None else result_to_dict(attempt.result),
    }


def transcript_from_dict(raw: dict) -> Transcript:
    return Transcript(
        simulator=raw["simulator"],
        seed=int(raw["seed"]),
        config=dict(raw.get("config", {})),
        moves=tuple(
            Move(
                index=int(m["index"]),
                timestamp=m["timestamp"],
                elapsed_s=float(m["elapsed_s"]),
                actor=m["actor"],
                kind=m["kind"],
                text_fr=m["text_fr"],
                data=dict(m.get("data", {})),
            )
            for m in raw.get("moves", [])
        ),
    )


def result_from_dict(raw: dict) -> SimResult:
    return SimResult(
        simulator=raw["simulator"],
        score=float(raw["score"]),
        criteria_scores={k: float(v) for k, v in raw.get("criteria_scores", {}).items()},
        feedback_fr=tuple(raw.get("feedback_fr", ())),
        jury_only=tuple(raw.get("jury_only", ())),
        details=dict(raw.get("details", {})),
    )


def attempt_from_dict(raw: dict) -> Attempt:
    result = raw.get("result")
    return Attempt(
        number=int(raw["number"]),
        saved_at=raw["saved_at"],
        transcript=transcript_from_dict(raw["transcript"]),
        result=None if result is None else result_from_dict(result),
    )


# --- Store -----------------------------------------------------------------------------


class AttemptStore:
    """A JSON file of attempts for one simulator; appending never loses earlier attempts.

    The file is re-read before every append (two fronts on the same file do not erase
    each other's attempts) and rewritten atomically: a temporary file in the same
    folder, then :func:`os.replace`. A file that cannot be read is never overwritten.
    """

    def __init__(self, path: Path | str, simulator: str, *, clock: Clock = system_clock):
        self.path = Path(path)
        self.simulator = simulator
        self._clock = clock

    def _read(self) -> list[dict]:
        if not self.path.exists():
            return []
        raw = read_data_file(self.path, reads=SCHEMA_VERSION, syntax="json")
        if raw.get("simulator") != self.simulator:
            raise DataFileError(
                self.path,
                f"holds attempts of '{raw.get('simulator')}', not '{self.simulator}'",
                "simulator",
            )
        attempts = raw.get("attempts")
        if not isinstance(attempts, list):
            raise DataFileError(self.path, "must be a list", "attempts")
        return attempts

    def attempts(self) -> tuple[Attempt, ...]:
        """Return the stored attempts, oldest first (empty if the file does not exist)."""
        try:
            return tuple(attempt_from_dict(a) for a in self._read())
        except (KeyError, TypeError, ValueError) as exc:
            raise DataFileError(self.path, f"malformed attempt: {exc}", "attempts") from None

    def append(self, transcript: Transcript, result: SimResult | None) -> Attempt:
        """Add an attempt numbered after the last stored one and return it."""
        if transcript.simulator != self.simulator:
            raise ValueError(
                f"transcript of {transcript.simulator!r} in a {self.simulator!r} store"
            )
        existing = self._read()
        number = max((int(a.get("number", 0)) for a in existing), default=0) + 1
        attempt = Attempt(
            number=number,
            saved_at=iso_timestamp(self._clock()),
            transcript=transcript,
            result=result,
        )
        document = {
            "schema_version": SCHEMA_VERSION,
            "simulator": self.simulator,
            "attempts": [*existing, attempt_to_dict(attempt)],
        }
        self._write(document)
        return attempt

    def _write(self, document: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(
            prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent
        )
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(document, handle, ensure_ascii=False, indent=1)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

"""Records of the simulators: JSON round trip and the append-only attempt store."""

from __future__ import annotations

import json

import pytest

from kamlearn.errors import DataFileError, SchemaVersionError
from kamlearn.sim.records import (
    Attempt,
    AttemptStore,
    MoveLog,
    SimResult,
    StepClock,
    Transcript,
    attempt_from_dict,
    attempt_to_dict,
    iso_timestamp,
)


def _transcript(simulator="pitch", n=2) -> Transcript:
    log = MoveLog(StepClock(start=0.0, step=1.5))
    for i in range(n):
        log.add("learner", "start", f"coup {i} é", {"i": i})
    return Transcript(simulator, 7, {"accommodation": None}, log.moves())


def _result() -> SimResult:
    return SimResult("pitch", 0.5, {"C8.1": 0.25}, ("Retour « clair »",), ("C8.4",), {"words": 3})


def test_move_log_timestamps_are_iso_and_elapsed_from_start():
    log = MoveLog(StepClock(start=0.0, step=2.0))  # t0 = 0
    first = log.add("system", "info", "x")
    second = log.add("learner", "offer", "y", {"price": 1.0})
    assert first.timestamp == "1970-01-01T00:00:02.000+00:00"
    assert (first.elapsed_s, second.elapsed_s) == (2.0, 4.0)
    assert [m.index for m in log.moves()] == [0, 1]
    assert iso_timestamp(90.5) == "1970-01-01T00:01:30.500+00:00"
    with pytest.raises(ValueError):
        log.add("jury", "x", "z")


def test_attempt_round_trips_through_json():
    original = Attempt(3, "2026-01-01T00:00:00.000+00:00", _transcript(), _result())
    attempt = attempt_from_dict(json.loads(json.dumps(attempt_to_dict(original))))
    assert attempt == original


def test_store_appends_and_never_loses_attempts(tmp_path):
    path = tmp_path / "simulations" / "pitch.json"
    store = AttemptStore(path, "pitch", clock=StepClock())
    assert store.attempts() == ()
    first = store.append(_transcript(n=1), None)
    # A second store on the same file (a restarted kernel) keeps the first attempt.
    again = AttemptStore(path, "pitch", clock=StepClock())
    second = again.append(_transcript(n=2), _result())
    assert (first.number, second.number) == (1, 2)
    attempts = store.attempts()
    assert [a.number for a in attempts] == [1, 2]
    assert attempts[0].result is None and attempts[1].result == _result()
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["schema_version"] == 1 and raw["simulator"] == "pitch"
    assert "coup 0 é" in path.read_text(encoding="utf-8")  # French kept readable
    assert [p.name for p in path.parent.iterdir()] == ["pitch.json"]  # no temp file left


def test_store_refuses_to_overwrite_an_unreadable_file(tmp_path):
    path = tmp_path / "pitch.json"
    path.write_text("{not json", encoding="utf-8")
    store = AttemptStore(path, "pitch")
    with pytest.raises(DataFileError, match="cannot read"):
        store.append(_transcript(), None)
    assert path.read_text(encoding="utf-8") == "{not json"


def test_store_checks_schema_version_and_simulator(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"schema_version": 99, "simulator": "pitch", "attempts": []}))
    with pytest.raises(SchemaVersionError, match="upgrade kamtrain"):
        AttemptStore(path, "pitch").attempts()
    path.write_text(json.dumps({"schema_version": 1, "simulator": "interview", "attempts": []}))
    with pytest.raises(DataFileError, match="interview"):
        AttemptStore(path, "pitch").attempts()
    with pytest.raises(ValueError):
        AttemptStore(tmp_path / "other.json", "interview").append(_transcript("pitch"), None)

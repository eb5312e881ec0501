"""Scores left over from an earlier run when a submission's latest recording failed.

``reports/stale-scores.json`` maps ``learner/assignment`` to when and why its score went
stale; grading adds a submission whose record step failed while an earlier score stands,
and removes it once recorded again. ``kamtrain progress`` marks those scores.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

STALE_FILE = "reports/stale-scores.json"
SCHEMA_VERSION = 1


def read_stale(course_dir: Path) -> dict[tuple[str, str], dict]:
    path = Path(course_dir) / STALE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    items = data.get("stale", {}) if isinstance(data, dict) else {}
    return {tuple(k.split("/", 1)): v for k, v in items.items() if "/" in k}


def update_stale(course_dir: Path, results: Iterable) -> dict[tuple[str, str], dict]:
    """Record the stale scores among ``results`` (SubmissionResult); clear the recorded ones."""
    current = read_stale(course_dir)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    for r in results:
        key = (r.learner, r.assignment)
        if r.status == "failed" and r.stale:
            reason = r.problems[-1].message if r.problems else ""
            current[key] = {"since": current.get(key, {}).get("since", now), "reason": reason}
        else:
            current.pop(key, None)
    _write(course_dir, current)
    return current


def _write(course_dir: Path, current: dict) -> None:
    path = Path(course_dir) / STALE_FILE
    path.parent.mkdir(exist_ok=True)
    data = {
        "schema_version": SCHEMA_VERSION,
        "stale": {f"{a}/{b}": v for (a, b), v in sorted(current.items())},
    }
    tmp = path.with_suffix(".tmp")
    try:
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def mark_recording(course_dir: Path, keys: Iterable[tuple[str, str]]) -> None:
    """Before recording: mark the submissions' scores stale until they are recorded again.

    A run killed while recording, or stopped by a full disk, leaves them marked: their
    scores may be the earlier run's, and ``kamtrain progress`` says so.
    """
    current = read_stale(course_dir)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    for key in keys:
        current.setdefault(key, {"since": now, "reason": "recording did not finish"})
    _write(course_dir, current)

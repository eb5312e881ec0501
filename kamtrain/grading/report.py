"""The grading report (``reports/grading-<stamp>.json`` and ``grading-latest.json``) and,
per submission, whether its last grading ran in the sandbox (``reports/isolation.json``)."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from kamtrain.grading.model import GradingSummary
from kamtrain.similarity.render import to_records

ISOLATION_FILE = "isolation.json"


def _record_isolation(folder: Path, summary: GradingSummary, stamp: str) -> None:
    """Keep, per submission, whether its last grading ran in the sandbox (feedback shows it)."""
    path = folder / ISOLATION_FILE
    known = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    for r in summary.results:
        known[f"{r.learner}/{r.assignment}"] = {
            "sandbox": bool(summary.sandbox.get("enabled")),
            "graded_at": stamp,
        }
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(known, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)


def write_grading_report(summary: GradingSummary) -> Path:
    folder = summary.course_dir / "reports"
    folder.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    data = {
        "course_dir": str(summary.course_dir),
        "seconds": round(summary.seconds, 3),
        "workers": summary.workers,
        "backup": str(summary.backup) if summary.backup else None,
        "sandbox": summary.sandbox,
        "timings": summary.timings,
        "incidents": [asdict(p) for p in summary.incidents],
        "similar_pairs": to_records(summary.similar),
        "results": [
            {**asdict(r), "problems": [asdict(p) for p in r.problems]} for r in summary.results
        ],
    }
    _record_isolation(folder, summary, stamp)
    text = json.dumps(data, ensure_ascii=False, indent=2)
    path = folder / f"grading-{stamp}.json"
    path.write_text(text, encoding="utf-8")
    (folder / "grading-latest.json").write_text(text, encoding="utf-8")
    return path

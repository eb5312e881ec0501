"""Render a :class:`CohortReport` as JSON, CSV or HTML (French)."""

from __future__ import annotations

import csv
import io
import json

from kamtrain.reporting.criteria import CohortReport

CSV_COLUMNS = (
    "learner",
    "competency",
    "criterion",
    "score",
    "max_score",
    "ratio",
    "pending",
    "pending_max",
    "proposed_level",
)


def _row(s) -> dict:
    return {
        "learner": s.learner,
        "competency": s.competency,
        "criterion": s.criterion,
        "score": s.score,
        "max_score": s.max_score,
        "ratio": None if s.ratio is None else round(s.ratio, 4),
        "pending": s.pending,
        "pending_max": s.pending_max,
        "proposed_level": s.proposed_level,
    }


def to_json(report: CohortReport) -> str:
    data = {
        "cohort": report.cohort,
        "criteria": list(report.criteria),
        "learners": [
            {"id": learner, "criteria": [_row(s) for s in report.for_learner(learner)]}
            for learner in report.learners
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def to_csv(report: CohortReport) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for s in report.scores:
        writer.writerow(_row(s))
    return buffer.getvalue()


def to_html(report: CohortReport) -> str:
    from kamlearn.referential import load_referential
    from kamtrain.templating import render_template

    ref = load_referential()
    grid = {(s.learner, s.criterion): s for s in report.scores}
    return render_template(
        "report_criteria.html.j2",
        report=report,
        grid=grid,
        criterion_text={c: ref.criterion(c).text for c in report.criteria},
        levels={lv.value: lv.label for lv in ref.levels},
    )

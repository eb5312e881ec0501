"""Render a :class:`~kamtrain.progress.collect.ProgressReport` as text, JSON or HTML.

The text table is for the trainer's terminal; the HTML (French, self-contained, plots
embedded as PNG) is what a trainer keeps or sends.
"""

from __future__ import annotations

import json
from dataclasses import asdict

from kamtrain.progress.collect import ProgressReport

_STATUS_FR = {"graded": "corrigé", "submitted": "à corriger", "missing": "non remis"}


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def to_text(report: ProgressReport) -> str:
    """A plain table, one row per learner ("!" flags the struggling), then the flagged."""
    by_key = {(s.learner, s.assignment): s for s in report.submissions}
    table = [["", "Learner", *report.assignments, "Mean", "Pending"]]
    for lp in report.learners:
        cells = ["!" if lp.struggling else "", lp.learner]
        for assignment in report.assignments:
            sub = by_key[(lp.learner, assignment)]
            graded = sub.status == "graded"
            cell = f"{sub.score:g}/{sub.max_score:g}" if graded else _STATUS_FR[sub.status]
            cells.append(cell + (" (périmé)" if sub.stale else ""))
        cells += [_pct(lp.mean_ratio), str(lp.pending)]
        table.append(cells)
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    lines = [f"Cohort {report.cohort}: progress ({report.generated_at})", ""]
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in table
    ]
    lines.append("")
    lines.append(
        "Competencies: "
        + ", ".join(f"{c.competency} {_pct(c.mean_ratio)}" for c in report.competencies)
    )
    lines.append(
        "Criteria:     " + ", ".join(f"{c.criterion} {_pct(c.mean_ratio)}" for c in report.criteria)
    )
    lines.append("")
    if report.struggling_learners:
        lines.append("Struggling learners (!):")
        lines += [f"  {lp.learner}: {'; '.join(lp.reasons)}" for lp in report.struggling_learners]
    else:
        lines.append("No struggling learner.")
    if report.struggling_criteria:
        lines.append(f"Struggling criteria (mean below {report.acquired_ratio:.0%}):")
        lines += [
            f"  {c.criterion} {_pct(c.mean_ratio)} ({c.learners_scored} scored, {c.pending} pending): {c.text}"
            for c in report.struggling_criteria
        ]
    return "\n".join(lines)


def to_json(report: ProgressReport) -> str:
    data = asdict(report)
    data["struggling_learners"] = [lp.learner for lp in report.struggling_learners]
    data["struggling_criteria"] = [c.criterion for c in report.struggling_criteria]
    data["ratios"] = [{"learner": a, "criterion": b, "ratio": r} for a, b, r in report.ratios]
    return json.dumps(data, ensure_ascii=False, indent=2)


def to_html(report: ProgressReport) -> str:
    """A self-contained French HTML page: tables and the three plots."""
    from kamtrain.progress.plots import all_figures, figure_data_uri
    from kamtrain.templating import render_template

    figures = {name: figure_data_uri(fig) for name, fig in all_figures(report).items()}
    by_key = {(s.learner, s.assignment): s for s in report.submissions}
    return render_template(
        "progress.html.j2",
        report=report,
        figures=figures,
        by_key=by_key,
        status_fr=_STATUS_FR,
        pct=_pct,
    )

"""The jury's French HTML page of a similarity report, and a plain-text summary."""

from __future__ import annotations

from kamtrain.similarity.model import SimilarityReport

#: Pairs detailed cell by cell: every flagged pair, or at least this many of the top ones.
DETAILED_PAIRS = 5
CELLS_PER_PAIR = 3
#: Pairs listed in the table: every flagged pair, or at least this many of the top ones.
LISTED_PAIRS = 30


def percent(share: float) -> str:
    """« 87 % »: French format, no-break space before the sign."""
    from kamtrain.templating import format_fr

    return f"{format_fr(share * 100, 0)}\u00a0%"


def to_html(report: SimilarityReport) -> str:
    from kamtrain.similarity.normalize import CODE_SHINGLE, TEXT_SHINGLE
    from kamtrain.templating import environment

    env = environment()
    env.filters.setdefault("pct", percent)
    flagged = report.flagged
    shown = flagged if len(flagged) >= DETAILED_PAIRS else report.pairs[:DETAILED_PAIRS]
    listed = report.pairs[: max(LISTED_PAIRS, len(flagged))]
    return env.get_template("similarity.html.j2").render(
        scope=report.assignment or "tous les blocs",
        learners=report.learners,
        pairs=report.pairs,
        listed=listed,
        flagged=flagged,
        shown=shown,
        threshold=percent(report.threshold),
        code_size=CODE_SHINGLE,
        text_size=TEXT_SHINGLE,
        cells_per_pair=CELLS_PER_PAIR,
        skipped=report.skipped,
    )


def summary_text(report: SimilarityReport, *, limit: int = 10) -> str:
    """The top pairs, one a line, for the terminal (English, like the rest of the CLI)."""
    lines = [
        f"{len(report.pairs)} pair(s) compared, {len(report.flagged)} flagged "
        f"(threshold {report.threshold:.0%})."
    ]
    for p in report.pairs[:limit]:
        mark = "  FLAGGED" if p.flagged else ""
        lines.append(
            f"  {p.assignment:<8} {p.learner_a:<14} {p.learner_b:<14} {p.score:>5.0%}"
            f"  {len(p.cells)} cell(s){mark}"
        )
    lines += [f"  skipped: {s}" for s in report.skipped]
    return "\n".join(lines)


def to_records(pairs) -> list[dict]:
    """JSON-safe records of similar pairs, for the grading report."""
    return [
        {
            "assignment": p.assignment,
            "learners": [p.learner_a, p.learner_b],
            "score": round(p.score, 3),
            "cells": [{"cell": c.label, "score": round(c.score, 3)} for c in p.cells],
        }
        for p in pairs
    ]

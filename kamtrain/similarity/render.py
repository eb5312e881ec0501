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


def _line_keys(source: str, kind: str) -> list:
    """One comparison key per line: normalised code tokens, or the line's word shingles."""
    from kamtrain.similarity.normalize import code_tokens, shingles, text_words

    if kind == "code":
        return [tuple(code_tokens(line)) for line in source.splitlines()]
    return [shingles(text_words(line), 3) for line in source.splitlines()]


def marked_lines(source: str, other: str, kind: str) -> list[tuple[str, bool]]:
    """``source``'s lines, each with whether the other answer has it too (once normalised).

    A code line matches a line of the other answer with the same tokens (names replaced,
    comments and spacing gone); a line of text matches when most of its 3-word runs are
    in the other text.
    """
    keys = _line_keys(source, kind)
    theirs = _line_keys(other, kind)
    if kind == "code":
        present = {k for k in theirs if k}
        return [
            (line, bool(k) and k in present)
            for line, k in zip(source.splitlines(), keys, strict=True)
        ]
    pool = frozenset().union(*theirs) if theirs else frozenset()
    return [
        (line, bool(k) and len(k & pool) >= len(k) / 2)
        for line, k in zip(source.splitlines(), keys, strict=True)
    ]


def to_html(report: SimilarityReport) -> str:
    from kamtrain.similarity.normalize import CODE_SHINGLE, TEXT_SHINGLE
    from kamtrain.templating import environment

    env = environment()
    env.filters.setdefault("pct", percent)
    env.globals.setdefault("marked_lines", marked_lines)
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

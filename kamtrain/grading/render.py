"""Text rendering of a grading summary for the terminal (trainer-facing, English)."""

from __future__ import annotations

from kamtrain.grading.model import GradingSummary


def summary_text(summary: GradingSummary) -> str:
    lines = [
        f"Graded {len(summary.results)} submission(s) in {summary.seconds:.1f} s "
        f"with {summary.workers} worker(s).",
    ]
    t = summary.timings
    if t.get("notebooks"):
        lines.append(
            f"  {t['notebooks']} notebook(s): execute {t['execute_seconds']:.1f} s "
            f"(kernel starts {t['kernel_start_seconds']:.1f} s cumulated), record {t['record_seconds']:.1f} s"
            + (
                f" ({t['record_tail_seconds']:.1f} s of it after the last notebook)"
                if "record_tail_seconds" in t
                else ""
            )
        )
    if summary.sandbox.get("enabled"):
        limits = summary.sandbox.get("limits", {})
        lines.append(
            f"  Sandbox: bubblewrap, {limits.get('memory_mb')} MiB, "
            f"{limits.get('processes')} processes ({summary.sandbox.get('process_cap')}), "
            f"files ≤ {limits.get('file_size_mb')} MiB, CPU ≤ {limits.get('cpu_seconds')} s, "
            f"/tmp ≤ {limits.get('tmpfs_mb')} MiB"
        )
    elif summary.sandbox:
        lines.append("  WARNING: graded with --no-sandbox: learners' code ran with your rights.")
    for r in summary.results:
        score = "—" if r.score is None else f"{r.score:g}/{r.max_score:g}"
        if r.stale:
            score += " (STALE: from an earlier run)"
        lines.append(f"  {r.learner:<16} {r.assignment:<10} {r.status:<22} {score}")
        for p in r.problems:
            lines.append(f"      ! {p.kind}: {p.message}")
    for p in summary.incidents:
        lines.append(f"  ! {p.kind}: {p.message}")
    for p in summary.similar:
        lines.append(
            f"  ~ similar answers: {p.learner_a} and {p.learner_b} ({p.assignment}), "
            f"{p.score:.0%} in common"
        )
    if summary.similar:
        lines.append(
            f"  Copy detection flagged {len(summary.similar)} pair(s): "
            f"`kamtrain similarity {summary.course_dir}` shows them side by side for the jury."
        )
    if summary.failed:
        lines.append(f"{len(summary.failed)} submission(s) failed: see the lines marked 'failed'.")
    if summary.backup:
        lines.append(f"Gradebook backed up to {summary.backup}")
    lines.append(f"Report: {summary.course_dir / 'reports' / 'grading-latest.json'}")
    return "\n".join(lines)

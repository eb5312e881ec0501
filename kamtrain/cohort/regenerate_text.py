"""Plain-text rendering of a :class:`~kamtrain.cohort.regenerate.RegenerateReport`."""

from __future__ import annotations

from kamtrain.cohort.regenerate import RegenerateReport

_TITLES = {
    "added": "added",
    "removed": "removed",
    "changed": "changed",
    "parameters": "parameters only (generation date / version)",
}


def _cells(label: str, cells: tuple[str, ...]) -> str:
    return f"      {label}: {', '.join(cells)}" if cells else ""


def describe(report: RegenerateReport) -> str:
    """What changed, notebook by notebook, then what was left untouched."""
    head = "Would regenerate" if report.dry_run else "Regenerated"
    lines = [f"{head} cohort '{report.cohort}' ({', '.join(report.assignments)})"]
    if report.unchanged:
        lines.append("  No notebook content changed.")
    for status in ("added", "removed", "changed", "parameters"):
        found = report.with_status(status)
        if not found:
            continue
        lines.append(f"  Notebooks {_TITLES[status]}: {len(found)}")
        for change in found:
            lines.append(f"    {change.assignment}/{change.notebook}")
            if status == "changed":
                lines.extend(
                    line
                    for line in (
                        _cells("cells added", change.added_cells),
                        _cells("cells removed", change.removed_cells),
                        _cells("cells changed", change.changed_cells),
                    )
                    if line
                )
    if not report.dry_run:
        lines.append(f"  release/ files updated: {len(report.release_changed)}")
        if report.backup:
            lines.append(f"  Gradebook backed up to {report.backup}")
        lines.append(
            "  Verified untouched: submitted/, autograded/, feedback/, grades, comments, "
            "jury tables."
        )
    lines.append(f"  ({report.seconds:.1f} s)")
    return "\n".join(lines)

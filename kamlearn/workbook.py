"""Helpers the workbook's notebooks call to present themselves.

The criteria a notebook evaluates are pulled from ``rubrics/`` by id, never retyped.
"""

from __future__ import annotations


def criteria_markdown(*competency_ids: str, criteria: tuple[str, ...] = ()) -> str:
    """French Markdown listing the competencies and criteria evaluated by a notebook.

    Args:
        competency_ids: competencies whose criteria are all listed.
        criteria: extra criterion ids, or a subset when ``competency_ids`` is empty.
    """
    from kamlearn.referential import load_referential

    ref = load_referential()
    lines = ["### Critères d'évaluation (référentiel)"]
    wanted = list(criteria)
    for cid in competency_ids:
        comp = ref.competency(cid)
        lines.append(f"**{comp.id}.** {comp.title}  ")
        lines.append(f"*Modalité : {comp.modality.kind_label} – {comp.modality.label}*")
        lines.append("")
        lines.extend(f"- `{c.id}` {c.text}" for c in comp.criteria)
        lines.append("")
    shown = {c.id for cid in competency_ids for c in ref.competency(cid).criteria}
    for crit_id in wanted:
        if crit_id not in shown:
            crit = ref.criterion(crit_id)
            lines.append(f"- `{crit.id}` {crit.text}")
    return "\n".join(lines)


def show_criteria(*competency_ids: str, criteria: tuple[str, ...] = ()) -> None:
    """Display :func:`criteria_markdown` in the notebook."""
    from IPython.display import Markdown, display

    display(Markdown(criteria_markdown(*competency_ids, criteria=criteria)))

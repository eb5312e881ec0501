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
    from kamlearn.referential.epreuves_loader import load_epreuves

    ref = load_referential()
    epreuves = load_epreuves()
    lines = ["### Critères d'évaluation (référentiel)"]
    wanted = list(criteria)
    for cid in competency_ids:
        comp = ref.competency(cid)
        lines.append(f"**{comp.id}.** {comp.title}  ")
        lines.append(f"*{training_note(epreuves.for_competency(comp.id), comp.modality)}*")
        lines.append("")
        lines.extend(f"- `{c.id}` {c.text}" for c in comp.criteria)
        lines.append("")
    shown = {c.id for cid in competency_ids for c in ref.competency(cid).criteria}
    for crit_id in wanted:
        if crit_id not in shown:
            crit = ref.criterion(crit_id)
            lines.append(f"- `{crit.id}` {crit.text}")
    return "\n".join(lines)


def training_note(epreuve, modality) -> str:
    """French line saying that this notebook is individual training for a certification
    épreuve, and how that épreuve is sat (the seed's modality)."""
    how = {"individual": "individuellement", "pair": "en binôme", "group": "en groupe"}
    mode = "à l'écrit" if epreuve.written else "à l'oral"
    return (
        f"Entraînement individuel : ce carnet prépare l'épreuve {epreuve.id} "
        f"« {epreuve.title} » ({', '.join(epreuve.competencies)}), passée {mode} "
        f"{how[epreuve.setting]} ({modality.kind_label} – {modality.label}). "
        "Les résultats du carnet ne valent pas certification."
    )


def show_criteria(*competency_ids: str, criteria: tuple[str, ...] = ()) -> None:
    """Display :func:`criteria_markdown` in the notebook."""
    from IPython.display import Markdown, display

    display(Markdown(criteria_markdown(*competency_ids, criteria=criteria)))

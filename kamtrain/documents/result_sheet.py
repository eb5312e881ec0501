"""One candidate's result sheet: decisions, radar of the 18 competencies, feedback."""

from __future__ import annotations

from kamtrain.documents.jury_data import (
    JuryData,
    carried_over_fr,
    competency_means,
    decided_levels,
)
from kamtrain.documents.pv import block_status_fr


def result_sheet_context(data: JuryData, learner: str) -> dict:
    from kamlearn.frenchfmt import date_fr
    from kamtrain.documents.plots import radar_png

    ref = data.referential
    cand = data.candidate(learner)
    decision = data.decision(learner)
    levels = decided_levels(data, learner)
    level_labels = {lv.value: lv.label for lv in ref.levels}
    feedback = []
    for block in decision.blocks:
        for comp in block.competencies:
            competency = ref.competency(comp.competency)
            criteria = []
            for crit in competency.criteria:
                final = data.level(learner, crit.id)
                criteria.append(
                    {
                        "criterion": crit,
                        "level": levels.get(crit.id),
                        "label": level_labels.get(levels.get(crit.id), "—"),
                        "comments": () if final is None else final.comments,
                    }
                )
            feedback.append({"competency": competency, "decision": comp, "criteria": criteria})
    radar = radar_png(
        [c.id for c in ref.competencies],
        competency_means(data, learner),
        max_level=max(lv.value for lv in ref.levels),
        threshold=ref.rules.min_mean_level,
    )
    return {
        "data": data,
        "ref": ref,
        "cand": cand,
        "decision": decision,
        "blocks": [(b, block_status_fr(b), ref.block(b.block)) for b in decision.blocks],
        "feedback": feedback,
        "radar": radar,
        "cert": data.certification,
        "session_date_fr": date_fr(data.session.date),
        "carried": carried_over_fr(data, learner),
    }


def render_result_sheet(data: JuryData, learner: str) -> str:
    from kamtrain.templating import render_template

    return render_template("jury_result_sheet.html.j2", **result_sheet_context(data, learner))

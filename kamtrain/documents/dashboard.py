"""The cohort dashboard: heatmap candidates × criteria, block validation rates, agreement."""

from __future__ import annotations

from kamtrain.documents.jury_data import JuryData, decided_levels


def dashboard_context(data: JuryData) -> dict:
    from kamlearn.frenchfmt import date_fr
    from kamtrain.documents.plots import bars_png, heatmap_png

    ref = data.referential
    criteria = [c.id for c in ref.criteria]
    matrix = []
    for cand in data.candidates:
        levels = decided_levels(data, cand.id)
        matrix.append([levels.get(c) for c in criteria])
    total = len(data.decisions) or 1
    rates = []
    for block in ref.blocks:
        validated = sum(
            1 for d in data.decisions for b in d.blocks if b.block == block.id and b.validated
        )
        rates.append({"block": block, "count": validated, "rate": validated / total})
    heatmap = (
        heatmap_png(
            [c.display for c in data.candidates],
            criteria,
            matrix,
            max_level=max(lv.value for lv in ref.levels),
        )
        if data.candidates
        else None
    )
    return {
        "data": data,
        "session_date_fr": date_fr(data.session.date),
        "ref": ref,
        "rates": rates,
        "awarded": sum(1 for d in data.decisions if d.awarded),
        "heatmap": heatmap,
        "bars": bars_png([f"Bloc {r['block'].id}" for r in rates], [r["rate"] for r in rates]),
        "agreement": data.agreement,
    }


def render_dashboard(data: JuryData) -> str:
    from kamtrain.templating import render_template

    return render_template("jury_dashboard.html.j2", **dashboard_context(data))

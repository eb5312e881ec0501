"""The procès-verbal of a jury session (HTML; PDF through :mod:`kamtrain.documents.pdf`)."""

from __future__ import annotations

from kamtrain.documents.jury_data import JuryData
from kamtrain.jury.models import BlockDecision


def block_status_fr(block: BlockDecision) -> str:
    if block.kept_from:
        return f"Conservé ({block.kept_from})"
    return "Validé" if block.validated else "Non validé"


def source_fr(source: str) -> str:
    return {
        "jury": "jury",
        "reconciliation": "après réconciliation",
        "autograde": "proposition automatique",
    }.get(source, source)


def pv_context(data: JuryData) -> dict:
    rows = []
    for cand in data.candidates:
        decision = data.decision(cand.id)
        rows.append(
            {
                "candidate": cand,
                "decision": decision,
                "blocks": [(b, block_status_fr(b)) for b in decision.blocks],
            }
        )
    awarded = sum(1 for d in data.decisions if d.awarded)
    return {
        "data": data,
        "ref": data.referential,
        "rules": data.referential.rules,
        "rows": rows,
        "awarded": awarded,
        "agreement_all": [r for r in data.agreement if r.scope == "all"],
        "display": {c.id: c.display for c in data.candidates},
    }


def render_pv(data: JuryData) -> str:
    from kamtrain.templating import render_template

    return render_template("jury_pv.html.j2", **pv_context(data))

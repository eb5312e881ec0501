"""The procès-verbal of a jury session (HTML; PDF through :mod:`kamtrain.documents.pdf`).

What a certifier checks on it: the certification (name, RNCP reference, certifier), the
session's number, French date and place, the president and members with their roles, each
candidate's result per block and for the certification, what was carried over from which
session, the disagreements and their reconciliations, a signature block per member, and on
every page « Page n / N », the generation date and the seal. Table rows never split across
pages and table headers repeat (CSS in the template).
"""

from __future__ import annotations

from kamtrain.documents.jury_data import JuryData, carried_over_fr, carried_over_short
from kamtrain.jury.models import BlockDecision, LearnerDecision


def block_status_fr(block: BlockDecision) -> str:
    if block.kept_from:
        return f"Conservé ({block.kept_from})"
    return "Validé" if block.validated else "Non validé"


def result_fr(decision: LearnerDecision) -> str:
    if decision.awarded:
        return "Certification obtenue"
    if decision.validated_blocks:
        return "Validation partielle"
    return "Non obtenue"


def source_fr(source: str) -> str:
    return {
        "jury": "jury",
        "reconciliation": "après réconciliation",
        "autograde": "proposition automatique",
    }.get(source, source)


def pv_context(data: JuryData) -> dict:
    from kamlearn.frenchfmt import date_fr, datetime_fr

    rows = []
    for cand in data.candidates:
        decision = data.decision(cand.id)
        rows.append(
            {
                "candidate": cand,
                "decision": decision,
                "result": result_fr(decision),
                "blocks": [(b, block_status_fr(b)) for b in decision.blocks],
                "carried": carried_over_fr(data, cand.id),
                "carried_short": carried_over_short(data, cand.id),
            }
        )
    awarded = sum(1 for d in data.decisions if d.awarded)
    corrected = None
    if data.session.corrects:
        when = data.session_dates.get(data.session.corrects)
        corrected = f"{data.session.corrects}" + (f" du {date_fr(when)}" if when else "")
    return {
        "data": data,
        "ref": data.referential,
        "cert": data.certification,
        "rules": data.referential.rules,
        "rows": rows,
        "awarded": awarded,
        "partial": sum(1 for r in rows if r["result"] == "Validation partielle"),
        "agreement_all": [r for r in data.agreement if r.scope == "all"],
        "display": {c.id: c.display for c in data.candidates},
        "session_date_fr": date_fr(data.session.date),
        "generated_fr": datetime_fr(data.generated_at),
        "closed_fr": date_fr(data.session.closed_at) if data.session.closed_at else "",
        "corrected": corrected,
        "reconciliations": [d for d in data.disagreements if d.reconciled],
    }


def render_pv(data: JuryData) -> str:
    from kamtrain.templating import render_template

    return render_template("jury_pv.html.j2", **pv_context(data))

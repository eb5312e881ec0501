"""HTML and rich-output rendering of simulator transcripts, results and attempts.

Pure functions (no widgets): the fronts show their output, and :class:`RecordView`
puts the same record into a notebook cell as ``text/html`` plus ``application/json`` so
that it is saved with the notebook and read by the jury.
"""

from __future__ import annotations

from html import escape

from kamlearn.sim.records import Attempt, SimResult, Transcript, attempt_to_dict

ACTOR_LABELS_FR = {"learner": "Vous", "counterpart": "Interlocuteur", "system": "Simulateur"}
SIMULATOR_LABELS_FR = {
    "negotiation": "Négociation (C12–C14)",
    "interview": "Entretien de découverte (C7)",
    "pitch": "Pitch (C8)",
    "leadership": "Situation de leadership (C15, C18)",
}
_ACTOR_COLORS = {"learner": "#0d47a1", "counterpart": "#bf360c", "system": "#455a64"}


def _pct(value: float) -> str:
    return f"{100 * value:.0f}\u00a0%"


def message_html(text_fr: str, *, error: bool = False) -> str:
    if not text_fr:
        return ""
    color = "#b71c1c" if error else "#1b5e20"
    sign = "⚠ " if error else ""
    return f'<div class="kamtrain-message" style="color:{color}">{sign}{escape(text_fr)}</div>'


def transcript_html(transcript: Transcript) -> str:
    """The moves as a table: time, elapsed seconds, who, what."""
    rows = []
    for m in transcript.moves:
        color = _ACTOR_COLORS.get(m.actor, "black")
        time = escape(m.timestamp[11:19])
        rows.append(
            f"<tr><td>{time}</td><td style='text-align:right'>{m.elapsed_s:.0f}\u00a0s</td>"
            f"<td style='color:{color};font-weight:bold'>{ACTOR_LABELS_FR.get(m.actor, m.actor)}</td>"
            f"<td>{escape(m.text_fr)}</td></tr>"
        )
    return (
        "<table class='kamtrain-transcript' style='border-collapse:collapse'>"
        "<thead><tr><th>Heure (UTC)</th><th>Écoulé</th><th>Qui</th><th>Échange</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def result_html(result: SimResult) -> str:
    """Score, criteria and feedback."""
    crit = "".join(
        f"<li><b>{escape(cid)}</b> : {_pct(v)}</li>"
        for cid, v in sorted(result.criteria_scores.items())
    )
    jury = "".join(
        f"<li><b>{escape(c)}</b> : évaluation par le jury</li>" for c in result.jury_only
    )
    feedback = "".join(f"<li>{escape(line)}</li>" for line in result.feedback_fr)
    return (
        f"<div class='kamtrain-result'><p><b>Score : {_pct(result.score)}</b></p>"
        f"<p>Critères du référentiel :</p><ul>{crit}{jury}</ul>"
        f"<p>Retours :</p><ul>{feedback}</ul></div>"
    )


def attempts_html(attempts: tuple[Attempt, ...], simulator: str) -> str:
    title = SIMULATOR_LABELS_FR.get(simulator, simulator)
    if not attempts:
        return f"<div class='kamtrain-record'><h4>{escape(title)}</h4><p>Aucune tentative enregistrée.</p></div>"
    parts = [
        f"<div class='kamtrain-record'><h4>{escape(title)} : {len(attempts)} tentative(s)</h4>"
    ]
    for a in attempts:
        score = "non terminée" if a.result is None else f"score {_pct(a.result.score)}"
        parts.append(
            f"<details><summary>Tentative {a.number} ({escape(a.saved_at)}) : {score}</summary>"
            f"{transcript_html(a.transcript)}"
            f"{'' if a.result is None else result_html(a.result)}</details>"
        )
    parts.append("</div>")
    return "".join(parts)


def record_bundle(attempts: tuple[Attempt, ...], simulator: str) -> dict:
    """The rich output saved in the notebook: HTML for people, JSON for tools."""
    return {
        "text/html": attempts_html(attempts, simulator),
        "application/json": {
            "kamtrain_simulation": simulator,
            "attempts": [attempt_to_dict(a) for a in attempts],
        },
        "text/plain": f"{SIMULATOR_LABELS_FR.get(simulator, simulator)} : {len(attempts)} tentative(s)",
    }


class RecordView:
    """Displays a store's attempts as a cell output (``text/html`` + ``application/json``)."""

    def __init__(self, attempts: tuple[Attempt, ...], simulator: str):
        self.attempts = attempts
        self.simulator = simulator

    def _repr_mimebundle_(self, include=None, exclude=None):
        return record_bundle(self.attempts, self.simulator)

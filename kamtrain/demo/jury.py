"""A scripted jury session for ``make demo``: two assessors, disagreements, reconciliation."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

#: Share of criteria on which the second assessor departs by one level from the first.
DISAGREEMENT_RATE = 0.08
COMMENTS_FR = {
    0: "Attendu non observé lors de l'épreuve.",
    1: "Éléments pertinents mais incomplets ; à approfondir.",
    2: "Critère satisfait au niveau attendu.",
    3: "Démarche argumentée et adaptée au contexte du client.",
}


def _proposed_levels(course_dir: Path) -> dict[tuple[str, str], int]:
    from kamlearn.errors import KamtrainError

    try:
        from kamtrain.reporting.criteria import build_report

        report = build_report(course_dir=course_dir)
    except (KamtrainError, OSError, ImportError):
        return {}
    return {
        (s.learner, s.criterion): s.proposed_level
        for s in report.scores
        if s.proposed_level is not None
    }


def run_demo_jury(
    *,
    course_dir: Path,
    assessors: tuple[str, str] = ("Claire Dubois", "Marc Lefèvre"),
    seed: int = 0,
    session: str = "S1",
    session_date: str | None = None,
) -> Path:
    """Simulate a double-marked jury session for every learner and criterion of the cohort.

    The first assessor's level follows the autograde proposal where there is one, else a
    per-learner ability; the second one departs from it by one level on a few criteria.
    Disagreements are reconciled (the lower level, with a reason), the session is decided
    and every document is written.

    Returns:
        Path of the procès-verbal: the PDF, or its HTML when weasyprint (the ``pdf`` extra)
        is not installed.
    """
    from kamtrain.documents.jury_documents import write_documents
    from kamtrain.jury.api import open_context
    from kamtrain.jury.models import JurySession
    from kamtrain.jury.outcome import find_disagreements

    course_dir = Path(course_dir).resolve()
    ctx = open_context(course_dir)
    rng = random.Random(seed)
    proposed = _proposed_levels(course_dir)
    top = max(lv.value for lv in ctx.referential.levels)
    first, second = assessors
    items: dict[str, list[dict]] = {first: [], second: []}
    for learner in ctx.learners:
        ability = rng.uniform(1.4, 2.9)
        for crit in ctx.referential.criteria:
            base = proposed.get((learner.id, crit.id))
            if base is None:
                base = min(top, max(0, round(rng.gauss(ability, 0.6))))
            other = base
            if rng.random() < DISAGREEMENT_RATE:
                other = min(top, max(0, base + rng.choice((-1, 1))))
            for name, level in ((first, base), (second, other)):
                items[name].append(
                    dict(
                        learner=learner.id,
                        criterion=crit.id,
                        assessor=name,
                        level=level,
                        comment=COMMENTS_FR.get(level, ""),
                        session=session,
                    )
                )
    with ctx.store() as store:
        for name in assessors:
            store.ensure_assessor(name)
        if session not in {s.name for s in store.sessions()}:
            store.add_session(
                JurySession(session, session_date or date.today().isoformat(), tuple(assessors)),
                who=first,
            )
        for name in assessors:
            store.record_many(items[name])
            store.submit(assessor=name, session=session)
        pending = find_disagreements(
            ctx, store.current(session=session), store.reconciliations(session=session)
        )
        for d in pending:
            if d.reconciled:
                continue
            levels = dict(d.levels)
            store.reconcile(
                learner=d.learner,
                criterion=d.criterion,
                session=session,
                level=min(levels.values()),
                reason=(
                    "Concertation des évaluateurs : niveau le plus prudent retenu au vu des "
                    "preuves (" + ", ".join(f"{n} : {v}" for n, v in d.levels) + ")."
                ),
                by=first,
            )
    from kamtrain.documents import pdf

    written = write_documents(course_dir=course_dir, session=session, pdf=pdf.available())
    return written.pv_pdf or written.pv_html

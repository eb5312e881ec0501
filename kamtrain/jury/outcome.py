"""From recorded levels to what counts: final levels, disagreements, agreement, decisions.

A criterion's final level in a session is the reconciled level when there is one;
otherwise the submitted levels of its assessors, provided nobody is still grading it and
they differ by no more than ``max_level_gap_without_reconciliation`` (then the floor of
their mean: the cautious choice). With ``allow_autograde`` a criterion that no assessor
has touched takes the level proposed from the autograded score; any criterion the jury
has started (pending submission, unreconciled disagreement) never does.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from pathlib import Path

from kamlearn.errors import JuryError, MissingGradesError
from kamtrain.jury.api import JuryContext, open_context, resolve_session
from kamtrain.jury.decisions import PriorBlock, decide_learner
from kamtrain.jury.kappa import cohen_kappa
from kamtrain.jury.models import (
    AgreementRow,
    Assessment,
    Disagreement,
    FinalLevel,
    JurySession,
    LearnerDecision,
    Reconciliation,
)
from kamtrain.jury.store import JuryStore


def _grouped(current: tuple[Assessment, ...]) -> dict[tuple[str, str], list[Assessment]]:
    groups: dict[tuple[str, str], list[Assessment]] = defaultdict(list)
    for a in sorted(current, key=lambda a: a.assessor):
        groups[(a.learner, a.criterion)].append(a)
    return groups


def final_levels(
    ctx: JuryContext, store: JuryStore, session: str
) -> tuple[dict[tuple[str, str], FinalLevel], dict[tuple[str, str], str]]:
    """Final levels of a session, and the reason each started-but-unfinished one is missing."""
    rules = ctx.referential.rules
    recon = {(r.learner, r.criterion): r for r in store.reconciliations(session=session)}
    finals: dict[tuple[str, str], FinalLevel] = {}
    pending: dict[tuple[str, str], str] = {}
    for key, rows in _grouped(store.current(session=session)).items():
        names = tuple(a.assessor for a in rows)
        comments = tuple(a.comment for a in rows if a.comment)
        if key in recon:
            r = recon[key]
            finals[key] = FinalLevel(*key, session, r.level, "reconciliation", names, comments)
            continue
        waiting = [a.assessor for a in rows if not a.submitted]
        if waiting:
            pending[key] = f"en attente de soumission ({', '.join(waiting)})"
            continue
        levels = [a.level for a in rows]
        if any(rules.needs_reconciliation(x, y) for x, y in itertools.combinations(levels, 2)):
            pending[key] = (
                "désaccord non réconcilié ("
                + ", ".join(f"{a.assessor} : {a.level}" for a in rows)
                + ")"
            )
            continue
        level = math.floor(sum(levels) / len(levels))
        finals[key] = FinalLevel(*key, session, level, "jury", names, comments)
    return finals, pending


def disagreements(*, course_dir: Path, session: str | None = None) -> tuple[Disagreement, ...]:
    """Submitted levels that differ more than the rules allow, with any reconciliation."""
    ctx = open_context(course_dir)
    with ctx.store() as store:
        sess = resolve_session(store, session, create=False, who="kamtrain")
        return find_disagreements(
            ctx, store.current(session=sess.name), store.reconciliations(session=sess.name)
        )


def find_disagreements(
    ctx: JuryContext, current: tuple[Assessment, ...], recons: tuple[Reconciliation, ...]
) -> tuple[Disagreement, ...]:
    """The disagreements among ``current`` levels, with their reconciliation if any.

    Levels stay hidden (no disagreement is listed) until every assessor has submitted.
    """
    rules = ctx.referential.rules
    recon = {(r.learner, r.criterion, r.session): r for r in recons}
    out = []
    for (learner, criterion), rows in sorted(_grouped(current).items()):
        done = [a for a in rows if a.submitted]
        if len(done) < 2 or len(done) < len(rows):
            continue  # levels stay hidden until every assessor has submitted
        if not any(
            rules.needs_reconciliation(x.level, y.level) for x, y in itertools.combinations(done, 2)
        ):
            continue
        session = done[0].session
        r = recon.get((learner, criterion, session))
        out.append(
            Disagreement(
                learner,
                criterion,
                session,
                tuple((a.assessor, a.level) for a in done),
                None if r is None else r.level,
                "" if r is None else r.reason,
            )
        )
    return tuple(out)


def agreement_rows(ctx: JuryContext, current: tuple[Assessment, ...]) -> tuple[AgreementRow, ...]:
    """Kappa per assessor pair, over all criteria and per competency (submitted levels)."""
    categories = [lv.value for lv in ctx.referential.levels]
    by_item: dict[tuple[str, str, str], dict[str, int]] = defaultdict(dict)
    for a in current:
        if a.submitted:
            by_item[(a.learner, a.criterion, a.session)][a.assessor] = a.level
    names = sorted({n for levels in by_item.values() for n in levels})
    comp_order = [c.id for c in ctx.referential.competencies]
    rows = []
    for a_name, b_name in itertools.combinations(names, 2):
        pairs = [
            (item[1].split(".")[0], levels[a_name], levels[b_name])
            for item, levels in sorted(by_item.items())
            if a_name in levels and b_name in levels
        ]
        if not pairs:
            continue
        scopes = ["all"] + [c for c in comp_order if any(p[0] == c for p in pairs)]
        for scope in scopes:
            chosen = [p for p in pairs if scope == "all" or p[0] == scope]
            result = cohen_kappa(
                [p[1] for p in chosen], [p[2] for p in chosen], categories=categories
            )
            rows.append(AgreementRow(a_name, b_name, scope, result))
    return tuple(rows)


def agreement(*, course_dir: Path, session: str | None = None) -> tuple[AgreementRow, ...]:
    """Inter-rater agreement of every assessor pair (all sessions unless one is named)."""
    ctx = open_context(course_dir)
    with ctx.store() as store:
        name = (
            None if session is None else resolve_session(store, session, create=False, who="").name
        )
        return agreement_rows(ctx, store.current(session=name))


def _prior_blocks(
    ctx: JuryContext, store: JuryStore, session: JurySession
) -> dict[str, list[PriorBlock]]:
    """Blocks each learner validated in sessions dated before ``session``."""
    prior: dict[str, list[PriorBlock]] = defaultdict(list)
    ref = ctx.referential
    for earlier in store.sessions():
        if earlier.date >= session.date or earlier.name == session.name:
            continue
        finals, _ = final_levels(ctx, store, earlier.name)
        by_learner: dict[str, dict[str, int]] = defaultdict(dict)
        for (learner, criterion), f in finals.items():
            by_learner[learner][criterion] = f.level
        for learner, levels in by_learner.items():
            for block in ref.blocks:
                if not all(c in levels for comp in block.competencies for c in comp.criterion_ids):
                    continue
                acquired = [
                    ref.rules.competency_acquired(levels[c] for c in comp.criterion_ids)
                    for comp in block.competencies
                ]
                if ref.rules.block_validated(acquired):
                    prior[learner].append(PriorBlock(block.id, earlier.name, earlier.date))
    return prior


def decide(
    *,
    course_dir: Path,
    session: str | None = None,
    learners: tuple[str, ...] | None = None,
    allow_autograde: bool = False,
) -> tuple[LearnerDecision, ...]:
    """Decisions per learner, block and competency for one session (the latest by default).

    Args:
        course_dir: the cohort folder.
        session: jury session name; the latest when omitted.
        learners: learner ids to decide; by default every learner with a jury level in the
            session (every learner with ``allow_autograde``).
        allow_autograde: fill criteria no assessor touched with the autograde proposal.

    Raises:
        MissingGradesError: listing every missing or unfinished criterion level.
    """
    ctx = open_context(course_dir)
    with ctx.store() as store:
        sess = resolve_session(store, session, create=False, who="")
        finals, pending = final_levels(ctx, store, sess.name)
        prior = _prior_blocks(ctx, store, sess)
        touched = {learner for learner, _ in (*finals, *pending)}
    if learners:
        wanted = [ctx.learner(x).id for x in learners]
    elif allow_autograde:
        wanted = [x.id for x in ctx.learners]
    else:
        wanted = [x.id for x in ctx.learners if x.id in touched or x.id in prior]
        if not wanted:
            raise JuryError(f"No jury level recorded in session {sess.name} yet.")
    proposed = _autograde_levels(ctx) if allow_autograde else {}
    decisions, missing = [], []
    for learner in wanted:
        levels = {c: f.level for (lid, c), f in finals.items() if lid == learner}
        for c in ctx.referential.criteria:
            key = (learner, c.id)
            if c.id not in levels and key not in pending and key in proposed:
                levels[c.id] = proposed[key]
        try:
            decisions.append(
                decide_learner(
                    learner=learner,
                    referential=ctx.referential,
                    levels=levels,
                    session=sess,
                    prior=prior.get(learner, ()),
                )
            )
        except MissingGradesError as exc:
            for item in exc.missing:
                why = pending.get(tuple(item.split(":", 1)), "aucun niveau du jury")
                missing.append(f"{item} ({why})")
    if missing:
        raise MissingGradesError(missing)
    return tuple(decisions)


def _autograde_levels(ctx: JuryContext) -> dict[tuple[str, str], int]:
    from kamtrain.reporting.criteria import build_report

    report = build_report(course_dir=ctx.course_dir)
    return {
        (s.learner, s.criterion): s.proposed_level
        for s in report.scores
        if s.proposed_level is not None
    }

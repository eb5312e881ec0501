"""From recorded levels to what counts: final levels, disagreements, agreement, decisions.

Everything here uses the session's *frozen* rules (:func:`kamtrain.jury.sessions.session_rules`).
A criterion's final level in a session is the reconciled level when there is one;
otherwise the submitted levels of its assessors, provided at least
``double_marking_assessors`` distinct members submitted one, nobody is still grading it and
they differ by no more than ``max_level_gap_without_reconciliation`` (then the floor of
their mean: the cautious choice). With ``allow_autograde`` a criterion that no assessor
has touched takes the level proposed from the autograded score; any criterion the jury
has started never does. A level counts only for a candidate seated in a sitting of the
criterion's épreuve in the session (:mod:`kamtrain.jury.epreuve_scope`).

A session decides its registered candidates only. A closed session's decisions are the ones
sealed with it; earlier closed sessions give the blocks and competencies carried over.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from pathlib import Path

from kamlearn.errors import JuryError, MissingGradesError
from kamlearn.referential.models import Rules
from kamtrain.jury.api import JuryContext, open_context, resolve_session
from kamtrain.jury.decisions import PriorBlock, PriorCompetency, decide_learner
from kamtrain.jury.epreuve_scope import counted, criterion_epreuve, in_scope
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


def frozen_rules(ctx: JuryContext, session: JurySession) -> Rules:
    from kamtrain.jury.frozen import session_rules

    return session_rules(session, ctx.referential)


def final_levels(
    ctx: JuryContext, store: JuryStore, session: JurySession
) -> tuple[dict[tuple[str, str], FinalLevel], dict[tuple[str, str], str]]:
    """Final levels of a session, and the reason each started-but-unfinished one is missing."""
    rules = frozen_rules(ctx, session)
    recon = {(r.learner, r.criterion): r for r in store.reconciliations(session=session.name)}
    finals: dict[tuple[str, str], FinalLevel] = {}
    pending: dict[tuple[str, str], str] = {}
    counts = counted(store, session=session.name)
    for key, rows in _grouped(store.current(session=session.name)).items():
        rows = [a for a in rows if counts(a)]
        if not rows:
            # Only the criterion's own épreuve counts (kamtrain.jury.epreuve_scope).
            pending[key] = (
                f"niveau hors épreuve : aucun niveau donné à {key[0]} lors d'un passage de "
                f"l'épreuve {criterion_epreuve(key[1])} dans cette session"
            )
            continue
        names = tuple(a.assessor for a in rows)
        comments = tuple(a.comment for a in rows if a.comment)
        if key in recon:
            r = recon[key]
            finals[key] = FinalLevel(*key, session.name, r.level, "reconciliation", names, comments)
            continue
        waiting = [a.assessor for a in rows if not a.submitted]
        if waiting:
            pending[key] = f"en attente de soumission ({', '.join(waiting)})"
            continue
        if len(set(names)) < rules.double_marking_assessors:
            pending[key] = (
                f"double correction requise : {len(set(names))} évaluateur(s) sur "
                f"{rules.double_marking_assessors} ({', '.join(names)})"
            )
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
        finals[key] = FinalLevel(*key, session.name, level, "jury", names, comments)
    return finals, pending


def disagreements(*, course_dir: Path, session: str | None = None) -> tuple[Disagreement, ...]:
    """Submitted levels that differ more than the rules allow, with any reconciliation.

    Blind: a criterion shows only once every member grading it has submitted.
    """
    ctx = open_context(course_dir)
    with ctx.store() as store:
        sess = resolve_session(store, session)
        return session_disagreements(ctx, store, sess)


def session_disagreements(
    ctx: JuryContext, store: JuryStore, session: JurySession
) -> tuple[Disagreement, ...]:
    return find_disagreements(
        frozen_rules(ctx, session),
        store.current(session=session.name),
        store.reconciliations(session=session.name),
    )


def find_disagreements(
    rules: Rules, current: tuple[Assessment, ...], recons: tuple[Reconciliation, ...]
) -> tuple[Disagreement, ...]:
    """The disagreements among ``current`` levels under ``rules``, with any reconciliation.

    Levels stay hidden (no disagreement is listed) until every assessor has submitted.
    """
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
                "" if r is None else r.by,
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
        name = None if session is None else resolve_session(store, session).name
        return agreement_rows(ctx, store.current(session=name))


def earlier_sessions(store: JuryStore, session: JurySession) -> list[JurySession]:
    """Closed sessions whose decisions count before ``session``, oldest first.

    A session corrected by a closed correcting session is replaced by it; the session that
    ``session`` itself corrects is not "earlier", it is being redone.
    """
    every = store.sessions()
    corrected = {s.corrects for s in every if s.corrects and s.closed}
    return [
        s
        for s in every
        if s.closed
        and s.name != session.name
        and s.name != session.corrects
        and s.name not in corrected
        and s.date <= session.date
        and (s.date < session.date or s.created_at < session.created_at)
    ]


def carried_over(
    store: JuryStore, session: JurySession
) -> tuple[dict[str, list[PriorBlock]], dict[str, list[PriorCompetency]]]:
    """Blocks validated and competencies acquired by each learner in earlier closed sessions.

    A block or competency that an earlier session itself kept points to the session where it
    was first obtained (its validity runs from there).
    """
    from kamtrain.jury.serial import decision_from_data

    earlier = earlier_sessions(store, session)
    dates = {s.name: s.date for s in store.sessions()}
    blocks: dict[str, list[PriorBlock]] = defaultdict(list)
    comps: dict[str, list[PriorCompetency]] = defaultdict(list)
    stored = store.decisions()
    for s in earlier:
        for (sname, learner), data in stored.items():
            if sname != s.name:
                continue
            decision = decision_from_data(data)
            for b in decision.blocks:
                if b.validated:
                    origin = b.kept_from or s.name
                    blocks[learner].append(PriorBlock(b.block, origin, dates[origin]))
                for c in b.competencies:
                    if c.acquired:
                        origin = c.kept_from or s.name
                        comps[learner].append(PriorCompetency(c.competency, origin, dates[origin]))
    return blocks, comps


def session_decisions(
    ctx: JuryContext,
    store: JuryStore,
    session: JurySession,
    *,
    learners: tuple[str, ...] | None = None,
    allow_autograde: bool = False,
) -> tuple[LearnerDecision, ...]:
    """Decisions of ``session``: sealed ones when closed, else computed from its frozen rules."""
    from dataclasses import replace

    from kamlearn.referential.epreuves_loader import load_epreuves
    from kamtrain.jury.frozen import referential_sha256
    from kamtrain.jury.serial import decision_from_data
    from kamtrain.jury.sessions import decided_learners

    registered = decided_learners(store.candidates(session=session.name))
    if learners:
        wanted = [ctx.learner(x).id for x in learners]
        strangers = [x for x in wanted if x not in registered]
        if strangers:
            raise JuryError(
                f"Session {session.name} decides only its registered, present candidates; "
                f"not: {', '.join(strangers)}."
            )
    else:
        wanted = list(registered)
    if session.closed:
        stored = store.decisions(session=session.name)
        return tuple(decision_from_data(stored[(session.name, x)]) for x in wanted)
    if not wanted:
        raise JuryError(
            f"Session {session.name} has no registered candidate present: register them with "
            f"`kamtrain jury session register DIR --session {session.name} --learner ...`."
        )
    current = referential_sha256(Path(ctx.referential.source_dir))
    if session.referential_sha256 and current != session.referential_sha256:
        raise JuryError(
            f"The referential (rubrics/referential.yml, levels.yml) changed since session "
            f"{session.name} was created; its decisions would no longer match the grid the "
            "jury used. Restore the files, or open a new session."
        )
    referential = replace(ctx.referential, rules=frozen_rules(ctx, session))
    finals, pending = final_levels(ctx, store, session)
    prior_blocks, prior_comps = carried_over(store, session)
    proposed = _autograde_levels(ctx) if allow_autograde else {}
    seated, vae = store.seated(session=session.name), set(store.vae(session=session.name))
    # Autograde never decides a competency assessed orally, in a pair or in a group,
    # whatever the report proposes (kamtrain.reporting.criteria.proposes_level).
    written = load_epreuves().written_competencies()
    proposed = {
        k: v
        for k, v in proposed.items()
        if k[1].split(".")[0] in written and in_scope(seated, vae, *k)
    }
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
                    referential=referential,
                    levels=levels,
                    session=session,
                    prior=prior_blocks.get(learner, ()),
                    prior_competencies=prior_comps.get(learner, ()),
                )
            )
        except MissingGradesError as exc:
            for item in exc.missing:
                why = pending.get(tuple(item.split(":", 1)), "aucun niveau du jury")
                missing.append(f"{item} ({why})")
    if missing:
        raise MissingGradesError(missing)
    return tuple(decisions)


def decide(
    *,
    course_dir: Path,
    session: str | None = None,
    learners: tuple[str, ...] | None = None,
    allow_autograde: bool = False,
) -> tuple[LearnerDecision, ...]:
    """Decisions per candidate, block and competency for one session (the latest by default).

    Args:
        course_dir: the cohort folder.
        session: jury session name; the latest when omitted.
        learners: candidates to decide (all registered, present ones by default).
        allow_autograde: fill criteria no assessor touched with the autograde proposal.

    Raises:
        MissingGradesError: listing every missing or unfinished criterion level.
        JuryError: a learner who is not a candidate of the session.
    """
    ctx = open_context(course_dir)
    with ctx.store() as store:
        sess = resolve_session(store, session)
        return session_decisions(
            ctx, store, sess, learners=learners, allow_autograde=allow_autograde
        )


def _autograde_levels(ctx: JuryContext) -> dict[tuple[str, str], int]:
    from kamtrain.reporting.criteria import build_report

    report = build_report(course_dir=ctx.course_dir)
    return {
        (s.learner, s.criterion): s.proposed_level
        for s in report.scores
        if s.proposed_level is not None
    }

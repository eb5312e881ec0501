"""Marking one sitting of an épreuve: each member of a pair or group on their own, criterion by
criterion, or one group level for an épreuve the seed marks as a group (E3).

The sitting is the one the jury session recorded (``kamtrain epreuve plan --session S``).
Everything is checked before anything is written — the assessor is a member of the session,
every member of the sitting has a level for every criterion of the épreuve and nothing else —
then the levels are recorded in one transaction, as the jury's own levels, so double marking,
blind submission, reconciliation and decisions work as for any level.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from kamlearn.errors import EpreuveError
from kamtrain.lock import locked


def _per_member(ep, members, levels) -> dict[str, Mapping[str, int]]:
    if ep.individual_assessment:
        if "groupe" in levels:
            raise EpreuveError(
                f"{ep.id} is marked individually ({ep.seed_modality}): give each member's "
                "own levels, not a group level"
            )
        return dict(levels)
    if set(levels) != {"groupe"}:
        raise EpreuveError(
            f"{ep.id} is marked as a group ({ep.seed_modality}): give one set of levels "
            "under 'groupe'"
        )
    return {m: levels["groupe"] for m in members}


@locked("epreuve assess")
def assess_sitting(
    *,
    course_dir: Path,
    epreuve: str,
    sitting: int,
    assessor: str,
    levels: Mapping[str, Mapping[str, int]],
    comment: str = "",
    session: str | None = None,
) -> int:
    """Record ``assessor``'s levels for one sitting; returns how many levels were recorded.

    Args:
        levels: member id -> {criterion: level} for an individually marked épreuve, or
            ``{"groupe": {criterion: level}}`` for one marked as a group (given to every
            member).

    Raises:
        NotAMemberError: ``assessor`` is not a member of the session.
        EpreuveError: no such sitting in the session, a member not in the sitting, a
            criterion of another épreuve, a missing member or criterion, or a group level
            on an individually marked épreuve.
        InvalidLevelError: a level outside the scale.
    """
    from kamlearn.referential.epreuves_loader import load_epreuves
    from kamtrain.jury.api import (
        _check_candidate,
        member,
        open_context,
        resolve_session,
        writable,
    )

    ep = load_epreuves().get(epreuve)
    ctx = open_context(course_dir)
    with ctx.store() as store:
        sess = writable(resolve_session(store, session))
        who = member(sess, assessor)
        seated = store.seated(session=sess.name).get(ep.id, {})
        members = [m for m, n in seated.items() if n == int(sitting)]
        if not members:
            numbers = sorted(set(seated.values()))
            raise EpreuveError(
                f"{ep.id}: no sitting {sitting} in jury session {sess.name} "
                + (
                    f"(sittings {', '.join(map(str, numbers))})"
                    if numbers
                    else f"(none: `kamtrain epreuve plan DIR --session {sess.name} "
                    f"--epreuve {ep.id}` first)"
                )
            )
        per_member = _per_member(ep, members, levels)
        strangers = sorted(set(per_member) - set(members))
        if strangers:
            raise EpreuveError(f"{', '.join(strangers)} did not sit {ep.id} sitting {sitting}")
        absent = [m for m in members if m not in per_member]
        if absent:
            raise EpreuveError(f"no levels for {', '.join(absent)} (every member is marked)")
        rows = []
        for name in members:
            crit_levels = per_member[name]
            wrong = sorted(set(crit_levels) - set(ep.criteria))
            if wrong:
                raise EpreuveError(
                    f"{', '.join(wrong)} are not criteria of {ep.id} ({', '.join(ep.criteria)})"
                )
            missing = [c for c in ep.criteria if c not in crit_levels]
            if missing:
                raise EpreuveError(f"{name}: no level for {', '.join(missing)}")
            _check_candidate(store, sess, name)
            rows += [
                dict(
                    learner=name,
                    criterion=crit,
                    assessor=who.name,
                    level=ctx.level(crit_levels[crit]),
                    comment=comment,
                    session=sess.name,
                )
                for crit in ep.criteria
            ]
        store.record_many(rows)
    return len(rows)

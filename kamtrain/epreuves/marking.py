"""Marking one sitting of an épreuve: each member of a pair or group on their own, criterion by
criterion, or one group level for an épreuve the seed marks as a group (E3).

The levels go through the jury's :func:`kamtrain.jury.api.assess`, one row per member and
criterion, so double marking, blind submission, reconciliation and decisions work as for any
level. Only the épreuve's own criteria and the sitting's own members are accepted.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from kamlearn.errors import EpreuveError


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
        EpreuveError: a member not in the sitting, a criterion of another épreuve, a missing
            member or criterion, or a group level on an individually marked épreuve.
    """
    from kamlearn.referential.epreuves_loader import load_epreuves
    from kamtrain.epreuves.sittings import load_plan
    from kamtrain.jury.api import assess

    ep = load_epreuves().get(epreuve)
    plan = load_plan(course_dir, ep.id)
    if plan is None:
        raise EpreuveError(f"{ep.id}: no sittings plan; run `kamtrain epreuve plan` first")
    found = [s for s in plan.sittings if s.number == sitting]
    if not found:
        raise EpreuveError(f"{ep.id}: no sitting {sitting} (1 to {len(plan.sittings)})")
    members = found[0].members
    if ep.individual_assessment:
        if "groupe" in levels:
            raise EpreuveError(
                f"{ep.id} is marked individually ({ep.seed_modality}): give each member's "
                "own levels, not a group level"
            )
        per_member = dict(levels)
    else:
        if set(levels) != {"groupe"}:
            raise EpreuveError(
                f"{ep.id} is marked as a group ({ep.seed_modality}): give one set of levels "
                "under 'groupe'"
            )
        per_member = {m: levels["groupe"] for m in members}
    strangers = sorted(set(per_member) - set(members))
    if strangers:
        raise EpreuveError(f"{', '.join(strangers)} did not sit {ep.id} sitting {sitting}")
    absent = [m for m in members if m not in per_member]
    if absent:
        raise EpreuveError(f"no levels for {', '.join(absent)} (every member is marked)")
    for member, crit_levels in per_member.items():
        wrong = sorted(set(crit_levels) - set(ep.criteria))
        if wrong:
            raise EpreuveError(
                f"{', '.join(wrong)} are not criteria of {ep.id} ({', '.join(ep.criteria)})"
            )
        missing = [c for c in ep.criteria if c not in crit_levels]
        if missing:
            raise EpreuveError(f"{member}: no level for {', '.join(missing)}")
    count = 0
    for member, crit_levels in per_member.items():
        for crit in ep.criteria:
            assess(
                course_dir=course_dir,
                assessor=assessor,
                learner=member,
                criterion=crit,
                level=crit_levels[crit],
                comment=comment,
                session=session,
            )
            count += 1
    return count

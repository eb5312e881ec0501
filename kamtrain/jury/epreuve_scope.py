"""A competency is decided from its own épreuve, sat in the referential's modality.

Every criterion belongs to exactly one épreuve (``rubrics/epreuves.yml``: C13.1 to E10, the
role play in pairs). A jury level for a criterion is accepted only for a candidate the
session seated in a sitting of that épreuve (:meth:`JuryStore.seat`, written by
``kamtrain epreuve plan --session S``), and only when the level, if it names an épreuve and
a sitting, names that épreuve and the candidate's own sitting. A C13 level typed for a
candidate who sat no E10 sitting, or given in a sitting of E7, is refused with
:class:`kamlearn.errors.OutsideEpreuveError` before anything is written.

Decisions apply the same rule to what is stored (:func:`counted`): a level counts only for a
candidate seated in the latest plan of the criterion's épreuve, and only when its first
version was written after the candidate was first seated there (compared by position in the
audit chain, not by clock). A level written below the API for a candidate who sat no
sitting, or before the sitting existed and submitted later, never counts, so no decision
rests on it.

A VAE candidate is assessed on their evidence book, not in the épreuves: the rule does not
apply to them.
"""

from __future__ import annotations

from collections.abc import Mapping

from kamlearn.errors import OutsideEpreuveError


def criterion_epreuve(criterion: str) -> str:
    """The id of the épreuve that assesses ``criterion`` ("C13.1" -> "E10")."""
    from kamlearn.referential.epreuves_loader import load_epreuves

    return load_epreuves().for_competency(criterion.split(".")[0]).id


def in_scope(
    seated: Mapping[str, Mapping[str, int]], vae: set[str] | frozenset, learner: str, criterion: str
) -> bool:
    """Whether a level of ``learner`` for ``criterion`` may count in the session."""
    return learner in vae or learner in seated.get(criterion_epreuve(criterion), {})


def check_scope(
    store,
    *,
    session: str,
    learner: str,
    criterion: str,
    epreuve: str | None = None,
    sitting: int | None = None,
    seated: Mapping[str, Mapping[str, int]] | None = None,
) -> None:
    """Refuse a level given outside a sitting of the criterion's épreuve.

    Raises:
        OutsideEpreuveError: the level names another épreuve, the candidate sat no sitting
            of the criterion's épreuve in ``session``, or not the sitting named.
    """
    own = criterion_epreuve(criterion)
    if epreuve is not None and epreuve != own:
        raise OutsideEpreuveError(
            f"{criterion} is assessed in épreuve {own}, not {epreuve}: a level given in a "
            f"sitting of {epreuve} cannot count for it. Nothing was recorded."
        )
    if learner in store.vae(session=session):
        return
    if any(
        c.absent for c in store.candidates(session=session, epreuve=own) if c.learner == learner
    ):
        raise OutsideEpreuveError(
            f"{learner} is marked absent from épreuve {own} in session {session}; no level "
            f"for {criterion} can be given. Nothing was recorded."
        )
    seated = store.seated(session=session) if seated is None else seated
    mine = seated.get(own, {})
    if learner not in mine:
        raise OutsideEpreuveError(
            f"{learner} sat no sitting of épreuve {own} in session {session}, which assesses "
            f"{criterion}: a level can only be given to a candidate of a sitting. Seat them "
            f"first (`kamtrain epreuve plan DIR --session {session} --epreuve {own} ...`). "
            "Nothing was recorded."
        )
    if sitting is not None and mine[learner] != int(sitting):
        raise OutsideEpreuveError(
            f"{learner} sits {own} in sitting {mine[learner]}, not {sitting}. Nothing was recorded."
        )


def counted(store, *, session: str):
    """A predicate on the session's stored levels: does this one count in a decision?"""
    from kamtrain.jury.models import Assessment

    seated, vae = store.seated(session=session), set(store.vae(session=session))
    since, first = store.seated_since(session=session), store.levels_since(session=session)
    owners: dict[str, str] = {}

    def counts(a: Assessment) -> bool:
        if a.learner in vae:
            return True
        own = owners.setdefault(a.criterion, criterion_epreuve(a.criterion))
        if a.learner not in seated.get(own, {}):
            return False
        start = first.get((a.learner, a.criterion, a.assessor))
        return start is not None and start > since[(own, a.learner)]

    return counts

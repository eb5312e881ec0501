"""Jury sessions as records: members with roles, candidates per épreuve, frozen rules.

This is the API other modules build on (the épreuves and their sittings, the grid, the
demo). Every function is keyword-only, opens the cohort, validates its input before writing
and raises :mod:`kamlearn.errors` exceptions.

* :func:`create_session` records the date, the place, the president and the members
  (« président », « évaluateur », « professionnel du métier »), a copy of
  ``rubrics/rules.yml`` and the SHA-256 of the referential files;
* :func:`register_candidates` registers learners in a session, for one épreuve or for the
  whole session (``epreuve=None``); :func:`mark_absent` / :func:`mark_present` change a
  registered candidate's status;
* :func:`session_candidates` lists them; :func:`get_session` reads a session back;
* :func:`session_rules` (from :mod:`kamtrain.jury.frozen`) parses the session's frozen
  rules: decisions use them, never the rules file as it is today.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path

from kamlearn.errors import JuryError, NotAMemberError
from kamtrain.jury.frozen import referential_sha256, session_rules, with_session_rules
from kamtrain.jury.models import JurySession, Member, SessionCandidate
from kamtrain.jury.names import PRESIDENT, clean_name, name_key, parse_member
from kamtrain.lock import locked


def build_members(
    president: str, member_specs: Iterable[str], designees: Iterable[str] = ()
) -> tuple[Member, ...]:
    """The president first, then each ``"NAME|rôle|organisme"``; refuses duplicates.

    The president may also be written ``"NAME|organisme"``.
    """
    parts = [p.strip() for p in str(president).split("|")]
    if len(parts) > 2:
        raise JuryError(f'--president \'{president}\': write it "NAME" or "NAME|organisme".')
    pres = Member(clean_name(parts[0]), PRESIDENT, parts[1] if len(parts) == 2 else "")
    out = [pres]
    for spec in member_specs:
        name, role, organisation = parse_member(spec)
        if role == PRESIDENT:
            if name_key(name) != name_key(pres.name):
                raise JuryError(
                    f"Member '{spec}': the session's president is {pres.name} (--president); "
                    "a session has one president."
                )
            if organisation and not pres.organisation:
                out[0] = Member(pres.name, PRESIDENT, organisation)
            continue
        if any(name_key(m.name) == name_key(name) for m in out):
            raise JuryError(
                f"Member '{name}' is listed twice (names are compared without case, accents "
                "or extra spaces)."
            )
        out.append(Member(name, role, organisation))
    keys = {name_key(m.name): i for i, m in enumerate(out)}
    for designee in designees:
        key = name_key(designee)
        if key not in keys:
            raise NotAMemberError(
                f"Designee '{designee}' is not a member of the session "
                f"({', '.join(m.name for m in out)})."
            )
        m = out[keys[key]]
        out[keys[key]] = Member(m.name, m.role, m.organisation, True)
    return tuple(out)


@locked("jury session create")
def create_session(
    *,
    course_dir: Path,
    name: str,
    session_date: str,
    place: str,
    president: str,
    members: Iterable[str] = (),
    designees: Iterable[str] = (),
    candidates: Iterable[str] = (),
    corrects: str | None = None,
    who: str = "kamtrain",
    clock: Callable[[], datetime] | None = None,
) -> JurySession:
    """Record a jury session with its members, frozen rules and (optionally) candidates.

    Args:
        name: the session's number or name ("S1").
        session_date: ISO date of the sitting.
        place: where the jury sits.
        president: the president's name (``"NAME|organisme"`` accepted).
        members: ``"NAME|rôle|organisme"`` for every other member.
        designees: members the president designates to reconcile disagreements.
        candidates: learner ids registered for the whole session.
        corrects: name of a *closed* session this one corrects.

    Raises:
        JuryError: bad date, role, duplicate member, or ``corrects`` not closed.
        UnknownIdError: an unknown learner or corrected session.
    """
    from kamtrain.jury.api import open_context

    name = str(name).strip()
    if not name:
        raise JuryError("A session needs a name (--session S1).")
    try:
        date.fromisoformat(session_date)
    except (TypeError, ValueError):
        raise JuryError(f"Session date '{session_date}' is not an ISO date (YYYY-MM-DD).") from None
    if not str(place).strip():
        raise JuryError("A session needs its place (--place 'Reims, campus ...').")
    built = build_members(president, members, designees)
    if not any(m.role != PRESIDENT for m in built):
        raise JuryError("A session needs at least one member besides its president (--member).")
    ctx = open_context(course_dir)
    learner_ids = [ctx.learner(x).id for x in candidates]
    rubrics = Path(ctx.referential.source_dir)
    rules_yaml = (rubrics / "rules.yml").read_text(encoding="utf-8")
    session = JurySession(
        name=name,
        date=session_date,
        place=" ".join(str(place).split()),
        president=built[0].name,
        members=built,
        rules_yaml=rules_yaml,
        rules_sha256=hashlib.sha256(rules_yaml.encode()).hexdigest(),
        referential_sha256=referential_sha256(rubrics),
        corrects=corrects,
    )
    with ctx.store(clock) as store:
        if corrects is not None:
            original = store.session(corrects)
            if not original.closed:
                raise JuryError(
                    f"Session {corrects} is still open: correct it directly, a correcting "
                    "session is only for a closed one."
                )
        created = store.add_session(session, who=who)
        if learner_ids:
            store.register_candidates(session=name, learners=learner_ids, who=who)
    return created


def get_session(*, course_dir: Path, session: str) -> JurySession:
    from kamtrain.jury.api import open_context

    with open_context(course_dir).store() as store:
        return store.session(session)


@locked("jury session register")
def register_candidates(
    *,
    course_dir: Path,
    session: str,
    learners: Iterable[str],
    epreuve: str | None = None,
    who: str = "kamtrain",
) -> tuple[SessionCandidate, ...]:
    """Register learners in ``session`` (for ``epreuve``, or the whole session when None).

    Registering a learner twice for the same épreuve keeps the first registration.
    Returns the candidates registered for that épreuve, in registration order.
    """
    from kamtrain.jury.api import open_context

    ctx = open_context(course_dir)
    ids = [ctx.learner(x).id for x in learners]
    with ctx.store() as store:
        return store.register_candidates(
            session=session, learners=ids, epreuve=epreuve or "", who=who
        )


def _set_status(*, course_dir, session, learner, epreuve, who, status) -> SessionCandidate:
    from kamtrain.jury.api import open_context

    ctx = open_context(course_dir)
    with ctx.store() as store:
        return store.set_status(
            session=session,
            learner=ctx.learner(learner).id,
            status=status,
            epreuve=epreuve or "",
            who=who,
        )


@locked("jury session absent")
def mark_absent(
    *, course_dir: Path, session: str, learner: str, epreuve: str | None = None, who: str
) -> SessionCandidate:
    """Mark a registered candidate absent (from one épreuve, or from the session)."""
    return _set_status(
        course_dir=course_dir, session=session, learner=learner, epreuve=epreuve, who=who,
        status="absent",
    )  # fmt: skip


@locked("jury session present")
def mark_present(
    *, course_dir: Path, session: str, learner: str, epreuve: str | None = None, who: str
) -> SessionCandidate:
    return _set_status(
        course_dir=course_dir, session=session, learner=learner, epreuve=epreuve, who=who,
        status="present",
    )  # fmt: skip


def session_candidates(
    *, course_dir: Path, session: str, epreuve: str | None = None
) -> tuple[SessionCandidate, ...]:
    """Candidates registered in ``session`` (every épreuve, or only ``epreuve``)."""
    from kamtrain.jury.api import open_context

    with open_context(course_dir).store() as store:
        store.session(session)
        return store.candidates(session=session, epreuve=epreuve)


__all__ = [
    "create_session",
    "decided_learners",
    "get_session",
    "mark_absent",
    "mark_present",
    "referential_sha256",
    "register_candidates",
    "session_candidates",
    "session_rules",
    "with_session_rules",
]


def decided_learners(candidates: Iterable[SessionCandidate]) -> tuple[str, ...]:
    """Learners a session decides: registered, and not absent from every registration."""
    seen: dict[str, bool] = {}
    for c in candidates:
        seen[c.learner] = seen.get(c.learner, False) or not c.absent
    return tuple(learner for learner, present in seen.items() if present)

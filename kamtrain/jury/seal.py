"""Closing a session: its decisions are stored and everything it decided from is sealed.

The seal is a SHA-256 digest (:func:`kamtrain.jury.chain.seal_digest`) of the session
record with its frozen rules, its members, candidates, every level and reconciliation,
the VAE evidence and the decisions. It is printed on the PV; ``kamtrain jury verify``
recomputes it. A closed session accepts no further write.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa

from kamlearn.errors import ConcurrentEditError, NotAMemberError
from kamtrain.jury import chain
from kamtrain.jury.tables import (
    assessments,
    audit_log,
    candidates,
    decisions,
    members,
    reconciliations,
    sessions,
    sittings,
    vae_candidates,
)
from kamtrain.lock import locked

#: The tables a seal covers, each filtered on the session's name.
SEALED = (
    ("members", members),
    ("candidates", candidates),
    ("assessments", assessments),
    ("reconciliations", reconciliations),
    ("vae", vae_candidates),
    ("decisions", decisions),
)


@dataclass(frozen=True)
class Closed:
    session: str
    digest: str
    decisions: int


def session_digest(conn, session: str) -> str:
    """Recompute the seal of ``session`` from the rows as they are now."""
    record = conn.execute(sa.select(sessions).where(sessions.c.name == session)).mappings().one()
    parts: dict = {"session": dict(record)}
    for name, table in SEALED:
        rows = conn.execute(sa.select(table).where(table.c.session == session)).mappings()
        parts[name] = [dict(r) for r in rows]
    # Sittings came later: a session without any keeps the digest it was sealed with.
    seated = conn.execute(sa.select(sittings).where(sittings.c.session == session)).mappings()
    seated = [dict(r) for r in seated]
    if seated:
        parts["sittings"] = seated
    return chain.seal_digest(parts)


@locked("jury session close")
def close_session(
    *,
    course_dir: Path,
    session: str,
    by: str,
    clock: Callable[[], datetime] | None = None,
) -> Closed:
    """Decide every present candidate with the frozen rules, store and seal the decisions.

    Raises:
        NotAMemberError: ``by`` is not the session's president.
        MissingGradesError: some candidate cannot be decided yet (nothing is sealed).
        ClosedSessionError: the session is already closed.
        ConcurrentEditError: a record changed while closing (nothing is sealed; retry).
    """
    from kamtrain.jury.api import member, open_context
    from kamtrain.jury.names import PRESIDENT
    from kamtrain.jury.outcome import session_decisions
    from kamtrain.jury.serial import decision_to_data

    ctx = open_context(course_dir)
    with ctx.store(clock) as store:
        sess = store.session(session)
        who = member(sess, by)
        if who.role != PRESIDENT:
            raise NotAMemberError(
                f"Only the president of session {sess.name} ({sess.president}) closes it; "
                f"{who.name} is {who.role}."
            )
        with store.engine.connect() as conn:
            seen = conn.execute(sa.select(sa.func.max(audit_log.c.id))).scalar() or 0
        if not sess.closed:
            decided = session_decisions(ctx, store, sess)
        with store._write() as conn:
            store._check_open(conn, sess.name)
            now = conn.execute(sa.select(sa.func.max(audit_log.c.id))).scalar() or 0
            if now != seen:
                raise ConcurrentEditError(
                    f"Jury records changed while session {sess.name} was being closed; "
                    "nothing was sealed. Check the levels and close again."
                )
            store.add_decisions(
                conn,
                session=sess.name,
                items={d.learner: decision_to_data(d) for d in decided},
                by=who.name,
            )
            digest = session_digest(conn, sess.name)
            store.add_seal(conn, session=sess.name, digest=digest, by=who.name)
    return Closed(sess.name, digest, len(decided))

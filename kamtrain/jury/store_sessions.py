"""Sessions, their members and candidates, and their seals (a mixin of :class:`JuryStore`).

A session is written once, with its members and frozen rules. Candidates are registered per
épreuve and their status (present or absent) may change until the session is closed.
Closing appends the seal row; from then on every write naming the session is refused.
"""

from __future__ import annotations

import sqlalchemy as sa

from kamlearn.errors import ClosedSessionError, JuryError, UnknownIdError
from kamtrain.jury.models import JurySession, Member, SessionCandidate
from kamtrain.jury.names import name_key
from kamtrain.jury.tables import candidates, members, seals, sessions

STATUSES = ("present", "absent")


class SessionRecords:
    # --- sessions -----------------------------------------------------------------------
    def add_session(self, session: JurySession, *, who: str) -> JurySession:
        """Record a session with its members (the president among them)."""
        with self._write() as conn:
            exists = conn.execute(
                sa.select(sessions.c.id).where(sessions.c.name == session.name)
            ).first()
            if exists:
                raise JuryError(f"Jury session '{session.name}' already exists.")
            now = self.now()
            values = dict(
                name=session.name,
                date=session.date,
                place=session.place,
                president=session.president,
                corrects=session.corrects,
                rules_yaml=session.rules_yaml,
                rules_sha256=session.rules_sha256,
                referential_sha256=session.referential_sha256,
                created_at=now,
            )
            after = {k: v for k, v in values.items() if k != "rules_yaml"}
            self._insert(
                conn, sessions, values, who=who, action="session", session=session.name,
                before=None, after=after,
            )  # fmt: skip
            for m in session.members:
                row = dict(
                    session=session.name,
                    name=m.name,
                    name_key=name_key(m.name),
                    role=m.role,
                    organisation=m.organisation,
                    designated=m.designated,
                    created_at=now,
                )
                self._insert(
                    conn, members, row, who=who, action="member", session=session.name,
                    before=None, after={k: row[k] for k in ("name", "role", "organisation")},
                )  # fmt: skip
        return self.session(session.name)

    def sessions(self) -> tuple[JurySession, ...]:
        """Jury sessions, oldest date first."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(sessions).order_by(sessions.c.date, sessions.c.id)).all()
            member_rows = conn.execute(sa.select(members).order_by(members.c.id)).all()
            seal_rows = {r.session: r for r in conn.execute(sa.select(seals))}
        out = []
        for r in rows:
            seal = seal_rows.get(r.name)
            out.append(
                JurySession(
                    name=r.name,
                    date=r.date,
                    place=r.place,
                    president=r.president,
                    members=tuple(
                        Member(m.name, m.role, m.organisation, bool(m.designated))
                        for m in member_rows
                        if m.session == r.name
                    ),
                    rules_yaml=r.rules_yaml,
                    rules_sha256=r.rules_sha256,
                    referential_sha256=r.referential_sha256,
                    corrects=r.corrects,
                    created_at=r.created_at,
                    seal=None if seal is None else seal.digest,
                    closed_at=None if seal is None else seal.closed_at,
                )
            )
        return tuple(out)

    def session(self, name: str) -> JurySession:
        known = self.sessions()
        for s in known:
            if s.name == name:
                return s
        raise UnknownIdError("jury session", name, known=[s.name for s in known])

    def _check_open(self, conn, session: str) -> None:
        if not conn.execute(sa.select(sessions.c.id).where(sessions.c.name == session)).first():
            known = [r.name for r in conn.execute(sa.select(sessions.c.name))]
            raise UnknownIdError("jury session", session, known=known)
        seal = conn.execute(sa.select(seals).where(seals.c.session == session)).first()
        if seal is not None:
            raise ClosedSessionError(
                f"Session {session} was closed on {seal.closed_at[:10]} (seal "
                f"{seal.digest[:12]}…); nothing can be written to it. To correct it, open a "
                f"new session with `kamtrain jury session create DIR --corrects {session} ...`."
            )

    # --- candidates ---------------------------------------------------------------------
    def register_candidates(
        self, *, session: str, learners, epreuve: str = "", who: str
    ) -> tuple[SessionCandidate, ...]:
        """Register learners in a session (for one épreuve); already registered ones are kept."""
        epreuve = (epreuve or "").strip()
        with self._write() as conn:
            self._check_open(conn, session)
            for learner in learners:
                found = conn.execute(
                    sa.select(candidates.c.id).where(
                        candidates.c.session == session,
                        candidates.c.learner == learner,
                        candidates.c.epreuve == epreuve,
                    )
                ).first()
                if found:
                    continue
                values = dict(
                    session=session, learner=learner, epreuve=epreuve, status="present",
                    created_at=self.now(),
                )  # fmt: skip
                self._insert(
                    conn, candidates, values, who=who, action="register", learner=learner,
                    session=session, before=None, after={"epreuve": epreuve, "status": "present"},
                )  # fmt: skip
        return self.candidates(session=session, epreuve=epreuve)

    def set_status(
        self, *, session: str, learner: str, status: str, epreuve: str = "", who: str
    ) -> SessionCandidate:
        if status not in STATUSES:
            raise JuryError(f"Unknown status '{status}' ({', '.join(STATUSES)}).")
        epreuve = (epreuve or "").strip()
        with self._write() as conn:
            self._check_open(conn, session)
            row = conn.execute(
                sa.select(candidates).where(
                    candidates.c.session == session,
                    candidates.c.learner == learner,
                    candidates.c.epreuve == epreuve,
                )
            ).first()
            if row is None:
                where = f" for épreuve {epreuve}" if epreuve else ""
                raise JuryError(f"{learner} is not registered in session {session}{where}.")
            if status == "absent" and row.status != status:
                self._refuse_absent_with_levels(conn, session, learner, epreuve)
            if row.status != status:
                self._update(
                    conn, candidates, row.id, {"status": status}, who=who, action=status,
                    learner=learner, session=session, before={"status": row.status},
                    after={"status": status, "epreuve": epreuve},
                )  # fmt: skip
        return SessionCandidate(session, learner, epreuve, status)

    def _refuse_absent_with_levels(self, conn, session: str, learner: str, epreuve: str) -> None:
        """A candidate the jury already marked is not absent: marking them so would drop
        their levels from the session's decisions (or from the épreuve's next plan)."""
        from kamtrain.jury.tables import assessments as a

        query = (
            sa.select(a.c.criterion)
            .distinct()
            .where(a.c.session == session, a.c.learner == learner)
        )
        if epreuve:
            from kamlearn.referential.epreuves_loader import load_epreuves

            known = {e.id for e in load_epreuves().epreuves}
            if epreuve in known:
                query = query.where(a.c.criterion.in_(load_epreuves().get(epreuve).criteria))
        marked = sorted(conn.execute(query).scalars())
        if marked:
            where = f" from épreuve {epreuve}" if epreuve else ""
            raise JuryError(
                f"{learner} already has levels in session {session}{where} "
                f"({', '.join(marked[:6])}{' …' if len(marked) > 6 else ''}): a candidate who "
                "was assessed cannot be marked absent. Nothing was recorded."
            )

    def candidates(
        self, *, session: str, epreuve: str | None = None
    ) -> tuple[SessionCandidate, ...]:
        """Registered candidates of a session (of one épreuve when given), in order."""
        query = sa.select(candidates).where(candidates.c.session == session)
        if epreuve is not None:
            query = query.where(candidates.c.epreuve == epreuve.strip())
        with self.engine.connect() as conn:
            return tuple(
                SessionCandidate(r.session, r.learner, r.epreuve, r.status)
                for r in conn.execute(query.order_by(candidates.c.id))
            )

    # --- seals --------------------------------------------------------------------------
    def add_seal(self, conn, *, session: str, digest: str, by: str) -> None:
        values = dict(session=session, digest=digest, by=by, closed_at=self.now())
        self._insert(
            conn, seals, values, who=by, action="close", session=session, before=None,
            after={"digest": digest},
        )  # fmt: skip

"""Our jury tables, beside nbgrader's in the cohort's gradebook database.

SQLAlchemy Core, SQLite or PostgreSQL (the cohort's ``db_url``). Table names start with
``kamtrain_`` so they never clash with nbgrader's. Assessment rows are append-only: a
re-grade inserts a new row with the next ``version`` and the latest row per (learner,
criterion, assessor, session) is the current one. Every write also appends to the audit
log in the same transaction. Two writers racing on one grade both compute the same next
version; the unique constraint rejects the second with :class:`ConcurrentEditError`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, OperationalError

from kamlearn.errors import ConcurrentEditError, JuryError
from kamtrain.jury.models import Assessment, AuditEntry, JurySession, Reconciliation
from kamtrain.jury.tables import (
    assessments,
    assessors,
    audit_log,
    metadata,
    reconciliations,
    sessions,
    vae_candidates,
)


def utc_now() -> datetime:
    return datetime.now(UTC)


class JuryStore:
    """Reads and appends jury records in one database.

    Args:
        db_url: SQLAlchemy URL (the cohort's gradebook).
        clock: returns the current time (tests inject a fixed one).
        busy_timeout: seconds SQLite waits for another writer before giving up.
    """

    def __init__(
        self, db_url: str, *, clock: Callable[[], datetime] = utc_now, busy_timeout: float = 5.0
    ):
        kwargs = {}
        if db_url.startswith("sqlite"):
            kwargs["connect_args"] = {"timeout": busy_timeout}
        self.engine = sa.create_engine(db_url, **kwargs)
        self._clock = clock
        with self._write() as conn:
            metadata.create_all(conn, checkfirst=True)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> JuryStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def now(self) -> str:
        return self._clock().isoformat(timespec="microseconds")

    @contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        # One transaction per action: the record and its audit line commit together or not at all.
        try:
            with self.engine.begin() as conn:
                yield conn
        except IntegrityError as exc:
            raise ConcurrentEditError(
                "Another assessor saved the same grade at the same moment; your change was "
                "not saved and nothing was lost. Reload and try again."
            ) from exc
        except OperationalError as exc:
            text = str(exc.orig).lower()
            if "locked" in text or "busy" in text:
                raise ConcurrentEditError(
                    "The gradebook database is busy (another assessor is writing); your "
                    "change was not saved and nothing was lost. Try again in a moment."
                ) from exc
            raise

    def _audit(self, conn, *, who, action, learner="", criterion="", session="", before, after):
        conn.execute(
            audit_log.insert().values(
                at=self.now(),
                who=who,
                action=action,
                learner=learner,
                criterion=criterion,
                session=session,
                before_json=None if before is None else json.dumps(before, ensure_ascii=False),
                after_json=None if after is None else json.dumps(after, ensure_ascii=False),
            )
        )

    # --- assessors and sessions ----------------------------------------------------------
    def ensure_assessor(self, name: str) -> None:
        name = name.strip()
        if not name:
            raise JuryError("An assessor needs a name (--assessor 'Prénom Nom').")
        with self._write() as conn:
            found = conn.execute(sa.select(assessors.c.id).where(assessors.c.name == name)).first()
            if found is None:
                conn.execute(assessors.insert().values(name=name, created_at=self.now()))
                self._audit(conn, who=name, action="assessor", before=None, after={"name": name})

    def assessor_names(self) -> tuple[str, ...]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(assessors.c.name).order_by(assessors.c.id))
            return tuple(r.name for r in rows)

    def add_session(self, session: JurySession, *, who: str) -> JurySession:
        with self._write() as conn:
            exists = conn.execute(
                sa.select(sessions.c.id).where(sessions.c.name == session.name)
            ).first()
            if exists:
                raise JuryError(f"Jury session '{session.name}' already exists.")
            after = {
                "name": session.name,
                "date": session.date,
                "members": list(session.members),
                "resit": session.resit,
            }
            conn.execute(
                sessions.insert().values(
                    name=session.name,
                    date=session.date,
                    members=json.dumps(list(session.members), ensure_ascii=False),
                    resit=session.resit,
                    created_at=self.now(),
                )
            )
            self._audit(
                conn, who=who, action="session", session=session.name, before=None, after=after
            )
        return session

    def sessions(self) -> tuple[JurySession, ...]:
        """Jury sessions, oldest date first."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(sessions).order_by(sessions.c.date, sessions.c.id))
            return tuple(
                JurySession(r.name, r.date, tuple(json.loads(r.members)), bool(r.resit))
                for r in rows
            )

    # --- assessments ---------------------------------------------------------------------
    def _current_row(self, conn, learner, criterion, assessor, session):
        return conn.execute(
            sa.select(assessments)
            .where(
                assessments.c.learner == learner,
                assessments.c.criterion == criterion,
                assessments.c.assessor == assessor,
                assessments.c.session == session,
            )
            .order_by(assessments.c.version.desc())
            .limit(1)
        ).first()

    def record(self, **fields) -> Assessment:
        """Append a level; ``expected_version`` is the version the assessor last saw.

        Keyword arguments: learner, criterion, assessor, level, comment, session, and
        optionally expected_version, submitted (False), action ("assess").

        Raises:
            ConcurrentEditError: the grade changed since ``expected_version``, or another
                writer won the race.
            JuryError: the assessor already submitted this grade.
        """
        return self.record_many([fields])[0]

    def record_many(self, items: list[dict]) -> list[Assessment]:
        """Append several levels in one transaction: all are stored, or none."""
        with self._write() as conn:
            return [self._record(conn, **item) for item in items]

    def _record(
        self,
        conn,
        *,
        learner: str,
        criterion: str,
        assessor: str,
        level: int,
        comment: str,
        session: str,
        expected_version: int | None = None,
        submitted: bool = False,
        action: str = "assess",
    ) -> Assessment:
        current = self._current_row(conn, learner, criterion, assessor, session)
        version = current.version if current else 0
        if expected_version is not None and expected_version != version:
            raise ConcurrentEditError(
                f"{learner} {criterion} was changed by {assessor} elsewhere (version "
                f"{version}, you saw {expected_version}); nothing was saved. Reload and retry."
            )
        if current is not None and current.submitted and action == "assess":
            raise JuryError(
                f"{assessor} already submitted {criterion} for {learner} in session "
                f"{session}; a submitted level can only change through `kamtrain jury "
                "reconcile`."
            )
        values = dict(
            learner=learner,
            criterion=criterion,
            assessor=assessor,
            session=session,
            version=version + 1,
            level=int(level),
            comment=comment,
            submitted=submitted,
            created_at=self.now(),
        )
        new_id = conn.execute(assessments.insert().values(**values)).inserted_primary_key[0]
        self._audit(
            conn,
            who=assessor,
            action=action,
            learner=learner,
            criterion=criterion,
            session=session,
            before=None if current is None else _public(current._mapping),
            after=_public(values),
        )
        return Assessment(id=new_id, **values)

    def submit(self, *, assessor: str, session: str, learner: str | None = None) -> int:
        """Mark the assessor's current levels as submitted; returns how many were submitted."""
        pending = [
            a
            for a in self.current(session=session)
            if a.assessor == assessor
            and not a.submitted
            and (learner is None or a.learner == learner)
        ]
        self.record_many(
            [
                dict(
                    learner=a.learner,
                    criterion=a.criterion,
                    assessor=assessor,
                    level=a.level,
                    comment=a.comment,
                    session=session,
                    expected_version=a.version,
                    submitted=True,
                    action="submit",
                )
                for a in pending
            ]
        )
        return len(pending)

    def all_rows(self) -> tuple[Assessment, ...]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(assessments).order_by(assessments.c.id))
            return tuple(_assessment(r) for r in rows)

    def current(self, *, session: str | None = None) -> tuple[Assessment, ...]:
        """The latest row per (learner, criterion, assessor, session)."""
        latest: dict[tuple, Assessment] = {}
        for a in self.all_rows():
            if session is None or a.session == session:
                latest[(a.learner, a.criterion, a.assessor, a.session)] = a
        return tuple(latest.values())

    # --- reconciliations, VAE ------------------------------------------------------------
    def reconcile(
        self, *, learner: str, criterion: str, session: str, level: int, reason: str, by: str
    ) -> Reconciliation:
        with self._write() as conn:
            previous = conn.execute(
                sa.select(reconciliations)
                .where(
                    reconciliations.c.learner == learner,
                    reconciliations.c.criterion == criterion,
                    reconciliations.c.session == session,
                )
                .order_by(reconciliations.c.version.desc())
                .limit(1)
            ).first()
            values = dict(
                learner=learner,
                criterion=criterion,
                session=session,
                version=(previous.version if previous else 0) + 1,
                level=int(level),
                reason=reason,
                by=by,
                created_at=self.now(),
            )
            new_id = conn.execute(reconciliations.insert().values(**values)).inserted_primary_key[0]
            self._audit(
                conn,
                who=by,
                action="reconcile",
                learner=learner,
                criterion=criterion,
                session=session,
                before=None if previous is None else _public(previous._mapping),
                after=_public(values),
            )
        values.pop("version")
        return Reconciliation(id=new_id, **values)

    def reconciliations(self, *, session: str | None = None) -> tuple[Reconciliation, ...]:
        """Latest reconciliation per (learner, criterion, session)."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(reconciliations).order_by(reconciliations.c.id))
            latest = {}
            for r in rows:
                if session is None or r.session == session:
                    latest[(r.learner, r.criterion, r.session)] = Reconciliation(
                        r.id,
                        r.learner,
                        r.criterion,
                        r.session,
                        r.level,
                        r.reason,
                        r.by,
                        r.created_at,
                    )
        return tuple(latest.values())

    def add_vae(self, *, learner: str, evidence: str, by: str) -> None:
        with self._write() as conn:
            conn.execute(
                vae_candidates.insert().values(
                    learner=learner, evidence=evidence, by=by, created_at=self.now()
                )
            )
            self._audit(
                conn,
                who=by,
                action="vae",
                learner=learner,
                before=None,
                after={"evidence": evidence},
            )

    def vae(self) -> dict[str, str]:
        """learner -> latest evidence book reference."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(vae_candidates).order_by(vae_candidates.c.id))
            return {r.learner: r.evidence for r in rows}

    # --- audit ---------------------------------------------------------------------------
    def history(self, *, learner: str | None = None) -> tuple[AuditEntry, ...]:
        query = sa.select(audit_log).order_by(audit_log.c.id)
        if learner is not None:
            query = query.where(audit_log.c.learner == learner)
        with self.engine.connect() as conn:
            return tuple(
                AuditEntry(
                    r.id,
                    r.at,
                    r.who,
                    r.action,
                    r.learner,
                    r.criterion,
                    r.session,
                    None if r.before_json is None else json.loads(r.before_json),
                    None if r.after_json is None else json.loads(r.after_json),
                )
                for r in conn.execute(query)
            )


def _public(mapping) -> dict:
    keep = ("level", "comment", "submitted", "version", "reason", "by", "created_at")
    return {k: mapping[k] for k in keep if k in mapping}


def _assessment(r) -> Assessment:
    return Assessment(
        id=r.id,
        learner=r.learner,
        criterion=r.criterion,
        assessor=r.assessor,
        level=r.level,
        comment=r.comment,
        session=r.session,
        submitted=bool(r.submitted),
        created_at=r.created_at,
        version=r.version,
    )

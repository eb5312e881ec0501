"""Levels, reconciliations, VAE evidence and sealed decisions (a mixin of :class:`JuryStore`).

Assessment rows are append-only: a re-grade inserts a new row with the next ``version`` and
the latest row per (learner, criterion, assessor, session) is the current one. Two writers
racing on one grade both compute the same next version; the unique constraint rejects the
second with :class:`ConcurrentEditError`. Every write checks that its session is still open.
"""

from __future__ import annotations

import json

import sqlalchemy as sa

from kamlearn.errors import ConcurrentEditError, JuryError
from kamtrain.jury.models import Assessment, Reconciliation, VaeEvidence
from kamtrain.jury.tables import assessments, decisions, reconciliations, vae_candidates

# Built once, with bound parameters: compiled once per database instead of once per level.
_CURRENT = (
    sa.select(assessments)
    .where(
        assessments.c.learner == sa.bindparam("learner"),
        assessments.c.criterion == sa.bindparam("criterion"),
        assessments.c.assessor == sa.bindparam("assessor"),
        assessments.c.session == sa.bindparam("session"),
    )
    .order_by(assessments.c.version.desc())
    .limit(1)
)


class MarkRecords:
    # --- assessments ---------------------------------------------------------------------
    def _current_row(self, conn, learner, criterion, assessor, session):
        params = dict(learner=learner, criterion=criterion, assessor=assessor, session=session)
        return conn.execute(_CURRENT, params).first()

    def record(self, **fields) -> Assessment:
        """Append a level; ``expected_version`` is the version the assessor last saw.

        Keyword arguments: learner, criterion, assessor, level, comment, session, and
        optionally expected_version, submitted (False), action ("assess").

        Raises:
            ConcurrentEditError: the grade changed since ``expected_version``, or another
                writer won the race.
            JuryError: the assessor already submitted this grade.
            ClosedSessionError: the session is closed.
        """
        return self.record_many([fields])[0]

    def record_many(self, items: list[dict]) -> list[Assessment]:
        """Append several levels in one transaction: all are stored, or none."""
        with self._write() as conn:
            for session in sorted({item["session"] for item in items}):
                self._check_open(conn, session)
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
        new_id = self._insert(
            conn, assessments, values, who=assessor, action=action, learner=learner,
            criterion=criterion, session=session,
            before=None if current is None else _public(current._mapping), after=_public(values),
        )  # fmt: skip
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
        if not pending:
            return 0
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

    def all_rows(self, *, session: str | None = None) -> tuple[Assessment, ...]:
        query = sa.select(assessments).order_by(assessments.c.id)
        if session is not None:
            query = query.where(assessments.c.session == session)
        with self.engine.connect() as conn:
            return tuple(_assessment(r) for r in conn.execute(query))

    def current(self, *, session: str | None = None) -> tuple[Assessment, ...]:
        """The latest row per (learner, criterion, assessor, session)."""
        latest: dict[tuple, Assessment] = {}
        for a in self.all_rows(session=session):
            latest[(a.learner, a.criterion, a.assessor, a.session)] = a
        return tuple(latest.values())

    # --- reconciliations -----------------------------------------------------------------
    def reconcile(
        self, *, learner: str, criterion: str, session: str, level: int, reason: str, by: str
    ) -> Reconciliation:
        with self._write() as conn:
            self._check_open(conn, session)
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
            new_id = self._insert(
                conn, reconciliations, values, who=by, action="reconcile", learner=learner,
                criterion=criterion, session=session,
                before=None if previous is None else _public(previous._mapping),
                after=_public(values),
            )  # fmt: skip
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
                        r.id, r.learner, r.criterion, r.session, r.level, r.reason, r.by,
                        r.created_at,
                    )  # fmt: skip
        return tuple(latest.values())

    # --- VAE -----------------------------------------------------------------------------
    def add_vae(self, evidence: VaeEvidence, *, by: str) -> None:
        values = dict(
            learner=evidence.learner,
            session=evidence.session,
            evidence=evidence.evidence,
            original_name=evidence.original_name,
            sha256=evidence.sha256,
            size=evidence.size,
            by=by,
            created_at=self.now(),
        )
        with self._write() as conn:
            self._check_open(conn, evidence.session)
            self._insert(
                conn, vae_candidates, values, who=by, action="vae", learner=evidence.learner,
                session=evidence.session, before=None,
                after={k: values[k] for k in ("evidence", "sha256", "size")},
            )  # fmt: skip

    def vae(self, *, session: str | None = None) -> dict[str, VaeEvidence]:
        """learner -> latest evidence book (of one session when given)."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(vae_candidates).order_by(vae_candidates.c.id))
            return {
                r.learner: VaeEvidence(
                    r.learner, r.session, r.evidence, r.original_name, r.sha256, r.size
                )
                for r in rows
                if session is None or r.session == session
            }

    # --- decisions (written when a session is closed) ------------------------------------
    def add_decisions(self, conn, *, session: str, items: dict[str, dict], by: str) -> None:
        now = self.now()
        for learner, data in items.items():
            values = dict(
                session=session,
                learner=learner,
                decision_json=json.dumps(data, ensure_ascii=False, sort_keys=True),
                created_at=now,
            )
            self._insert(
                conn, decisions, values, who=by, action="decision", learner=learner,
                session=session, before=None, after={"awarded": data.get("awarded")},
            )  # fmt: skip

    def decisions(self, *, session: str | None = None) -> dict[tuple[str, str], dict]:
        """(session, learner) -> the decision stored when the session was closed."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(decisions).order_by(decisions.c.id))
            return {
                (r.session, r.learner): json.loads(r.decision_json)
                for r in rows
                if session is None or r.session == session
            }


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

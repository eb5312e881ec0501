"""Sittings of the épreuves as jury records (a mixin of :class:`JuryStore`).

``kamtrain epreuve plan --session S`` seats the session's candidates: one row per member
and sitting, hash-chained like every jury record. Planning the same épreuve again appends
a new plan (the next ``plan`` number); the latest plan of each épreuve is the one that
counts. A level is accepted, and counts in a decision, only for a candidate seated in the
latest plan of the criterion's épreuve (:mod:`kamtrain.jury.epreuve_scope`).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from kamlearn.errors import JuryError
from kamtrain.jury.tables import sittings


class SittingRecords:
    def seat(self, *, session: str, epreuve: str, groups: Sequence[Sequence[str]], who: str) -> int:
        """Record a new plan of ``epreuve`` in ``session``: ``groups[k]`` sits sitting k+1.

        Returns the plan's number. Raises JuryError when a learner is seated twice.
        """
        seen = [m for g in groups for m in g]
        twice = sorted({m for m in seen if seen.count(m) > 1})
        if twice:
            raise JuryError(f"{epreuve}: {', '.join(twice)} seated in two sittings.")
        with self._write() as conn:
            self._check_open(conn, session)
            last = conn.execute(
                sa.select(sa.func.max(sittings.c.plan)).where(
                    sittings.c.session == session, sittings.c.epreuve == epreuve
                )
            ).scalar()
            if last:
                self._refuse_dropping_levels(conn, session, epreuve, last, seen)
            plan = (last or 0) + 1
            now = self.now()
            for number, members in enumerate(groups, start=1):
                for learner in members:
                    values = dict(
                        session=session,
                        epreuve=epreuve,
                        plan=plan,
                        sitting=number,
                        learner=learner,
                        created_at=now,
                    )
                    self._insert(
                        conn, sittings, values, who=who, action="sitting", learner=learner,
                        session=session, before=None,
                        after={"epreuve": epreuve, "plan": plan, "sitting": number},
                    )  # fmt: skip
        return plan

    def _refuse_dropping_levels(self, conn, session, epreuve, last, kept) -> None:
        """A new plan may regroup candidates, not drop one who already has levels in the
        épreuve: those levels would stop counting with no record naming them."""
        from kamlearn.referential.epreuves_loader import load_epreuves
        from kamtrain.jury.tables import assessments as a

        before = conn.execute(
            sa.select(sittings.c.learner).where(
                sittings.c.session == session,
                sittings.c.epreuve == epreuve,
                sittings.c.plan == last,
            )
        ).scalars()
        dropped = sorted(set(before) - set(kept))
        if not dropped:
            return
        rows = conn.execute(
            sa.select(a.c.learner, a.c.criterion, a.c.assessor)
            .distinct()
            .where(
                a.c.session == session,
                a.c.learner.in_(dropped),
                a.c.criterion.in_(load_epreuves().get(epreuve).criteria),
            )
            .order_by(a.c.learner, a.c.criterion, a.c.assessor)
        ).all()
        if rows:
            named = "; ".join(f"{r.learner} {r.criterion} by {r.assessor}" for r in rows)
            raise JuryError(
                f"{epreuve}: the new plan leaves out {', '.join(sorted({r.learner for r in rows}))}"
                f", who already has levels in this épreuve ({named}); they would stop counting. "
                "Keep them in the plan (regrouping is allowed), or correct the session with "
                f"`kamtrain jury session create DIR --corrects {session} ...`. Nothing was recorded."
            )

    def record_hand_in(self, *, epreuve: str, owner: str, item: str, version: int, files,
                       received_at: str, who: str) -> None:  # fmt: skip
        """Chain the files of one hand-in (``files``: StoredFile) into the jury record."""
        from kamtrain.jury.tables import handins

        with self._write() as conn:
            for f in files:
                values = dict(
                    epreuve=epreuve, owner=owner, item=item, version=version, stored=f.stored,
                    sha256=f.sha256, size=f.size, received_at=received_at,
                )  # fmt: skip
                self._insert(
                    conn, handins, values, who=who, action="hand-in",
                    learner="" if owner.startswith("_groupe-") else owner, before=None,
                    after={"epreuve": epreuve, "item": item, "version": version,
                           "stored": f.stored, "sha256": f.sha256},
                )  # fmt: skip

    def hand_in_rows(self) -> list[dict]:
        from kamtrain.jury.tables import handins

        with self.engine.connect() as conn:
            return [
                dict(r) for r in conn.execute(sa.select(handins).order_by(handins.c.id)).mappings()
            ]

    def seated(self, *, session: str) -> dict[str, dict[str, int]]:
        """épreuve -> {learner: sitting number} in the latest plan of each épreuve."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(sittings).where(sittings.c.session == session).order_by(sittings.c.id)
            ).all()
        latest: dict[str, int] = {}
        for r in rows:
            latest[r.epreuve] = max(latest.get(r.epreuve, 0), r.plan)
        out: dict[str, dict[str, int]] = {}
        for r in rows:
            if r.plan == latest[r.epreuve]:
                out.setdefault(r.epreuve, {})[r.learner] = r.sitting
        return out

    def seated_since(self, *, session: str) -> dict[tuple[str, str], int]:
        """(épreuve, learner) -> audit line of the learner's first seating in the session."""
        from kamtrain.jury.tables import audit_log

        query = (
            sa.select(sittings.c.epreuve, sittings.c.learner, sa.func.min(audit_log.c.id))
            .join(
                audit_log,
                sa.and_(audit_log.c.tbl == sittings.name, audit_log.c.row_id == sittings.c.id),
            )
            .where(sittings.c.session == session)
            .group_by(sittings.c.epreuve, sittings.c.learner)
        )
        with self.engine.connect() as conn:
            return {(e, learner): line for e, learner, line in conn.execute(query)}

    def levels_since(self, *, session: str) -> dict[tuple[str, str, str], int]:
        """(learner, criterion, assessor) -> audit line of the first version of that level."""
        from kamtrain.jury.tables import assessments, audit_log

        a = assessments
        query = (
            sa.select(a.c.learner, a.c.criterion, a.c.assessor, sa.func.min(audit_log.c.id))
            .join(audit_log, sa.and_(audit_log.c.tbl == a.name, audit_log.c.row_id == a.c.id))
            .where(a.c.session == session)
            .group_by(a.c.learner, a.c.criterion, a.c.assessor)
        )
        with self.engine.connect() as conn:
            return {(x, c, who): line for x, c, who, line in conn.execute(query)}

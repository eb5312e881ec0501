"""Keyword-only jury API used by the CLI, the grid widget and the demo.

Every function opens the cohort (settings, learners, referential) and the jury tables in
its gradebook database, validates its input *before* writing anything, and raises the
exceptions of :mod:`kamlearn.errors`.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from kamlearn.errors import DataFileError, InvalidLevelError, JuryError, UnknownIdError
from kamlearn.referential.models import Referential
from kamtrain.cohort.config import CohortConfig
from kamtrain.cohort.learners import Learner
from kamtrain.jury.models import Assessment, AuditEntry, JurySession, Reconciliation
from kamtrain.jury.store import JuryStore
from kamtrain.lock import locked

#: Name of the session created on first use when none was declared.
DEFAULT_SESSION = "S1"
IMPORT_COLUMNS = ("learner", "criterion", "level")


@dataclass(frozen=True)
class JuryContext:
    course_dir: Path
    config: CohortConfig
    learners: tuple[Learner, ...]
    referential: Referential

    def learner(self, learner_id: str) -> Learner:
        for learner in self.learners:
            if learner.id == str(learner_id).strip():
                return learner
        raise UnknownIdError("learner", str(learner_id), known=[x.id for x in self.learners])

    def criterion_id(self, criterion: str) -> str:
        return self.referential.criterion(criterion).id

    def level(self, level) -> int:
        scale = [lv.value for lv in self.referential.levels]
        try:
            value = int(str(level).strip())
        except ValueError:
            raise InvalidLevelError(level, scale) from None
        if value not in scale or str(level).strip() not in {str(v) for v in scale}:
            raise InvalidLevelError(level, scale)
        return value

    def store(self, clock: Callable[[], datetime] | None = None) -> JuryStore:
        return JuryStore(self.config.db_url, **({"clock": clock} if clock else {}))


def open_context(course_dir: Path) -> JuryContext:
    from kamlearn.referential import load_referential
    from kamtrain.cohort.config import read_config
    from kamtrain.cohort.learners import read_learners

    course_dir = Path(course_dir).resolve()
    config = read_config(course_dir)
    learners = tuple(read_learners(course_dir / "learners.csv"))
    return JuryContext(course_dir, config, learners, load_referential())


def resolve_session(store: JuryStore, name: str | None, *, create: bool, who: str) -> JurySession:
    """The named session, else the latest one; a write creates ``S1`` (today) if none exists."""
    known = store.sessions()
    if name is not None:
        for s in known:
            if s.name == name:
                return s
        raise UnknownIdError("jury session", name, known=[s.name for s in known])
    if known:
        return known[-1]
    if not create:
        raise JuryError("No jury session yet: record levels first or `kamtrain jury session`.")
    return store.add_session(JurySession(DEFAULT_SESSION, date.today().isoformat(), ()), who=who)


@locked("jury session")
def create_session(
    *,
    course_dir: Path,
    name: str,
    session_date: str,
    members: tuple[str, ...] = (),
    resit: bool = False,
    who: str = "kamtrain",
    clock: Callable[[], datetime] | None = None,
) -> JurySession:
    """Declare a jury session (``resit=True`` for a resit that keeps validated blocks)."""
    try:
        date.fromisoformat(session_date)
    except ValueError:
        raise JuryError(f"Session date '{session_date}' is not an ISO date (YYYY-MM-DD).") from None
    ctx = open_context(course_dir)
    with ctx.store(clock) as store:
        for member in members:
            store.ensure_assessor(member)
        return store.add_session(JurySession(name, session_date, tuple(members), resit), who=who)


@locked("jury assess")
def assess(
    *,
    course_dir: Path,
    assessor: str,
    learner: str,
    criterion: str,
    level,
    comment: str = "",
    session: str | None = None,
    expected_version: int | None = None,
    clock: Callable[[], datetime] | None = None,
) -> Assessment:
    """Record one assessor's level (and comment) for one learner and criterion.

    Raises:
        UnknownIdError: unknown learner, criterion or session.
        InvalidLevelError: level outside the scale.
        ConcurrentEditError: someone else changed this grade meanwhile.
        JuryError: the level was already submitted.
    """
    ctx = open_context(course_dir)
    learner_id = ctx.learner(learner).id
    criterion_id = ctx.criterion_id(criterion)
    value = ctx.level(level)
    with ctx.store(clock) as store:
        store.ensure_assessor(assessor)
        sess = resolve_session(store, session, create=True, who=assessor)
        return store.record(
            learner=learner_id,
            criterion=criterion_id,
            assessor=assessor.strip(),
            level=value,
            comment=comment,
            session=sess.name,
            expected_version=expected_version,
        )


@locked("jury import")
def import_levels(
    *,
    course_dir: Path,
    assessor: str,
    csv_path: Path,
    session: str | None = None,
    clock: Callable[[], datetime] | None = None,
) -> int:
    """Record levels from a CSV ``learner,criterion,level[,comment]``; all rows are checked
    before the first one is written. Returns the number of rows recorded."""
    ctx = open_context(course_dir)
    csv_path = Path(csv_path)
    if not csv_path.is_file():
        raise DataFileError(csv_path, "file not found")
    rows = []
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in IMPORT_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise DataFileError(csv_path, f"line 1: missing column(s) {', '.join(missing)}")
        for line_no, raw in enumerate(reader, start=2):
            try:
                rows.append(
                    (
                        ctx.learner(raw["learner"]).id,
                        ctx.criterion_id(raw["criterion"]),
                        ctx.level(raw["level"]),
                        (raw.get("comment") or "").strip(),
                    )
                )
            except (UnknownIdError, InvalidLevelError) as exc:
                raise DataFileError(
                    csv_path, f"line {line_no}: {exc} Nothing was recorded."
                ) from None
    with ctx.store(clock) as store:
        store.ensure_assessor(assessor)
        sess = resolve_session(store, session, create=True, who=assessor)
        store.record_many(
            [
                dict(
                    learner=learner_id,
                    criterion=criterion_id,
                    assessor=assessor.strip(),
                    level=value,
                    comment=comment,
                    session=sess.name,
                )
                for learner_id, criterion_id, value, comment in rows
            ]
        )
    return len(rows)


@locked("jury submit")
def submit(
    *,
    course_dir: Path,
    assessor: str,
    learner: str | None = None,
    session: str | None = None,
    clock: Callable[[], datetime] | None = None,
) -> int:
    """Submit the assessor's levels (all, or one learner's); returns how many were submitted."""
    ctx = open_context(course_dir)
    learner_id = None if learner is None else ctx.learner(learner).id
    with ctx.store(clock) as store:
        sess = resolve_session(store, session, create=False, who=assessor)
        count = store.submit(assessor=assessor.strip(), session=sess.name, learner=learner_id)
    if count == 0:
        raise JuryError(f"{assessor} has no unsubmitted level in session {sess.name}.")
    return count


def visible_assessments(
    *, course_dir: Path, viewer: str, session: str | None = None
) -> tuple[Assessment, ...]:
    """Current levels ``viewer`` may see: their own, and another assessor's on a criterion
    only once both of them have submitted it (blind double marking)."""
    ctx = open_context(course_dir)
    with ctx.store() as store:
        sess = resolve_session(store, session, create=False, who=viewer)
        current = store.current(session=sess.name)
    mine = {(a.learner, a.criterion): a for a in current if a.assessor == viewer}
    return tuple(
        a
        for a in current
        if a.assessor == viewer
        or (
            a.submitted
            and (a.learner, a.criterion) in mine
            and mine[(a.learner, a.criterion)].submitted
        )
    )


@locked("jury reconcile")
def reconcile(
    *,
    course_dir: Path,
    learner: str,
    criterion: str,
    level,
    reason: str,
    by: str,
    session: str | None = None,
    clock: Callable[[], datetime] | None = None,
) -> Reconciliation:
    """Record the level agreed after a disagreement, with its reason.

    Raises:
        JuryError: no reason, or some assessor has not submitted this criterion yet.
    """
    ctx = open_context(course_dir)
    learner_id = ctx.learner(learner).id
    criterion_id = ctx.criterion_id(criterion)
    value = ctx.level(level)
    if not reason.strip():
        raise JuryError('A reconciliation needs its reason (--reason "...").')
    with ctx.store(clock) as store:
        sess = resolve_session(store, session, create=False, who=by)
        rows = [
            a
            for a in store.current(session=sess.name)
            if a.learner == learner_id and a.criterion == criterion_id
        ]
        if not rows or not all(a.submitted for a in rows):
            waiting = [a.assessor for a in rows if not a.submitted]
            raise JuryError(
                f"Cannot reconcile {learner_id} {criterion_id}: "
                + (f"waiting for {', '.join(waiting)} to submit." if waiting else "no level yet.")
            )
        store.ensure_assessor(by)
        return store.reconcile(
            learner=learner_id,
            criterion=criterion_id,
            session=sess.name,
            level=value,
            reason=reason.strip(),
            by=by.strip(),
        )


@locked("jury vae")
def register_vae(*, course_dir: Path, learner: str, evidence: str, by: str = "kamtrain") -> None:
    """Flag a learner as a VAE candidate assessed on an evidence book (file reference)."""
    ctx = open_context(course_dir)
    learner_id = ctx.learner(learner).id
    if not str(evidence).strip():
        raise JuryError("A VAE candidate needs the reference of the evidence book (--evidence).")
    with ctx.store() as store:
        store.add_vae(learner=learner_id, evidence=str(evidence).strip(), by=by)


def history(*, course_dir: Path, learner: str) -> tuple[AuditEntry, ...]:
    """Every audit line about one learner, oldest first."""
    ctx = open_context(course_dir)
    learner_id = ctx.learner(learner).id
    with ctx.store() as store:
        return store.history(learner=learner_id)

"""Keyword-only jury API used by the CLI, the grid widget and the demo.

Every function opens the cohort (settings, learners, referential) and the jury tables in
its gradebook database, validates its input *before* writing anything, and raises the
exceptions of :mod:`kamlearn.errors`. Roles are enforced here: only a member of the session
assesses (names compared without case, accents or extra spaces), only a registered and
present candidate is assessed, and only the president or a designee reconciles, where a real
disagreement exists, with a reason of a few words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kamlearn.errors import (
    ClosedSessionError,
    DataFileError,
    InvalidLevelError,
    JuryError,
    NotAMemberError,
    UnknownIdError,
)
from kamlearn.referential.models import Referential
from kamtrain.cohort.config import CohortConfig
from kamtrain.cohort.learners import Learner
from kamtrain.jury.epreuve_scope import check_scope
from kamtrain.jury.levels_csv import read_levels_csv
from kamtrain.jury.models import Assessment, AuditEntry, JurySession, Member, Reconciliation
from kamtrain.jury.names import PRESIDENT, name_key
from kamtrain.jury.store import JuryStore
from kamtrain.lock import locked

#: A reconciliation's reason needs at least this many words.
MIN_REASON_WORDS = 4


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

    @property
    def jury_dir(self) -> Path:
        return self.course_dir / "jury"

    def store(self, clock: Callable[[], datetime] | None = None) -> JuryStore:
        kwargs = {"clock": clock} if clock else {}
        return JuryStore(self.config.db_url, head_dir=self.jury_dir, **kwargs)


def open_context(course_dir: Path) -> JuryContext:
    from kamlearn.referential import load_referential
    from kamtrain.cohort.config import read_config
    from kamtrain.cohort.learners import read_learners

    course_dir = Path(course_dir).resolve()
    config = read_config(course_dir)
    learners = tuple(read_learners(course_dir / "learners.csv"))
    return JuryContext(course_dir, config, learners, load_referential())


def resolve_session(store: JuryStore, name: str | None) -> JurySession:
    """The named session, else the latest one (by date)."""
    if name is not None:
        return store.session(str(name).strip())
    known = store.sessions()
    if not known:
        raise JuryError(
            "No jury session yet: create one with `kamtrain jury session create DIR "
            "--session S1 --date YYYY-MM-DD --place ... --president ... --member ...`."
        )
    return known[-1]


def writable(session: JurySession) -> JurySession:
    """``session`` if it is still open.

    Raises:
        ClosedSessionError: the session is closed and sealed.
    """
    if session.closed:
        raise ClosedSessionError(
            f"Session {session.name} was closed on {str(session.closed_at)[:10]} (seal "
            f"{session.seal[:12]}…); nothing can be written to it. To correct it, open a new "
            f"session with `kamtrain jury session create DIR --corrects {session.name} ...`."
        )
    return session


def member(session: JurySession, name: str) -> Member:
    """The member of ``session`` called ``name`` (case, accents and spaces ignored).

    Raises:
        NotAMemberError: nobody of that name sits in the session.
    """
    key = name_key(name)
    for m in session.members:
        if name_key(m.name) == key:
            return m
    raise NotAMemberError(
        f"'{name}' is not a member of jury session {session.name} (members: "
        f"{', '.join(f'{m.name} ({m.role})' for m in session.members)}). Only members "
        "of the session may assess; add members when creating the session."
    )


def _check_candidate(store: JuryStore, session: JurySession, learner_id: str) -> None:
    registered = [c for c in store.candidates(session=session.name) if c.learner == learner_id]
    if not registered:
        raise JuryError(
            f"{learner_id} is not a candidate of session {session.name}; register them first "
            f"(`kamtrain jury session register DIR --session {session.name} --learner "
            f"{learner_id}`)."
        )
    if all(c.absent for c in registered):
        raise JuryError(f"{learner_id} is marked absent from session {session.name}.")


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
    epreuve: str | None = None,
    sitting: int | None = None,
    clock: Callable[[], datetime] | None = None,
) -> Assessment:
    """Record one member's level (and comment) for one candidate and criterion.

    The candidate must be seated in a sitting of the criterion's épreuve in the session
    (and, when ``epreuve``/``sitting`` are given, they must be that épreuve and sitting).

    Raises:
        UnknownIdError: unknown learner, criterion or session.
        InvalidLevelError: level outside the scale.
        NotAMemberError: ``assessor`` is not a member of the session.
        ConcurrentEditError: someone else changed this grade meanwhile.
        ClosedSessionError: the session is closed.
        JuryError: the level was already submitted, or the candidate is not registered.
        OutsideEpreuveError: the level is given outside a sitting of the criterion's épreuve.
    """
    ctx = open_context(course_dir)
    learner_id = ctx.learner(learner).id
    criterion_id = ctx.criterion_id(criterion)
    value = ctx.level(level)
    with ctx.store(clock) as store:
        sess = writable(resolve_session(store, session))
        who = member(sess, assessor)
        _check_candidate(store, sess, learner_id)
        check_scope(
            store, session=sess.name, learner=learner_id, criterion=criterion_id,
            epreuve=epreuve, sitting=sitting,
        )  # fmt: skip
        return store.record(
            learner=learner_id,
            criterion=criterion_id,
            assessor=who.name,
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
    rows = read_levels_csv(ctx, csv_path)
    with ctx.store(clock) as store:
        sess = writable(resolve_session(store, session))
        who = member(sess, assessor)
        seated = store.seated(session=sess.name)
        for line_no, learner_id, criterion_id, *_ in rows:
            try:
                _check_candidate(store, sess, learner_id)
                check_scope(
                    store, session=sess.name, learner=learner_id, criterion=criterion_id,
                    seated=seated,
                )  # fmt: skip
            except JuryError as exc:
                raise DataFileError(
                    csv_path, f"line {line_no}: {exc} Nothing was recorded."
                ) from None
        store.record_many(
            [
                dict(
                    learner=learner_id,
                    criterion=criterion_id,
                    assessor=who.name,
                    level=value,
                    comment=comment,
                    session=sess.name,
                )
                for _, learner_id, criterion_id, value, comment in rows
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
    """Submit the member's levels (all, or one learner's); returns how many were submitted."""
    ctx = open_context(course_dir)
    learner_id = None if learner is None else ctx.learner(learner).id
    with ctx.store(clock) as store:
        sess = writable(resolve_session(store, session))
        who = member(sess, assessor)
        count = store.submit(assessor=who.name, session=sess.name, learner=learner_id)
    if count == 0:
        raise JuryError(f"{who.name} has no unsubmitted level in session {sess.name}.")
    return count


def visible(current, viewer: str | None) -> tuple[Assessment, ...]:
    """Levels ``viewer`` may see: their own; another member's only once both submitted it.

    ``viewer=None`` (the trainer's view) sees submitted levels only.
    """
    key = None if viewer is None else name_key(viewer)
    mine = {(a.learner, a.criterion, a.session): a for a in current if name_key(a.assessor) == key}

    def shown(a: Assessment) -> bool:
        if key is not None and name_key(a.assessor) == key:
            return True
        if not a.submitted:
            return False
        own = mine.get((a.learner, a.criterion, a.session))
        return key is None or (own is not None and own.submitted)

    return tuple(a for a in current if shown(a))


def visible_assessments(
    *, course_dir: Path, viewer: str, session: str | None = None
) -> tuple[Assessment, ...]:
    """Current levels ``viewer`` may see (blind double marking, see :func:`visible`)."""
    ctx = open_context(course_dir)
    with ctx.store() as store:
        sess = resolve_session(store, session)
        viewer_name = member(sess, viewer).name
        return visible(store.current(session=sess.name), viewer_name)


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
        NotAMemberError: ``by`` is neither the president nor a member they designated.
        JuryError: the reason is too short, an assessor has not submitted, or the submitted
            levels do not disagree (nothing to reconcile).
    """
    import itertools

    from kamtrain.jury.frozen import session_rules

    ctx = open_context(course_dir)
    learner_id = ctx.learner(learner).id
    criterion_id = ctx.criterion_id(criterion)
    value = ctx.level(level)
    words = [w for w in str(reason).split() if any(ch.isalpha() for ch in w)]
    if len(words) < MIN_REASON_WORDS:
        raise JuryError(
            f"A reconciliation needs its reason in a few words (at least {MIN_REASON_WORDS}), "
            f'e.g. --reason "preuves du dossier insuffisantes pour le niveau 3"; got {reason!r}.'
        )
    with ctx.store(clock) as store:
        sess = writable(resolve_session(store, session))
        who = member(sess, by)
        if who.role != PRESIDENT and not who.designated:
            raise NotAMemberError(
                f"{who.name} ({who.role}) may not reconcile in session {sess.name}: only the "
                f"president ({sess.president}) or a member they designated may."
            )
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
        rules = session_rules(sess, ctx.referential)
        if len(rows) < 2 or not any(
            rules.needs_reconciliation(x.level, y.level) for x, y in itertools.combinations(rows, 2)
        ):
            levels = ", ".join(f"{a.assessor} : {a.level}" for a in rows)
            raise JuryError(
                f"Nothing to reconcile on {learner_id} {criterion_id} in session {sess.name}: "
                f"the submitted levels ({levels}) do not disagree under the session's rules."
            )
        return store.reconcile(
            learner=learner_id,
            criterion=criterion_id,
            session=sess.name,
            level=value,
            reason=" ".join(str(reason).split()),
            by=who.name,
        )


def history(
    *, course_dir: Path, learner: str, viewer: str | None = None, session: str | None = None
) -> tuple[AuditEntry, ...]:
    """Audit lines about one learner, oldest first, blind to unsubmitted levels.

    A level line stays masked (level and comment removed) unless ``viewer`` may see it
    (:func:`visible`): their own, or another member's once both of them submitted.
    """
    from dataclasses import replace

    ctx = open_context(course_dir)
    learner_id = ctx.learner(learner).id
    with ctx.store() as store:
        entries = store.history(learner=learner_id)
        current = tuple(a for a in store.current() if a.learner == learner_id)
    if session is not None:
        entries = tuple(e for e in entries if e.session == session)
    shown = {(a.criterion, a.session, a.assessor) for a in visible(current, viewer)}
    out = []
    for e in entries:
        if e.action in ("assess", "submit") and (e.criterion, e.session, e.who) not in shown:
            e = replace(e, before=_masked(e.before), after=_masked(e.after))
        out.append(e)
    return tuple(out)


def _masked(record: dict | None) -> dict | None:
    if record is None:
        return None
    return {k: v for k, v in record.items() if k not in ("level", "comment")} | {"masked": True}

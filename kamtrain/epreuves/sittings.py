"""Sittings of an épreuve: who sits together (pairs, groups), in which order, at what time.

:func:`plan_sittings` forms groups within the épreuve's group size (pairs for a pair
épreuve, one candidate for an individual one) in the order of the candidates, or takes the
groups the trainer gives; each sitting's slot is the épreuve's duration, lengthened where the
tiers-temps extends a phase for one of its members. :func:`save_plan` writes the plan to
``DIR/epreuves/<E>/sittings.json`` so the trainer can change it and every kit agrees.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path

from kamlearn.errors import CohortError
from kamlearn.referential.epreuves import Epreuve

PLAN_SCHEMA = 1
BREAK_MINUTES = 10


@dataclass(frozen=True)
class Sitting:
    number: int
    members: tuple[str, ...]
    preparation_start: str  # "HH:MM"
    start: str
    end: str
    role_card: str | None
    #: Members with extended time (tiers-temps), for the jury's running order only.
    extended: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Plan:
    epreuve: str
    date: str
    sittings: tuple[Sitting, ...]
    #: The jury session whose candidates sit (``""``: planned from learners.csv).
    session: str = ""

    def sitting_of(self, learner: str) -> Sitting:
        for s in self.sittings:
            if learner in s.members:
                return s
        raise CohortError(f"{learner} sits no {self.epreuve} sitting in this plan")


def cohort_learners(course_dir: Path):
    """The cohort's learners (``learners.csv``); raises CohortError if it is not a cohort."""
    from kamtrain.cohort.config import read_config
    from kamtrain.cohort.learners import read_learners

    course_dir = Path(course_dir).resolve()
    read_config(course_dir)
    return tuple(read_learners(course_dir / "learners.csv"))


def session_learners(course_dir: Path, *, session: str, epreuve: str):
    """The candidates a jury session registered for ``epreuve`` (or for the whole session),
    in registration order, without those marked absent.

    Raises:
        EpreuveError: nobody is registered for the épreuve in the session.
    """
    from kamlearn.errors import EpreuveError
    from kamtrain.jury.sessions import session_candidates

    everyone = cohort_learners(course_dir)
    registered = session_candidates(course_dir=course_dir, session=session)
    chosen: list[str] = []
    for c in registered:
        if c.epreuve in (epreuve, "") and not c.absent and c.learner not in chosen:
            chosen.append(c.learner)
    # A candidate absent from this épreuve is absent even if registered for the session.
    absent = {c.learner for c in registered if c.epreuve == epreuve and c.absent}
    chosen = [x for x in chosen if x not in absent]
    if not chosen:
        raise EpreuveError(
            f"no candidate registered for {epreuve} in session {session}: "
            f"`kamtrain jury session register DIR --session {session} --epreuve {epreuve} ...`"
        )
    return tuple(find_learner(everyone, x) for x in chosen)


def find_learner(learners, learner_id: str):
    from kamlearn.errors import UnknownIdError

    for x in learners:
        if x.id == str(learner_id).strip():
            return x
    raise UnknownIdError("learner", str(learner_id), known=[x.id for x in learners])


def time_factor(accommodations: tuple[str, ...]) -> float:
    """The largest time factor among a candidate's accommodations (1 when none)."""
    from kamtrain.cohort.accommodations import load_accommodations

    factors = {a.id: a.time_factor for a in load_accommodations()}
    return max([1.0, *(factors.get(a, 1.0) for a in accommodations)])


def default_groups(epreuve: Epreuve, ids: list[str]) -> list[list[str]]:
    """Consecutive candidates grouped as evenly as the épreuve's group size allows."""
    if not ids:
        return []
    if epreuve.setting == "individual":
        return [[x] for x in ids]
    count = math.ceil(len(ids) / epreuve.group_max)
    size, extra = divmod(len(ids), count)
    groups, i = [], 0
    for k in range(count):
        n = size + (1 if k < extra else 0)
        groups.append(ids[i : i + n])
        i += n
    return groups


def check_groups(epreuve: Epreuve, groups: list[list[str]], ids: list[str]) -> None:
    """Every candidate exactly once, known, and each group within the épreuve's size (a pair
    épreuve accepts one lone candidate, completed by a trainer)."""
    seen: list[str] = [m for g in groups for m in g]
    unknown = sorted(set(seen) - set(ids))
    if unknown:
        raise CohortError(f"{epreuve.id}: unknown candidate(s) {', '.join(unknown)}")
    twice = sorted({m for m in seen if seen.count(m) > 1})
    if twice:
        raise CohortError(f"{epreuve.id}: {', '.join(twice)} placed in two groups")
    left = [x for x in ids if x not in seen]
    if left:
        raise CohortError(f"{epreuve.id}: no group for {', '.join(left)}; place every candidate")
    for g in groups:
        lone_pair = epreuve.setting == "pair" and len(g) == 1
        if not lone_pair and not epreuve.group_min <= len(g) <= epreuve.group_max:
            raise CohortError(
                f"{epreuve.id}: group {', '.join(g)} has {len(g)} member(s); this épreuve "
                f"seats {epreuve.group_min} to {epreuve.group_max}"
            )


def plan_sittings(
    *,
    epreuve: Epreuve,
    learners,
    date: str,
    start: str = "09:00",
    groups: list[list[str]] | None = None,
    session: str = "",
) -> Plan:
    """The running order of one épreuve for these learners (``Learner`` records)."""
    ids = [x.id for x in learners]
    factors = {x.id: time_factor(x.accommodations) for x in learners}
    groups = [list(g) for g in groups] if groups else default_groups(epreuve, ids)
    check_groups(epreuve, groups, ids)
    clock = datetime.strptime(f"{date} {start}", "%Y-%m-%d %H:%M")
    sittings = []
    for k, members in enumerate(groups):
        factor = max(factors[m] for m in members)
        prep, length = epreuve.time_allowed(factor=factor)
        if k == 0:
            clock += timedelta(minutes=math.ceil(prep))
        begin, end = clock, clock + timedelta(minutes=math.ceil(length))
        cards = epreuve.role_cards
        note = ""
        if epreuve.setting == "pair" and len(members) == 1:
            note = "Binôme complété par un formateur (non évalué)."
        sittings.append(
            Sitting(
                number=k + 1,
                members=tuple(members),
                preparation_start=(begin - timedelta(minutes=math.ceil(prep))).strftime("%H:%M"),
                start=begin.strftime("%H:%M"),
                end=end.strftime("%H:%M"),
                role_card=cards[k % len(cards)] if cards else None,
                extended=tuple(m for m in members if factors[m] > 1),
                note=note,
            )
        )
        clock = end + timedelta(minutes=BREAK_MINUTES)
    return Plan(epreuve=epreuve.id, date=date, sittings=tuple(sittings), session=session)


def plan_path(course_dir: Path, epreuve_id: str) -> Path:
    return Path(course_dir) / "epreuves" / epreuve_id / "sittings.json"


def save_plan(course_dir: Path, plan: Plan) -> Path:
    from kamtrain.lock import cohort_lock

    with cohort_lock(course_dir, command="epreuve plan"):
        return _save_plan(course_dir, plan)


def _save_plan(course_dir: Path, plan: Plan) -> Path:
    path = plan_path(course_dir, plan.epreuve)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"schema_version": PLAN_SCHEMA, **asdict(plan)}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)
    return path


def load_plan(course_dir: Path, epreuve_id: str) -> Plan | None:
    from kamlearn.datafile import read_data_file

    path = plan_path(course_dir, epreuve_id)
    if not path.exists():
        return None
    data = read_data_file(path, reads=PLAN_SCHEMA, syntax="json")
    try:
        sittings = tuple(
            Sitting(**{**s, "members": tuple(s["members"]), "extended": tuple(s["extended"])})
            for s in data["sittings"]
        )
        return Plan(
            epreuve=data["epreuve"],
            date=data["date"],
            sittings=sittings,
            session=str(data.get("session", "")),
        )
    except (KeyError, TypeError) as exc:
        from kamlearn.errors import DataFileError

        raise DataFileError(
            path, f"not a sittings plan ({exc}); run `kamtrain epreuve plan` again"
        ) from exc


def plan_epreuve(
    *,
    course_dir: Path,
    epreuve: str,
    date: str,
    start: str = "09:00",
    groups: list[list[str]] | None = None,
    session: str | None = None,
    who: str = "kamtrain",
) -> Plan:
    """Plan an épreuve's sittings and save the plan; with ``session``, seat the session's
    registered candidates and record the sittings in the jury record, where they decide
    which levels the jury may give (:mod:`kamtrain.jury.epreuve_scope`).

    Raises:
        EpreuveError: nobody registered for the épreuve in the session.
        CohortError: groups that leave out, repeat or oversize candidates.
        ClosedSessionError: the session is closed.
    """
    from kamlearn.referential.epreuves_loader import load_epreuves

    ep = load_epreuves().get(epreuve)
    if session:
        learners = session_learners(course_dir, session=session, epreuve=ep.id)
    else:
        learners = cohort_learners(course_dir)
    plan = plan_sittings(
        epreuve=ep, learners=learners, date=date, start=start, groups=groups, session=session or ""
    )
    if session:
        from kamtrain.jury.api import open_context

        with open_context(course_dir).store() as store:
            store.seat(
                session=session,
                epreuve=ep.id,
                groups=[s.members for s in plan.sittings],
                who=who,
            )
    save_plan(course_dir, plan)
    return plan


def seat_everyone(store, *, session: str, learners, who: str = "kamtrain") -> None:
    """Seat ``learners`` (ids) in every épreuve of the catalogue, in default groups: a
    session that runs the whole certification at once (the demo, the tests' sessions)."""
    from kamlearn.referential.epreuves_loader import load_epreuves

    for ep in load_epreuves().epreuves:
        store.seat(
            session=session, epreuve=ep.id, groups=default_groups(ep, list(learners)), who=who
        )

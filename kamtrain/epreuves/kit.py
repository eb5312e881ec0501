"""``kamtrain epreuve kit``: the documents of an épreuve's sitting, in HTML and PDF.

* the candidate's brief: the épreuve, its timing (with the candidate's own tiers-temps), what
  to hand in, the criteria, the scenario as candidates are told it, their slot and group;
* a role card per actor: the role, with the hidden information (reservation price,
  objections, culture, decision-making unit, instructions) that never reaches a brief;
* an observer's sheet per sitting: criteria with their four indicators, timing, and a line
  per group member for a level and notes;
* the jury's running order.

Files go to ``DIR/epreuves/<E>/kit/``; every HTML file has its PDF beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path

from kamlearn.errors import CohortError
from kamtrain.lock import locked


@dataclass(frozen=True)
class KitFiles:
    epreuve: str
    folder: Path
    briefs: tuple[Path, ...]
    role_cards: tuple[Path, ...]
    observer_sheets: tuple[Path, ...]
    running_order: Path

    @property
    def all(self) -> tuple[Path, ...]:
        return (*self.briefs, *self.role_cards, *self.observer_sheets, self.running_order)


def _minutes_fr(value: float) -> str:
    whole = int(value)
    seconds = round((value - whole) * 60)
    if seconds == 60:
        whole, seconds = whole + 1, 0
    return f"{whole} min {seconds:02d} s" if seconds else f"{whole} min"


def _phases(epreuve, factor: float) -> list[dict]:
    rows = []
    if epreuve.preparation_minutes:
        rows.append(
            {
                "label": "Préparation",
                "base": _minutes_fr(epreuve.preparation_minutes),
                "allowed": _minutes_fr(epreuve.minutes("preparation", factor=factor)),
                "extended": "preparation" in epreuve.tiers_temps_extends,
            }
        )
    for p in epreuve.timing:
        rows.append(
            {
                "label": p.label,
                "base": _minutes_fr(p.minutes),
                "allowed": _minutes_fr(epreuve.minutes(p.phase, factor=factor)),
                "extended": p.phase in epreuve.tiers_temps_extends,
            }
        )
    return rows


def _criteria(ref, cat, epreuve) -> list[dict]:
    out = []
    for cid in epreuve.competencies:
        comp = ref.competency(cid)
        for crit in comp.criteria:
            out.append(
                {
                    "id": crit.id,
                    "text": f"{comp.criteria_intro} {crit.text}".strip(),
                    "indicators": cat.indicators(crit.id),
                }
            )
    return out


def _name(by_id: dict, learner: str) -> str:
    return by_id[learner].full_name if learner in by_id else learner


def _write(name: str, html: str, folder: Path, *, pdf: bool) -> Path:
    from kamtrain.documents.pdf import write_pdf

    path = folder / f"{name}.html"
    path.write_text(html, encoding="utf-8")
    if pdf:
        write_pdf(html, path.with_suffix(".pdf"))
    return path


@locked("epreuve kit")
def build_kit(
    *,
    course_dir: Path,
    epreuve: str,
    learner: str | None = None,
    on: str | None = None,
    pdf: bool = True,
    session: str | None = None,
) -> KitFiles:
    """Write the kit of one épreuve (for one candidate's sitting with ``learner``).

    Args:
        course_dir: the cohort folder.
        epreuve: épreuve id (``E10``).
        learner: write only this candidate's brief, role card and observer sheet.
        on: ISO date of the sitting when no plan was saved (default: today).
        pdf: also write the PDF of every document.
        session: the jury session sitting the épreuve: its saved plan when it has one,
            else its registered candidates (not absent) in default groups, on the
            session's date (nothing is recorded: ``kamtrain epreuve plan --session`` seats).

    Raises:
        EpreuveError: nobody registered for the épreuve in ``session``.
        UnknownIdError: unknown épreuve or learner.
        CohortError: the plan does not seat the learner.
    """
    from kamlearn.frenchfmt import date_fr, money_fr
    from kamlearn.referential import load_referential
    from kamlearn.referential.epreuves_loader import load_epreuves
    from kamtrain.epreuves.roles import role_card
    from kamtrain.epreuves.sittings import (
        cohort_learners,
        find_learner,
        load_plan,
        plan_sittings,
        session_learners,
        time_factor,
    )
    from kamtrain.templating import render_template

    course_dir = Path(course_dir).resolve()
    learners = cohort_learners(course_dir)
    ref = load_referential()
    cat = load_epreuves()
    ep = cat.get(epreuve)
    by_id = {x.id: x for x in learners}
    plan = load_plan(course_dir, ep.id)
    if session is not None and (plan is None or plan.session != session):
        from kamtrain.jury.sessions import get_session

        day = on or get_session(course_dir=course_dir, session=session).date
        seated = session_learners(course_dir, session=session, epreuve=ep.id)
        plan = plan_sittings(epreuve=ep, learners=seated, date=day, session=session)
    elif plan is None:
        plan = plan_sittings(epreuve=ep, learners=learners, date=on or Date.today().isoformat())
    chosen = plan.sittings
    if learner is not None:
        chosen = (plan.sitting_of(find_learner(learners, learner).id),)
    folder = course_dir / "epreuves" / ep.id / "kit"
    folder.mkdir(parents=True, exist_ok=True)
    criteria = _criteria(ref, cat, ep)
    common = {
        "epreuve": ep,
        "certification": ref.title,
        "date_fr": date_fr(plan.date),
        "competencies": [ref.competency(c) for c in ep.competencies],
        "criteria": criteria,
        "levels": ref.levels,
        "names": {x.id: x.full_name for x in learners},
        "who": {s.number: ", ".join(_name(by_id, m) for m in s.members) for s in plan.sittings},
        "extended": {
            s.number: ", ".join(_name(by_id, m) for m in s.extended) for s in plan.sittings
        },
    }

    briefs = []
    targets = [learner] if learner is not None else [None]
    for lid in targets:
        sitting = plan.sitting_of(lid) if lid else None
        factor = time_factor(by_id[lid].accommodations) if lid else 1.0
        cards = (
            [role_card(sitting.role_card)]
            if sitting and sitting.role_card
            else [role_card(c) for c in ep.role_cards]
        )
        html = render_template(
            "epreuve_brief.html.j2",
            **common,
            learner=by_id[lid] if lid else None,
            sitting=sitting,
            partners=", ".join(_name(by_id, m) for m in sitting.members if m != lid)
            if sitting
            else "",
            factor=factor,
            phases=_phases(ep, factor),
            scenarios=[c.public for c in cards],
        )
        briefs.append(_write(f"consignes-{lid}" if lid else "consignes", html, folder, pdf=pdf))

    card_ids = sorted({s.role_card for s in chosen if s.role_card}, key=ep.role_cards.index)
    cards_out = []
    for cid in card_ids:
        card = role_card(cid)
        html = render_template(
            "epreuve_role.html.j2",
            **common,
            card=card,
            price=money_fr(card.reservation_price) if card.reservation_price else "",
            sittings=[s for s in chosen if s.role_card == cid],
        )
        cards_out.append(_write(f"role-{cid}", html, folder, pdf=pdf))

    sheets = []
    for s in chosen:
        members = list(s.members) if ep.individual_assessment else ["Groupe (note commune)"]
        html = render_template(
            "epreuve_observer.html.j2",
            **common,
            sitting=s,
            members=members,
            phases=_phases(ep, 1.0),
            extended_phases=_phases(ep, time_factor(("tiers-temps",))) if s.extended else None,
        )
        sheets.append(_write(f"observation-{s.number:02d}", html, folder, pdf=pdf))

    if not plan.sittings:
        raise CohortError(f"{ep.id}: no candidate to seat")
    html = render_template("epreuve_order.html.j2", **common, plan=plan)
    order = _write("ordre-de-passage", html, folder, pdf=pdf)
    return KitFiles(ep.id, folder, tuple(briefs), tuple(cards_out), tuple(sheets), order)

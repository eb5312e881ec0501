"""The demo's certification épreuves: one written exam (E5: C5 and C6) and one role play in
pairs (E10: C12, C13 and C14), each marked by two assessors and decided in their session.

1. E5: exam papers on a secret-seeded variant, simulated submissions (one solved, one with
   only the C5 part), trusted grading, then both assessors mark C5 and C6 criterion by
   criterion from the exam's evidence;
2. E10: the pair is planned, its kit written (brief, role card, observer sheet, running
   order), then both assessors mark each member on C12–C14;
3. each candidate's C5, C6, C12, C13 and C14 are decided from the session's final levels.
"""

from __future__ import annotations

import random
from pathlib import Path

SESSION = "EP1"
PRESIDENT = "Hélène Marchand|kamtrain"
ASSESSORS = ("Claire Dubois", "Marc Lefèvre")
EXAM_COMPETENCIES = ("C5", "C6")
ROLE_PLAY_COMPETENCIES = ("C12", "C13", "C14")


def _open_session(course_dir: Path, *, day: str, learners: list[str]) -> None:
    """Create the demo's épreuve session: a president, both assessors, the candidates."""
    from kamtrain.jury.sessions import create_session

    create_session(
        course_dir=course_dir,
        name=SESSION,
        session_date=day,
        place="Reims, campus de démonstration",
        president=PRESIDENT,
        members=[f"{name}|évaluateur|kamtrain" for name in ASSESSORS],
        candidates=learners,
    )


def _solve(paper_path: Path, families: tuple[str, ...], target: Path) -> None:
    import nbformat

    from kamtrain.paths import notebooks_dir

    solutions = {}
    for path in sorted(notebooks_dir().glob("bloc*/*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        if nb.metadata.get("kamtrain", {}).get("case") not in families:
            continue
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("solution") and cell.cell_type == "code":
                solutions[meta["grade_id"]] = cell.source
    paper = nbformat.read(paper_path, as_version=4)
    for cell in paper.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in solutions:
            cell.source = solutions[gid]
        elif cell.metadata.get("kamtrain", {}).get("kind") == "manual":
            cell.source = (
                "Diagnostic appuyé sur mes ratios ; indicateurs d'activité et de performance "
                "par tâche avec cibles ; actions datées, responsables et suivi."
            )
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(paper, target)


def _assess_both(course_dir: Path, learner: str, levels: dict[str, int], comment: str) -> None:
    from kamtrain.jury.api import assess, submit

    for assessor in ASSESSORS:
        for crit, level in levels.items():
            assess(
                course_dir=course_dir,
                assessor=assessor,
                learner=learner,
                criterion=crit,
                level=level,
                comment=comment,
                session=SESSION,
            )
        submit(course_dir=course_dir, assessor=assessor, learner=learner, session=SESSION)


def _written_exam(course_dir: Path, ids: list[str], ref, say, day: str) -> tuple[str, ...]:
    """E5 for ``ids``; returns the competencies marked (none when the workbook lacks a family)."""
    from kamlearn.errors import EpreuveError
    from kamlearn.frenchfmt import number_fr
    from kamlearn.referential.epreuves_loader import load_epreuves
    from kamtrain.epreuves.exam import generate_exam
    from kamtrain.epreuves.exam_grade import exam_evidence, grade_exam
    from kamtrain.epreuves.sittings import plan_epreuve

    say(f"    E5 (C5, C6), written: exam papers for {', '.join(ids)} ...")
    e5 = load_epreuves().get("E5")
    try:
        papers = generate_exam(course_dir=course_dir, session=SESSION, epreuve="E5", learners=ids)
    except EpreuveError as exc:
        say(f"      E5 skipped: {exc}")
        return ()
    # Each candidate sits E5 alone: their sitting is recorded in the jury session.
    plan_epreuve(course_dir=course_dir, epreuve="E5", date=day, session=SESSION)
    root = course_dir / "exams" / SESSION / "E5"
    for k, paper in enumerate(papers):
        families = e5.exam_families if k == 0 else e5.exam_families[:1]
        _solve(
            course_dir / paper.notebook,
            families,
            root / "submitted" / paper.learner / "examen-E5.ipynb",
        )
    for res in grade_exam(course_dir=course_dir, session=SESSION, epreuve="E5"):
        got, total = sum(i.points for i in res.items), sum(i.max_points for i in res.items)
        say(
            f"      {res.learner}: {number_fr(got, trim=True)} / {number_fr(total, trim=True)} points"
        )
    for learner in ids:
        levels = {}
        for comp in EXAM_COMPETENCIES:
            _answers, scores = exam_evidence(
                course_dir=course_dir, learner=learner, competency=comp
            )
            proposed = {s.criterion: s.proposed_level for s in scores}
            for crit in ref.competency(comp).criterion_ids:
                # The written answers carry the criteria autograde does not reach.
                levels[crit] = proposed.get(crit, 2)
        _assess_both(course_dir, learner, levels, "Épreuve écrite E5, copie relue.")
    return EXAM_COMPETENCIES


def run_epreuves_demo(*, course_dir: Path, day: str, say=print) -> Path:
    """Run E5 and E10 for the first two learners; return the decisions file."""
    import json

    from kamlearn.referential import load_referential
    from kamlearn.referential.epreuves_loader import load_epreuves
    from kamtrain.epreuves.kit import build_kit
    from kamtrain.epreuves.marking import assess_sitting
    from kamtrain.epreuves.sittings import cohort_learners, plan_epreuve
    from kamtrain.jury.api import open_context, submit
    from kamtrain.jury.decisions import decide_competency
    from kamtrain.jury.outcome import final_levels

    course_dir = Path(course_dir).resolve()
    ref = load_referential()
    learners = list(cohort_learners(course_dir))[:2]
    ids = [x.id for x in learners]
    _open_session(course_dir, day=day, learners=ids)
    rng = random.Random(16)

    written = _written_exam(course_dir, ids, ref, say, day)
    say("    E10 (C12–C14), role play in pairs: plan, kit, two assessors per member ...")
    plan = plan_epreuve(course_dir=course_dir, epreuve="E10", date=day, session=SESSION)
    from kamtrain.documents import pdf

    kit = build_kit(
        course_dir=course_dir, epreuve="E10", learner=ids[0], on=day, pdf=pdf.available()
    )
    own = {
        learner: {
            crit: rng.choice((1, 2, 2, 3, 3))
            for comp in ROLE_PLAY_COMPETENCIES
            for crit in ref.competency(comp).criterion_ids
        }
        for learner in ids
    }
    for assessor in ASSESSORS:
        for sitting in plan.sittings:
            # Each member of the pair on their own, criterion by criterion.
            assess_sitting(
                course_dir=course_dir,
                epreuve="E10",
                sitting=sitting.number,
                assessor=assessor,
                levels={m: own[m] for m in sitting.members},
                comment="Observé en jeu de rôle (binôme).",
                session=SESSION,
            )
        submit(course_dir=course_dir, assessor=assessor, session=SESSION)

    ctx = open_context(course_dir)
    with ctx.store() as store:
        finals, _pending = final_levels(ctx, store, store.session(SESSION))
    decisions = {}
    for learner in ids:
        mine = {c: f.level for (lid, c), f in finals.items() if lid == learner}
        decisions[learner] = {}
        for comp in (*written, *ROLE_PLAY_COMPETENCIES):
            d = decide_competency(ref.competency(comp), mine, ref.rules)
            decisions[learner][comp] = {"acquired": d.acquired, "reasons": list(d.reasons)}
            state = "acquise" if d.acquired else "non acquise"
            say(f"      {learner} {comp} ({load_epreuves().for_competency(comp).id}) : {state}")
    out = course_dir / "epreuves" / f"decisions-{SESSION}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps({"session": SESSION, "decisions": decisions}, ensure_ascii=False, indent=1),
        encoding="utf-8",
    )
    say(f"    Kit of the pair: {kit.folder}")
    return out

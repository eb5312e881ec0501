"""``kamtrain demo``: a whole session on the embedded SQLite gradebook.

Twelve simulated learners with varied work (correct, partly wrong, empty, one that
raises an exception) go through every block: generate, submit, grade, report,
feedback, and a jury: session S1, then a resit session S2 for two candidates, both sealed.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from kamlearn.errors import KamtrainError

DEMO_MARKER = ".kamtrain-demo"
LEARNERS = (
    ("amartin", "Alice", "Martin", "correct", ""),
    ("bdurand", "Bruno", "Durand", "partial", "tiers-temps"),
    ("cpetit", "Chloé", "Petit", "correct", ""),
    ("dleroy", "Damien", "Leroy", "empty", ""),
    ("efaure", "Élodie", "Faure", "partial", ""),
    ("fgarnier", "François", "Garnier", "exception", ""),
    ("gbonnet", "Gaëlle", "Bonnet", "correct", ""),
    ("hmercier", "Hugo", "Mercier", "partial", ""),
    ("ibertrand", "Inès", "Bertrand", "correct", "tiers-temps"),
    ("jroux", "Julien", "Roux", "partial", ""),
    ("kfontaine", "Karima", "Fontaine", "correct", ""),
    ("lchevalier", "Louis", "Chevalier", "partial", ""),
)


@dataclass
class DemoResult:
    course_dir: Path
    outputs: dict[str, Path] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)


def _demo_sandbox():
    """The sandbox when bubblewrap works here; otherwise the demo's own simulated work runs
    unjailed, and says so (a certification run never does: ``kamtrain grade`` refuses)."""
    from kamtrain.grading.bwrap import SandboxSettings, SandboxUnavailable, ensure_available

    try:
        ensure_available()
    except SandboxUnavailable as exc:
        print(f"WARNING: {exc}\nThe demo grades its simulated learners without the sandbox.")
        return SandboxSettings(enabled=False)
    return SandboxSettings()


def _chosen_learners(count: int | None) -> tuple[tuple[str, str, str, str, str], ...]:
    if count is None:
        return LEARNERS
    if not 1 <= count <= len(LEARNERS):
        raise KamtrainError(f"--learners must be between 1 and {len(LEARNERS)}, not {count}.")
    return LEARNERS[:count]


def write_learners_csv(path: Path, learners=LEARNERS) -> Path:
    lines = ["id,first_name,last_name,email,accommodations"]
    for learner_id, first, last, _profile, accommodations in learners:
        lines.append(f"{learner_id},{first},{last},{learner_id}@exemple.fr,{accommodations}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _prepare_folder(course_dir: Path, fresh: bool) -> None:
    if course_dir.exists() and any(course_dir.iterdir()):
        if not (course_dir / DEMO_MARKER).exists():
            raise KamtrainError(
                f"{course_dir} exists and is not a kamtrain demo folder; choose another --dir."
            )
        if not fresh:
            raise KamtrainError(f"{course_dir} already holds a demo; pass --fresh to rebuild it.")
        shutil.rmtree(course_dir)


def run_demo(
    *,
    course_dir: Path,
    fresh: bool = True,
    workers: int | None = None,
    learners: int | None = None,
    assignments: tuple[str, ...] | None = None,
    say=print,
) -> DemoResult:
    """Build, grade and deliberate on a demo cohort in ``course_dir``.

    Args:
        learners: simulate only the first ``learners`` of :data:`LEARNERS` (all by default).
        assignments: generate, submit and grade only these blocks (all by default).
    """
    from kamtrain.cohort.create import create_cohort
    from kamtrain.cohort.generate import generate_cohort
    from kamtrain.demo.simulate import make_submission
    from kamtrain.grading.pipeline import grade_cohort
    from kamtrain.grading.render import summary_text
    from kamtrain.reporting import render
    from kamtrain.reporting.criteria import build_report

    cohort = _chosen_learners(learners)
    course_dir = Path(course_dir).resolve()
    _prepare_folder(course_dir, fresh)
    staging = course_dir.parent / f".{course_dir.name}-learners.csv"
    write_learners_csv(staging, cohort)
    say(f"1/6 Creating the demo cohort in {course_dir} ...")
    create_cohort(course_dir=course_dir, name="demo", learners_csv=staging)
    staging.unlink()
    (course_dir / DEMO_MARKER).write_text("kamtrain demo\n", encoding="utf-8")
    result = DemoResult(course_dir)
    say("2/6 Generating the notebooks (papermill → source/, nbgrader → release/) ...")
    generated = generate_cohort(course_dir=course_dir, assignments=assignments, progress=True)
    say(f"    {sum(len(g.notebooks) for g in generated)} notebooks in {len(generated)} blocks")
    say(f"3/6 Simulating {len(cohort)} learners' submissions ...")
    for index, (learner_id, *_names, profile, _acc) in enumerate(cohort):
        for g in generated:
            make_submission(
                course_dir=course_dir,
                learner=learner_id,
                assignment=g.assignment,
                profile=profile,
                seed=index,
            )
    say("4/6 Grading in parallel ...")
    summary = grade_cohort(
        course_dir=course_dir, workers=workers, progress=True, sandbox=_demo_sandbox()
    )
    say(summary_text(summary))
    say("5/6 Reports and feedback ...")
    report = build_report(course_dir=course_dir)
    html = course_dir / "reports" / "criteres.html"
    html.write_text(render.to_html(report), encoding="utf-8")
    (course_dir / "reports" / "criteres.csv").write_text(render.to_csv(report), encoding="utf-8")
    result.outputs["criteria report"] = html
    result.outputs["grading report"] = course_dir / "reports" / "grading-latest.json"
    result.outputs["learner feedback"] = _feedback(course_dir, say)
    result.outputs["similarity report"] = _similarity(course_dir, say)
    say("6/6 Jury: session S1, then a resit session S2 for two candidates ...")
    jury = _jury(course_dir, say)
    result.outputs["jury minutes (PV), session S1"] = jury.pv_s1
    result.outputs["jury minutes (PV), resit session S2"] = jury.pv_s2
    say("Certification épreuves: E5 (written exam) and E10 (role play in pairs) ...")
    result.outputs["épreuve decisions"] = _epreuves(course_dir, say)
    return result


def _epreuves(course_dir: Path, say) -> Path:
    from datetime import date

    from kamtrain.demo.epreuves import run_epreuves_demo

    return run_epreuves_demo(course_dir=course_dir, day=date.today().isoformat(), say=say)


def _feedback(course_dir: Path, say) -> Path:
    from kamtrain.feedback.render import generate_feedback

    pages = generate_feedback(course_dir=course_dir)
    say(f"    {len(pages)} feedback page(s) for learners")
    return course_dir / "feedback"


def _similarity(course_dir: Path, say) -> Path:
    from kamtrain.similarity.compare import rank_pairs
    from kamtrain.similarity.render import to_html

    report = rank_pairs(course_dir=course_dir)
    path = course_dir / "reports" / "similarite.html"
    path.write_text(to_html(report), encoding="utf-8")
    say(f"    {len(report.flagged)} pair(s) of submissions flagged as similar (copy detection)")
    return path


def _jury(course_dir: Path, say):
    from kamtrain.demo.jury import run_demo_jury
    from kamtrain.documents import pdf

    if not pdf.available():
        say("    PDF documents skipped (HTML only): pip install 'kamtrain[pdf]' for them")
    jury = run_demo_jury(course_dir=course_dir)
    say(f"    S1 sealed {jury.seals[0]}")
    say(f"    S2 (resit: {', '.join(jury.resit_candidates)}) sealed {jury.seals[1]}")
    say(
        "    kamtrain jury verify: "
        + ("chain and seals hold" if jury.verified else "PROBLEMS FOUND, run it to see them")
    )
    return jury

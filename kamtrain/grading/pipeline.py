"""``kamtrain grade``: the grading pipeline, one readable list of small steps."""

from __future__ import annotations

import shutil
import time
from dataclasses import asdict, replace
from pathlib import Path

from kamtrain.grading.bwrap import SandboxSettings
from kamtrain.grading.model import GradingSummary, NotebookJob, Problem, SubmissionResult
from kamtrain.grading.report import write_grading_report
from kamtrain.grading.scratch import private_tmp
from kamtrain.lock import locked
from kamtrain.similarity.compare import check_threshold
from kamtrain.similarity.model import DEFAULT_THRESHOLD


@locked("grade")
@private_tmp
def grade_cohort(
    *,
    course_dir: Path,
    assignment: str | None = None,
    learner: str | None = None,
    workers: int | None = None,
    timeout: int = 30,
    progress: bool = False,
    sandbox: SandboxSettings | None = None,
    similarity_threshold: float | None = DEFAULT_THRESHOLD,
    scheduler: str | None = None,
) -> GradingSummary:
    """Grade every submission of a cohort (or one assignment / learner).

    Learners' code runs in a bubblewrap jail per notebook (``sandbox``, on by default:
    without bubblewrap this raises :class:`~kamtrain.grading.bwrap.SandboxUnavailable`
    unless ``SandboxSettings(enabled=False)`` is passed, which the report records).
    Pairs of submissions at or above ``similarity_threshold`` (None: no copy detection)
    are flagged in the report (:mod:`kamtrain.similarity`). With ``scheduler`` (a Dask
    scheduler's address) notebooks execute on that cluster's workers
    (:mod:`kamtrain.grading.dask_route`); recording stays here.
    """
    from kamtrain.backups import _sqlite_path, backup_gradebook
    from kamtrain.cohort.config import read_config
    from kamtrain.environment import check_numpy
    from kamtrain.grading import diskspace, safekeep
    from kamtrain.grading.bwrap import ensure_available
    from kamtrain.grading.discover import discover
    from kamtrain.grading.execute import ExecutionSettings
    from kamtrain.grading.inspect import stage
    from kamtrain.grading.parallel import default_workers, run_jobs
    from kamtrain.grading.record import EXECUTED, STAGING
    from kamtrain.grading.risks import with_residual_risk
    from kamtrain.grading.stale import update_stale
    from kamtrain.nbgrader_adapter.api import ensure_venv_on_path

    started = time.perf_counter()
    if similarity_threshold is not None:
        check_threshold(similarity_threshold)
    course_dir = Path(course_dir).resolve()
    ensure_venv_on_path()
    config = read_config(course_dir)
    # Expected values depend on numpy's random streams: refuse a grader whose numpy differs
    # from the one the cohort's notebooks were generated with.
    check_numpy(course_dir, assignment=assignment)
    workers = workers or default_workers()
    sandbox = sandbox or SandboxSettings()
    # Refuse to run learners' code unjailed unless the trainer said so explicitly.
    bwrap = ensure_available() if sandbox.enabled and not scheduler else None
    if scheduler:  # before anything is written: reachable, with fit workers
        from kamtrain.grading.dask_route import check_cluster

        workers = check_cluster(scheduler, sandbox=sandbox.enabled)
    # 0. A run killed while recording left previous autograded/ folders aside: put them back.
    safekeep.recover(course_dir)
    gradebook_size = diskspace.gradebook_size(course_dir, _sqlite_path(config.db_url))
    diskspace.ensure_space(course_dir, 2 * gradebook_size, "backing up the gradebook")

    # 1. What to grade.
    submissions = discover(course_dir, assignment=assignment, learner=learner)
    # 2. Nothing is lost: the gradebook is backed up before anything writes to it.
    backup = backup_gradebook(course_dir=course_dir, db_url=config.db_url)
    # 3. Inspect and stage copies; submitted/ is never modified.
    staging_root = course_dir / STAGING
    executed_root = course_dir / EXECUTED
    for folder in (staging_root, executed_root):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    problems: dict[tuple[str, str], list] = {}
    jobs: list[NotebookJob] = []
    for sub in submissions:
        try:
            folder, found, gradable, stand_ins = stage(course_dir, sub, staging_root)
        except Exception as exc:  # noqa: BLE001 - one unreadable submission must not stop the cohort
            shutil.rmtree(staging_root / sub.learner / sub.assignment, ignore_errors=True)
            problems[(sub.learner, sub.assignment)] = [
                Problem("invalid_notebook", f"Remise illisible, non notée : {type(exc).__name__}.")
            ]
            continue
        problems[(sub.learner, sub.assignment)] = list(found)
        jobs.extend(
            NotebookJob(sub.learner, sub.assignment, name, folder / f"{name}.ipynb")
            for name in gradable
        )
        jobs.extend(
            NotebookJob(sub.learner, sub.assignment, name, folder / f"{name}.ipynb", execute=False)
            for name in stand_ins
        )
    # 4. Execute in parallel, each notebook isolated in its own temporary folder.
    settings = ExecutionSettings(
        course_dir=course_dir,
        course_id=config.name,
        db_url=config.db_url,
        cohort_key=config.cohort_key,
        executed_root=executed_root,
        timeout=timeout,
        accommodations=_accommodations(course_dir),
        sandbox=sandbox,
    )
    # 5. Record each submission as soon as all its notebooks are executed, in one
    # recorder thread (the only writer to the gradebook) while the workers go on.
    expected: dict[tuple[str, str], set] = {}
    for job in jobs:
        expected.setdefault((job.learner, job.assignment), set()).add(job.notebook)
    recorder = _recorder(course_dir, config, expected, executed_root, gradebook_size)
    bar = _progress_bar(len(jobs)) if progress else None

    def done(outcome) -> None:
        if bar:
            bar.update(1)
        recorder.outcome(outcome)  # raises the recorder's error (a full disk): stop

    t_exec = time.perf_counter()
    # Each kernel runs in its own jail and sees nothing of the cohort folder; verdicts
    # are computed by the workers, outside the jails.
    cluster = None
    try:
        if scheduler:
            from kamtrain.grading.dask_route import run_on_cluster

            outcomes, cluster = run_on_cluster(jobs, settings, scheduler=scheduler, progress=done)
        else:
            outcomes = run_jobs(jobs, settings, workers=workers, progress=done)
        exec_seconds = time.perf_counter() - t_exec
        if bar:
            bar.close()
        t_tail = time.perf_counter()
        recorder.finish()
    except BaseException:
        recorder.abandon()
        raise
    record_tail_seconds = time.perf_counter() - t_tail
    for outcome in outcomes:
        problems[(outcome.learner, outcome.assignment)].extend(outcome.problems)
    incidents: tuple[Problem, ...] = ()
    if not sandbox.enabled:
        incidents = (
            Problem(
                "no_sandbox",
                "Notation lancée avec l'option --no-sandbox : le code des apprenants s'est exécuté "
                "sans bac à sable, avec les droits du formateur.",
            ),
        )
    record_logs, recorded = recorder.logs, recorder.recorded
    # 6. Read back the scores, check them against the verdicts, and report.
    for key, problem in _parity(config, outcomes).items():
        problems[key].append(problem)
    results = _results(config, submissions, problems, record_logs, recorded)
    disk_full: list = []
    with diskspace.note_disk_full(disk_full, course_dir / "reports", "marking stale scores"):
        update_stale(course_dir, results)
    for folder in (staging_root, executed_root):
        shutil.rmtree(folder, ignore_errors=True)
    # 7. Copy detection: pairs of submissions similar enough for the jury to look at.
    similar = _similar(course_dir, submissions, similarity_threshold)
    summary = GradingSummary(
        course_dir=course_dir,
        results=tuple(results),
        seconds=time.perf_counter() - started,
        workers=workers,
        backup=backup,
        incidents=tuple(with_residual_risk(p) for p in incidents),
        sandbox=_sandbox_record(sandbox, bwrap),
        similar=similar,
        timings={
            "execute_seconds": round(exec_seconds, 3),
            "record_seconds": round(recorder.busy_seconds, 3),
            # Recording left once every notebook had executed (the rest overlapped).
            "record_tail_seconds": round(record_tail_seconds, 3),
            "execution_ended_at": max((o.ended_at for o in outcomes), default=0.0),
            "record_batches": recorder.batches,
            "kernel_start_seconds": round(sum(o.kernel_seconds for o in outcomes), 3),
            "notebook_seconds": round(sum(o.seconds for o in outcomes), 3),
            "notebooks": len(outcomes),
            **({"cluster": asdict(cluster)} if cluster else {}),
        },
    )
    with diskspace.note_disk_full(disk_full, course_dir / "reports", "writing the report"):
        write_grading_report(summary)
    if disk_full:
        summary = replace(summary, incidents=summary.incidents + tuple(disk_full))
    return summary


def _recorder(course_dir: Path, config, expected: dict, executed_root: Path, gradebook_size: int):
    """The recorder thread, with the record step's rules applied to each batch."""
    from kamtrain.grading import diskspace, safekeep
    from kamtrain.grading.record import record
    from kamtrain.grading.recorder import Recorder, executed_size, overlap_recording
    from kamtrain.grading.stale import mark_recording

    def before(batch) -> None:
        diskspace.ensure_space(
            course_dir,
            2 * executed_size(executed_root, batch) + 2 * gradebook_size,
            "recording the grades (autograded/ and the gradebook)",
        )
        mark_recording(course_dir, batch)
        safekeep.hold_previous(course_dir, batch)

    def after(batch, logs, failed) -> set:
        notebooks = {key: expected[key] for key in batch}
        return safekeep.settle(course_dir, notebooks, logs, failed=failed)

    def record_batch(assignment: str, learners: list[str]) -> dict:
        return record(
            course_dir=course_dir,
            course_id=config.name,
            db_url=config.db_url,
            assignment=assignment,
            learners=learners,
        )

    return Recorder(
        expected=expected,
        record_batch=record_batch,
        before_batch=before,
        after_batch=after,
        overlap=overlap_recording(),
    )


def _similar(course_dir: Path, submissions, threshold: float | None) -> tuple:
    """The flagged pairs of the graded assignments that involve a graded learner."""
    from kamtrain.similarity.compare import flag_similar

    if threshold is None:
        return ()
    graded = {s.learner for s in submissions}
    return tuple(
        pair
        for name in sorted({s.assignment for s in submissions})
        for pair in flag_similar(course_dir, name, threshold=threshold)
        if {pair.learner_a, pair.learner_b} & graded
    )


def _sandbox_record(sandbox: SandboxSettings, bwrap: str | None) -> dict:
    from dataclasses import asdict

    from kamtrain.grading.limits import process_cap

    if not sandbox.enabled:
        return {"enabled": False}
    return {
        "enabled": True,
        "bwrap": bwrap,
        "limits": asdict(sandbox.limits),
        "process_cap": process_cap(),
    }


def _parity(config, outcomes) -> dict:
    """Recorded scores that differ from the trusted verdicts, as named problems.

    nbgrader's record step replays the verdicts; a graded cell whose recorded score is
    not its verdict (a replay mismatch) is reported, never silently scored.
    """
    from kamtrain.nbgrader_adapter.gradebook import open_gradebook

    found = {}
    with open_gradebook(config.db_url, config.name) as gb:
        for outcome in outcomes:
            for verdict in outcome.verdicts:
                try:
                    grade = gb.find_grade(
                        verdict.grade_id,
                        outcome.notebook,
                        outcome.assignment,
                        outcome.learner,
                    )
                except Exception:  # noqa: BLE001 - no such row: reported as a mismatch below
                    grade = None
                recorded = None if grade is None else grade.auto_score
                if recorded is None or abs(float(recorded) - verdict.earned) > 1e-6:
                    found[(outcome.learner, outcome.assignment)] = Problem(
                        "replay_mismatch",
                        f"Note enregistrée ({recorded}) différente du verdict ({verdict.earned:g}) "
                        f"pour {verdict.item} : notez à nouveau cette remise.",
                        outcome.notebook,
                    )
            # One submission at a time: nbgrader's ORM objects would otherwise pile up in
            # the session for the whole cohort.
            gb.db.expunge_all()
    return found


def _accommodations(course_dir: Path) -> dict:
    from kamtrain.cohort.learners import read_learners

    path = course_dir / "learners.csv"
    if not path.exists():
        return {}
    return {lr.id: lr.accommodations for lr in read_learners(path) if lr.accommodations}


def _progress_bar(total: int):
    from tqdm.auto import tqdm

    return tqdm(total=total, desc="Grading", unit="nb")


def _results(config, submissions, problems, record_logs, recorded) -> list[SubmissionResult]:
    from kamtrain.grading.risks import with_residual_risk
    from kamtrain.nbgrader_adapter.gradebook import MissingEntry, open_gradebook

    results = []
    with open_gradebook(config.db_url, config.name) as gb:
        for sub in submissions:
            found = [with_residual_risk(p) for p in problems[(sub.learner, sub.assignment)]]
            try:
                submission = gb.find_submission(sub.assignment, sub.learner)
                score, max_score = float(submission.score), float(submission.max_score)
            except MissingEntry:
                score = max_score = None
            if score is None or (sub.learner, sub.assignment) not in recorded:
                # Honest status: a score left from an earlier run is not this run's.
                found.append(with_residual_risk(_record_failure(record_logs, sub, score)))
                results.append(
                    SubmissionResult(
                        sub.learner,
                        sub.assignment,
                        "failed",
                        score,
                        max_score,
                        tuple(found),
                        stale=score is not None,
                    )
                )
                continue
            status = "graded_with_problems" if found else "graded"
            results.append(
                SubmissionResult(
                    sub.learner, sub.assignment, status, score, max_score, tuple(found)
                )
            )
    return results


def _record_failure(record_logs, sub, score):
    from kamtrain.grading.model import Problem

    result = record_logs.get((sub.learner, sub.assignment), {})
    text = f"{result.get('log') or ''}\n{result.get('error') or ''}"
    if "No space left on device" in text or "disk is full" in text:
        detail = "disque plein"
    else:
        lines = (result.get("error") or "").strip().splitlines()
        detail = lines[-1] if lines else "voir le journal de nbgrader"
    message = f"nbgrader n'a pas pu enregistrer cette remise : {detail}."
    if score is not None:
        shown = f"{score:g}".replace(".", ",")
        message += (
            f" La note affichée ({shown}) vient d'une correction précédente : elle est "
            "périmée, relancez la correction."
        )
    return Problem("execution_error", message)

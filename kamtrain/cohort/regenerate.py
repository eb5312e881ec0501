"""``kamtrain cohort regenerate``: refresh ``source/`` and ``release/`` after the workbook changes.

The new ``source/`` is first written to a staging folder inside the cohort
(``.kamtrain/regenerate/``) and compared with the current one, so the trainer sees what
changes (and conflicts are found) before anything is written. Then the gradebook is
backed up, the current ``source/`` and ``release/`` folders are kept aside, the staged
notebooks replace ``source/`` and nbgrader regenerates ``release/``. If any step fails,
or the check below finds protected data changed, everything is rolled back
(:mod:`kamtrain.cohort.transaction`) and the error says what was put back.

Nothing learners or the jury produced is touched: ``submitted/``, ``autograded/``,
``feedback/``, the grades and comments of the gradebook and its ``kamtrain_*`` tables.
That is checked after the run, not only promised: a fingerprint of each is taken
before and compared after.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kamlearn.errors import (
    CohortError,
    RegenerateConflictError,
    RegenerateIntegrityError,
    RegenerateRolledBackError,
)
from kamtrain.cohort.fingerprint import (
    PROTECTED,
    gradebook_fingerprint,
    protected_fingerprint,
    sha256_hex,
    tree_hashes,
)
from kamtrain.lock import locked

_PARAMETERS_CELL = "kamtrain_parametres"


@dataclass(frozen=True)
class NotebookChange:
    """How one notebook of ``source/`` changes.

    ``status`` is "added", "removed", "changed" (learner-visible content differs) or
    "parameters" (only the injected parameters, e.g. the generation date, differ).
    Cells are named by their nbgrader ``grade_id``, else ``id:<cell id>``.
    """

    assignment: str
    notebook: str
    status: str
    added_cells: tuple[str, ...] = ()
    removed_cells: tuple[str, ...] = ()
    changed_cells: tuple[str, ...] = ()


@dataclass(frozen=True)
class RegenerateReport:
    course_dir: Path
    cohort: str
    assignments: tuple[str, ...]
    changes: tuple[NotebookChange, ...]
    #: Paths under ``release/`` added, removed or whose bytes changed.
    release_changed: tuple[str, ...]
    backup: Path | None
    dry_run: bool
    seconds: float

    def with_status(self, status: str) -> list[NotebookChange]:
        return [c for c in self.changes if c.status == status]

    @property
    def unchanged(self) -> bool:
        return not any(c.status != "parameters" for c in self.changes)


# --- fingerprints ---------------------------------------------------------------------------


# --- notebook comparison --------------------------------------------------------------------


def _cell_key(cell, index: int) -> str:
    grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
    if grade_id:
        return grade_id
    return f"id:{cell['id']}" if cell.get("id") else f"#{index}"


def cell_hashes(nb) -> dict[str, str]:
    """``{cell key: hash of its type, source and our / nbgrader metadata}``."""
    out = {}
    for index, cell in enumerate(nb.cells):
        payload = json.dumps(
            [
                cell.cell_type,
                cell.source,
                cell.metadata.get("nbgrader", {}),
                cell.metadata.get("kamtrain", {}),
            ],
            sort_keys=True,
            ensure_ascii=False,
        )
        out[_cell_key(cell, index)] = sha256_hex(payload.encode("utf-8"))
    return out


def compare_notebooks(assignment: str, name: str, old, new) -> NotebookChange | None:
    """The change from ``old`` to ``new`` (either may be None), or None if identical."""
    if old is None:
        return NotebookChange(assignment, name, "added", added_cells=tuple(cell_hashes(new)))
    if new is None:
        return NotebookChange(assignment, name, "removed", removed_cells=tuple(cell_hashes(old)))
    before, after = cell_hashes(old), cell_hashes(new)
    added = tuple(k for k in after if k not in before)
    removed = tuple(k for k in before if k not in after)
    changed = tuple(k for k in after if k in before and before[k] != after[k])
    if not (added or removed or changed):
        return None
    status = (
        "parameters" if not (added or removed) and changed == (_PARAMETERS_CELL,) else "changed"
    )
    return NotebookChange(assignment, name, status, added, removed, changed)


# --- the command ----------------------------------------------------------------------------


def _read_notebooks(folder: Path) -> dict:
    import nbformat

    return {p.stem: nbformat.read(p, as_version=4) for p in sorted(folder.glob("*.ipynb"))}


def _submission_counts(config, assignment: str) -> dict[str, int]:
    """``{notebook: number of submissions}`` recorded in the gradebook for ``assignment``."""
    from kamtrain.nbgrader_adapter.gradebook import MissingEntry, open_gradebook

    with open_gradebook(config.db_url, config.name) as gb:
        try:
            found = gb.find_assignment(assignment)
        except MissingEntry:
            return {}
        return {nb.name: len(nb.submissions) for nb in found.notebooks}


def _check_conflicts(config, assignment: str, old: dict, new: dict) -> None:
    """Refuse changes nbgrader cannot make once learners have submitted."""
    from kamtrain.nbgrader_adapter.cells import recorded_cell_ids

    counts = _submission_counts(config, assignment)
    problems = []
    for name, count in sorted(counts.items()):
        if not count:
            continue
        if name not in new:
            problems.append(
                f"{assignment}/{name}: notebook removed but {count} submission(s) exist"
            )
            continue
        before = recorded_cell_ids(old[name]) if name in old else None
        after = recorded_cell_ids(new[name])
        if before is not None and before != after:
            gone = sorted(set().union(*before) - set().union(*after))
            extra = sorted(set().union(*after) - set().union(*before))
            detail = "; ".join(
                part
                for part in (
                    f"removed {', '.join(gone)}" if gone else "",
                    f"added {', '.join(extra)}" if extra else "",
                    "" if gone or extra else "cells changed role (grade/solution/locked)",
                )
                if part
            )
            problems.append(f"{assignment}/{name}: {detail} while {count} submission(s) exist")
    if problems:
        raise RegenerateConflictError(problems)


def _stage(config, assignments, staging: Path, today: date | None) -> None:
    from kamtrain.cohort.generate import cohort_parameters, generation_record, write_source
    from kamtrain.paths import notebooks_dir

    parameters = cohort_parameters(config, today=today)
    record = generation_record(config, today=today)
    for assignment in assignments:
        workbook_dir = notebooks_dir() / assignment
        if not workbook_dir.is_dir():
            raise CohortError(
                f"workbook folder {workbook_dir} not found (is KAMTRAIN_HOME the right workbook?)"
            )
        write_source(
            workbook_dir=workbook_dir,
            source_dir=staging / assignment,
            parameters=parameters,
            record=record,
        )


def _install(staged: Path, target: Path, removed: list[str]) -> None:
    """Copy the staged files into ``source/<assignment>`` and drop removed notebooks."""
    target.mkdir(parents=True, exist_ok=True)
    for name in removed:
        (target / f"{name}.ipynb").unlink(missing_ok=True)
    for path in staged.iterdir():
        if path.is_file():
            shutil.copy2(path, target / path.name)


def _forget_notebooks(config, assignment: str, names: list[str]) -> None:
    """Drop removed notebooks (without submissions, checked before) from the gradebook."""
    from kamtrain.nbgrader_adapter.gradebook import MissingEntry, open_gradebook

    with open_gradebook(config.db_url, config.name) as gb:
        for name in names:
            with contextlib.suppress(MissingEntry):
                gb.remove_notebook(name, assignment)


@locked("cohort regenerate")
def regenerate_cohort(
    *,
    course_dir: Path,
    assignments: tuple[str, ...] | None = None,
    dry_run: bool = False,
    progress: bool = False,
    today: date | None = None,
) -> RegenerateReport:
    """Regenerate a cohort's notebooks from the current workbook and report what changed.

    Args:
        course_dir: the cohort folder.
        assignments: only these workbook folders (default: all of the cohort's).
        dry_run: compare only; write nothing, back up nothing.
        progress: show a progress bar (tqdm) while regenerating.
        today: the generation date recorded in the notebooks (default: today).

    Raises:
        RegenerateConflictError: a notebook with submissions would gain or lose graded
            cells, which nbgrader refuses; nothing has been written.
        RegenerateRolledBackError: a step failed after writing began, or a protected
            folder or gradebook row changed (RegenerateIntegrityError, its ``cause``):
            source/, release/ and the gradebook were put back as they were.
    """
    from kamtrain.backups import backup_gradebook
    from kamtrain.cohort.config import read_config
    from kamtrain.cohort.transaction import Swap
    from kamtrain.nbgrader_adapter.api import ensure_venv_on_path

    started = time.perf_counter()
    ensure_venv_on_path()
    course_dir = Path(course_dir).resolve()
    config = read_config(course_dir)
    chosen = config.chosen(assignments)
    # Staged inside the cohort (same disk, same permissions), removed by the next run.
    work = course_dir / ".kamtrain" / "regenerate"
    shutil.rmtree(work, ignore_errors=True)
    staging = work / "new"
    staging.mkdir(parents=True)
    try:
        _stage(config, chosen, staging, today)
        changes: list[NotebookChange] = []
        plans = {}
        for assignment in chosen:
            old = _read_notebooks(course_dir / "source" / assignment)
            new = _read_notebooks(staging / assignment)
            for name in sorted(set(old) | set(new)):
                change = compare_notebooks(assignment, name, old.get(name), new.get(name))
                if change is not None:
                    changes.append(change)
            _check_conflicts(config, assignment, old, new)
            plans[assignment] = sorted(set(old) - set(new))
        release_before = tree_hashes(course_dir / "release")
        if dry_run:
            return RegenerateReport(
                course_dir, config.name, chosen, tuple(changes), (), None, True,
                time.perf_counter() - started,
            )  # fmt: skip
        backup = backup_gradebook(course_dir=course_dir, db_url=config.db_url)
        protected = protected_fingerprint(course_dir)
        grades = gradebook_fingerprint(db_url=config.db_url, course_id=config.name)
        folders = [f"{top}/{a}" for a in chosen for top in ("source", "release")]
        with Swap(course_dir, work, folders, backup=backup, db_url=config.db_url) as swap:
            try:
                _swap_in(config, course_dir, chosen, staging, plans, progress)
                _verify(course_dir, config, protected, grades, backup)
            except Exception as exc:
                raise RegenerateRolledBackError(exc, swap.rollback()) from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
    release_after = tree_hashes(course_dir / "release")
    release_changed = tuple(
        sorted(
            k
            for k in set(release_before) | set(release_after)
            if release_before.get(k) != release_after.get(k) and k.split("/", 1)[0] in chosen
        )
    )
    return RegenerateReport(
        course_dir=course_dir,
        cohort=config.name,
        assignments=chosen,
        changes=tuple(changes),
        release_changed=release_changed,
        backup=backup,
        dry_run=False,
        seconds=time.perf_counter() - started,
    )


def _swap_in(config, course_dir: Path, chosen, staging: Path, plans: dict, progress: bool):
    """Install the staged source/ of each assignment and regenerate its release/."""
    from kamlearn.errors import NbgraderActionError
    from kamtrain.cohort.selfcheck_file import write_selfcheck_file
    from kamtrain.nbgrader_adapter.api import make_api, run_action

    api = make_api(course_dir, course_id=config.name, db_url=config.db_url)
    for assignment in _bar(chosen, progress):
        _install(staging / assignment, course_dir / "source" / assignment, plans[assignment])
        if plans[assignment]:
            _forget_notebooks(config, assignment, plans[assignment])
        try:
            run_action("generate_assignment", api.generate_assignment(assignment, force=True))
        except NbgraderActionError as exc:
            if "Cannot add or remove cells" in (exc.error or "") + (exc.log or ""):
                raise RegenerateConflictError([f"{assignment}: {exc}"]) from exc
            raise
        write_selfcheck_file(course_dir=course_dir, assignment=assignment, cohort=config.cohort_key)


def _bar(items, progress: bool):
    if not progress:
        return items
    from tqdm.auto import tqdm

    return tqdm(items, desc="Regenerating", unit="assignment")


def _verify(course_dir: Path, config, protected: dict, grades: dict, backup: Path | None) -> None:
    after = protected_fingerprint(course_dir)
    moved = [name for name in PROTECTED if after[name] != protected[name]]
    if gradebook_fingerprint(db_url=config.db_url, course_id=config.name) != grades:
        moved.append("gradebook grades/comments/kamtrain_* tables")
    if moved:
        raise RegenerateIntegrityError(moved, backup)

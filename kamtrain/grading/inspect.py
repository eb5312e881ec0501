"""Inspect each submission and stage a copy nbgrader can read.

The learner's folder in ``submitted/`` is never modified. Its copy in the staging area
leaves out files that are not valid notebooks (nbgrader then scores them as missing),
and the inspection reports tampering that nbgrader repairs silently: edited locked or
test cells (restored from the source version), deleted grade cells (added back) and
reordered cells (graded as submitted).
"""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path

from kamtrain.grading.discover import Submission
from kamtrain.grading.model import Problem

MAX_NOTEBOOK_BYTES = 50 * 1024 * 1024


def _grade_ids(nb) -> list[str]:
    ids = []
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade_id") and (
            meta.get("grade") or meta.get("solution") or meta.get("locked")
        ):
            ids.append(meta["grade_id"])
    return ids


def _protected_sources(nb) -> dict[str, str]:
    """grade_id -> source of cells the learner must not edit (locked or test cells)."""
    out = {}
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade_id") and meta.get("locked") and not meta.get("solution"):
            out[meta["grade_id"]] = cell.get("source", "")
    return out


def read_notebook(path: Path):
    """Read a submitted notebook, or return a Problem saying why it cannot be graded."""
    import nbformat

    name = path.stem
    if path.stat().st_size > MAX_NOTEBOOK_BYTES:
        return None, Problem("invalid_notebook", f"Fichier de plus de 50 Mo : {path.name}.", name)
    raw = path.read_bytes()
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        kind = "not_a_notebook" if not raw.lstrip().startswith(b"{") else "invalid_notebook"
        return None, Problem(
            kind, f"{path.name} n'est pas un carnet JSON lisible ({type(exc).__name__}).", name
        )
    try:
        if not isinstance(data, dict):
            raise ValueError("the top level is not a JSON object")
        with warnings.catch_warnings():
            # Missing cell ids are repaired by nbformat; they are not the learner's fault.
            warnings.simplefilter("ignore")
            nb = nbformat.reads(raw.decode("utf-8"), as_version=4)
            nbformat.validate(nb)
        if data.get("nbformat") != 4:
            raise ValueError(f"nbformat {nb.get('nbformat')!r} instead of 4")
    except Exception as exc:  # noqa: BLE001 - any invalid structure is reported, not raised
        message = str(exc).splitlines()[0][:200]
        return None, Problem(
            "invalid_notebook", f"{path.name} : structure de carnet invalide ({message}).", name
        )
    return nb, None


def compare_with_source(nb, source_nb, name: str) -> list[Problem]:
    problems = []
    source_ids = _grade_ids(source_nb)
    submitted_ids = _grade_ids(nb)
    missing = [g for g in source_ids if g not in submitted_ids]
    if missing:
        problems.append(
            Problem(
                "cells_restored",
                "Cellules notées supprimées puis restaurées depuis la version source : "
                + ", ".join(missing)
                + ".",
                name,
            )
        )
    kept = [g for g in submitted_ids if g in source_ids]
    if kept != [g for g in source_ids if g in kept]:
        problems.append(
            Problem(
                "cells_reordered",
                "L'ordre des cellules notées a été modifié ; le carnet est noté tel que remis.",
                name,
            )
        )
    source_protected = _protected_sources(source_nb)
    edited = [
        gid
        for gid, text in _protected_sources(nb).items()
        if gid in source_protected and text != source_protected[gid]
    ]
    if edited:
        problems.append(
            Problem(
                "tampered_cells",
                "Cellules verrouillées ou de test modifiées (restaurées depuis la version source) : "
                + ", ".join(edited)
                + ".",
                name,
            )
        )
    return problems


def _stage_release(course_dir: Path, submission: Submission, name: str, path: Path) -> None:
    """Stand-in for a missing or unreadable notebook: the unanswered release version."""
    release = course_dir / "release" / submission.assignment / f"{name}.ipynb"
    shutil.copyfile(
        release
        if release.exists()
        else course_dir / "source" / submission.assignment / f"{name}.ipynb",
        path,
    )


def stage(
    course_dir: Path, submission: Submission, staging_root: Path
) -> tuple[Path, list[Problem], list[str], list[str]]:
    """Copy a submission to the staging area.

    Returns:
        (folder, problems, gradable notebooks, stand-ins): a stand-in is a missing or
        unreadable notebook replaced by its release version, scored 0 without running.
    """
    import nbformat

    target = staging_root / submission.learner / submission.assignment
    if target.exists():
        shutil.rmtree(target)
    from kamtrain.grading.safecopy import copy_regular_tree

    # Never follow what the learner handed in: links, pipes and devices are left out.
    left_out = copy_regular_tree(
        submission.folder, target, ignore=lambda name: name == ".ipynb_checkpoints"
    )
    problems: list[Problem] = (
        [
            Problem(
                "unsafe_file",
                "Fichiers laissés de côté (ni lus ni copiés) : "
                + ", ".join(f"{s.path} ({s.reason})" for s in left_out[:10])
                + (" …" if len(left_out) > 10 else "")
                + ".",
            )
        ]
        if left_out
        else []
    )
    gradable: list[str] = []
    placeholders: list[str] = []
    for name in submission.expected_notebooks:
        path = target / f"{name}.ipynb"
        if not path.exists():
            problems.append(
                Problem(
                    "missing_notebook", f"Carnet {name}.ipynb absent de la remise (note 0).", name
                )
            )
            _stage_release(course_dir, submission, name, path)
            placeholders.append(name)
            continue
        nb, problem = read_notebook(path)
        if problem:
            problems.append(problem)
            path.unlink()
            _stage_release(course_dir, submission, name, path)
            placeholders.append(name)
            continue
        # Learners received the release version (hidden tests removed): compare with it.
        reference = course_dir / "release" / submission.assignment / f"{name}.ipynb"
        if not reference.exists():
            reference = course_dir / "source" / submission.assignment / f"{name}.ipynb"
        problems.extend(compare_with_source(nb, nbformat.read(reference, as_version=4), name))
        gradable.append(name)
    return target, problems, gradable, placeholders

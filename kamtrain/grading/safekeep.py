"""Keep each submission's previous ``autograded/`` folder until its new one is recorded.

nbgrader's autograde deletes a submission's ``autograded/<learner>/<assignment>/`` before
writing it again, and deletes it again when recording fails (a full disk, a database
error). Before the record step the previous folders are moved aside, on the same disk,
into ``.kamtrain/previous-autograded/``; after it, a submission that was recorded drops
its previous folder and one that failed gets it back. A run killed in between leaves
them there, and the next run puts them back before it starts.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path

HELD = ".kamtrain/previous-autograded"
_FAILED = re.compile(r"There was an error processing assignment '([^']*)' for student '([^']*)'")

Key = tuple[str, str]  # (learner, assignment)


def _put_back(held: Path, dest: Path) -> None:
    if dest.exists():
        shutil.rmtree(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    os.replace(held, dest)


def recover(course_dir: Path) -> list[Key]:
    """Put back the previous folders a killed run had moved aside; return whose."""
    root = Path(course_dir) / HELD
    if not root.is_dir():
        return []
    restored = []
    for held in sorted(p for p in root.glob("*/*") if p.is_dir()):
        learner, assignment = held.parent.name, held.name
        _put_back(held, Path(course_dir) / "autograded" / learner / assignment)
        restored.append((learner, assignment))
    shutil.rmtree(root, ignore_errors=True)
    return restored


def hold_previous(course_dir: Path, keys: Iterable[Key]) -> None:
    """Move the submissions' current ``autograded/`` folders aside (a rename: no copy)."""
    root = Path(course_dir) / HELD
    for learner, assignment in keys:
        current = Path(course_dir) / "autograded" / learner / assignment
        if current.is_dir():
            (root / learner).mkdir(parents=True, exist_ok=True)
            os.replace(current, root / learner / assignment)


def failed_in_logs(results: Iterable[dict]) -> set[Key]:
    """(learner, assignment) pairs nbgrader's autograde logs name as failed."""
    found = set()
    for result in results:
        text = f"{result.get('log') or ''}\n{result.get('error') or ''}"
        found |= {(student, assignment) for assignment, student in _FAILED.findall(text)}
    return found


def settle(
    course_dir: Path,
    notebooks: Mapping[Key, Iterable[str]],
    record_results: Iterable[dict],
    *,
    failed: Iterable[Key] = (),
) -> set[Key]:
    """After recording ``notebooks``' submissions (all of the run's, or one batch of them):
    which were recorded; the others get their folder back.

    Recorded means: every notebook is in ``autograded/``, nbgrader logged no error for
    it and it is not in ``failed`` (its record call raised). Other submissions' held
    folders are left alone.
    """
    failed = failed_in_logs(record_results) | set(failed)
    root = Path(course_dir) / HELD
    recorded = set()
    for key, names in notebooks.items():
        learner, assignment = key
        folder = Path(course_dir) / "autograded" / learner / assignment
        held = root / learner / assignment
        if key not in failed and all((folder / f"{n}.ipynb").is_file() for n in names):
            recorded.add(key)
            shutil.rmtree(held, ignore_errors=True)
        elif held.is_dir():
            _put_back(held, folder)
        _remove_if_empty(held.parent)
    _remove_if_empty(root)
    return recorded


def _remove_if_empty(folder: Path) -> None:
    # Not empty (another batch's held folders), or already gone: left as it is.
    with contextlib.suppress(OSError):
        folder.rmdir()

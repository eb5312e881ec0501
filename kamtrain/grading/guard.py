"""Watch the course folder while learners' code runs; undo and report what changed.

Kernels run in a temporary folder, so relative writes never reach the course folder.
Learners' code still runs as the trainer's user, though, and an absolute path (found,
say, through ``/proc``) reaches any file that user can write. The guard takes a
snapshot of the course folder before the execute step and compares after it: files
added are removed, the gradebook (SQLite) is restored from the backup made just before,
and ``source/``, ``release/`` and the cohort's settings are restored from a copy. Each
change is attributed to the notebooks that were running when the file was modified.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kamtrain.grading.model import ExecutionOutcome, Problem

#: Folders of the course directory that kamtrain itself writes during a run.
_OWN = (".kamtrain",)
#: Folders copied before execution so that they can be put back (with every file at the
#: top of the course folder: settings, learners, a gradebook that is not the configured one).
_VAULTED = ("source", "release")
_HASHED_MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Change:
    path: str  # relative to the course folder, POSIX
    kind: str  # "added", "modified", "removed"
    mtime: float | None
    restored: bool


def _digest(path: Path) -> str:
    if path.stat().st_size > _HASHED_MAX_BYTES:
        return ""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(course_dir: Path) -> dict[str, tuple[int, int, str]]:
    """relative path -> (size, mtime_ns, sha256) of every file kamtrain does not write."""
    out = {}
    for path in sorted(Path(course_dir).rglob("*")):
        rel = path.relative_to(course_dir)
        if rel.parts[0] in _OWN or not path.is_file() or path.is_symlink():
            continue
        stat = path.stat()
        out[rel.as_posix()] = (stat.st_size, stat.st_mtime_ns, _digest(path))
    return out


class FolderGuard:
    """Context of one execute step: ``with FolderGuard(...) as guard: ...; guard.check()``."""

    def __init__(self, *, course_dir: Path, sqlite_file: Path | None, backup: Path | None):
        self.course_dir = Path(course_dir)
        self.sqlite_file = sqlite_file
        self.backup = backup
        self._vault: tempfile.TemporaryDirectory | None = None
        self._before: dict = {}

    def __enter__(self) -> FolderGuard:
        self._vault = tempfile.TemporaryDirectory(prefix="kamtrain-vault-")
        top_files = [
            p.name for p in self.course_dir.iterdir() if p.is_file() and not p.is_symlink()
        ]
        for name in (*_VAULTED, *top_files):
            src = self.course_dir / name
            dest = Path(self._vault.name) / name
            if src.is_dir():
                shutil.copytree(src, dest)
            elif src.is_file():
                shutil.copy2(src, dest)
        self._before = snapshot(self.course_dir)
        return self

    def __exit__(self, *exc) -> None:
        if self._vault is not None:
            self._vault.cleanup()

    def check(self) -> list[Change]:
        """Compare with the snapshot, undo what can be undone, return the changes."""
        after = snapshot(self.course_dir)
        changes = []
        for rel in sorted(set(self._before) | set(after)):
            old, new = self._before.get(rel), after.get(rel)
            if old == new:
                continue
            path = self.course_dir / rel
            kind = "added" if old is None else "removed" if new is None else "modified"
            mtime = path.stat().st_mtime if path.exists() else None
            changes.append(Change(rel, kind, mtime, self._undo(rel, kind)))
        return changes

    def _undo(self, rel: str, kind: str) -> bool:
        path = self.course_dir / rel
        if kind == "added":
            path.unlink(missing_ok=True)
            return True
        if (
            self.sqlite_file is not None
            and path.resolve() == self.sqlite_file.resolve()
            and self.backup
        ):
            import sqlite3

            with sqlite3.connect(self.backup) as src, sqlite3.connect(path) as dst:
                src.backup(dst)
            return True
        kept = Path(self._vault.name) / rel if self._vault else None
        if kept is not None and kept.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(kept, path)
            return True
        return False


def attribute(
    changes: list[Change], outcomes: list[ExecutionOutcome]
) -> dict[tuple[str, str], Problem]:
    """A French problem for each submission running when a changed file was written."""
    suspects: dict[tuple[str, str], list[Change]] = {}
    for change in changes:
        for outcome in outcomes:
            if change.mtime is None or not outcome.started_at:
                continue
            if outcome.started_at - 1 <= change.mtime <= outcome.ended_at + 1:
                suspects.setdefault((outcome.learner, outcome.assignment), []).append(change)
    problems = {}
    for key, found in suspects.items():
        problems[key] = Problem("outside_write", _describe(found, during=True))
    return problems


def _describe(changes: list[Change], *, during: bool = False) -> str:
    labels = {"added": "créé", "modified": "modifié", "removed": "supprimé"}
    shown = ", ".join(
        f"{c.path} ({labels[c.kind]}{', restauré' if c.restored else ', NON restauré'})"
        for c in changes[:6]
    )
    more = f" et {len(changes) - 6} autre(s)" if len(changes) > 6 else ""
    prefix = (
        "Écriture dans le dossier de la cohorte pendant l'exécution de cette remise "
        "(ou d'une remise exécutée en même temps) : "
        if during
        else "Le dossier de la cohorte a été modifié pendant l'exécution : "
    )
    return prefix + shown + more + "."


def incident(changes: list[Change]) -> Problem:
    return Problem("outside_write", _describe(changes))

"""Stop before a full disk half-writes anything, and say which folder is full."""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path

from kamlearn.errors import DiskFullError

#: Room kept free beyond each estimate (nbgrader's logs, SQLite's journal, reports).
MARGIN = 4 * 1024 * 1024


def free_bytes(folder: Path) -> int:
    info = os.statvfs(folder)
    return info.f_bavail * info.f_frsize


def tree_size(folder: Path) -> int:
    folder = Path(folder)
    if folder.is_file():
        return folder.stat().st_size
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0


def gradebook_size(course_dir: Path, sqlite_file: Path | None) -> int:
    """The SQLite gradebook's size, or the newest PostgreSQL dump's."""
    if sqlite_file is not None:
        return tree_size(sqlite_file)
    dumps = sorted((Path(course_dir) / "backups").glob("gradebook-*.sql"))
    return dumps[-1].stat().st_size if dumps else 0


def ensure_space(folder: Path, needed: int, what: str) -> None:
    """Raise DiskFullError unless ``folder``'s disk has ``needed`` bytes plus a margin free."""
    free = free_bytes(folder)
    if free < needed + MARGIN:
        mib = 1024 * 1024
        raise DiskFullError(
            folder,
            f"{what} needs about {(needed + MARGIN) / mib:.1f} MiB, {free / mib:.1f} MiB free",
        )


def is_disk_full(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)


@contextlib.contextmanager
def disk_full_as_error(folder: Path, what: str) -> Iterator[None]:
    """Turn ENOSPC inside the block into DiskFullError naming ``folder``."""
    try:
        yield
    except OSError as exc:
        if is_disk_full(exc):
            raise DiskFullError(folder, what) from None
        raise


@contextlib.contextmanager
def note_disk_full(found: list, folder: Path, what: str) -> Iterator[None]:
    """Like :func:`disk_full_as_error`, but append a ``disk_full`` Problem to ``found``.

    For the last steps of a run (reports), whose results are already safe: the trainer
    still sees the run's summary, with the incident.
    """
    from kamtrain.grading.model import Problem

    try:
        with disk_full_as_error(folder, what):
            yield
    except DiskFullError as exc:
        found.append(Problem("disk_full", str(exc)))

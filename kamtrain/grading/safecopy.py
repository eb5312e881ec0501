"""Copy a learner's folder without following anything the learner could aim elsewhere.

A submission is untrusted: a symbolic link in it (``solution.txt -> ../../../source/…``,
``-> /proc/self/environ``) would make a plain copy read, with the grader's rights, a file
the learner must never see, and a named pipe or a link loop would stop the copy. Only
regular files and real folders are copied, each opened without following links; the
rest is left out and named, and the copy stops at a size and file-count cap.
"""

from __future__ import annotations

import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

MAX_FILES = 2_000
MAX_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class Skipped:
    path: str  # relative, POSIX
    reason: str  # French


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "lien symbolique"
    if stat.S_ISFIFO(mode):
        return "tube nommé"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "périphérique"
    return "fichier spécial"


def copy_regular_tree(
    src: Path,
    dst: Path,
    *,
    ignore=lambda name: False,
    max_files: int = MAX_FILES,
    max_bytes: int = MAX_BYTES,
) -> list[Skipped]:
    """Copy the regular files and folders of ``src`` into ``dst``; return what was left out."""
    skipped: list[Skipped] = []
    files = total = 0
    dst.mkdir(parents=True, exist_ok=True)
    for folder, dirs, names in os.walk(src, followlinks=False):
        here = Path(folder)
        rel_dir = here.relative_to(src)
        for name in list(dirs):
            entry = here / name
            mode = os.lstat(entry).st_mode
            if ignore(name) or not stat.S_ISDIR(mode):
                dirs.remove(name)
                if not ignore(name):
                    skipped.append(Skipped((rel_dir / name).as_posix(), _kind(mode)))
                continue
            (dst / rel_dir / name).mkdir(parents=True, exist_ok=True)
        for name in names:
            rel = (rel_dir / name).as_posix()
            if ignore(name):
                continue
            entry = here / name
            mode = os.lstat(entry).st_mode
            if not stat.S_ISREG(mode):
                skipped.append(Skipped(rel, _kind(mode)))
                continue
            size = os.lstat(entry).st_size
            if files + 1 > max_files or total + size > max_bytes:
                skipped.append(Skipped(rel, "remise trop volumineuse"))
                continue
            fd = os.open(entry, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            with os.fdopen(fd, "rb") as source, open(dst / rel_dir / name, "wb") as target:
                shutil.copyfileobj(source, target)
            files, total = files + 1, total + size
    return skipped

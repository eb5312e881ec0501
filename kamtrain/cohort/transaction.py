"""Swap new ``source/`` and ``release/`` folders in, or put the old ones back.

Regenerating a cohort replaces ``source/<assignment>`` and ``release/<assignment>`` and
updates the gradebook's notebook definitions. :class:`Swap` keeps the old folders (a
rename, on the same disk, inside ``.kamtrain/``) and the gradebook backup taken first;
:meth:`Swap.rollback` puts all of them back.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


class Swap:
    """``with Swap(course_dir, work, names, backup=..., db_url=...) as swap: ...``

    On entering, each folder in ``names`` (e.g. ``source/bloc1``) is copied under
    ``work/kept``. The block replaces them; :meth:`rollback` restores them and the
    gradebook and returns, in English, what was put back.
    """

    def __init__(self, course_dir: Path, work: Path, names, *, backup: Path | None, db_url: str):
        self.course_dir = Path(course_dir)
        self.kept = Path(work) / "kept"
        self.names = tuple(names)
        self.backup = backup
        self.db_url = db_url

    def __enter__(self) -> Swap:
        shutil.rmtree(self.kept, ignore_errors=True)
        for name in self.names:
            src = self.course_dir / name
            if src.exists():
                shutil.copytree(src, self.kept / name, symlinks=True)
        return self

    def __exit__(self, *exc) -> None:
        shutil.rmtree(self.kept, ignore_errors=True)

    def rollback(self) -> list[str]:
        restored = []
        for name in self.names:
            target, kept = self.course_dir / name, self.kept / name
            if target.exists():
                shutil.rmtree(target)
            if kept.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(kept, target)
            restored.append(f"{name}/")
        if self.backup is not None:
            from kamtrain.backups import restore_gradebook

            restore_gradebook(
                course_dir=self.course_dir, db_url=self.db_url, backup=self.backup, force=True
            )
            restored.append(f"the gradebook (from {self.backup.name})")
        return restored

"""A private scratch folder per cohort for grading's temporary copies.

Kernels run in temporary folders holding a learner's files. While grading, Python's
temporary folder is ``<tmp>/kt-<uid>-<cohort hash>/`` (mode 0700, owned by the
trainer): a killed run leaves its copies there, and the next run of the same cohort
removes them before it starts.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import stat
import tempfile
from pathlib import Path

from kamlearn.errors import GradingError


def scratch_folder(course_dir: Path) -> Path:
    key = hashlib.sha256(str(Path(course_dir).resolve()).encode()).hexdigest()[:10]
    base = Path(tempfile.tempdir or tempfile.gettempdir())
    return base / f"kt-{os.getuid()}-{key}"  # short: kernels' socket paths stay < 108 bytes


def fresh_scratch(course_dir: Path) -> Path:
    """Empty (a killed run's leftovers removed) and return the cohort's private folder."""
    folder = scratch_folder(course_dir)
    if folder.is_symlink() or folder.exists():
        info = folder.lstat()
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
            raise GradingError(
                f"{folder} exists and is not a folder of yours: remove it, then grade again"
            )
        shutil.rmtree(folder)
    folder.mkdir(mode=0o700)
    os.chmod(folder, 0o700)
    return folder


def private_tmp(func):
    """Run ``func(course_dir=...)`` with Python's temporary folder in the cohort's scratch."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        folder = fresh_scratch(kwargs["course_dir"])
        before = tempfile.tempdir
        tempfile.tempdir = str(folder)
        try:
            return func(*args, **kwargs)
        finally:
            tempfile.tempdir = before
            shutil.rmtree(folder, ignore_errors=True)

    return wrapper

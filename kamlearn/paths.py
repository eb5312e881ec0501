"""Where the workbook's data lives.

The project keeps its data next to the package (``rubrics/``, ``cases/``,
``notebooks/``). ``KAMTRAIN_HOME`` points elsewhere, for instance at a trainer's own
copy of the workbook.
"""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """Return the folder that holds ``rubrics/``, ``cases/`` and ``notebooks/``."""
    env = os.environ.get("KAMTRAIN_HOME")
    if env:
        return Path(env).resolve()
    return Path(__file__).resolve().parent.parent


def rubrics_dir() -> Path:
    return project_root() / "rubrics"


def cases_dir() -> Path:
    return project_root() / "cases"


def notebooks_dir() -> Path:
    return project_root() / "notebooks"

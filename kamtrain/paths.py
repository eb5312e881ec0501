"""Where the trainer's workbook lives: the source notebooks, solutions included.

They ship inside this package (``kamtrain/data/notebooks/``, one folder per block), never
in :mod:`kamlearn`, because they hold the solutions. ``KAMTRAIN_HOME`` replaces them with
``$KAMTRAIN_HOME/notebooks`` (see :mod:`kamlearn.paths`).
"""

from __future__ import annotations

from pathlib import Path

from kamlearn.paths import package_data


def notebooks_dir() -> Path:
    """The workbook's source notebooks: ``bloc1/`` … ``bloc4/``."""
    return package_data("kamtrain", "notebooks")

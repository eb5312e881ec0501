"""Where the workbook's data lives.

The data ships inside the packages and is found with :func:`importlib.resources.files`, so
an installed wheel carries it: the public data (``rubrics/``, ``cases/``: companies,
personas, question banks, scenarios) in ``kamlearn/data/``; the trainer's source notebooks,
which hold the solutions, in ``kamtrain/data/`` (see :mod:`kamtrain.paths`). The repository
keeps root-level symlinks ``rubrics``, ``cases`` and ``notebooks`` pointing there.

``KAMTRAIN_HOME`` names another workbook, a folder holding ``rubrics/``, ``cases/`` and
``notebooks/`` (for instance a trainer's own copy); it then replaces the packaged data.
"""

from __future__ import annotations

import os
from pathlib import Path

HOME_ENV = "KAMTRAIN_HOME"


def workbook_home() -> Path | None:
    """The folder ``KAMTRAIN_HOME`` names, or None when the packaged data is used."""
    env = os.environ.get(HOME_ENV)
    return Path(env).expanduser().resolve() if env else None


def package_data(package: str, name: str) -> Path:
    """Return the data folder ``name``: ``$KAMTRAIN_HOME/name``, else ``package/data/name``.

    Raises:
        DataFileError: the package is not installed as plain files (a zipped install), so
            its data cannot be listed and copied as folders.
    """
    home = workbook_home()
    if home is not None:
        return home / name
    from importlib.resources import files

    folder = files(package).joinpath("data", name)
    if not isinstance(folder, Path):
        from kamlearn.errors import DataFileError

        raise DataFileError(
            folder,
            f"the {package} package is not installed as plain files; reinstall it with pip "
            f"(not zipped) or set {HOME_ENV} to a folder holding {name}/",
        )
    return folder


def rubrics_dir() -> Path:
    """``referential.yml``, ``levels.yml`` and ``rules.yml``."""
    return package_data("kamlearn", "rubrics")


def cases_dir() -> Path:
    """The public case data: companies, personas, question banks, scenarios."""
    return package_data("kamlearn", "cases")

"""``kamtrain cohort relocate``: point a copied or moved cohort's settings at its own folder.

Cohorts created by this kamtrain name their SQLite gradebook relative to their folder and
need nothing. Settings written by an older kamtrain name absolute paths: after a copy they
still point at the original, and :func:`kamtrain.cohort.config.read_config` refuses them.
"""

from __future__ import annotations

from pathlib import Path

from kamlearn.errors import CohortError
from kamtrain.lock import locked


@locked("cohort relocate")
def relocate_cohort(*, course_dir: Path) -> tuple[str, ...]:
    """Rewrite ``kamtrain-cohort.yml`` and ``nbgrader_config.py`` for ``course_dir``.

    A SQLite gradebook becomes ``DIR/gradebook.db``, which must exist; a PostgreSQL URL is
    kept. Returns what was changed, in English.
    """
    from kamlearn.datafile import read_data_file
    from kamtrain.cohort.config import (
        NBGRADER_CONFIG,
        SCHEMA_VERSION,
        CohortConfig,
        config_path,
        portable_db_url,
        write_config,
    )
    from kamtrain.nbgrader_adapter.api import write_nbgrader_config

    course_dir = Path(course_dir).resolve()
    path = config_path(course_dir)
    if not path.is_file():
        raise CohortError(f"{course_dir} is not a kamtrain cohort ({path.name} not found)")
    raw = read_data_file(path, reads=SCHEMA_VERSION)
    old_url = str(raw.get("db_url", ""))
    new_url = old_url
    if old_url.startswith("sqlite:///"):
        own = course_dir / "gradebook.db"
        if not own.is_file():
            raise CohortError(
                f"{own} not found: copy the cohort's gradebook.db into {course_dir} first"
            )
        new_url = f"sqlite:///{own}"
    config = CohortConfig(
        name=raw["name"],
        db_url=new_url,
        created=raw["created"],
        assignments=tuple(raw.get("assignments") or ()),
        seed_salt=str(raw.get("seed_salt", "") or ""),
    )
    nb_path = course_dir / NBGRADER_CONFIG
    old_nb = nb_path.read_bytes() if nb_path.is_file() else b""
    old_settings = path.read_bytes()
    write_config(course_dir, config)
    write_nbgrader_config(
        course_dir, course_id=config.name, db_url=portable_db_url(course_dir, new_url)
    )
    changed = []
    if path.read_bytes() != old_settings:
        changed.append(f"{path.name}: db_url {old_url} -> sqlite:///gradebook.db (this folder)")
    if nb_path.read_bytes() != old_nb:
        changed.append(f"{nb_path.name}: paths now relative to its folder {course_dir}")
    return tuple(changed)

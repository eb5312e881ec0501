"""Load and validate ``rubrics/referential.yml``, ``levels.yml`` and ``rules.yml``.

The three files are read with PyYAML's safe loader, checked field by field and turned into
frozen dataclasses. Results are cached per resolved directory and file state, so repeated
calls return the same :class:`Referential` object until a file changes.
"""

from __future__ import annotations

import functools
from pathlib import Path

from kamlearn.referential._blocks_file import REFERENTIAL_FILE, parse_blocks
from kamlearn.referential._levels_rules_file import (
    LEVELS_FILE,
    RULES_FILE,
    parse_levels,
    parse_rules,
)
from kamlearn.referential.models import Referential

__all__ = [
    "LEVELS_FILE",
    "REFERENTIAL_FILE",
    "RULES_FILE",
    "clear_referential_cache",
    "load_referential",
    "parse_blocks",
    "parse_levels",
    "parse_rules",
]

_FILES = (REFERENTIAL_FILE, LEVELS_FILE, RULES_FILE)


def load_referential(rubrics_dir: Path | str | None = None) -> Referential:
    """Load the certification referential from ``rubrics_dir``.

    Args:
        rubrics_dir: folder holding referential.yml, levels.yml and rules.yml; defaults to
            :func:`kamlearn.paths.rubrics_dir`.

    Returns:
        The same :class:`Referential` object for the same folder while its files are unchanged.

    Raises:
        SchemaVersionError: a file's schema_version is missing, too old or too new.
        DataFileError: a file is missing, not valid YAML, or structurally wrong.
    """
    if rubrics_dir is None:
        from kamlearn.paths import rubrics_dir as default_rubrics_dir

        rubrics_dir = default_rubrics_dir()
    folder = Path(rubrics_dir).expanduser().resolve()
    return _load_cached(folder, _files_state(folder))


def clear_referential_cache() -> None:
    """Forget every cached referential (tests, or after editing files in place)."""
    _load_cached.cache_clear()


def _files_state(folder: Path) -> tuple:
    # Part of the cache key: an edited file (new mtime or size) is read again.
    state = []
    for name in _FILES:
        try:
            st = (folder / name).stat()
            state.append((name, st.st_mtime_ns, st.st_size))
        except OSError:
            state.append((name, None, None))
    return tuple(state)


@functools.lru_cache(maxsize=16)
def _load_cached(folder: Path, _state: tuple) -> Referential:
    levels = parse_levels(folder / LEVELS_FILE)
    meta, blocks = parse_blocks(folder / REFERENTIAL_FILE)
    rules = parse_rules(folder / RULES_FILE, blocks=blocks, levels=levels)
    return Referential(
        schema_version=meta["schema_version"],
        title=meta["title"],
        certifier=meta["certifier"],
        blocks=blocks,
        levels=levels,
        rules=rules,
        source_dir=str(folder),
    )

"""Load ``epreuves.yml`` and ``indicators.yml`` (validated against the referential), cached.

Apart from :mod:`kamlearn.referential.epreuves` (the dataclasses) so that the file parser
can build those dataclasses without importing its own caller back.
"""

from __future__ import annotations

import functools
from pathlib import Path

from kamlearn.referential.epreuves import EPREUVES_FILE, INDICATORS_FILE, Epreuves


def load_epreuves(rubrics_dir: Path | str | None = None) -> Epreuves:
    """Load and validate ``epreuves.yml`` and ``indicators.yml`` against the referential.

    Raises:
        SchemaVersionError: a file's schema_version is missing, too old or too new.
        DataFileError: a file is missing, not valid YAML, or a field is wrong (named).
    """
    if rubrics_dir is None:
        from kamlearn.paths import rubrics_dir as default_rubrics_dir

        rubrics_dir = default_rubrics_dir()
    folder = Path(rubrics_dir).expanduser().resolve()
    state = []
    for name in ("referential.yml", "levels.yml", EPREUVES_FILE, INDICATORS_FILE):
        try:
            st = (folder / name).stat()
            state.append((name, st.st_mtime_ns, st.st_size))
        except OSError:
            state.append((name, None, None))
    return _load_cached(folder, tuple(state))


@functools.lru_cache(maxsize=8)
def _load_cached(folder: Path, _state: tuple) -> Epreuves:
    from kamlearn.referential._epreuves_file import parse_epreuves, parse_indicators
    from kamlearn.referential.loader import load_referential

    ref = load_referential(folder)
    epreuves = parse_epreuves(folder / EPREUVES_FILE, ref)
    indicators = parse_indicators(folder / INDICATORS_FILE, ref)
    return Epreuves(epreuves=epreuves, indicator_texts=indicators)

"""The one reader of kamtrain's data files (YAML or JSON) and of their ``schema_version``.

Every data file kamtrain reads carries an integer ``schema_version`` at its top level: the
referential (``rubrics/*.yml``), the companies and simulator files under ``cases/``, the
simulators' attempt records and a cohort's settings. :func:`read_data_file` reads one,
checks that it is a mapping and that its version is the one the caller reads, and raises
:class:`~kamlearn.errors.DataFileError` (or :class:`~kamlearn.errors.SchemaVersionError`)
naming the file, the field and what to do.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kamlearn.errors import DataFileError, SchemaVersionError

FIELD = "schema_version"


def _yaml_loader():
    import yaml

    # yaml.safe_load semantics, with libyaml's C parser when present (about 20x faster).
    return yaml, getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse_yaml(path: Path, text: str) -> Any:
    yaml, loader = _yaml_loader()
    try:
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        if mark is not None:
            where = f"line {mark.line + 1}, column {mark.column + 1}"
            raise DataFileError(path, f"YAML syntax error at {where}: {problem}") from None
        raise DataFileError(path, f"YAML syntax error: {problem}") from None


def _parse_json(path: Path, text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise DataFileError(path, f"cannot read it as JSON: {exc}") from None


def read_data_file(path: Path | str, *, reads: int, syntax: str | None = None) -> dict:
    """Read the YAML or JSON file ``path`` and check its ``schema_version``.

    ``reads`` is the schema version the caller understands; ``syntax`` is ``"json"`` or
    ``"yaml"`` (by default, JSON for a ``.json`` suffix, YAML otherwise). Returns the
    top-level mapping.

    Raises:
        DataFileError: the file cannot be read, is not valid YAML/JSON, or is not a mapping.
        SchemaVersionError: ``schema_version`` is missing, not an integer, too old or too new.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(path, "file not found") from None
    except UnicodeDecodeError as exc:
        raise DataFileError(path, f"not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise DataFileError(path, f"cannot read: {exc.strerror or exc}") from None
    syntax = syntax or ("json" if path.suffix.lower() == ".json" else "yaml")
    if syntax not in ("json", "yaml"):
        raise ValueError(f"syntax must be 'json' or 'yaml', not {syntax!r}")
    parse = _parse_json if syntax == "json" else _parse_yaml
    data = parse(path, text)
    if not isinstance(data, dict):
        raise DataFileError(path, f"expected a mapping at the top level ({FIELD}: ...)")
    check_schema_version(path, data, reads=reads)
    return data


def check_schema_version(path: Path | str, data: dict, *, reads: int) -> int:
    """Return ``data``'s schema version, or raise SchemaVersionError saying what to do."""
    if FIELD not in data or data[FIELD] is None:
        raise SchemaVersionError(
            path,
            f"missing {FIELD}; this kamtrain reads {FIELD} {reads}: "
            f"add `{FIELD}: {reads}` after checking the file's layout",
            field=FIELD,
        )
    version = data[FIELD]
    if isinstance(version, bool) or not isinstance(version, int):
        raise SchemaVersionError(
            path,
            f"{FIELD} must be an integer, got {version!r}; this kamtrain reads {FIELD} {reads}",
            field=FIELD,
        )
    if version < reads:
        raise SchemaVersionError(
            path,
            f"{FIELD} {version} is too old; this kamtrain reads {FIELD} {reads}: "
            f"migrate the file to {FIELD} {reads}",
            field=FIELD,
        )
    if version > reads:
        raise SchemaVersionError(
            path,
            f"{FIELD} {version} is newer than this kamtrain; this kamtrain reads {FIELD} "
            f"{reads}: upgrade kamtrain",
            field=FIELD,
        )
    return version

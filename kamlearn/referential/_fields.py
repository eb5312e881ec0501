"""Small checks for reading our YAML data files (no jsonschema dependency).

Every problem becomes a :class:`~kamlearn.errors.DataFileError` naming the file and the
field path (``blocks[2].activities[0].competencies[1].criteria[0].id``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

from kamlearn.datafile import read_data_file
from kamlearn.errors import DataFileError

#: The ``schema_version`` this kamtrain reads in rubrics/*.yml.
SCHEMA_VERSION = 1

_TYPE_NAMES = {
    "str": "a text",
    "int": "an integer",
    "number": "a number",
    "bool": "true or false",
    "list": "a list",
    "mapping": "a mapping (key: value)",
}


def join(where: str, key: str | int) -> str:
    """Field path of ``key`` under ``where`` (``blocks[0]`` + ``title``)."""
    if isinstance(key, int):
        return f"{where}[{key}]"
    return f"{where}.{key}" if where else key


def _matches(value: Any, kind: str) -> bool:
    # bool is an int subclass: `level: true` must not pass for an integer.
    if kind == "str":
        return isinstance(value, str)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "list":
        return isinstance(value, list)
    if kind == "mapping":
        return isinstance(value, dict)
    raise ValueError(f"unknown kind {kind!r}")


class FieldReader:
    """Reads typed fields of one data file, failing with the file and field path."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, problem: str, field: str | None = None) -> NoReturn:
        raise DataFileError(self.path, problem, field=field or None)

    def check(self, value: Any, kind: str, where: str, *, allow_empty: bool = False) -> Any:
        """Return ``value`` if it has the expected kind (and is non-empty text)."""
        if not _matches(value, kind):
            shown = "nothing" if value is None else f"{type(value).__name__} {value!r}"
            self.fail(f"expected {_TYPE_NAMES[kind]}, got {shown}", where)
        if kind == "str" and not allow_empty and not value.strip():
            self.fail("must not be empty", where)
        if kind == "list" and not allow_empty and not value:
            self.fail("must list at least one item", where)
        return value

    def get(
        self,
        mapping: dict,
        key: str,
        kind: str,
        where: str,
        *,
        allow_empty: bool = False,
        required: bool = True,
        default: Any = None,
    ) -> Any:
        """Return ``mapping[key]`` checked against ``kind``."""
        field = join(where, key)
        if key not in mapping:
            if not required:
                return default
            self.fail("missing required field", field)
        return self.check(mapping[key], kind, field, allow_empty=allow_empty)

    def only_keys(self, mapping: dict, allowed: tuple[str, ...], where: str) -> None:
        """Reject unknown keys, which are most often typos of known ones."""
        for key in mapping:
            if key not in allowed:
                self.fail(
                    f"unknown field (known fields: {', '.join(allowed)})", join(where, str(key))
                )

    def unique(self, values: list, where_of: list[str], what: str) -> None:
        """Fail on the first repeated value, naming both places."""
        seen: dict = {}
        for value, where in zip(values, where_of, strict=True):
            if value in seen:
                self.fail(f"duplicate {what} {value!r} (already used at {seen[value]})", where)
            seen[value] = where


def read_yaml(path: Path) -> dict:
    """Load one YAML data file, check its ``schema_version`` and return the mapping."""
    if not path.is_file():
        raise DataFileError(path, "file not found (expected in the rubrics directory)")
    return read_data_file(path, reads=SCHEMA_VERSION)

"""Reading the simulators' YAML files with clear errors (file, field, problem)."""

from __future__ import annotations

from pathlib import Path

from kamlearn.datafile import read_data_file
from kamlearn.errors import DataFileError

SCHEMA_VERSION = 1


def sim_data_dir() -> Path:
    from kamlearn.paths import cases_dir

    return cases_dir()


def read_yaml(path: Path) -> dict:
    """Read ``path`` and check its ``schema_version``."""
    return read_data_file(path, reads=SCHEMA_VERSION)


class Fields:
    """Typed access to a mapping of a data file; errors name the file and the field."""

    def __init__(self, path: Path, raw, where: str = ""):
        self.path = path
        self.where = where
        if not isinstance(raw, dict):
            raise DataFileError(path, "expected a mapping", where or None)
        self.raw = raw

    def _name(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def _fail(self, key: str, problem: str):
        raise DataFileError(self.path, problem, self._name(key))

    def text(self, key: str, default: str | None = None) -> str:
        value = self.raw.get(key, default)
        if not isinstance(value, str) or not value.strip():
            self._fail(key, "required text is missing or empty")
        return value.strip()

    def number(self, key: str, default: float | None = None) -> float:
        value = self.raw.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self._fail(key, "must be a number")
        return float(value)

    def integer(self, key: str, default: int | None = None) -> int:
        value = self.raw.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            self._fail(key, "must be an integer")
        return value

    def texts(self, key: str, *, required: bool = True) -> tuple[str, ...]:
        value = self.raw.get(key, [] if not required else None)
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self._fail(key, "must be a list of texts")
        if required and not value:
            self._fail(key, "must not be empty")
        return tuple(v.strip() for v in value)

    def numbers(self, key: str, length: int | None = None) -> tuple[float, ...]:
        value = self.raw.get(key)
        if not isinstance(value, list) or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in value
        ):
            self._fail(key, "must be a list of numbers")
        if length is not None and len(value) != length:
            self._fail(key, f"must hold exactly {length} numbers")
        if not value:
            self._fail(key, "must not be empty")
        return tuple(float(v) for v in value)

    def items(self, key: str, *, required: bool = True) -> list[Fields]:
        value = self.raw.get(key, [] if not required else None)
        if not isinstance(value, list) or (required and not value):
            self._fail(key, "must be a non-empty list")
        return [Fields(self.path, v, f"{self._name(key)}[{i}]") for i, v in enumerate(value)]

    def mapping(self, key: str) -> dict:
        value = self.raw.get(key, {})
        if not isinstance(value, dict):
            self._fail(key, "must be a mapping")
        return value

    def choice(self, key: str, allowed) -> str:
        value = self.text(key)
        if value not in allowed:
            self._fail(key, f"'{value}' is not one of {', '.join(allowed)}")
        return value

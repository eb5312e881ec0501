"""Fictional companies of the case studies, read from ``cases/companies/*.yml``."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from kamlearn.datafile import read_data_file
from kamlearn.errors import DataFileError, UnknownIdError

SCHEMA_VERSION = 1
_REQUIRED = ("id", "name", "sector", "role", "narrative")


@dataclass(frozen=True)
class Company:
    id: str
    name: str
    sector: str
    #: "fournisseur" (the learner's employer) or "client" (a key account).
    role: str
    narrative: str
    sites: tuple[str, ...] = ()
    functions: tuple[str, ...] = ()
    facts: dict = field(default_factory=dict)


def companies_dir() -> Path:
    from kamlearn.paths import cases_dir

    return cases_dir() / "companies"


def read_company(path: Path) -> Company:
    """Read and validate one company file."""
    raw = read_data_file(path, reads=SCHEMA_VERSION)
    for key in _REQUIRED:
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise DataFileError(path, "required text is missing or empty", key)
    if raw["id"] != path.stem:
        raise DataFileError(path, f"id '{raw['id']}' must equal the file name '{path.stem}'", "id")
    for key in ("sites", "functions"):
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise DataFileError(path, "must be a list of names", key)
    facts = raw.get("facts", {})
    if not isinstance(facts, dict):
        raise DataFileError(path, "must be a mapping", "facts")
    return Company(
        id=raw["id"],
        name=raw["name"],
        sector=raw["sector"],
        role=raw["role"],
        narrative=raw["narrative"].strip(),
        sites=tuple(raw.get("sites", [])),
        functions=tuple(raw.get("functions", [])),
        facts=facts,
    )


@cache
def _load(directory: str, company_id: str) -> Company:
    path = Path(directory) / f"{company_id}.yml"
    if not path.exists():
        known = sorted(p.stem for p in Path(directory).glob("*.yml"))
        raise UnknownIdError("company", company_id, known=known)
    return read_company(path)


def load_company(company_id: str, *, directory: Path | None = None) -> Company:
    """Return the company ``company_id`` from ``cases/companies/``."""
    return _load(str(directory or companies_dir()), company_id)

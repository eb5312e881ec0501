"""The certification's identity (``rubrics/certification.yml``): name, RNCP, certifier.

Fields the referential does not give are written « à compléter » in the file; documents
print them as they are and :attr:`Certification.incomplete` lists them, so a PV never
carries guessed data silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kamlearn.errors import DataFileError, SchemaVersionError

FILE = "certification.yml"
SCHEMA_VERSION = 1
TO_COMPLETE = "« à compléter »"
FIELDS = ("name", "certifier", "rncp", "level", "registration_date", "legal_basis")


@dataclass(frozen=True)
class Certification:
    name: str
    certifier: str
    rncp: str
    level: str
    registration_date: str
    legal_basis: str

    @property
    def incomplete(self) -> tuple[str, ...]:
        """Fields still marked « à compléter »."""
        return tuple(f for f in FIELDS if TO_COMPLETE in getattr(self, f))


def load_certification(rubrics_dir: Path | None = None) -> Certification:
    """Read and check ``certification.yml``.

    Raises:
        DataFileError: missing file or field, or a field that is not text.
        SchemaVersionError: the file's schema_version is not this kamtrain's.
    """
    import yaml

    if rubrics_dir is None:
        from kamlearn.paths import rubrics_dir as default_dir

        rubrics_dir = default_dir()
    path = Path(rubrics_dir) / FILE
    if not path.is_file():
        raise DataFileError(path, "file not found (the certification's name, RNCP, certifier)")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise DataFileError(path, f"not valid YAML: {exc}") from None
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        raise SchemaVersionError(
            path, f"schema_version is {version!r}; this kamtrain reads {SCHEMA_VERSION}"
        )
    values = {}
    for field in FIELDS:
        value = data.get(field)
        if not isinstance(value, str) or not value.strip():
            raise DataFileError(
                path, f"field '{field}' must be a text (write {TO_COMPLETE} if unknown)"
            )
        values[field] = value.strip()
    unknown = sorted(set(data) - set(FIELDS) - {"schema_version"})
    if unknown:
        raise DataFileError(path, f"unknown field(s) {', '.join(unknown)}")
    return Certification(**values)

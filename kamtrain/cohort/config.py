"""A cohort's settings, stored in ``<DIR>/kamtrain-cohort.yml``."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from kamlearn.datafile import read_data_file
from kamlearn.errors import CohortError, DataFileError

CONFIG_NAME = "kamtrain-cohort.yml"
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class CohortConfig:
    name: str
    db_url: str
    created: str
    #: Workbook folders (assignments) this cohort takes, e.g. ["bloc1", "bloc2"].
    assignments: tuple[str, ...]
    seed_salt: str = ""
    schema_version: int = SCHEMA_VERSION

    @property
    def cohort_key(self) -> str:
        """The string learners' data are seeded with: name plus optional salt."""
        return f"{self.name}{('/' + self.seed_salt) if self.seed_salt else ''}"


def config_path(course_dir: Path) -> Path:
    return Path(course_dir) / CONFIG_NAME


def write_config(course_dir: Path, config: CohortConfig) -> Path:
    import yaml

    data = asdict(config)
    data["assignments"] = list(config.assignments)
    path = config_path(course_dir)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def read_config(course_dir: Path) -> CohortConfig:
    path = config_path(course_dir)
    if not path.is_file():
        raise CohortError(
            f"{course_dir} is not a kamtrain cohort ({CONFIG_NAME} not found). "
            "Create one with `kamtrain cohort create DIR --name NAME --learners learners.csv`."
        )
    raw = read_data_file(path, reads=SCHEMA_VERSION)
    for key in ("name", "db_url", "created"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            raise DataFileError(path, "required text is missing", key)
    assignments = raw.get("assignments")
    if not isinstance(assignments, list) or not all(isinstance(a, str) for a in assignments):
        raise DataFileError(path, "must be a list of workbook folders", "assignments")
    return CohortConfig(
        name=raw["name"],
        db_url=raw["db_url"],
        created=raw["created"],
        assignments=tuple(assignments),
        seed_salt=str(raw.get("seed_salt", "") or ""),
    )

"""A cohort's settings, stored in ``<DIR>/kamtrain-cohort.yml``."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from kamlearn.datafile import read_data_file
from kamlearn.errors import CohortError, DataFileError
from kamtrain.nbgrader_adapter.api import NBGRADER_CONFIG

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

    def chosen(self, assignments=None) -> tuple[str, ...]:
        """``assignments`` (default: all of the cohort's); CohortError naming any unknown."""
        chosen = tuple(assignments) if assignments else self.assignments
        unknown = [a for a in chosen if a not in self.assignments]
        if unknown:
            raise CohortError(
                f"assignment(s) {', '.join(unknown)} are not part of cohort '{self.name}' "
                f"({', '.join(self.assignments)})"
            )
        return chosen


def config_path(course_dir: Path) -> Path:
    return Path(course_dir) / CONFIG_NAME


#: How the settings name a SQLite gradebook inside the cohort: relative to its folder.
_SQLITE = "sqlite:///"


def portable_db_url(course_dir: Path, db_url: str) -> str:
    """``db_url`` as stored: a SQLite file inside the cohort is named relative to it."""
    if db_url.startswith(_SQLITE):
        path = Path(db_url[len(_SQLITE) :])
        if path.is_absolute() and path.resolve().is_relative_to(Path(course_dir).resolve()):
            return _SQLITE + path.resolve().relative_to(Path(course_dir).resolve()).as_posix()
    return db_url


def resolve_db_url(course_dir: Path, db_url: str, *, source: Path | None = None) -> str:
    """The absolute URL of a stored ``db_url``; refuses a SQLite file outside the cohort.

    Raises:
        DataFileError: the SQLite gradebook is outside the cohort folder (typically the
            folder was copied or moved with settings of an older kamtrain).
    """
    if not db_url.startswith(_SQLITE) or db_url in (_SQLITE, _SQLITE + ":memory:"):
        return db_url
    course_dir = Path(course_dir).resolve()
    path = Path(db_url[len(_SQLITE) :])
    full = (path if path.is_absolute() else course_dir / path).resolve()
    if not full.is_relative_to(course_dir):
        raise DataFileError(
            source or config_path(course_dir),
            f"the SQLite gradebook {full} is outside this cohort folder {course_dir} (was the "
            "folder copied or moved?). Grading this copy would write into another cohort's "
            f"gradebook, so nothing was done. Run `kamtrain cohort relocate {course_dir}` to "
            "point the settings at this folder's own gradebook.db, or set "
            "`db_url: sqlite:///gradebook.db` yourself",
            "db_url",
        )
    return _SQLITE + str(full)


def check_nbgrader_config(course_dir: Path) -> None:
    """Refuse an ``nbgrader_config.py`` that names another folder than its own.

    Raises:
        DataFileError: it names an absolute folder other than ``course_dir``.
    """
    import re

    path = Path(course_dir) / NBGRADER_CONFIG
    if not path.is_file():
        return
    course_dir = Path(course_dir).resolve()
    text = path.read_text(encoding="utf-8", errors="replace")
    # A shared exchange (JupyterHub: c.Exchange.root = "/srv/nbgrader/exchange") is
    # outside every cohort folder by design; only the cohort's own folders must be inside.
    text = re.sub(r"(?m)^\s*c\.Exchange\.root\s*=.*$", "", text)
    for match in re.finditer(r"""['"](/[^'"]+)['"]""", text):
        named = Path(match.group(1))
        if named.resolve() != course_dir and not named.resolve().is_relative_to(course_dir):
            raise DataFileError(
                path,
                f"names the folder {named}, outside this cohort folder {course_dir} (was the "
                "folder copied or moved?); plain nbgrader commands would use the other "
                f"cohort. Run `kamtrain cohort relocate {course_dir}` to rewrite it for this "
                "folder",
            )


def write_config(course_dir: Path, config: CohortConfig) -> Path:
    import yaml

    data = asdict(config)
    data["db_url"] = portable_db_url(course_dir, config.db_url)
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
    db_url = resolve_db_url(course_dir, raw["db_url"], source=path)
    check_nbgrader_config(course_dir)
    return CohortConfig(
        name=raw["name"],
        db_url=db_url,
        created=raw["created"],
        assignments=tuple(assignments),
        seed_salt=str(raw.get("seed_salt", "") or ""),
    )

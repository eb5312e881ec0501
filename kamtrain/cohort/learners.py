"""Reading ``learners.csv``: ``id,first_name,last_name,email[,accommodations]``."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from kamlearn.errors import LearnersFileError

REQUIRED_COLUMNS = ("id", "first_name", "last_name", "email")
OPTIONAL_COLUMNS = ("accommodations",)
# nbgrader uses the id as a folder name: keep it to safe characters.
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Learner:
    id: str
    first_name: str
    last_name: str
    email: str
    accommodations: tuple[str, ...] = ()

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


def read_learners(path: Path) -> list[Learner]:
    """Read and validate a learners file; a bad row raises an error naming its line."""
    path = Path(path)
    if not path.is_file():
        raise LearnersFileError(path, "file not found; pass the path of your learners.csv")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = [h.strip() for h in (reader.fieldnames or [])]
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing:
            raise LearnersFileError(
                path,
                f"line 1: missing column(s) {', '.join(missing)}; expected "
                f"{','.join(REQUIRED_COLUMNS)}[,accommodations]",
            )
        unknown = [c for c in header if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
        if unknown:
            raise LearnersFileError(path, f"line 1: unknown column(s) {', '.join(unknown)}")
        learners: list[Learner] = []
        seen: dict[str, int] = {}
        for line_no, row in enumerate(reader, start=2):
            row = {(k or "").strip(): (v or "").strip() for k, v in row.items() if k}
            if not any(row.values()):
                continue
            learners.append(_parse_row(path, line_no, row, seen))
    if not learners:
        raise LearnersFileError(path, "no learner rows; add one line per learner")
    return learners


def _parse_row(path: Path, line_no: int, row: dict, seen: dict[str, int]) -> Learner:
    learner_id = row.get("id", "")
    if not _ID.match(learner_id):
        raise LearnersFileError(
            path,
            f"line {line_no}: invalid id '{learner_id}' (letters, digits, '.', '_', '-'; "
            "64 characters at most)",
            "id",
        )
    if learner_id in seen:
        raise LearnersFileError(
            path, f"line {line_no}: id '{learner_id}' already used on line {seen[learner_id]}", "id"
        )
    seen[learner_id] = line_no
    for column in ("first_name", "last_name"):
        if not row.get(column):
            raise LearnersFileError(path, f"line {line_no}: {column} is empty", column)
    if not _EMAIL.match(row.get("email", "")):
        raise LearnersFileError(
            path, f"line {line_no}: invalid email '{row.get('email', '')}'", "email"
        )
    accommodations = tuple(
        a.strip().lower() for a in re.split(r"[;|]", row.get("accommodations", "")) if a.strip()
    )
    return Learner(
        id=learner_id,
        first_name=row["first_name"],
        last_name=row["last_name"],
        email=row["email"],
        accommodations=accommodations,
    )


def write_learners(path: Path, learners: list[Learner]) -> None:
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)
        for learner in learners:
            writer.writerow(
                [
                    learner.id,
                    learner.first_name,
                    learner.last_name,
                    learner.email,
                    ";".join(learner.accommodations),
                ]
            )

"""Reading ``learners.csv``: ``id,first_name,last_name,email[,accommodations]``."""

from __future__ import annotations

import csv
import io
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


def read_learners(
    path: Path, *, allowed_accommodations: tuple[str, ...] | None = None
) -> list[Learner]:
    """Read and validate a learners file; a bad row raises an error naming its line.

    Refused, each with its line number: a row with more fields than the header, an id
    used twice (ignoring case), an accommodation not listed in
    ``rubrics/accommodations.yml`` and a file that is not UTF-8.

    Args:
        allowed_accommodations: accommodation ids accepted (default: the rubrics' list).
    """
    path = Path(path)
    if not path.is_file():
        raise LearnersFileError(path, "file not found; pass the path of your learners.csv")
    text = _decode(path)
    if allowed_accommodations is None:
        from kamtrain.cohort.accommodations import load_accommodations

        allowed_accommodations = tuple(a.id for a in load_accommodations())
    reader = csv.DictReader(io.StringIO(text, newline=""))
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
    seen: dict[str, tuple[str, int]] = {}
    line_no = 1
    for raw in reader:
        first, line_no = line_no + 1, reader.line_num
        if None in raw:
            extra = [v for v in raw[None] if v is not None]
            raise LearnersFileError(
                path,
                f"line {first}: {len(header) + len(extra)} fields but the header (line 1) "
                f"names {len(header)} ({','.join(header)}); nothing past the last column is "
                "read. Add the column to the header, or put quotes around a value that "
                'contains a comma ("Martin, Jr")',
            )
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if k}
        if not any(row.values()):
            continue
        learners.append(_parse_row(path, first, row, seen, allowed_accommodations))
    if not learners:
        raise LearnersFileError(path, "no learner rows; add one line per learner")
    return learners


def _decode(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise LearnersFileError(
            path,
            f"line {line}: not UTF-8 text (byte 0x{data[exc.start]:02x}). Save the file as "
            "UTF-8: in Excel, Save As > 'CSV UTF-8 (comma delimited)'; in LibreOffice, "
            "Save As > Text CSV with character set 'Unicode (UTF-8)'",
        ) from None


def _parse_row(
    path: Path, line_no: int, row: dict, seen: dict[str, tuple[str, int]], allowed: tuple[str, ...]
) -> Learner:
    learner_id = row.get("id", "")
    if not _ID.match(learner_id):
        raise LearnersFileError(
            path,
            f"line {line_no}: invalid id '{learner_id}' (letters, digits, '.', '_', '-'; "
            "64 characters at most)",
            "id",
        )
    # nbgrader's folders are per id: 'alice' and 'ALICE' would collide on some disks and
    # confuse everyone else.
    key = learner_id.casefold()
    if key in seen:
        other, other_line = seen[key]
        same = "already used" if other == learner_id else f"differs only by case from '{other}'"
        raise LearnersFileError(
            path, f"line {line_no}: id '{learner_id}' {same} on line {other_line}", "id"
        )
    seen[key] = (learner_id, line_no)
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
    for item in accommodations:
        if item not in allowed:
            raise LearnersFileError(
                path,
                f"line {line_no}: unknown accommodation '{item}'; allowed: "
                f"{', '.join(allowed)} (listed in rubrics/accommodations.yml; separate "
                "several with ';')",
                "accommodations",
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

"""Reading a jury levels CSV (``learner,criterion,level[,comment]``) for
:func:`kamtrain.jury.api.import_levels`: every row is checked before anything is recorded."""

from __future__ import annotations

import csv
from pathlib import Path

from kamlearn.errors import DataFileError, InvalidLevelError, UnknownIdError

IMPORT_COLUMNS = ("learner", "criterion", "level")


def read_levels_csv(ctx, csv_path: Path) -> list[tuple[int, str, str, int, str]]:
    """``(line, learner id, criterion id, level, comment)`` of each row of ``csv_path``.

    ``ctx`` is the cohort's :class:`~kamtrain.jury.api.JuryContext` (it resolves learners,
    criteria and levels). Raises DataFileError naming the file and line of the first bad row.
    """
    if not csv_path.is_file():
        raise DataFileError(csv_path, "file not found")
    rows = []
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in IMPORT_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise DataFileError(csv_path, f"line 1: missing column(s) {', '.join(missing)}")
        for line_no, raw in enumerate(reader, start=2):
            try:
                rows.append(
                    (
                        line_no,
                        ctx.learner(raw["learner"]).id,
                        ctx.criterion_id(raw["criterion"]),
                        ctx.level(raw["level"]),
                        (raw.get("comment") or "").strip(),
                    )
                )
            except (UnknownIdError, InvalidLevelError) as exc:
                raise DataFileError(
                    csv_path, f"line {line_no}: {exc} Nothing was recorded."
                ) from None
    return rows

"""Back up the gradebook before every grading run; restore one on demand.

A backup is written to a hidden temporary file in ``backups/``, checked (not empty,
``pragma integrity_check`` for SQLite, a complete dump for PostgreSQL) and only then
renamed to ``gradebook-<UTC stamp>.db|.sql``: a full disk or a killed run never leaves a
backup that looks good and is not. SQLite is copied with its online backup API, the
source opened read-only; PostgreSQL is dumped with ``pg_dump`` and restored with ``psql``.

Old backups are thinned by age (:func:`to_prune`): the newest :data:`KEEP_RECENT` are
kept, then the newest of each day for :data:`KEEP_DAYS` days.

A restore checks its source the same way, says what it would remove (grades, comments,
submissions and jury records made since the backup) and refuses to drop jury records
unless forced. The current gradebook is backed up first, and the backup being restored
is never pruned.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from kamlearn.errors import DiskFullError, GradingError, RestoreRefusedError
from kamtrain.lock import cohort_lock

#: The newest backups kept whatever their age.
KEEP_RECENT = 10
#: Beyond those, the newest backup of each day is kept for this many days.
KEEP_DAYS = 30
BACKUP_DIR = "backups"
_STAMP = "%Y%m%dT%H%M%S%fZ"
_NAME = re.compile(r"^gradebook-(\d{8}T\d{12}Z)\.(db|sql)$")
_PG_END = "-- PostgreSQL database dump complete"
#: nbgrader's tables whose rows a restore can drop, with the word the trainer reads.
_LABELS = {
    "grade": "grades",
    "comment": "comments",
    "submitted_assignment": "submissions",
}


def _sqlite_path(db_url: str) -> Path | None:
    prefix = "sqlite:///"
    return Path(db_url[len(prefix) :]) if db_url.startswith(prefix) else None


def _libpq_url(db_url: str) -> str:
    """pg_dump and psql read libpq URLs: drop SQLAlchemy's ``+driver`` part."""
    scheme, rest = db_url.split("://", 1)
    return f"{scheme.split('+', 1)[0]}://{rest}"


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)


def _disk_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    if isinstance(exc, sqlite3.Error):
        return getattr(exc, "sqlite_errorcode", None) == 13 or "disk is full" in str(exc)
    return False


def list_backups(course_dir: Path) -> list[Path]:
    """The cohort's backups, oldest first (temporary files of a backup under way excluded)."""
    folder = Path(course_dir) / BACKUP_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if _NAME.match(p.name))


def check_backup(path: Path) -> None:
    """Raise GradingError unless ``path`` is a usable gradebook backup."""
    path = Path(path)
    if not path.is_file():
        raise GradingError(f"backup {path} not found")
    if path.stat().st_size == 0:
        raise GradingError(f"backup {path} is empty (0 bytes): it cannot be restored")
    # A backup is checked before it is renamed from ``.gradebook-<stamp>.sql.tmp``.
    if path.name.removesuffix(".tmp").endswith(".sql"):
        with path.open("rb") as handle:
            handle.seek(max(0, path.stat().st_size - 200))
            tail = handle.read().decode("utf-8", "replace")
        if _PG_END not in tail:
            raise GradingError(f"backup {path} is an incomplete PostgreSQL dump")
        return
    try:
        with _read_only(path) as conn:
            result = conn.execute("pragma integrity_check").fetchall()
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        conn.close()
    except sqlite3.Error as exc:
        raise GradingError(f"backup {path} is not a readable SQLite database: {exc}") from None
    if result != [("ok",)]:
        detail = "; ".join(str(r[0]) for r in result[:3])
        raise GradingError(f"backup {path} fails SQLite's integrity check: {detail}")
    if "student" not in tables:
        raise GradingError(f"backup {path} is not an nbgrader gradebook (no 'student' table)")


def _stamp(path: Path) -> datetime | None:
    match = _NAME.match(path.name)
    if not match:
        return None
    return datetime.strptime(match.group(1), _STAMP).replace(tzinfo=UTC)


def to_prune(
    backups: list[Path],
    *,
    now: datetime,
    keep_recent: int = KEEP_RECENT,
    keep_days: int = KEEP_DAYS,
    protect: frozenset[Path] = frozenset(),
) -> list[Path]:
    """The backups age-based thinning removes: never one of ``protect``, never a recent one."""
    dated = sorted(((s, p) for p in backups if (s := _stamp(p)) is not None), reverse=True)
    prune, days_kept = [], set()
    for index, (stamp, path) in enumerate(dated):
        day = stamp.date()
        if index < keep_recent or Path(path) in protect:
            days_kept.add(day)
            continue
        if now - stamp <= timedelta(days=keep_days) and day not in days_kept:
            days_kept.add(day)
            continue
        prune.append(path)
    return sorted(prune)


def backup_gradebook(
    *,
    course_dir: Path,
    db_url: str,
    keep_recent: int = KEEP_RECENT,
    keep_days: int = KEEP_DAYS,
    protect: tuple[Path, ...] = (),
) -> Path | None:
    """Write a checked, timestamped backup, then thin the old ones (see :func:`to_prune`).

    Returns None when the SQLite gradebook does not exist yet.

    Raises:
        DiskFullError: the backup could not be written; nothing was left behind.
        GradingError: pg_dump is missing or failed, or the copy failed its check.
    """
    course_dir = Path(course_dir)
    with cohort_lock(course_dir, command="backups"):
        folder = course_dir / BACKUP_DIR
        sqlite_file = _sqlite_path(db_url)
        if sqlite_file is not None and not sqlite_file.exists():
            return None
        if sqlite_file is None and not shutil.which("pg_dump"):
            raise GradingError(
                "pg_dump not found: install the PostgreSQL client to back up the gradebook"
            )
        target = _write_checked(folder, sqlite_file, db_url)
        now = datetime.now(UTC)
        for old in to_prune(
            list_backups(course_dir),
            now=now,
            keep_recent=keep_recent,
            keep_days=keep_days,
            protect=frozenset({target, *(Path(p) for p in protect)}),
        ):
            old.unlink(missing_ok=True)
        return target


def _write_checked(folder: Path, sqlite_file: Path | None, db_url: str) -> Path:
    try:
        folder.mkdir(exist_ok=True)
        for left in folder.glob(".gradebook-*.tmp"):  # from a run killed while backing up
            left.unlink(missing_ok=True)
    except OSError as exc:
        if _disk_full(exc):
            raise DiskFullError(folder, "writing a gradebook backup") from None
        raise
    stamp = datetime.now(UTC).strftime(_STAMP)
    target = folder / f"gradebook-{stamp}.{'db' if sqlite_file else 'sql'}"
    tmp = folder / f".{target.name}.tmp"
    try:
        if sqlite_file is not None:
            src, dst = _read_only(sqlite_file), sqlite3.connect(tmp)
            try:
                src.backup(dst)
            finally:
                src.close()
                dst.close()
        else:
            with tmp.open("wb") as handle:
                done = subprocess.run(
                    ["pg_dump", "--clean", "--if-exists", "--no-owner", _libpq_url(db_url)],
                    stdout=handle,
                    stderr=subprocess.PIPE,
                    text=False,
                )
            if done.returncode:
                message = done.stderr.decode("utf-8", "replace").strip()
                if "No space left" in message:
                    raise OSError(errno.ENOSPC, message)
                raise GradingError(f"pg_dump failed: {message[-500:]}")
        with tmp.open("rb+") as handle:
            os.fsync(handle.fileno())
        check_backup(tmp)
        os.replace(tmp, target)
    except (OSError, sqlite3.Error) as exc:
        if _disk_full(exc):
            raise DiskFullError(folder, "writing a gradebook backup") from None
        raise
    finally:
        tmp.unlink(missing_ok=True)
    return target


# --- restore ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RestorePlan:
    """What restoring ``backup`` would remove: ``{table: rows}`` made since the backup."""

    backup: Path
    lost: dict[str, int] = field(default_factory=dict)

    @property
    def jury_records(self) -> int:
        return sum(n for table, n in self.lost.items() if table.startswith("kamtrain_"))

    def describe(self) -> str:
        shown = [
            f"{n} {_LABELS.get(table, 'jury records in ' + table)}"
            for table, n in sorted(self.lost.items())
            if n
        ]
        if not shown:
            return f"Restoring {self.backup.name} removes nothing recorded since it was made."
        return f"Restoring {self.backup.name} removes what was recorded since: " + ", ".join(shown)


@dataclass(frozen=True)
class RestoreResult:
    plan: RestorePlan
    #: The backup of the gradebook as it was just before the restore.
    safety: Path | None


def _resolve(course_dir: Path, backup: Path) -> Path:
    backup = Path(backup)
    if not backup.is_absolute() and not backup.exists():
        backup = Path(course_dir) / BACKUP_DIR / backup
    if not backup.is_file():
        names = ", ".join(p.name for p in list_backups(course_dir)) or "none"
        raise GradingError(f"backup {backup} not found; available: {names}")
    return backup.resolve()


def plan_restore(*, course_dir: Path, db_url: str, backup: Path) -> RestorePlan:
    """Check ``backup`` and count what restoring it would remove; write nothing."""
    backup = _resolve(course_dir, backup)
    check_backup(backup)
    sqlite_file = _sqlite_path(db_url)
    if sqlite_file is not None:
        lost = _sqlite_lost(sqlite_file, backup) if sqlite_file.exists() else {}
    else:
        lost = _pg_lost(db_url, backup)
    return RestorePlan(backup=backup, lost=lost)


def _counted(table: str) -> bool:
    return table in _LABELS or table.startswith("kamtrain_")


def _sqlite_lost(current: Path, backup: Path) -> dict[str, int]:
    lost = {}
    with _read_only(current) as conn:
        conn.execute("ATTACH DATABASE ? AS bk", (f"file:{backup}?mode=ro",))
        query = "SELECT name FROM {}.sqlite_master WHERE type='table'"
        mine = [r[0] for r in conn.execute(query.format("main"))]
        theirs = {r[0] for r in conn.execute(query.format("bk"))}
        for table in filter(_counted, mine):
            count = f'SELECT COUNT(*) FROM main."{table}"'
            if table not in theirs:
                lost[table] = conn.execute(count).fetchone()[0]
                continue
            try:
                lost[table] = conn.execute(
                    f'SELECT COUNT(*) FROM (SELECT * FROM main."{table}" '
                    f'EXCEPT SELECT * FROM bk."{table}")'
                ).fetchone()[0]
            except sqlite3.Error:  # the columns changed since: compare row counts
                older = conn.execute(f'SELECT COUNT(*) FROM bk."{table}"').fetchone()[0]
                lost[table] = max(0, conn.execute(count).fetchone()[0] - older)
    conn.close()
    return lost


def _pg_lost(db_url: str, backup: Path) -> dict[str, int]:
    """Rows per table now, minus rows in the dump's COPY blocks (a lower bound)."""
    import sqlalchemy as sa

    in_dump: dict[str, int] = {}
    table = None
    with backup.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if table is None:
                match = re.match(r"^COPY (?:\w+\.)?\"?(\w+)\"? .* FROM stdin;", line)
                if match:
                    table, in_dump[match.group(1)] = match.group(1), 0
            elif line.startswith("\\."):
                table = None
            else:
                in_dump[table] += 1
    from kamtrain.nbgrader_adapter.api import gradebook_url

    engine = sa.create_engine(gradebook_url(db_url))
    try:
        with engine.connect() as conn:
            names = sa.inspect(conn).get_table_names()
            now = {
                t: conn.execute(sa.text(f'SELECT COUNT(*) FROM "{t}"')).scalar_one()
                for t in names
                if _counted(t)
            }
    finally:
        engine.dispose()
    return {t: max(0, n - in_dump.get(t, 0)) for t, n in now.items()}


def restore_gradebook(
    *, course_dir: Path, db_url: str, backup: Path, force: bool = False
) -> RestoreResult:
    """Restore ``backup`` over the gradebook; the current one is backed up first.

    Raises:
        GradingError: the backup is missing, empty or damaged (nothing was changed).
        RestoreRefusedError: jury records would be dropped and ``force`` is False.
    """
    with cohort_lock(course_dir, command="backups --restore"):
        plan = plan_restore(course_dir=course_dir, db_url=db_url, backup=backup)
        if plan.jury_records and not force:
            raise RestoreRefusedError(
                f"{plan.describe()}. Restoring would drop {plan.jury_records} jury record(s); "
                "nothing was changed. Export them first (kamtrain jury documents), then run "
                "again with --force if you really mean it."
            )
        safety = backup_gradebook(course_dir=course_dir, db_url=db_url, protect=(plan.backup,))
        sqlite_file = _sqlite_path(db_url)
        if sqlite_file is not None:
            src, dst = _read_only(plan.backup), sqlite3.connect(sqlite_file)
            try:
                src.backup(dst)
            finally:
                src.close()
                dst.close()
        else:
            done = subprocess.run(
                [
                    "psql",
                    "--quiet",
                    "--set",
                    "ON_ERROR_STOP=1",
                    _libpq_url(db_url),
                    "-f",
                    str(plan.backup),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            if done.returncode:
                raise GradingError(
                    f"psql could not restore {plan.backup}: {done.stderr.strip()[-500:]}. "
                    f"The gradebook as it was is saved in {safety}."
                )
        return RestoreResult(plan=plan, safety=safety)

"""Back up the gradebook before every grading run; restore one on demand.

SQLite is copied with its online backup API (safe even if a reader is open). A
PostgreSQL gradebook is dumped with ``pg_dump`` and restored with ``psql``.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from kamlearn.errors import GradingError

KEEP = 5
BACKUP_DIR = "backups"


def _sqlite_path(db_url: str) -> Path | None:
    prefix = "sqlite:///"
    return Path(db_url[len(prefix) :]) if db_url.startswith(prefix) else None


def _libpq_url(db_url: str) -> str:
    """pg_dump and psql read libpq URLs: drop SQLAlchemy's ``+driver`` part."""
    scheme, rest = db_url.split("://", 1)
    return f"{scheme.split('+', 1)[0]}://{rest}"


def list_backups(course_dir: Path) -> list[Path]:
    folder = Path(course_dir) / BACKUP_DIR
    return sorted(folder.glob("gradebook-*")) if folder.is_dir() else []


def backup_gradebook(*, course_dir: Path, db_url: str, keep: int = KEEP) -> Path | None:
    """Write a timestamped backup and prune all but the ``keep`` newest."""
    folder = Path(course_dir) / BACKUP_DIR
    folder.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    sqlite_file = _sqlite_path(db_url)
    if sqlite_file is not None:
        if not sqlite_file.exists():
            return None
        target = folder / f"gradebook-{stamp}.db"
        with sqlite3.connect(sqlite_file) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
    else:
        if not shutil.which("pg_dump"):
            raise GradingError(
                "pg_dump not found: install the PostgreSQL client to back up the gradebook"
            )
        target = folder / f"gradebook-{stamp}.sql"
        with target.open("wb") as handle:
            subprocess.run(
                ["pg_dump", "--clean", "--if-exists", "--no-owner", _libpq_url(db_url)],
                check=True,
                stdout=handle,
            )
    for old in list_backups(course_dir)[:-keep]:
        old.unlink()
    return target


def restore_gradebook(*, course_dir: Path, db_url: str, backup: Path) -> Path:
    """Restore ``backup``; the current gradebook is itself backed up first."""
    backup = Path(backup)
    if not backup.is_absolute():
        backup = Path(course_dir) / BACKUP_DIR / backup
    if not backup.exists():
        names = ", ".join(p.name for p in list_backups(course_dir)) or "none"
        raise GradingError(f"backup {backup} not found; available: {names}")
    safety = backup_gradebook(course_dir=course_dir, db_url=db_url, keep=KEEP + 1)
    sqlite_file = _sqlite_path(db_url)
    if sqlite_file is not None:
        with sqlite3.connect(backup) as src, sqlite3.connect(sqlite_file) as dst:
            src.backup(dst)
    else:
        subprocess.run(
            ["psql", "--quiet", "--set", "ON_ERROR_STOP=1", _libpq_url(db_url), "-f", str(backup)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return safety or backup

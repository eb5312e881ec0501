"""Our jury tables, beside nbgrader's in the cohort's gradebook database.

SQLAlchemy Core, SQLite or PostgreSQL (the cohort's ``db_url``). Every write is one
transaction that appends (or, for a candidate's status, updates) its rows *and* one
hash-chained audit line per row (:mod:`kamtrain.jury.chain`). Writers are serialised for the
length of their transaction (SQLite ``BEGIN IMMEDIATE``, a PostgreSQL advisory lock) so the
chain never forks and two processes writing at once both succeed, one after the other.
After the commit the chain's head is recorded outside the database
(:mod:`kamtrain.jury.chain_head`), when the store knows the cohort folder.

The records themselves are read and written by the mixins of
:mod:`kamtrain.jury.store_sessions` (sessions, members, candidates, seals) and
:mod:`kamtrain.jury.store_marks` (levels, reconciliations, VAE, decisions) and
:mod:`kamtrain.jury.store_sittings` (who sat which épreuve).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, OperationalError

from kamlearn.errors import ConcurrentEditError, JuryError
from kamtrain.jury import chain
from kamtrain.jury.models import AuditEntry
from kamtrain.jury.store_marks import MarkRecords
from kamtrain.jury.store_sessions import SessionRecords
from kamtrain.jury.store_sittings import SittingRecords
from kamtrain.jury.tables import SCHEMA_VERSION, audit_log, jury_meta, metadata

_AUDIT_INSERT = audit_log.insert()
#: Any constant: the PostgreSQL advisory lock every jury writer takes.
_PG_LOCK = 7_262_015


def utc_now() -> datetime:
    return datetime.now(UTC)


class _Tail:
    """The last audit line of the chain, as the current transaction sees it."""

    def __init__(self, conn):
        last = conn.execute(
            sa.select(audit_log.c.id, audit_log.c.hash).order_by(audit_log.c.id.desc()).limit(1)
        ).first()
        self.id, self.hash = (0, chain.GENESIS) if last is None else (last.id, last.hash)


class JuryStore(SessionRecords, MarkRecords, SittingRecords):
    """Reads and appends jury records in one database.

    Args:
        db_url: SQLAlchemy URL (the cohort's gradebook).
        clock: returns the current time (tests inject a fixed one).
        busy_timeout: seconds SQLite waits for another writer before giving up.
        head_dir: folder of ``chain-head.json`` (``<cohort>/jury``); None keeps no head.
    """

    def __init__(
        self,
        db_url: str,
        *,
        clock: Callable[[], datetime] = utc_now,
        busy_timeout: float = 30.0,
        head_dir: Path | None = None,
    ):
        kwargs = {}
        self._sqlite = db_url.startswith("sqlite")
        if self._sqlite:
            kwargs["connect_args"] = {"timeout": busy_timeout}
        self.engine = sa.create_engine(db_url, **kwargs)
        if self._sqlite:
            _immediate_writes(self.engine)
        self._clock = clock
        self.head_dir = None if head_dir is None else Path(head_dir)
        self._tail: _Tail | None = None
        self._ensure_schema()

    def _ensure_schema(self) -> None:
        inspector = sa.inspect(self.engine)
        if inspector.has_table(audit_log.name):
            columns = {c["name"] for c in inspector.get_columns(audit_log.name)}
            if "hash" not in columns:
                raise JuryError(
                    "The jury tables of this gradebook were written by an older kamtrain "
                    "(no hash chain). Start a new cohort with `kamtrain cohort create NEW "
                    "--from OLD`, or keep this one read-only with the kamtrain that wrote it."
                )
        with self._write() as conn:
            metadata.create_all(conn, checkfirst=True)
            found = conn.execute(
                sa.select(jury_meta.c.value).where(jury_meta.c.key == "schema_version")
            ).scalar()
            if found is None:
                conn.execute(jury_meta.insert().values(key="schema_version", value="2"))
            elif int(found) != SCHEMA_VERSION:
                raise JuryError(
                    f"The jury tables have schema version {found}; this kamtrain reads "
                    f"version {SCHEMA_VERSION}. Use the matching kamtrain version."
                )

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> JuryStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def now(self) -> str:
        return self._clock().isoformat(timespec="microseconds")

    @contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        """One transaction per action: records and audit lines commit together or not at all."""
        try:
            with self.engine.connect().execution_options(kamtrain_write=True) as conn:
                with conn.begin():
                    if not self._sqlite:
                        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
                    self._tail = None
                    yield conn
                tail = self._tail
        except IntegrityError as exc:
            raise ConcurrentEditError(
                "Another assessor saved the same record at the same moment; your change was "
                "not saved and nothing was lost. Reload and try again."
            ) from exc
        except OperationalError as exc:
            text = str(exc.orig).lower()
            if "locked" in text or "busy" in text:
                raise ConcurrentEditError(
                    "The gradebook database is busy (another assessor is writing); your "
                    "change was not saved and nothing was lost. Try again in a moment."
                ) from exc
            raise
        finally:
            self._tail = None
        if tail is not None and self.head_dir is not None:
            self._advance_head(tail)

    def _advance_head(self, tail: _Tail) -> None:
        from kamtrain.jury.chain_head import ChainHead, advance

        advance(self.head_dir, ChainHead(tail.id, tail.hash, self.now()), self.audit_hash_of)

    def audit_hash_of(self, line_id: int) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(
                sa.select(audit_log.c.hash).where(audit_log.c.id == line_id)
            ).scalar()

    # --- the audit chain ----------------------------------------------------------------
    def _audit(
        self,
        conn,
        *,
        who,
        action,
        learner="",
        criterion="",
        session="",
        before,
        after,
        tbl="",
        row_id=None,
        row=None,
    ) -> None:
        if self._tail is None:
            self._tail = _Tail(conn)
        line = dict(
            id=self._tail.id + 1,
            at=self.now(),
            who=who,
            action=action,
            learner=learner,
            criterion=criterion,
            session=session,
            before_json=None if before is None else json.dumps(before, ensure_ascii=False),
            after_json=None if after is None else json.dumps(after, ensure_ascii=False),
            tbl=tbl,
            row_id=row_id,
            row_sha="" if row is None else chain.row_hash(row),
            prev_hash=self._tail.hash,
        )
        line["hash"] = chain.audit_hash(line)
        conn.execute(_AUDIT_INSERT, line)
        self._tail.id, self._tail.hash = line["id"], line["hash"]

    def _insert(self, conn, table, values: dict, **audit) -> int:
        """Insert one row and its audit line; returns the row id."""
        # Parameters apart from the statement: SQLAlchemy compiles each insert once.
        new_id = conn.execute(table.insert(), values).inserted_primary_key[0]
        self._audit(conn, tbl=table.name, row_id=new_id, row={**values, "id": new_id}, **audit)
        return new_id

    def _update(self, conn, table, row_id: int, values: dict, **audit) -> None:
        conn.execute(table.update().where(table.c.id == row_id).values(**values))
        row = conn.execute(sa.select(table).where(table.c.id == row_id)).mappings().one()
        self._audit(conn, tbl=table.name, row_id=row_id, row=dict(row), **audit)

    # --- audit --------------------------------------------------------------------------
    def history(self, *, learner: str | None = None) -> tuple[AuditEntry, ...]:
        query = sa.select(audit_log).order_by(audit_log.c.id)
        if learner is not None:
            query = query.where(audit_log.c.learner == learner)
        with self.engine.connect() as conn:
            return tuple(
                AuditEntry(
                    r.id,
                    r.at,
                    r.who,
                    r.action,
                    r.learner,
                    r.criterion,
                    r.session,
                    None if r.before_json is None else json.loads(r.before_json),
                    None if r.after_json is None else json.loads(r.after_json),
                )
                for r in conn.execute(query)
            )

    def audit_lines(self) -> list[dict]:
        with self.engine.connect() as conn:
            return [
                dict(r)
                for r in conn.execute(sa.select(audit_log).order_by(audit_log.c.id)).mappings()
            ]

    def table_rows(self, table) -> list[dict]:
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(sa.select(table).order_by(table.c.id)).mappings()]


def _immediate_writes(engine) -> None:
    """SQLite: a write transaction takes the write lock at BEGIN (waiting up to the busy
    timeout), so two writers queue instead of failing when the second upgrades its lock."""

    @sa.event.listens_for(engine, "connect")
    def _no_pysqlite_begin(dbapi_conn, _record):
        dbapi_conn.isolation_level = None

    @sa.event.listens_for(engine, "begin")
    def _begin(conn):
        immediate = conn.get_execution_options().get("kamtrain_write")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

"""``kamtrain jury verify``: recompute the audit chain, every row's hash and every seal.

Reports, each naming the row:

* **altered**: an audit line whose content no longer matches its hash, or a jury row whose
  content no longer matches the hash its audit line recorded (an SQL ``UPDATE``);
* **inserted**: a jury row no audit line vouches for, or an audit line that does not
  chain to the one before;
* **deleted**: a gap in the chain, or a jury row an audit line wrote that is gone;
* **seal**: a closed session whose records no longer give the digest printed on its PV;
* **rollback**: the chain head kept outside the gradebook (``jury/chain-head.json``) names
  a line the database no longer holds (a restored backup), or holds with another hash.

Limit: the chain is a plain hash chain. Someone able to rewrite the database *and* the
cohort's ``jury/`` folder could rebuild a consistent chain; the seal digest printed on the
signed PV is what such a rewrite cannot match.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from kamtrain.jury import chain
from kamtrain.jury.chain_head import ChainHead, read_head
from kamtrain.jury.tables import RECORD_TABLES, seals


@dataclass(frozen=True)
class Problem:
    kind: str  # altered, inserted, deleted, seal, rollback
    where: str
    message: str


@dataclass(frozen=True)
class VerifyReport:
    lines: int
    rows: int
    sessions_sealed: tuple[str, ...]
    problems: tuple[Problem, ...]
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


def describe(table: str, row: dict) -> str:
    if table == "kamtrain_assessments":
        return (
            f"{row['learner']} {row['criterion']} by {row['assessor']}, session "
            f"{row['session']}, level {row['level']}"
        )
    if table == "kamtrain_reconciliations":
        return (
            f"{row['learner']} {row['criterion']}, session {row['session']}, level {row['level']}"
        )
    if table in ("kamtrain_session_candidates", "kamtrain_decisions", "kamtrain_vae_candidates"):
        return f"{row['learner']}, session {row['session']}"
    if table == "kamtrain_epreuve_sittings":
        return (
            f"{row['learner']}, {row['epreuve']} sitting {row['sitting']}, session {row['session']}"
        )
    if table == "kamtrain_epreuve_handins":
        return f"{row['owner']}, {row['epreuve']} {row['item']} v{row['version']}: {row['stored']}"
    if table == "kamtrain_session_members":
        return f"{row['name']} ({row['role']}), session {row['session']}"
    return f"session {row.get('session') or row.get('name')}"


def _check_chain(lines: list[dict]) -> list[Problem]:
    problems = []
    prev_hash, prev_id = chain.GENESIS, 0
    for line in lines:
        where = f"kamtrain_audit_log line {line['id']}"
        if chain.audit_hash(line) != line["hash"]:
            problems.append(
                Problem(
                    "altered",
                    where,
                    f"audit line {line['id']} ({line['action']} {line['learner']} "
                    f"{line['criterion']} by {line['who']}) was altered: its content no longer "
                    "matches its hash.",
                )
            )
        if line["prev_hash"] != prev_hash:
            if line["id"] > prev_id + 1:
                gap = (
                    str(prev_id + 1)
                    if line["id"] == prev_id + 2
                    else f"{prev_id + 1}–{line['id'] - 1}"
                )
                problems.append(
                    Problem("deleted", where, f"audit line(s) {gap} deleted: the chain breaks.")
                )
            else:
                problems.append(
                    Problem(
                        "inserted",
                        where,
                        f"audit line {line['id']} does not follow line {prev_id}: a line was "
                        "inserted or rewritten here.",
                    )
                )
        prev_hash, prev_id = line["hash"], line["id"]
    return problems


def _check_rows(lines: list[dict], rows_by_table: dict[str, list[dict]]) -> list[Problem]:
    problems = []
    latest: dict[tuple[str, int], dict] = {}
    for line in lines:
        if line["tbl"]:
            latest[(line["tbl"], line["row_id"])] = line
    seen = set()
    for table, rows in rows_by_table.items():
        for row in rows:
            key = (table, row["id"])
            seen.add(key)
            where = f"{table} row {row['id']}"
            line = latest.get(key)
            if line is None:
                problems.append(
                    Problem(
                        "inserted",
                        where,
                        f"{where} ({describe(table, row)}) has no audit line: it was inserted "
                        "outside kamtrain.",
                    )
                )
            elif chain.row_hash(row) != line["row_sha"]:
                problems.append(
                    Problem(
                        "altered",
                        where,
                        f"{where} ({describe(table, row)}) was altered after audit line "
                        f"{line['id']} recorded it.",
                    )
                )
    for key, line in latest.items():
        if key not in seen and key[0] in rows_by_table:
            problems.append(
                Problem(
                    "deleted",
                    f"{key[0]} row {key[1]}",
                    f"{key[0]} row {key[1]} was deleted (written by audit line {line['id']}: "
                    f"{line['action']} {line['learner']} {_what(line)} by {line['who']}, "
                    f"session {line['session']}).",
                )
            )
    return problems


def _what(line: dict) -> str:
    """What an audit line wrote: its criterion, or for a sitting its épreuve and sitting."""
    if line.get("criterion"):
        return line["criterion"]
    try:
        after = json.loads(line.get("after_json") or "{}")
    except ValueError:
        return ""
    if isinstance(after, dict) and "epreuve" in after and "sitting" in after:
        return f"{after['epreuve']} plan {after.get('plan')} sitting {after['sitting']}"
    return ""


def _check_head(store, head: ChainHead | None, lines: list[dict]) -> list[Problem]:
    if head is None:
        return []
    last = lines[-1] if lines else None
    found = store.audit_hash_of(head.id)
    if found is None:
        ends = f"ends at line {last['id']}" if last else "is empty"
        return [
            Problem(
                "rollback",
                "jury/chain-head.json",
                f"jury records were rolled back: the audit log {ends}, but the chain head kept "
                f"outside the gradebook (jury/chain-head.json) records line {head.id}, written "
                f"{head.at}. A backup was restored or rows were deleted; "
                f"{head.id - (last['id'] if last else 0)} audit line(s) are missing.",
            )
        ]
    if found != head.hash:
        return [
            Problem(
                "rollback",
                "jury/chain-head.json",
                f"audit line {head.id} is not the one jury/chain-head.json recorded ({head.at}): "
                "the log was rolled back (a restored backup?) and written again since.",
            )
        ]
    return []


def verify_store(store, head_dir: Path | None) -> VerifyReport:
    from kamtrain.jury.seal import session_digest

    lines = store.audit_lines()
    rows_by_table = {t.name: store.table_rows(t) for t in RECORD_TABLES}
    problems = _check_chain(lines) + _check_rows(lines, rows_by_table)
    sealed = []
    with store.engine.connect() as conn:
        for seal in conn.execute(sa.select(seals).order_by(seals.c.id)):
            sealed.append(seal.session)
            try:
                now = session_digest(conn, seal.session)
            except sa.exc.NoResultFound:
                now = "(session record deleted)"
            if now != seal.digest:
                problems.append(
                    Problem(
                        "seal",
                        f"session {seal.session}",
                        f"session {seal.session} no longer matches its seal {seal.digest} "
                        f"(printed on its PV): its records now give {now}.",
                    )
                )
    warnings = []
    head = None if head_dir is None else read_head(head_dir)
    if head is None and lines:
        warnings.append(
            "No chain head outside the gradebook (jury/chain-head.json): a rollback of the "
            "whole database could not be detected."
        )
    problems += _check_head(store, head, lines)
    return VerifyReport(
        lines=len(lines),
        rows=sum(len(r) for r in rows_by_table.values()),
        sessions_sealed=tuple(sealed),
        problems=tuple(problems),
        warnings=tuple(warnings),
    )


def _with_hand_ins(report: VerifyReport, course_dir: Path, recorded: list[dict]) -> VerifyReport:
    """Add the handed-in files that no longer match their jury record (content, manifest)."""
    from dataclasses import replace

    from kamtrain.jury.handins import check_integrity

    found = check_integrity(course_dir=course_dir, recorded=recorded)
    extra = tuple(Problem("altered", msg.split(":")[0], f"HAND-IN {msg}") for msg in found)
    return replace(report, problems=report.problems + extra) if extra else report


def verify(*, course_dir: Path, accept_rollback: bool = False) -> VerifyReport:
    """Verify a cohort's jury records; ``accept_rollback`` re-anchors the chain head at the
    database's last line after reporting (use it only once the rollback is understood)."""
    from kamtrain.jury.api import open_context
    from kamtrain.jury.chain_head import accept

    ctx = open_context(course_dir)
    with ctx.store() as store:
        report = verify_store(store, ctx.jury_dir)
        report = _with_hand_ins(report, course_dir, store.hand_in_rows())
        if accept_rollback and any(p.kind == "rollback" for p in report.problems):
            lines = store.audit_lines()
            last = lines[-1] if lines else None
            accept(
                ctx.jury_dir,
                None if last is None else ChainHead(last["id"], last["hash"], store.now()),
                reason="kamtrain jury verify --accept-rollback",
            )
    return report

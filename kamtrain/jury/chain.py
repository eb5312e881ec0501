"""Hashes of the jury's records: rows, audit lines chained to each other, session seals.

* A row's hash is the SHA-256 of its canonical JSON (sorted keys, booleans as booleans).
* An audit line's hash covers its own fields and the previous line's hash (``prev_hash``);
  the first line follows :data:`GENESIS`. Changing, inserting or deleting a line breaks the
  chain from there on.
* A session's seal is the SHA-256 of everything the session decided from: the session
  record and its frozen rules, members, candidates, every level and reconciliation,
  the VAE evidence and the decisions.

Pure functions: :mod:`kamtrain.jury.verify` uses them to recompute what the store wrote.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping

GENESIS = "0" * 64
#: Fields of an audit line covered by its hash (everything but the hash itself).
AUDIT_FIELDS = (
    "id",
    "at",
    "who",
    "action",
    "learner",
    "criterion",
    "session",
    "before_json",
    "after_json",
    "tbl",
    "row_id",
    "row_sha",
    "prev_hash",
)


def _plain(value):
    if isinstance(value, bool) or value is None or isinstance(value, int | float | str):
        return value
    return str(value)


def canonical(data) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def row_hash(row: Mapping) -> str:
    """Hash of a table row's content (every column, id included)."""
    content = {k: _plain(v) for k, v in row.items()}
    # SQLite hands booleans back as 0/1: hash a boolean column the same either way.
    for key in ("submitted", "designated"):
        if key in content and content[key] is not None:
            content[key] = bool(content[key])
    return hashlib.sha256(canonical(content).encode()).hexdigest()


def audit_hash(line: Mapping) -> str:
    """Hash of one audit line, which includes the previous line's hash."""
    content = {k: _plain(line.get(k)) for k in AUDIT_FIELDS}
    return hashlib.sha256(canonical(content).encode()).hexdigest()


def seal_digest(parts: Mapping[str, Iterable[Mapping] | Mapping | str]) -> str:
    """Digest of a session's records; ``parts`` maps a name to rows (or a value)."""
    content = {}
    for name, value in parts.items():
        if isinstance(value, str | Mapping):
            content[name] = value if isinstance(value, str) else row_hash(value)
        else:
            content[name] = sorted(row_hash(r) for r in value)
    return hashlib.sha256(canonical(content).encode()).hexdigest()

"""The audit chain's head, kept outside the gradebook: ``<cohort>/jury/chain-head.json``.

After every jury write the store records the id and hash of the last audit line here. A
gradebook restored from a backup (or any rollback of the database) loses lines the head
still names, so :mod:`kamtrain.jury.verify` can say that jury records were rolled back even
though the restored chain is consistent in itself.

The head only moves forward: it is replaced only by a later line of the *same* chain. Once
the database no longer holds the recorded head, the file is left as it is (it is the
evidence) until the trainer accepts the rollback with ``kamtrain jury verify --accept-rollback``,
which appends the old head to ``chain-head.history.jsonl``.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

HEAD_FILE = "chain-head.json"
HISTORY_FILE = "chain-head.history.jsonl"


@dataclass(frozen=True)
class ChainHead:
    id: int
    hash: str
    at: str


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".chain-head.lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def read_head(folder: Path) -> ChainHead | None:
    path = Path(folder) / HEAD_FILE
    if not path.is_file():
        return None
    raw = json.loads(path.read_text(encoding="utf-8"))
    return ChainHead(int(raw["id"]), str(raw["hash"]), str(raw.get("at", "")))


def _write(folder: Path, head: ChainHead) -> None:
    path = folder / HEAD_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(
        json.dumps({"id": head.id, "hash": head.hash, "at": head.at}, indent=1) + "\n",
        encoding="utf-8",
    )
    os.replace(tmp, path)


def advance(folder: Path, new: ChainHead, hash_of: Callable[[int], str | None]) -> bool:
    """Record ``new`` as the head if it extends the recorded one; returns whether it did.

    ``hash_of(id)`` reads an audit line's hash from the database (None when absent).
    """
    folder = Path(folder)
    with _locked(folder):
        old = read_head(folder)
        if old is not None:
            if old.id >= new.id:
                return False  # another writer already recorded a later line
            if hash_of(old.id) != old.hash:
                return False  # the database lost the recorded head: keep the evidence
        _write(folder, new)
        return True


def accept(folder: Path, new: ChainHead | None, *, reason: str) -> None:
    """Anchor the head at ``new`` (the database's last line), keeping the old one in history."""
    folder = Path(folder)
    with _locked(folder):
        old = read_head(folder)
        with (folder / HISTORY_FILE).open("a", encoding="utf-8") as handle:
            handle.write(
                json.dumps(
                    {
                        "replaced": None if old is None else old.__dict__,
                        "by": None if new is None else new.__dict__,
                        "reason": reason,
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
        if new is None:
            (folder / HEAD_FILE).unlink(missing_ok=True)
        else:
            _write(folder, new)

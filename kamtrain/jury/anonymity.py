"""Anonymous candidate codes ("CAND-3F9A1C2B") for anonymous jury mode.

A code is an HMAC-SHA256 of the learner id under a secret random key kept in the cohort
(``<cohort>/jury/anonymity.key``, created on first use, readable by its owner only). Nobody
without the key can recompute a code from the cohort name and the learner ids, which are
not secret. The same learner keeps the same code across runs and documents of the cohort.

Anonymous documents list candidates in the order of their codes: a keyed shuffle that has
nothing to do with the alphabetical order of names.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Iterable
from pathlib import Path

PREFIX = "CAND-"
KEY_FILE = "anonymity.key"


def load_key(jury_dir: Path) -> bytes:
    """The cohort's secret key, created (32 random bytes, mode 0600) when missing."""
    jury_dir = Path(jury_dir)
    path = jury_dir / KEY_FILE
    if not path.is_file():
        jury_dir.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process created it meanwhile: use theirs
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32) + "\n")
    key = bytes.fromhex(path.read_text(encoding="ascii").strip())
    if len(key) < 16:
        raise ValueError(f"{path}: the anonymity key is too short; delete it to make a new one.")
    return key


def candidate_code(key: bytes, learner: str, *, length: int = 8) -> str:
    digest = hmac.new(key, str(learner).encode(), hashlib.sha256).hexdigest()
    return PREFIX + digest[:length].upper()


def candidate_codes(key: bytes, learners: Iterable[str]) -> dict[str, str]:
    """learner id -> code, lengthening every code until no two learners share one."""
    learners = list(learners)
    for length in range(8, 65, 2):
        codes = {lid: candidate_code(key, lid, length=length) for lid in learners}
        if len(set(codes.values())) == len(codes):
            return codes
    raise AssertionError("HMAC-SHA256 collision on full digests")  # pragma: no cover


def cohort_codes(course_dir: Path, learners: Iterable[str]) -> dict[str, str]:
    """Codes of ``learners`` in the cohort at ``course_dir`` (its key in ``jury/``)."""
    return candidate_codes(load_key(Path(course_dir) / "jury"), learners)


def anonymous_order(codes: dict[str, str]) -> list[str]:
    """Learner ids in the order of their codes (a keyed shuffle)."""
    return sorted(codes, key=lambda lid: codes[lid])

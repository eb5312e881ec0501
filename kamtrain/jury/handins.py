"""Handed-in work (dossiers, slides, prototypes) as jury records: their manifests and their
integrity against the hash-chained rows written at hand-in.

The jury package owns it because ``jury verify`` checks it; :mod:`kamtrain.epreuves.submissions`
stores the files and writes the rows.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

MANIFEST_SCHEMA = 1


@dataclass(frozen=True)
class StoredFile:
    name: str  # as handed in
    stored: str  # path relative to the cohort folder
    sha256: str
    size: int
    format: str


@dataclass(frozen=True)
class HandIn:
    epreuve: str
    item: str
    label: str
    learner: str
    version: int
    received_at: str
    files: tuple[StoredFile, ...]
    #: A group's hand-in: its sitting number and its members (``learner`` is then "").
    group: int | None = None
    members: tuple[str, ...] = ()


def read_manifest(folder: Path) -> list[dict]:
    from kamlearn.datafile import read_data_file

    path = folder / "manifest.json"
    if not path.exists():
        return []
    return list(read_data_file(path, reads=MANIFEST_SCHEMA, syntax="json")["versions"])


def hand_in_record(raw: dict) -> HandIn:
    return HandIn(
        **{
            **raw,
            "files": tuple(StoredFile(**f) for f in raw["files"]),
            "members": tuple(raw.get("members", ())),
        }
    )


def check_integrity(*, course_dir: Path, recorded: list[dict] | None = None) -> list[str]:
    """Every stored file of every version still has its recorded hash, and the manifests
    agree with the jury record of the hand-ins (``recorded``: its rows, read from the
    gradebook when None); problems listed."""
    course_dir = Path(course_dir)
    if recorded is None:
        from kamtrain.jury.api import open_context

        with open_context(course_dir).store() as store:
            recorded = store.hand_in_rows()
    problems = []
    listed = {}
    for manifest in sorted((course_dir / "epreuves").glob("*/submissions/*/*/manifest.json")):
        for raw in read_manifest(manifest.parent):
            for f in hand_in_record(raw).files:
                listed[f.stored] = f.sha256
    for row in recorded:
        path = course_dir / row["stored"]
        if not path.is_file():
            problems.append(f"{row['stored']}: handed in ({row['sha256'][:12]}…) but missing")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != row["sha256"]:
            problems.append(f"{row['stored']}: content changed since it was handed in")
        if row["stored"] not in listed:
            problems.append(f"{row['stored']}: handed in but dropped from its manifest.json")
        elif listed[row["stored"]] != row["sha256"]:
            problems.append(
                f"{row['stored']}: manifest.json's hash differs from the one recorded at hand-in"
            )
    known = {row["stored"] for row in recorded}
    for stored, sha in listed.items():
        if stored in known:
            continue
        problems.append(f"{stored}: in a manifest.json but never handed in through kamtrain")
        path = course_dir / stored
        if not path.is_file():
            problems.append(f"{stored}: missing")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != sha:
            problems.append(f"{stored}: content changed since it was handed in")
    return problems

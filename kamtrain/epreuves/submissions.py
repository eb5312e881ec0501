"""Work handed in for an épreuve: the C2 dossier, the C10 slides, the C17 prototype.

Each file is checked (it exists, can be read, is not empty, and its content is of a format
the épreuve accepts for that item), then stored read-only under
``DIR/epreuves/<E>/submissions/<learner>/<item>/`` with its SHA-256, and recorded in that
folder's ``manifest.json``. A new hand-in adds a version; nothing earlier is overwritten.
The jury sees the latest version of every item as evidence, with its hash.

In a group épreuve (E8's slides, E13's prototype) the group hands its work in once: it is
stored under ``submissions/_groupe-<N>/<item>/`` for sitting N of the saved plan, records the
members of the group at that moment, and is listed as evidence for each of them.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from kamlearn.errors import SubmissionRefusedError
from kamtrain.jury.handins import (
    MANIFEST_SCHEMA,
    HandIn,
    StoredFile,
    hand_in_record,
    read_manifest,
)
from kamtrain.lock import locked

MAX_BYTES = 100 * 1024 * 1024
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
_SUFFIXES = {
    "pdf": (".pdf",),
    "ipynb": (".ipynb",),
    "pptx": (".pptx",),
    "odp": (".odp",),
    "png": (".png",),
    "jpg": (".jpg", ".jpeg"),
}


def _format_of(path: Path, data: bytes, allowed: tuple[str, ...]) -> str:
    """The format of ``data`` if it is one of ``allowed``; else refuse, saying why."""
    fmt = next((f for f, sfx in _SUFFIXES.items() if path.suffix.lower() in sfx), None)
    accepted = ", ".join(allowed)
    if fmt not in allowed:
        raise SubmissionRefusedError(
            f"{path}: a {path.suffix or 'suffix-less'} file is not accepted here "
            f"(accepted formats: {accepted})"
        )
    ok = {
        "pdf": lambda: data.startswith(b"%PDF-") and b"%%EOF" in data[-2048:],
        "png": lambda: data.startswith(b"\x89PNG\r\n\x1a\n"),
        "jpg": lambda: data.startswith(b"\xff\xd8\xff"),
        "ipynb": lambda: _is_notebook(data),
        "pptx": lambda: _zip_has(data, "[Content_Types].xml", b"presentationml"),
        "odp": lambda: _zip_has(data, "mimetype", b"opendocument.presentation"),
    }[fmt]()
    if not ok:
        raise SubmissionRefusedError(
            f"{path}: unreadable or damaged {fmt} file (its content is not a valid {fmt}); "
            "export it again and hand it in anew"
        )
    return fmt


def _is_notebook(data: bytes) -> bool:
    import nbformat

    try:
        nbformat.validate(nbformat.reads(data.decode("utf-8"), as_version=4))
    except Exception:  # noqa: BLE001 - any parse or schema failure means "not a notebook"
        return False
    return True


def _zip_has(data: bytes, member: str, marker: bytes) -> bool:
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return marker in z.read(member)
    except (zipfile.BadZipFile, KeyError, OSError):
        return False


def _folder(course_dir: Path, epreuve: str, learner: str, item: str) -> Path:
    return Path(course_dir) / "epreuves" / epreuve / "submissions" / learner / item


def _group_of(course_dir: Path, ep, *, learner: str | None, group: int | None):
    """The sitting (group) of a group épreuve's saved plan that hands the work in."""
    from kamlearn.errors import CohortError
    from kamtrain.epreuves.sittings import load_plan

    plan = load_plan(course_dir, ep.id)
    if plan is None:
        raise SubmissionRefusedError(
            f"{ep.id} is a group épreuve: its work is handed in once per group; form the "
            f"groups first (`kamtrain epreuve plan DIR --epreuve {ep.id} ...`)"
        )
    if group is not None:
        found = [s for s in plan.sittings if s.number == int(group)]
        if not found:
            raise SubmissionRefusedError(
                f"{ep.id}: no group {group} in the plan (1 to {len(plan.sittings)})"
            )
        return found[0]
    if learner is None:
        raise SubmissionRefusedError(f"{ep.id}: say which group hands in (--group N)")
    try:
        return plan.sitting_of(learner)
    except CohortError as exc:
        raise SubmissionRefusedError(f"{exc}; nothing was stored") from None


@locked("epreuve hand-in")
def hand_in(
    *,
    course_dir: Path,
    epreuve: str,
    learner: str | None = None,
    item: str,
    files: list[Path],
    now: datetime | None = None,
    group: int | None = None,
) -> HandIn:
    """Check and store the files a candidate hands in for ``item`` of ``epreuve``.

    In a group épreuve the group of ``learner`` (or group ``group`` of the saved plan) hands
    the item in once, for all its members.

    Raises:
        SubmissionRefusedError: no file, a missing, unreadable, empty, oversized or
            wrongly formatted file; nothing is stored then.
        UnknownIdError: unknown épreuve, item or learner.
    """
    from kamlearn.errors import UnknownIdError
    from kamlearn.referential.epreuves_loader import load_epreuves
    from kamtrain.epreuves.sittings import cohort_learners, find_learner

    course_dir = Path(course_dir).resolve()
    ep = load_epreuves().get(epreuve)
    spec = next((s for s in ep.submissions if s.id == item), None)
    if spec is None:
        raise UnknownIdError(f"item of {ep.id}", item, known=[s.id for s in ep.submissions])
    if learner is not None:
        learner = find_learner(cohort_learners(course_dir), learner).id
    sitting = None
    if spec.by == "group":
        sitting = _group_of(course_dir, ep, learner=learner, group=group)
        owner, who = f"_groupe-{sitting.number}", f"group {sitting.number}"
    elif learner is None:
        raise SubmissionRefusedError(f"{ep.id} {item}: say whose work it is (--learner L)")
    else:
        owner = who = learner
    if not files:
        raise SubmissionRefusedError(
            f"{ep.id} {item} for {who}: no file given; hand in the {spec.label.lower()} "
            f"({', '.join(spec.formats)})"
        )
    checked = []
    for path in map(Path, files):
        if not path.is_file():
            raise SubmissionRefusedError(f"{path}: file not found; nothing was stored")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise SubmissionRefusedError(
                f"{path}: cannot be read ({exc.strerror or exc}); nothing was stored"
            ) from None
        if not data:
            raise SubmissionRefusedError(f"{path}: the file is empty; nothing was stored")
        if len(data) > MAX_BYTES:
            raise SubmissionRefusedError(
                f"{path}: {len(data) // 2**20} MB is over the {MAX_BYTES // 2**20} MB limit"
            )
        checked.append((path, data, _format_of(path, data, spec.formats)))

    folder = _folder(course_dir, ep.id, owner, item)
    versions = read_manifest(folder)
    version = len(versions) + 1
    target = folder / f"v{version}"
    target.mkdir(parents=True, exist_ok=False)
    stored = []
    for path, data, fmt in checked:
        digest = hashlib.sha256(data).hexdigest()
        dest = target / (_SAFE.sub("_", path.name) or f"fichier.{fmt}")
        dest.write_bytes(data)
        dest.chmod(0o444)
        stored.append(
            StoredFile(path.name, str(dest.relative_to(course_dir)), digest, len(data), fmt)
        )
    record = HandIn(
        epreuve=ep.id,
        item=item,
        label=spec.label,
        learner="" if sitting else learner,
        version=version,
        received_at=(now or datetime.now()).isoformat(timespec="seconds"),
        files=tuple(stored),
        group=sitting.number if sitting else None,
        members=tuple(sitting.members) if sitting else (),
    )
    from kamtrain.jury.api import open_context

    with open_context(course_dir).store() as store:
        store.record_hand_in(
            epreuve=ep.id, owner=owner, item=item, version=version, files=stored,
            received_at=record.received_at, who="kamtrain epreuve hand-in",
        )  # fmt: skip
    versions.append(asdict(record))
    tmp = folder / "manifest.tmp"
    tmp.write_text(
        json.dumps(
            {"schema_version": MANIFEST_SCHEMA, "versions": versions}, ensure_ascii=False, indent=1
        ),
        encoding="utf-8",
    )
    tmp.replace(folder / "manifest.json")
    return record


def handed_in(*, course_dir: Path, learner: str, epreuve: str | None = None) -> tuple[HandIn, ...]:
    """The latest version of every item ``learner`` handed in (for one épreuve or all),
    their group's hand-ins included (a group's work is stored once, for its members)."""
    root = Path(course_dir) / "epreuves"
    out = []
    for folder in sorted(root.glob(f"{epreuve or '*'}/submissions/{learner}/*")):
        versions = read_manifest(folder)
        if versions:
            out.append(hand_in_record(versions[-1]))
    for folder in sorted(root.glob(f"{epreuve or '*'}/submissions/_groupe-*/*")):
        versions = read_manifest(folder)
        if versions and learner in versions[-1].get("members", ()):
            out.append(hand_in_record(versions[-1]))
    return tuple(out)


def evidence_for(*, course_dir: Path, learner: str, competency: str) -> tuple[HandIn, ...]:
    """What ``learner`` handed in for the épreuve that assesses ``competency``."""
    from kamlearn.referential.epreuves_loader import load_epreuves

    epreuve = load_epreuves().for_competency(competency).id
    return handed_in(course_dir=course_dir, learner=learner, epreuve=epreuve)

"""VAE (validation des acquis de l'expérience): the evidence book and the oral interview.

The candidate's evidence book (« livret de preuves ») is copied into the cohort
(``jury/vae/<session>/<learner>/``) and recorded with its SHA-256 and size; a missing or
empty file is refused. The oral interview in which the candidate presents it is an épreuve
of the session (:data:`VAE_EPREUVE`): the candidate is registered for it, and the jury
grades it criterion by criterion with the same grid and decides with the same rules.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from kamlearn.errors import ClosedSessionError, JuryError
from kamtrain.jury.models import VaeEvidence
from kamtrain.lock import locked

#: The épreuve a VAE candidate sits: the oral presentation of the evidence book.
VAE_EPREUVE = "entretien-vae"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@locked("jury vae")
def register_vae(
    *, course_dir: Path, learner: str, evidence: Path, session: str, by: str = "kamtrain"
) -> VaeEvidence:
    """Store the evidence book, record its hash and size, register the oral interview.

    Raises:
        JuryError: the file is missing, not a file or empty.
        ClosedSessionError: the session is closed.
    """
    from kamtrain.jury.api import open_context

    ctx = open_context(course_dir)
    learner_id = ctx.learner(learner).id
    source = Path(evidence).expanduser()
    if not source.is_file():
        raise JuryError(
            f"VAE evidence book not found: {source}. Give the path of the candidate's "
            "« livret de preuves » file (--evidence livret.pdf); nothing was recorded."
        )
    size = source.stat().st_size
    if size == 0:
        raise JuryError(f"VAE evidence book {source} is empty; nothing was recorded.")
    with ctx.store() as store:
        sess = store.session(session)
        if sess.closed:
            raise ClosedSessionError(
                f"Session {sess.name} is closed; register the VAE candidate in a new session."
            )
        target_dir = ctx.jury_dir / "vae" / sess.name / learner_id
        target_dir.mkdir(parents=True, exist_ok=True)
        target = target_dir / source.name
        shutil.copyfile(source, target)
        sha = file_sha256(target)
        if sha != file_sha256(source):
            raise JuryError(f"{source} changed while it was being copied; try again.")
        record = VaeEvidence(
            learner=learner_id,
            session=sess.name,
            evidence=str(target.relative_to(ctx.course_dir)),
            original_name=source.name,
            sha256=sha,
            size=size,
        )
        store.add_vae(record, by=by)
        store.register_candidates(
            session=sess.name, learners=(learner_id,), epreuve=VAE_EPREUVE, who=by
        )
    return record

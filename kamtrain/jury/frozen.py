"""What a session freezes when it is created: the rules' text and the referential's hash."""

from __future__ import annotations

import hashlib
from pathlib import Path

from kamlearn.errors import JuryError
from kamlearn.referential.models import Referential, Rules
from kamtrain.jury.models import JurySession

#: Files of ``rubrics/`` whose content the session's referential hash covers (the rules are
#: frozen and hashed on their own).
REFERENTIAL_FILES = ("referential.yml", "levels.yml")


def referential_sha256(rubrics_dir: Path) -> str:
    digest = hashlib.sha256()
    for name in REFERENTIAL_FILES:
        digest.update(name.encode() + b"\0" + (Path(rubrics_dir) / name).read_bytes() + b"\0")
    return digest.hexdigest()


def session_rules(session: JurySession, referential: Referential) -> Rules:
    """The decision rules frozen with ``session`` (parsed and checked like rules.yml)."""
    import tempfile

    from kamlearn.referential.loader import parse_rules

    if not session.rules_yaml:
        raise JuryError(f"Session {session.name} has no frozen copy of the rules.")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"rules-{session.name}.yml"
        path.write_text(session.rules_yaml, encoding="utf-8")
        return parse_rules(path, blocks=referential.blocks, levels=referential.levels)


def with_session_rules(session: JurySession, referential: Referential) -> Referential:
    """``referential`` with its rules replaced by the session's frozen copy."""
    from dataclasses import replace

    return replace(referential, rules=session_rules(session, referential))

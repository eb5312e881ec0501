"""Jury members' names and roles, normalised so « anne a » and « Anne  Â » are one person."""

from __future__ import annotations

import unicodedata

from kamlearn.errors import JuryError

PRESIDENT = "président"
ASSESSOR = "évaluateur"
PROFESSIONAL = "professionnel du métier"
ROLES = (PRESIDENT, ASSESSOR, PROFESSIONAL)
#: Every spelling accepted on the command line (compared through :func:`name_key`).
_ROLE_SPELLINGS = {
    "président": PRESIDENT,
    "présidente": PRESIDENT,
    "évaluateur": ASSESSOR,
    "évaluatrice": ASSESSOR,
    "assessor": ASSESSOR,
    "professionnel du métier": PROFESSIONAL,
    "professionnelle du métier": PROFESSIONAL,
    "professionnel": PROFESSIONAL,
    "professional": PROFESSIONAL,
}


def name_key(name: str) -> str:
    """Case, accents and spaces removed: ``" Anne  Âubert "`` -> ``"anne aubert"``."""
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


def clean_name(name: str) -> str:
    """The name as written, with its spaces tidied; refuses an empty one."""
    text = " ".join(str(name).split())
    if not name_key(text):
        raise JuryError("A jury member needs a name ('Prénom Nom').")
    return text


def role(text: str) -> str:
    """The canonical French role for ``text`` (« président », « évaluateur », ...)."""
    key = name_key(text)
    found = next((r for spelling, r in _ROLE_SPELLINGS.items() if name_key(spelling) == key), None)
    if found is None:
        raise JuryError(
            f"Unknown jury role '{text}'. Roles: {', '.join(ROLES)} "
            "(accents and case do not matter)."
        )
    return found


def parse_member(spec: str) -> tuple[str, str, str]:
    """``"NAME|rôle|organisme"`` -> (name, role, organisation); the organisation may be omitted.

    Raises:
        JuryError: naming the part that is wrong.
    """
    parts = [p.strip() for p in str(spec).split("|")]
    if len(parts) not in (2, 3):
        raise JuryError(
            f"Member '{spec}': write it \"NAME|rôle|organisme\" "
            f"(rôle: {', '.join(ROLES)}; organisme optional)."
        )
    name, role_text = parts[0], parts[1]
    organisation = parts[2] if len(parts) == 3 else ""
    return clean_name(name), role(role_text), organisation

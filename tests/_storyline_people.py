"""The storyline's people, and how the storyline tests find them in a French text.

A person is named « Prénom Nom »: a first name the workbook gives someone (the
storyline's people, C4's organisation chart, C16's team), then a capitalised family name.
Every such name in a learner's text must be a storyline person, and when a title follows
(« Claire Vasseur, directrice des achats groupe »), it is that person's title.
"""

from __future__ import annotations

import re

from kamlearn.cases.c4_decideurs import FIRST
from kamlearn.cases.c16_pilotage_crm import MANAGERS, REP_FIRST_NAMES
from kamlearn.cases.storyline import BUYING_CENTRE, SUBSIDIARIES
from kamlearn.cases.storyline_clients import CORTEXA_PEOPLE, DISTRIMAX_PEOPLE
from kamlearn.cases.storyline_team import NEXALYS_TEAM

#: Every named person of the storyline: full name -> Person (or Nexalys Colleague).
PEOPLE = {
    p.name: p
    for p in (
        *BUYING_CENTRE,
        *(s.person for s in SUBSIDIARIES),
        *DISTRIMAX_PEOPLE,
        *CORTEXA_PEOPLE,
        *NEXALYS_TEAM,
    )
}
#: The people C16's sales-management case names (its managers are Nexalys people of
#: that case, not of the Aubrac, Distrimax or Cortexa accounts).
OTHERS = set(MANAGERS)
FIRST_NAMES = {n.split()[0] for n in (*PEOPLE, *MANAGERS)} | set(FIRST) | set(REP_FIRST_NAMES)
_NAME = re.compile(
    r"\b(" + "|".join(sorted(FIRST_NAMES, key=len, reverse=True)) + r") "
    r"((?:[A-ZÉ][\w'’-]+)(?: [A-ZÉ][\w'’-]+)?)"
)
#: Words that may come between a name and its title.
_BEFORE_TITLE = re.compile(r"^(?:la |le |l'|nouvelle |nouveau )+")


def people_in(text: str) -> list[tuple[str, int]]:
    """Every « Prénom Nom » of ``text``, with where it ends."""
    out = []
    for m in _NAME.finditer(text):
        first, rest = m.group(1), m.group(2)
        full = f"{first} {rest}"
        # « Claire Vasseur Industries » would be a company: keep the person's two words
        if f"{first} {rest.split()[0]}" in PEOPLE | dict.fromkeys(OTHERS):
            full = f"{first} {rest.split()[0]}"
        out.append((full, m.start() + len(full)))
    return out


def check_people(text: str, where) -> None:
    """Every person ``text`` names is a storyline person, with their storyline title."""
    for full, end in people_in(text):
        assert full in PEOPLE or full in OTHERS, (where, f"{full} is nobody of the storyline")
        after = text[end:]
        if full in PEOPLE and after.startswith(", "):
            shown = _BEFORE_TITLE.sub("", after[2:]).lower()
            title = PEOPLE[full].title.lower()
            head = " ".join(title.replace(",", "").split()[:2])
            if shown.split()[0] in {"directeur", "directrice", "acheteur", "acheteuse",
                                    "responsable", "vice-présidente"}:  # fmt: skip
                assert shown.replace(",", "").startswith(head), (where, full, after[:60])


def named(text: str, before: str) -> list[str]:
    """The people named right after ``before`` (« menée par », « revient à »…)."""
    return [
        full
        for full, end in people_in(text)
        if text[: end - len(full)].endswith(before + " ")
        or text[: end - len(full)].endswith(before)
    ]

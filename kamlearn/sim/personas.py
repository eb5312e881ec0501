"""Personas of the negotiation and interview simulators, read from ``cases/personas/``.

* ``cases/personas/negociation/<id>.yml``: buyer personas (procurement director,
  technical buyer, cultural profiles), each with a reservation price range, a BATNA, a
  concession pattern, objections, interests and accepted counterparts.
* ``cases/personas/entretien/<id>.yml``: client personas for the discovery interview,
  with hidden needs, pains, decision makers and urgency items.
* ``cases/banks/questions_decouverte.yml``: the interview's SPIN question bank.

Texts are French; every file carries ``schema_version``.

The learner's copies hold no hidden keyword: each keyword list is stored as salted
fingerprints (``<field>_sha256`` and the file's ``keyword_salt``, see
:mod:`kamlearn.sim.fingerprint`). They are generated from the trainer's sources by
``kamtrain.simkeys``. A plain ``<field>`` list is still read (tests, authoring) and
fingerprinted on load. A persona's numbers (reservation price range, anchor, patience)
are practice values: each practice attempt draws its own from its seed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kamlearn.errors import DataFileError, UnknownIdError
from kamlearn.sim.datafiles import Fields, read_yaml, sim_data_dir
from kamlearn.sim.fingerprint import Keywords

OBJECTION_KINDS = ("objection", "provocation")
ITEM_CATEGORIES = ("besoin", "douleur", "decideur", "urgence")
CATEGORY_LABELS_FR = {
    "besoin": "besoin",
    "douleur": "douleur",
    "decideur": "décideur",
    "urgence": "urgence",
}


@dataclass(frozen=True)
class Objection:
    id: str
    #: "objection" calls for CRAC; "provocation" calls for an assertive (DESC) answer.
    kind: str
    text_fr: str
    rebuttal_keywords: tuple[str, ...] | Keywords = ()


@dataclass(frozen=True)
class Interest:
    id: str
    label_fr: str
    keywords: tuple[str, ...] | Keywords
    answer_fr: str


@dataclass(frozen=True)
class Counterpart:
    id: str
    label_fr: str
    keywords: tuple[str, ...] | Keywords


@dataclass(frozen=True)
class NegotiationPersona:
    id: str
    label_fr: str
    description_fr: str
    intro_fr: str
    batna_fr: str
    #: Buyer's maximum as a share of the list price: drawn uniformly in this range.
    reservation_ratio: tuple[float, float]
    #: The buyer's opening counter-offer, as a share of the list price.
    anchor_ratio: float
    #: Share of the remaining gap the buyer gives up at each of its counter-offers.
    concession_pattern: tuple[float, ...]
    #: The buyer accepts an offer within its budget from this offer number on.
    accept_after: int
    #: After this many offers without a deal, the buyer turns to its BATNA.
    patience: int
    #: Offer numbers after which the buyer raises its next objection.
    objection_rounds: tuple[int, ...]
    objections: tuple[Objection, ...]
    interests: tuple[Interest, ...]
    counterparts: tuple[Counterpart, ...]
    #: Groups of words showing the learner adapts to this buyer; one hit per group.
    adaptation_keywords: tuple[tuple[str, ...] | Keywords, ...]
    #: Faux pas with this buyer.
    avoid_keywords: tuple[str, ...] | Keywords
    #: Number of offers that suits this buyer's pace (inclusive range).
    ideal_offers: tuple[int, int]
    advice_fr: str
    generic_answers_fr: tuple[str, ...]
    refusal_fr: str


@dataclass(frozen=True)
class HiddenItem:
    id: str
    category: str
    label_fr: str
    keywords: tuple[str, ...] | Keywords
    #: SPIN types of question that make the client reveal the item.
    revealed_by: tuple[str, ...]
    answer_fr: str
    hint_fr: str


@dataclass(frozen=True)
class InterviewPersona:
    id: str
    label_fr: str
    description_fr: str
    intro_fr: str
    #: How many items of each category are active in one attempt (drawn by seed).
    active_counts: dict
    items: tuple[HiddenItem, ...]
    style_keywords: tuple[tuple[str, ...] | Keywords, ...]
    faux_pas: tuple[str, ...] | Keywords
    advice_fr: str
    closed_answers_fr: tuple[str, ...]
    leading_answer_fr: str
    generic_answers_fr: tuple[str, ...]
    max_questions: int


@dataclass(frozen=True)
class BankQuestion:
    id: str
    text_fr: str
    spin: str
    form: str  # "open", "closed" or "leading"


def _salt(fields: Fields) -> str:
    salt = fields.raw.get("keyword_salt", "")
    if not isinstance(salt, str):
        fields._fail("keyword_salt", "must be a text")
    return salt or str(fields.raw.get("id", ""))


def _prints(fields: Fields, key: str) -> tuple[str, ...]:
    value = fields.raw.get(f"{key}_sha256")
    ok = isinstance(value, list) and all(
        isinstance(v, str) and re.fullmatch(r"[0-9a-f]{16}", v) for v in value
    )
    if not ok:
        fields._fail(f"{key}_sha256", "must be a list of 16-digit hex fingerprints")
    return tuple(value)


def _keywords(fields: Fields, key: str, salt: str, *, required: bool = True) -> Keywords:
    """A keyword list: fingerprints (``<key>_sha256``) or plain words fingerprinted here."""
    if f"{key}_sha256" in fields.raw:
        prints = _prints(fields, key)
        if required and not prints:
            fields._fail(f"{key}_sha256", "must not be empty")
        return Keywords(salt, prints)
    try:
        return Keywords.from_words(fields.texts(key, required=required), salt)
    except ValueError as exc:
        fields._fail(key, str(exc))


def _groups(fields: Fields, key: str, salt: str) -> tuple[Keywords, ...]:
    hashed = f"{key}_sha256" in fields.raw
    raw = fields.raw.get(f"{key}_sha256" if hashed else key)
    name = f"{key}_sha256" if hashed else key
    if not isinstance(raw, list) or not raw:
        fields._fail(name, "must be a non-empty list of keyword lists")
    out = []
    for i, group in enumerate(raw):
        if not isinstance(group, list) or not group or not all(isinstance(k, str) for k in group):
            raise DataFileError(fields.path, "must be a non-empty list of keywords", f"{name}[{i}]")
        sub = Fields(fields.path, {key + ("_sha256" if hashed else ""): group}, fields.where)
        out.append(_keywords(sub, key, salt))
    return tuple(out)


def read_negotiation_persona(path: Path) -> NegotiationPersona:
    f = Fields(path, read_yaml(path))
    pid = f.text("id")
    if pid != path.stem:
        f._fail("id", f"'{pid}' must equal the file name '{path.stem}'")
    salt = _salt(f)
    lo, hi = f.numbers("reservation_ratio", 2)
    if not 0 < lo <= hi:
        f._fail("reservation_ratio", "must be two positive numbers, low <= high")
    pattern = f.numbers("concession_pattern")
    if not all(0 < x <= 1 for x in pattern):
        f._fail("concession_pattern", "shares must be within ]0, 1]")
    ideal = f.numbers("ideal_offers", 2)
    return NegotiationPersona(
        id=pid,
        label_fr=f.text("label_fr"),
        description_fr=f.text("description_fr"),
        intro_fr=f.text("intro_fr"),
        batna_fr=f.text("batna_fr"),
        reservation_ratio=(lo, hi),
        anchor_ratio=f.number("anchor_ratio"),
        concession_pattern=pattern,
        accept_after=f.integer("accept_after"),
        patience=f.integer("patience"),
        objection_rounds=tuple(int(x) for x in f.numbers("objection_rounds")),
        objections=tuple(
            Objection(
                id=o.text("id"),
                kind=o.choice("kind", OBJECTION_KINDS),
                text_fr=o.text("text_fr"),
                rebuttal_keywords=_keywords(o, "rebuttal_keywords", salt, required=False),
            )
            for o in f.items("objections")
        ),
        interests=tuple(
            Interest(
                i.text("id"),
                i.text("label_fr"),
                _keywords(i, "keywords", salt),
                i.text("answer_fr"),
            )
            for i in f.items("interests")
        ),
        counterparts=tuple(
            Counterpart(c.text("id"), c.text("label_fr"), _keywords(c, "keywords", salt))
            for c in f.items("counterparts")
        ),
        adaptation_keywords=_groups(f, "adaptation_keywords", salt),
        avoid_keywords=_keywords(f, "avoid_keywords", salt, required=False),
        ideal_offers=(int(ideal[0]), int(ideal[1])),
        advice_fr=f.text("advice_fr"),
        generic_answers_fr=f.texts("generic_answers_fr"),
        refusal_fr=f.text("refusal_fr"),
    )


def read_interview_persona(path: Path) -> InterviewPersona:
    f = Fields(path, read_yaml(path))
    pid = f.text("id")
    if pid != path.stem:
        f._fail("id", f"'{pid}' must equal the file name '{path.stem}'")
    salt = _salt(f)
    items = tuple(
        HiddenItem(
            id=i.text("id"),
            category=i.choice("category", ITEM_CATEGORIES),
            label_fr=i.text("label_fr"),
            keywords=_keywords(i, "keywords", salt),
            revealed_by=i.texts("revealed_by"),
            answer_fr=i.text("answer_fr"),
            hint_fr=i.text("hint_fr"),
        )
        for i in f.items("items")
    )
    counts = f.mapping("active_counts")
    for cat in ITEM_CATEGORIES:
        pool = sum(1 for it in items if it.category == cat)
        n = counts.get(cat)
        if not isinstance(n, int) or not 1 <= n <= pool:
            f._fail("active_counts", f"'{cat}' must be an integer from 1 to {pool}")
    return InterviewPersona(
        id=pid,
        label_fr=f.text("label_fr"),
        description_fr=f.text("description_fr"),
        intro_fr=f.text("intro_fr"),
        active_counts=dict(counts),
        items=items,
        style_keywords=_groups(f, "style_keywords", salt),
        faux_pas=_keywords(f, "faux_pas", salt, required=False),
        advice_fr=f.text("advice_fr"),
        closed_answers_fr=f.texts("closed_answers_fr"),
        leading_answer_fr=f.text("leading_answer_fr"),
        generic_answers_fr=f.texts("generic_answers_fr"),
        max_questions=f.integer("max_questions"),
    )


def read_question_bank(path: Path) -> tuple[BankQuestion, ...]:
    f = Fields(path, read_yaml(path))
    return tuple(
        BankQuestion(
            id=q.text("id"),
            text_fr=q.text("text_fr"),
            spin=q.choice("spin", ("S", "P", "I", "N")),
            form=q.choice("form", ("open", "closed", "leading")),
        )
        for q in f.items("questions")
    )


def _folder(kind: str) -> Path:
    return sim_data_dir() / "personas" / kind


@cache
def _negotiation_personas(folder: Path) -> dict[str, NegotiationPersona]:
    return {p.stem: read_negotiation_persona(p) for p in sorted(folder.glob("*.yml"))}


@cache
def _interview_personas(folder: Path) -> dict[str, InterviewPersona]:
    return {p.stem: read_interview_persona(p) for p in sorted(folder.glob("*.yml"))}


def negotiation_personas() -> dict[str, NegotiationPersona]:
    """All buyer personas, by id."""
    return dict(_negotiation_personas(_folder("negociation")))


def interview_personas() -> dict[str, InterviewPersona]:
    """All interview client personas, by id."""
    return dict(_interview_personas(_folder("entretien")))


def negotiation_persona(persona_id: str) -> NegotiationPersona:
    known = negotiation_personas()
    if persona_id not in known:
        raise UnknownIdError("persona", persona_id, sorted(known))
    return known[persona_id]


def interview_persona(persona_id: str) -> InterviewPersona:
    known = interview_personas()
    if persona_id not in known:
        raise UnknownIdError("persona", persona_id, sorted(known))
    return known[persona_id]


@cache
def _bank(path: Path) -> tuple[BankQuestion, ...]:
    return read_question_bank(path)


def question_bank() -> tuple[BankQuestion, ...]:
    """The SPIN question bank of the discovery interview."""
    return _bank(sim_data_dir() / "banks" / "questions_decouverte.yml")

"""Role cards of the certification épreuves (trainer side: hidden information lives here).

``kamtrain/epreuves/role_cards.yml`` holds, for the trainer or actor playing the client, the
buyer or the team, what the candidates are told (``public``) and what only the actor and the
jury know (``hidden``: reservation price, objections, culture, decision-making unit). It is
part of the trainer package only; nothing in kamlearn reads it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from kamlearn.errors import UnknownIdError

ROLE_CARDS_FILE = Path(__file__).with_name("role_cards.yml")
_HIDDEN_KEYS = (
    "reservation_price",
    "opening",
    "batna",
    "objections",
    "culture",
    "decision_unit",
    "instructions",
)


@dataclass(frozen=True)
class RoleCard:
    id: str
    epreuve: str
    role: str
    played_by: str
    public: str
    reservation_price: int | None
    opening: str
    batna: str
    objections: tuple[str, ...]
    culture: str
    decision_unit: tuple[str, ...]
    instructions: tuple[str, ...]


def load_role_cards(path: Path | None = None) -> dict[str, RoleCard]:
    """Read and validate the role cards against ``rubrics/epreuves.yml``.

    Raises:
        DataFileError: naming the file and the field at fault.
    """
    path = Path(path or ROLE_CARDS_FILE)
    st = path.stat() if path.exists() else None
    return _load(path, None if st is None else (st.st_mtime_ns, st.st_size))


@functools.lru_cache(maxsize=4)
def _load(path: Path, _state) -> dict[str, RoleCard]:
    from kamlearn.referential._fields import FieldReader, join, read_yaml
    from kamlearn.referential.epreuves_loader import load_epreuves

    data = read_yaml(path)
    r = FieldReader(path)
    r.only_keys(data, ("schema_version", "role_cards"), "")
    cards: dict[str, RoleCard] = {}
    for i, raw in enumerate(r.get(data, "role_cards", "list", "")):
        where = join("role_cards", i)
        r.check(raw, "mapping", where)
        r.only_keys(raw, ("id", "epreuve", "role", "played_by", "public", "hidden"), where)
        hidden = r.get(raw, "hidden", "mapping", where)
        hw = join(where, "hidden")
        r.only_keys(hidden, _HIDDEN_KEYS, hw)
        price = r.get(hidden, "reservation_price", "int", hw, required=False)
        if price is not None and price <= 0:
            r.fail(
                "a reservation price is a positive amount in euros", join(hw, "reservation_price")
            )

        def texts(key: str, hidden=hidden, hw=hw) -> tuple[str, ...]:
            values = r.get(hidden, key, "list", hw, required=False, default=[], allow_empty=True)
            return tuple(r.check(v, "str", join(join(hw, key), k)) for k, v in enumerate(values))

        card = RoleCard(
            id=r.get(raw, "id", "str", where),
            epreuve=r.get(raw, "epreuve", "str", where),
            role=r.get(raw, "role", "str", where),
            played_by=r.get(raw, "played_by", "str", where),
            public=r.get(raw, "public", "str", where),
            reservation_price=price,
            opening=r.get(hidden, "opening", "str", hw, required=False, default=""),
            batna=r.get(hidden, "batna", "str", hw, required=False, default=""),
            objections=texts("objections"),
            culture=r.get(hidden, "culture", "str", hw),
            decision_unit=texts("decision_unit"),
            instructions=texts("instructions"),
        )
        if card.id in cards:
            r.fail(f"duplicate id {card.id!r}", join(where, "id"))
        cards[card.id] = card
    for e in load_epreuves().epreuves:
        for cid in e.role_cards:
            if cid not in cards:
                r.fail(
                    f"rubrics/epreuves.yml ({e.id}) names role card {cid!r}, missing here",
                    "role_cards",
                )
            if cards[cid].epreuve != e.id:
                r.fail(f"role card {cid!r} serves {cards[cid].epreuve}, not {e.id}", "role_cards")
    return cards


def role_card(card_id: str) -> RoleCard:
    cards = load_role_cards()
    if card_id not in cards:
        raise UnknownIdError("role card", card_id, known=list(cards))
    return cards[card_id]

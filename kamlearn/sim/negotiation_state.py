"""The negotiation's state: what the buyer persona remembers of the learner's moves.

Mutated only by :class:`kamlearn.sim.negotiation.NegotiationEngine`'s moves and read by
:mod:`kamlearn.sim.negotiation_score`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kamlearn.sim.personas import Objection

#: A price cut bigger than this share of the list price, made while a provocation is
#: unanswered, counts as a concession made under emotional pressure.
PANIC_DROP_RATIO = 0.05
#: Open questions with these words make the buyer talk about its next interest.
INTEREST_PROBES = (
    "priorit*",
    "enjeu*",
    "attente*",
    "important*",
    "objectif*",
    "préoccup*",
    "besoin*",
    "critère*",
)


@dataclass
class Concession:
    what: str
    value: float
    source: str  # "prix" (a price cut) or "concession"
    traded: bool = False


@dataclass
class RaisedObjection:
    objection: Objection
    answered: bool = False
    steps: tuple[str, ...] = ()
    lifted: bool = False


@dataclass
class NegotiationState:
    """Everything the scoring needs; mutated only by the engine's moves."""

    buyer_offer: float
    offers: list[float] = field(default_factory=list)
    buyer_counters: int = 0
    momentum: float = 1.0
    open_objection: RaisedObjection | None = None
    raised: list[RaisedObjection] = field(default_factory=list)
    next_objection: int = 0
    due_objections: int = 0
    concessions: list[Concession] = field(default_factory=list)
    counterpart_credit: int = 0
    granted: list[str] = field(default_factory=list)
    revealed: list[str] = field(default_factory=list)
    addressed: list[str] = field(default_factory=list)
    open_questions: int = 0
    reformulations: int = 0
    outbursts: int = 0
    panic: int = 0
    price_raises: int = 0
    texts: list[str] = field(default_factory=list)
    estimate: tuple[float, float] | None = None
    package_since_offer: bool = False
    compromise_offers: int = 0
    generic_turn: int = 0
    deal: bool = False
    price: float | None = None
    ended_by: str | None = None

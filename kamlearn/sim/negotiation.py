"""Negotiation role play (C12–C14): the learner sells, a buyer persona buys.

The buyer has a hidden reservation price (its maximum), an opening anchor, a BATNA, a
concession pattern and objections, all fixed by the persona and the seed. The learner
makes offers, grants concessions, asks for counterparts, answers objections and asks
questions. At the end :meth:`NegotiationEngine.result` reveals the ZOPA and scores the
outcome and the C12–C14 criteria (see :mod:`kamlearn.sim.negotiation_score`).

Scripted use::

    engine = NegotiationEngine("directeur_achats", seed=42)
    result = engine.play([("offer", 250000), ("question", "Quelles sont vos priorités ?"),
                          ("offer", 240000), "accept"])
"""

from __future__ import annotations

import math
import random

from kamlearn.errors import InvalidMoveError, SimulationError
from kamlearn.frenchfmt import money_fr as euros
from kamlearn.sim import textmatch as tm
from kamlearn.sim.engine import BaseEngine
from kamlearn.sim.negotiation_state import (
    INTEREST_PROBES,
    PANIC_DROP_RATIO,
    Concession,
    NegotiationState,
    RaisedObjection,
)
from kamlearn.sim.personas import NegotiationPersona, negotiation_persona
from kamlearn.sim.records import Clock

DEFAULT_LIST_PRICE = 250_000.0
DEFAULT_FLOOR_RATIO = 0.80
DEFAULT_COST_RATIO = 0.60


class NegotiationEngine(BaseEngine):
    """A seeded buyer persona that answers the learner's moves deterministically."""

    SIMULATOR = "negotiation"
    MOVES = (
        "offer",
        "concede",
        "ask_counterpart",
        "answer_objection",
        "question",
        "estimate_zopa",
        "accept",
        "walk_away",
    )

    def __init__(
        self,
        persona: str | NegotiationPersona = "directeur_achats",
        seed: int = 0,
        *,
        list_price: float = DEFAULT_LIST_PRICE,
        floor: float | None = None,
        cost: float | None = None,
        buyer_max: float | None = None,
        buyer_anchor: float | None = None,
        objection_order: tuple[str, ...] | list[str] | None = None,
        clock: Clock | None = None,
    ):
        self.persona = (
            persona if isinstance(persona, NegotiationPersona) else negotiation_persona(persona)
        )
        p = self.persona
        rng = random.Random(seed)
        self.list_price = float(list_price)
        self.floor = float(floor) if floor is not None else self.list_price * DEFAULT_FLOOR_RATIO
        self.cost = float(cost) if cost is not None else self.list_price * DEFAULT_COST_RATIO
        if not 0 <= self.cost < self.list_price or not self.floor > 0:
            raise SimulationError(
                f"Invalid prices: need 0 <= cost < list_price and floor > 0 "
                f"(list_price={self.list_price}, floor={self.floor}, cost={self.cost})"
            )
        drawn_max = _round(self.list_price * rng.uniform(*p.reservation_ratio), 500)
        self.buyer_max = float(buyer_max) if buyer_max is not None else drawn_max
        anchor = _round(self.list_price * p.anchor_ratio, 500)
        self.buyer_anchor = float(buyer_anchor) if buyer_anchor is not None else anchor
        self.buyer_anchor = min(self.buyer_anchor, self.buyer_max)
        order = [o.id for o in p.objections]
        rng.shuffle(order)
        known = {o.id: o for o in p.objections}
        self.objection_order = tuple(objection_order) if objection_order else tuple(order)
        if any(o not in known for o in self.objection_order):
            raise SimulationError(f"Unknown objection in {self.objection_order} for {p.id}")
        self._objections = known
        config = {
            "persona": p.id,
            "list_price": self.list_price,
            "floor": self.floor,
            "cost": self.cost,
            "buyer_max": self.buyer_max,
            "buyer_anchor": self.buyer_anchor,
            "objection_order": list(self.objection_order),
        }
        super().__init__(seed, config, clock)
        self.state = NegotiationState(buyer_offer=self.buyer_anchor)
        self._system(
            f"Négociation avec {p.label_fr}. Prix catalogue : {euros(self.list_price)} ; "
            f"votre prix plancher : {euros(self.floor)} ; votre coût : {euros(self.cost)}.",
            "start",
        )
        self._say(
            f"{p.intro_fr} Notre budget pour ce contrat est de {euros(self.buyer_anchor)}.",
            "anchor",
            price=self.buyer_anchor,
        )

    # --- moves ---------------------------------------------------------------------------

    def offer(self, price: float) -> None:
        """Propose a price; the buyer accepts, counters (and may object) or walks away."""
        self._require_active("offer")
        price = self._require_amount(price, "offer", "Le prix proposé")
        s = self.state
        previous = s.offers[-1] if s.offers else None
        self._learner("offer", f"Je vous propose {euros(price)}.", price=price)
        if previous is not None:
            if s.package_since_offer:
                s.compromise_offers += 1
            if price < previous:
                pressured = s.open_objection and s.open_objection.objection.kind == "provocation"
                if pressured and previous - price > PANIC_DROP_RATIO * self.list_price:
                    s.panic += 1
                self._add_concession("baisse de prix", previous - price, "prix")
            elif price > previous:
                s.price_raises += 1
                self._say(
                    "Vous remontez votre prix ? Votre crédibilité en prend un coup.", "remark"
                )
        s.package_since_offer = False
        s.offers.append(price)
        n = len(s.offers)
        if n in self.persona.objection_rounds:
            s.due_objections += 1
        if price <= s.buyer_offer or (
            price <= self.buyer_max and n >= self.persona.accept_after and s.open_objection is None
        ):
            self._close(True, price, "buyer_accept")
            self._say(f"C'est d'accord pour {euros(price)}. Marché conclu.", "accept", price=price)
            return
        if n >= self.persona.patience:
            self._close(False, None, "buyer_walk_away")
            self._say(f"Nous n'avancerons pas. Nous retenons {self.persona.batna_fr}.", "walk_away")
            return
        self._counter(price)

    def concede(self, what: str, value: float = 0.0) -> None:
        """Grant a concession (``what``) worth ``value`` euros."""
        self._require_active("concede")
        what = self._require_text(what, "concede", "La concession")
        value = self._require_amount(
            value, "concede", "La valeur de la concession", allow_zero=True
        )
        self._learner(
            "concede", f"Je peux vous accorder : {what} ({euros(value)}).", what=what, value=value
        )
        self.state.package_since_offer = True
        self.state.texts.append(what)
        self._add_concession(what, value, "concession")
        interest = self._address(what)
        if interest:
            self._say(f"Voilà qui répond à une vraie préoccupation : {interest.label_fr}.", "reply")
        else:
            self._say("C'est noté.", "reply")

    def ask_counterpart(self, what: str) -> None:
        """Ask the buyer for a counterpart (``what``) in exchange for a concession."""
        self._require_active("ask_counterpart")
        what = self._require_text(what, "ask_counterpart", "La contrepartie demandée")
        s = self.state
        self._learner("ask_counterpart", f"En contrepartie, je vous demande : {what}.", what=what)
        s.package_since_offer = True
        s.texts.append(what)
        self._address(what)
        match = next((c for c in self.persona.counterparts if tm.has_any(what, c.keywords)), None)
        if match is None:
            self._say(self.persona.refusal_fr, "refuse")
            return
        if match.id in s.granted:
            self._say(f"Je vous l'ai déjà accordé : {match.label_fr}.", "refuse")
            return
        s.granted.append(match.id)
        pending = [c for c in s.concessions if not c.traded]
        if pending:
            pending[-1].traded = True
        else:
            s.counterpart_credit += 1
        self._say(f"D'accord : {match.label_fr}.", "grant", counterpart=match.id)

    def answer_objection(self, text: str) -> None:
        """Answer the open objection (CRAC) or provocation (DESC)."""
        self._require_active("answer_objection")
        text = self._require_text(text, "answer_objection", "La réponse à l'objection")
        s = self.state
        if s.open_objection is None:
            raise InvalidMoveError(
                "Aucune objection n'est en attente de réponse.", "answer_objection"
            )
        self._learner("answer_objection", text, text=text)
        raised = s.open_objection
        self._listen(text)
        if raised.objection.kind == "provocation":
            steps = tm.technique_steps(text, tm.DESC)
            lifted = len(steps) >= 3
        else:
            steps = tm.technique_steps(text, tm.CRAC)
            rebuttal = tm.has_any(text, raised.objection.rebuttal_keywords)
            lifted = len(steps) >= 3 or (len(steps) >= 2 and rebuttal)
        raised.answered, raised.steps, raised.lifted = True, steps, lifted
        s.open_objection = None
        s.momentum = 1.5 if lifted else 0.5
        self._address(text)
        reply = "Bien. Je vous entends, avançons." if lifted else "Vous ne m'avez pas convaincu."
        self._say(reply, "objection_answered", lifted=lifted, steps=list(steps))

    def question(self, text: str) -> None:
        """Ask the buyer a question; open questions uncover its interests."""
        self._require_active("question")
        text = self._require_text(text, "question", "La question")
        s = self.state
        self._learner("question", text, text=text)
        self._listen(text)
        form = tm.question_form(text)
        if form == "leading":
            self._say(
                "Vous essayez de me faire dire ce que vous voulez entendre.", "reply", form=form
            )
            return
        if form == "closed":
            self._say("Oui… ou non, cela dépend. Soyez plus précis.", "reply", form=form)
            return
        s.open_questions += 1
        interests = self.persona.interests
        match = next(
            (i for i in interests if i.id not in s.revealed and tm.has_any(text, i.keywords)), None
        )
        if match is None and tm.has_any(text, INTEREST_PROBES):
            match = next((i for i in interests if i.id not in s.revealed), None)
        if match is None:
            answers = self.persona.generic_answers_fr
            self._say(answers[s.generic_turn % len(answers)], "reply", form=form)
            s.generic_turn += 1
            return
        s.revealed.append(match.id)
        self._say(match.answer_fr, "reveal", form=form, interest=match.id)

    def estimate_zopa(self, low: float, high: float) -> None:
        """Record the learner's estimate of the ZOPA (compared with the real one at the end)."""
        self._require_active("estimate_zopa")
        low = self._require_amount(low, "estimate_zopa", "La borne basse")
        high = self._require_amount(high, "estimate_zopa", "La borne haute")
        if high < low:
            raise InvalidMoveError(
                "La borne haute doit être supérieure ou égale à la borne basse.", "estimate_zopa"
            )
        self._learner(
            "estimate_zopa", f"ZAPO estimée : de {euros(low)} à {euros(high)}.", low=low, high=high
        )
        self.state.estimate = (low, high)
        self._system("Estimation notée : elle sera comparée à la zone réelle à la fin.", "estimate")

    def accept(self) -> None:
        """Accept the buyer's current counter-offer."""
        self._require_active("accept")
        price = self.state.buyer_offer
        self._learner("accept", f"J'accepte votre proposition à {euros(price)}.")
        self._close(True, price, "learner_accept")
        self._say(f"Parfait : marché conclu à {euros(price)}.", "accept", price=price)

    def walk_away(self) -> None:
        """Leave the table without a deal."""
        self._require_active("walk_away")
        self._learner(
            "walk_away", "Je préfère en rester là : nous ne trouverons pas d'accord aujourd'hui."
        )
        self._close(False, None, "learner_walk_away")
        self._say(f"Très bien. Nous retenons donc {self.persona.batna_fr}.", "walk_away")

    # --- buyer behaviour -------------------------------------------------------------------

    def _counter(self, price: float) -> None:
        s, p = self.state, self.persona
        share = p.concession_pattern[min(s.buyer_counters, len(p.concession_pattern) - 1)]
        share = min(1.0, share * s.momentum)
        s.momentum = 1.0
        target = min(price, self.buyer_max)
        proposal = s.buyer_offer + share * (target - s.buyer_offer)
        # Round down: a buyer never gives away more than its pattern says.
        s.buyer_offer = max(s.buyer_offer, math.floor(proposal / 100) * 100)
        s.buyer_counters += 1
        self._say(f"Je peux aller jusqu'à {euros(s.buyer_offer)}.", "counter", price=s.buyer_offer)
        if s.open_objection is not None:
            self._say(
                f"Et vous n'avez pas répondu : « {s.open_objection.objection.text_fr} »",
                "objection_repeat",
            )
        elif s.due_objections and s.next_objection < len(self.objection_order):
            objection = self._objections[self.objection_order[s.next_objection]]
            s.next_objection += 1
            s.due_objections -= 1
            s.open_objection = RaisedObjection(objection)
            s.raised.append(s.open_objection)
            self._say(objection.text_fr, objection.kind, objection=objection.id)

    def _add_concession(self, what: str, value: float, source: str) -> None:
        s = self.state
        concession = Concession(what, value, source)
        if s.counterpart_credit:
            concession.traded = True
            s.counterpart_credit -= 1
        s.concessions.append(concession)

    def _address(self, text: str):
        s = self.state
        for interest in self.persona.interests:
            if tm.has_any(text, interest.keywords):
                if interest.id not in s.addressed:
                    s.addressed.append(interest.id)
                return interest
        return None

    def _listen(self, text: str) -> None:
        s = self.state
        s.texts.append(text)
        if tm.has_any(text, tm.REFORMULATIONS):
            s.reformulations += 1
        if tm.has_any(text, tm.OUTBURSTS) or tm.shouting(text):
            s.outbursts += 1

    def _close(self, deal: bool, price: float | None, ended_by: str) -> None:
        s = self.state
        s.deal, s.price, s.ended_by = deal, price, ended_by
        self.ended = True

    # --- results -------------------------------------------------------------------------

    def result(self):
        from kamlearn.sim.negotiation_score import score_negotiation

        return score_negotiation(self)


def _round(value: float, step: int) -> float:
    return float(round(value / step) * step)

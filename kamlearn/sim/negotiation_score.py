"""Scoring of a negotiation: the outcome against the ZOPA, and the C12–C14 criteria.

Outcome (``outcome_score``, the mean of the components that apply):

* deal made when a ZOPA exists, or no deal when none exists: 1, else 0;
* position in the ZOPA (0 at the seller's floor, 1 at the buyer's maximum); a deal
  outside the ZOPA counts 0;
* margin kept: ``(price − cost) / (list price − cost)``, within [0, 1];
* share of concessions traded for a counterpart (a price cut is a concession too).

Criteria (only those the transcript evidences):

* C12.1 compromise scenarios: offers, after the first, preceded by a concession or a
  counterpart request since the previous offer; 2 or more = 1.
* C12.2 ZOPA identified: mean of the deal's place (1 inside the ZOPA, or no deal when
  none exists) and the overlap of the learner's estimate with the real ZOPA (0 without
  an estimate; ignored when there is no ZOPA to estimate).
* C12.3 concession/counterpart matrix: share of concessions traded.
* C13.1 assertiveness, substance vs. form: DESC « Décrire » and « Exprimer » in answers
  to provocations (an unanswered provocation counts 0).
* C13.2 interest-based solutions: share of the buyer's interests addressed by a
  concession, a counterpart or an answer.
* C13.3 adapting to the buyer: half the persona's keyword groups used, half the pace
  (number of offers within the persona's range), minus 0.25 per faux pas.
* C14.1 and C14.4 (the same criterion twice in the referential): half open questions
  (2 or more = full), half reformulation (1 or more = full).
* C14.2 objections lifted: share of objections answered with CRAC (3 steps, or 2 with
  an argument specific to the objection).
* C14.3 assertiveness to reframe: DESC « Spécifier » and « Conséquences ».
* C14.5 emotions under control: 1 − 0.25 per outburst or price cut made under a
  provocation.
"""

from __future__ import annotations

from dataclasses import dataclass

from kamlearn.frenchfmt import money_fr as euros
from kamlearn.sim import textmatch as tm
from kamlearn.sim.engine import clamp01, mean
from kamlearn.sim.records import SimResult
from kamlearn.sim.zopa import Zopa, compute_zopa, overlap_ratio, position_in_zopa, price_position


@dataclass(frozen=True)
class NegotiationResult:
    persona: str
    deal: bool
    price: float | None
    ended_by: str | None
    list_price: float
    seller_floor: float
    cost: float
    buyer_max: float
    zopa: tuple[float, float] | None
    price_position: str | None
    position_in_zopa: float | None
    margin_kept_ratio: float | None
    concessions: int
    concessions_traded: int
    concessions_traded_ratio: float | None
    outcome_score: float
    criteria_scores: dict
    feedback_fr: tuple[str, ...]

    @property
    def score(self) -> float:
        return self.outcome_score

    def to_sim_result(self) -> SimResult:
        details = {
            k: getattr(self, k)
            for k in self.__dataclass_fields__
            if k not in ("criteria_scores", "feedback_fr", "outcome_score")
        }
        details["zopa"] = list(self.zopa) if self.zopa else None
        return SimResult(
            simulator="negotiation",
            score=round(self.outcome_score, 4),
            criteria_scores={k: round(v, 4) for k, v in self.criteria_scores.items()},
            feedback_fr=self.feedback_fr,
            details=details,
        )


def _pct(x: float) -> str:
    return f"{100 * x:.0f}\u00a0%"


def score_negotiation(engine) -> NegotiationResult:

    s, p = engine.state, engine.persona
    zopa = compute_zopa(engine.floor, engine.buyer_max)
    fb: list[str] = []
    deal = s.deal and engine.ended
    price = s.price if deal else None

    if not engine.ended:
        fb.append("La négociation n'est pas terminée : elle est évaluée comme sans accord.")
    if zopa is None:
        fb.append(
            f"Il n'existait pas de ZAPO : votre plancher ({euros(engine.floor)}) dépassait le "
            f"maximum de l'acheteur ({euros(engine.buyer_max)}). Aucun accord n'était possible "
            "sans vendre sous votre plancher."
        )
    elif zopa.is_point:
        fb.append(f"La ZAPO se réduisait à un point : {euros(zopa.low)}.")
    else:
        fb.append(
            f"La ZAPO allait de {euros(zopa.low)} (votre plancher) à {euros(zopa.high)} (maximum de l'acheteur)."
        )

    where = pos = margin = None
    if deal:
        where = price_position(price, engine.floor, engine.buyer_max)
        pos = position_in_zopa(price, zopa)
        margin = clamp01((price - engine.cost) / (engine.list_price - engine.cost))
        if pos is not None:
            fb.append(f"Accord à {euros(price)} : vous captez {_pct(pos)} de la ZAPO.")
        else:
            fb.append(
                f"Accord à {euros(price)}, sous votre prix plancher : la vente détruit de la marge."
            )
        fb.append(f"Marge conservée : {_pct(margin)} de la marge au prix catalogue.")
    elif s.ended_by == "buyer_walk_away":
        fb.append(
            f"L'acheteur a perdu patience et s'est tourné vers sa solution de repli : {p.batna_fr}."
        )
    elif zopa is not None and engine.ended:
        fb.append("Pas d'accord alors qu'une zone d'accord existait.")
    elif zopa is None and engine.ended:
        fb.append("Vous n'avez pas conclu : c'était la bonne décision.")

    traded = sum(c.traded for c in s.concessions)
    ratio = traded / len(s.concessions) if s.concessions else None
    if ratio is not None:
        fb.append(
            f"{traded} concession(s) sur {len(s.concessions)} échangée(s) contre une contrepartie."
        )
    deal_ok = 1.0 if deal == (zopa is not None) else 0.0
    position_component = pos if pos is not None else (0.0 if deal else None)
    outcome = mean([deal_ok, position_component, margin, ratio])

    crit: dict[str, float] = {}
    if s.offers:
        crit["C12.1"] = min(1.0, s.compromise_offers / 2)
        if s.compromise_offers == 0:
            fb.append(
                "C12.1 : présentez des scénarios de compromis (une offre accompagnée d'une concession ou d'une contrepartie)."
            )
    outcome_c = (
        1.0 if (deal and pos is not None) or (zopa is None and not deal and engine.ended) else 0.0
    )
    if zopa is not None:
        est = overlap_ratio(Zopa(*s.estimate), zopa) if s.estimate else 0.0
        crit["C12.2"] = mean([outcome_c, est])
        if s.estimate is None:
            fb.append("C12.2 : estimez la ZAPO avant de négocier (bouton « Estimer la ZAPO »).")
        else:
            fb.append(f"C12.2 : votre estimation recouvre {_pct(est)} de la ZAPO réelle.")
    else:
        crit["C12.2"] = outcome_c
    if ratio is not None:
        crit["C12.3"] = ratio
        if ratio < 1:
            fb.append("C12.3 : ne concédez jamais sans contrepartie (« si vous…, alors je… »).")

    provocations = [r for r in s.raised if r.objection.kind == "provocation"]
    objections = [r for r in s.raised if r.objection.kind == "objection"]
    if provocations:
        crit["C13.1"] = mean(
            [(("decrire" in r.steps) + ("exprimer" in r.steps)) / 2 for r in provocations]
        )
        crit["C14.3"] = mean(
            [(("specifier" in r.steps) + ("consequences" in r.steps)) / 2 for r in provocations]
        )
        if crit["C13.1"] < 1 or crit["C14.3"] < 1:
            fb.append(
                "C13.1/C14.3 : face à une provocation, répondez avec DESC (Décrire, Exprimer, Spécifier, Conséquences)."
            )
    crit["C13.2"] = len(s.addressed) / len(p.interests)
    missed = [i.label_fr for i in p.interests if i.id not in s.addressed]
    if missed:
        fb.append("C13.2 : intérêts de l'acheteur non traités : " + " ; ".join(missed) + ".")

    all_text = "\n".join(s.texts)
    groups = sum(tm.has_any(all_text, g) for g in p.adaptation_keywords)
    faux_pas = len(tm.find_keywords(all_text, p.avoid_keywords))
    lo, hi = p.ideal_offers
    pace = 1.0 if lo <= len(s.offers) <= hi else 0.0
    crit["C13.3"] = clamp01(
        0.5 * groups / len(p.adaptation_keywords) + 0.5 * pace - 0.25 * faux_pas
    )
    if crit["C13.3"] < 1:
        fb.append(f"C13.3 : {p.advice_fr}")

    listening = 0.5 * min(1.0, s.open_questions / 2) + 0.5 * min(1.0, s.reformulations / 1)
    crit["C14.1"] = listening
    crit["C14.4"] = listening
    if listening < 1:
        fb.append(
            "C14.1/C14.4 : posez des questions ouvertes et reformulez (« si je comprends bien… »)."
        )
    if objections:
        lifted = sum(r.lifted for r in objections)
        crit["C14.2"] = lifted / len(objections)
        fb.append(
            f"C14.2 : {lifted} objection(s) levée(s) sur {len(objections)} (méthode CRAC : Creuser, Reformuler, Argumenter, Contrôler)."
        )
    crit["C14.5"] = clamp01(1 - 0.25 * (s.outbursts + s.panic))
    if s.outbursts:
        fb.append("C14.5 : gardez un ton maîtrisé, même face à une provocation.")
    if s.panic:
        fb.append(
            "C14.5 : vous avez fortement baissé votre prix sous la pression d'une provocation."
        )

    return NegotiationResult(
        persona=p.id,
        deal=deal,
        price=price,
        ended_by=s.ended_by,
        list_price=engine.list_price,
        seller_floor=engine.floor,
        cost=engine.cost,
        buyer_max=engine.buyer_max,
        zopa=None if zopa is None else (zopa.low, zopa.high),
        price_position=where,
        position_in_zopa=pos,
        margin_kept_ratio=margin,
        concessions=len(s.concessions),
        concessions_traded=traded,
        concessions_traded_ratio=ratio,
        outcome_score=outcome if outcome is not None else 0.0,
        criteria_scores=crit,
        feedback_fr=tuple(fb),
    )

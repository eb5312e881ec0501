"""Negotiation engine: determinism, ZOPA edge cases, scoring on known transcripts,
invalid moves. Expected scores are computed by hand in the comments."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from kamlearn.errors import InvalidMoveError, UnknownIdError
from kamlearn.sim.negotiation import NegotiationEngine
from kamlearn.sim.personas import (
    Counterpart,
    Interest,
    NegotiationPersona,
    Objection,
    negotiation_personas,
)
from kamlearn.sim.records import StepClock
from kamlearn.sim.zopa import ABOVE_BUYER_MAX, BELOW_FLOOR

PERSONA = NegotiationPersona(
    id="test",
    label_fr="Acheteuse de test",
    description_fr="Profil de test.",
    intro_fr="Bonjour.",
    batna_fr="un autre fournisseur",
    reservation_ratio=(0.9, 0.9),
    anchor_ratio=0.7,
    concession_pattern=(0.5,),
    accept_after=3,
    patience=6,
    objection_rounds=(1,),
    objections=(
        Objection("prix", "objection", "Vous êtes trop cher.", ("valeur",)),
        Objection("menace", "provocation", "Baissez de 15 % ou c'est fini."),
    ),
    interests=(
        Interest(
            "budget", "tenir le budget", ("budget*", "économi*"), "J'ai un objectif d'économies."
        ),
        Interest(
            "continuite", "éviter les arrêts", ("arrêt*", "continuité"), "Aucun arrêt de ligne."
        ),
    ),
    counterparts=(
        Counterpart("duree", "un engagement sur trois ans", ("engagement", "trois ans")),
        Counterpart("reference", "une référence client", ("référence",)),
    ),
    adaptation_keywords=(("valeur",), ("tco",)),
    avoid_keywords=("dernier prix",),
    ideal_offers=(2, 4),
    advice_fr="Parlez valeur.",
    generic_answers_fr=("Hum.",),
    refusal_fr="Non.",
)
PRICES = {"list_price": 100_000, "floor": 80_000, "cost": 60_000}


def engine(persona=PERSONA, seed=0, **kw):
    args = {**PRICES, "objection_order": ["prix", "menace"], "clock": StepClock(), **kw}
    return NegotiationEngine(persona, seed, **args)


CRAC_ANSWER = (
    "Si je comprends bien, pourquoi ce prix vous semble élevé ? Notre solution apporte plus "
    "de valeur car elle réduit vos arrêts. Cela répond-il à votre question ?"
)


def test_good_negotiation_scores_as_computed_by_hand():
    e = engine()
    assert (e.buyer_max, e.buyer_anchor) == (90_000, 70_000)  # 0.9 and 0.7 of 100 000
    result = e.play(
        [
            ("estimate_zopa", 80_000, 95_000),
            ("question", "Quelles sont vos priorités pour ce contrat ?"),
            ("offer", 100_000),  # counter 70 000 + 0.5 × (90 000 − 70 000) = 80 000; objection
            ("answer_objection", CRAC_ANSWER),  # 4 CRAC steps: lifted, momentum 1.5
            ("concede", "délai de paiement à 60 jours", 1_000),
            ("ask_counterpart", "engagement sur trois ans"),  # trades the délai
            ("offer", 92_000),  # price cut 8 000 = concession; counter 80 000 + 0.75 × 10 000
            ("ask_counterpart", "une référence client"),  # trades the 8 000 cut
            ("offer", 89_000),  # cut 3 000, untraded; 3rd offer ≤ 90 000: accepted
        ]
    )
    counters = [m.data["price"] for m in e.transcript().moves if m.kind == "counter"]
    assert counters == [80_000, 87_500]
    assert result.deal and result.price == 89_000 and result.ended_by == "buyer_accept"
    assert result.zopa == (80_000, 90_000)
    assert result.position_in_zopa == pytest.approx(0.9)  # (89 − 80) / (90 − 80)
    assert result.margin_kept_ratio == pytest.approx(29 / 40)  # (89 − 60) / (100 − 60)
    assert (result.concessions, result.concessions_traded) == (3, 2)
    assert result.outcome_score == pytest.approx((1 + 0.9 + 29 / 40 + 2 / 3) / 4)
    c = result.criteria_scores
    assert c["C12.1"] == 1.0  # two offers preceded by a concession or a counterpart
    assert c["C12.2"] == pytest.approx((1 + 10 / 15) / 2)  # inside + estimate overlap
    assert c["C12.3"] == pytest.approx(2 / 3)
    assert c["C13.2"] == 0.5  # « arrêts » addressed, budget only revealed
    assert c["C13.3"] == pytest.approx(0.5 * 1 / 2 + 0.5 * 1)  # « valeur », 3 offers in 2–4
    assert c["C14.1"] == c["C14.4"] == pytest.approx(0.5 * 1 / 2 + 0.5 * 1)
    assert c["C14.2"] == 1.0 and c["C14.5"] == 1.0
    assert "C13.1" not in c and "C14.3" not in c  # no provocation raised: no evidence
    assert set(c) <= {f"C12.{k}" for k in (1, 2, 3)} | {f"C13.{k}" for k in (1, 2, 3)} | {
        f"C14.{k}" for k in range(1, 6)
    }


def test_no_overlap_walking_away_is_the_right_outcome():
    e = engine(buyer_max=75_000)  # floor 80 000 > 75 000: no ZOPA
    result = e.play([("offer", 100_000), "walk_away"])
    assert result.zopa is None and not result.deal
    # Components: deal_ok = 1 (no deal, no zone); position, margin, concessions: n/a.
    assert result.outcome_score == 1.0
    assert result.criteria_scores["C12.2"] == 1.0
    assert result.criteria_scores["C14.2"] == 0.0  # the objection was left unanswered
    assert any("pas de ZAPO" in f or "Il n'existait pas de ZAPO" in f for f in result.feedback_fr)


def test_no_overlap_deal_is_below_floor():
    e = engine(buyer_max=75_000)
    result = e.play(["accept"])  # accepts the anchor, 70 000
    assert result.deal and result.price == 70_000 and result.price_position == BELOW_FLOOR
    assert result.position_in_zopa is None
    assert result.margin_kept_ratio == pytest.approx(0.25)  # (70 − 60) / (100 − 60)
    assert result.outcome_score == pytest.approx((0 + 0 + 0.25) / 3)
    assert result.criteria_scores["C12.2"] == 0.0
    assert "C12.1" not in result.criteria_scores  # no offer made


def test_single_point_zone():
    e = engine(persona=replace(PERSONA, objection_rounds=()), buyer_max=80_000)
    result = e.play([("offer", 80_000)] * 3)
    assert result.zopa == (80_000, 80_000)
    assert result.deal and result.price == 80_000
    assert result.position_in_zopa == 1.0
    assert result.concessions_traded_ratio is None  # no concession at all
    assert result.outcome_score == pytest.approx((1 + 1 + 0.5) / 3)
    assert result.criteria_scores["C12.2"] == 0.5  # inside, but no estimate given


def test_offer_above_buyer_max_is_never_accepted():
    e = engine(persona=replace(PERSONA, objection_rounds=()))
    e.play([("offer", 95_000)] * 4)
    assert not e.ended  # 95 000 > 90 000, even after accept_after offers
    last = e.transcript().moves[-1]
    assert last.kind == "counter" and last.data["price"] <= 90_000
    from kamlearn.sim.zopa import price_position

    assert price_position(95_000, e.floor, e.buyer_max) == ABOVE_BUYER_MAX


def test_offer_below_floor_is_accepted_and_flagged():
    e = engine()
    result = e.play([("offer", 70_000)])  # not above the buyer's own anchor
    assert result.deal and result.price_position == BELOW_FLOOR
    assert any("sous votre prix plancher" in f for f in result.feedback_fr)


def test_patience_runs_out():
    e = engine(persona=replace(PERSONA, objection_rounds=(), patience=2))
    result = e.play([("offer", 99_000), ("offer", 98_000)])
    assert e.ended and not result.deal and result.ended_by == "buyer_walk_away"


def test_provocation_needs_desc_and_price_cut_under_pressure_is_panic():
    e = engine(objection_order=["menace", "prix"])
    e.play(
        [
            ("offer", 100_000),  # the provocation is raised
            ("offer", 90_000),  # cut of 10 000 > 5 % of list while provoked: panic
            (
                "answer_objection",
                "Vous avez dit que c'était fini ; je suis surpris. "
                "Je vous propose de revenir aux besoins, afin de conclure.",
            ),
        ]
    )
    c = e.result().criteria_scores
    assert c["C13.1"] == 1.0 and c["C14.3"] == 1.0  # D, E, S, C all present
    assert c["C14.5"] == 0.75

    e = engine(objection_order=["menace", "prix"])
    e.play(
        [
            ("offer", 100_000),
            ("answer_objection", "Je vous propose de continuer."),
            ("question", "C'est RIDICULE !!"),
        ]
    )
    c = e.result().criteria_scores
    assert c["C13.1"] == 0.0 and c["C14.3"] == 0.5 and c["C14.5"] == 0.75


def test_counterpart_asked_first_trades_the_next_concession():
    e = engine(persona=replace(PERSONA, objection_rounds=()))
    result = e.play(
        [
            ("ask_counterpart", "une référence client"),
            ("concede", "formation", 500),
            ("ask_counterpart", "un paiement comptant"),
        ]
    )  # refused: Non.
    assert result.concessions == 1 and result.concessions_traded == 1
    assert e.transcript().moves[-1].text_fr == "Non."


def test_same_seed_same_transcript_and_result():
    def run(seed):
        e = NegotiationEngine("directeur_achats", seed, clock=StepClock())
        return e.play(
            [
                ("offer", 250_000),
                ("question", "Quels sont vos enjeux ?"),
                ("offer", 230_000),
                ("offer", 215_000),
                "accept",
            ]
        ), e.transcript()

    assert run(11) == run(11)
    maxima = {NegotiationEngine("directeur_achats", s).buyer_max for s in range(10)}
    assert len(maxima) > 1
    orders = {NegotiationEngine("directeur_achats", s).objection_order for s in range(10)}
    assert len(orders) > 1


def test_replay_reproduces_the_attempt():
    e = NegotiationEngine("japonais", 3, clock=StepClock())
    e.play(
        [
            ("offer", 250_000),
            ("concede", "formation", 2_000),
            ("ask_counterpart", "partenariat long terme"),
            ("offer", 240_000),
        ]
    )
    again = NegotiationEngine.replay(e.transcript(), clock=StepClock())
    assert again.transcript() == e.transcript()
    assert again.result() == e.result()


@pytest.mark.parametrize(
    "move, message",
    [
        (("offer", -5), "strictement positif"),
        (("offer", 0), "strictement positif"),
        (("offer", math.nan), "nombre"),
        (("offer", "cher"), "nombre"),
        (("concede", "   ", 10), "vide"),
        (("concede", "formation", -1), "positif ou nul"),
        (("ask_counterpart", ""), "vide"),
        (("question", ""), "vide"),
        (("answer_objection", "Pourquoi ?"), "Aucune objection"),
        (("estimate_zopa", 90_000, 80_000), "borne haute"),
        (("dance",), "Coup inconnu"),
    ],
)
def test_invalid_moves_change_nothing(move, message):
    e = engine()
    before = (e.transcript(), repr(e.state))
    with pytest.raises(InvalidMoveError, match=message):
        e.play([move])
    assert (e.transcript(), repr(e.state)) == before


def test_moves_after_the_end_are_refused():
    e = engine()
    e.play(["walk_away"])
    before = e.transcript()
    for move in (("offer", 90_000), "accept", "walk_away", ("question", "Et maintenant ?")):
        with pytest.raises(InvalidMoveError, match="terminée"):
            e.play([move])
    assert e.transcript() == before


def test_personas_load_with_french_texts():
    personas = negotiation_personas()
    assert {"directeur_achats", "acheteur_technique", "allemand", "japonais", "americain"} <= set(
        personas
    )
    for p in personas.values():
        assert p.objections and p.interests and p.counterparts
        assert any(o.kind == "objection" for o in p.objections)
        lo, hi = p.reservation_ratio
        assert p.anchor_ratio < lo <= hi
        # Every persona can be played through with its own data.
        e = NegotiationEngine(p.id, 1, clock=StepClock())
        e.play([("offer", 250_000), "accept"])
        assert e.ended
    with pytest.raises(UnknownIdError):
        NegotiationEngine("martien", 0)


def test_persona_files_fail_clearly(tmp_path):
    from kamlearn.errors import DataFileError, SchemaVersionError
    from kamlearn.sim.personas import read_negotiation_persona
    from kamtrain.simkeys import sources_dir

    # The trainer's source (plain keywords) is a valid persona file too.
    source = (sources_dir() / "negociation" / "allemand.yml").read_text(encoding="utf-8")
    path = tmp_path / "allemand.yml"
    path.write_text(source.replace("schema_version: 1", "schema_version: 0"), encoding="utf-8")
    with pytest.raises(SchemaVersionError, match="migrate"):
        read_negotiation_persona(path)
    path.write_text(
        source.replace("reservation_ratio: [0.84, 0.92]", "reservation_ratio: [0.9]"),
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match="reservation_ratio"):
        read_negotiation_persona(path)
    other = tmp_path / "autre.yml"
    other.write_text(source, encoding="utf-8")
    with pytest.raises(DataFileError, match="file name"):
        read_negotiation_persona(other)

"""The simulator fronts, driven through their widgets (``.value`` and ``.click()``)."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("ipywidgets")

from kamlearn.sim.records import StepClock
from kamlearn.widgets.interview_front import InterviewFront
from kamlearn.widgets.leadership_front import LeadershipFront
from kamlearn.widgets.negotiation_front import NegotiationFront
from kamlearn.widgets.pitch_front import PitchFront
from kamlearn.widgets.sim_records import show_attempts


def _stored(path):
    return json.loads(path.read_text(encoding="utf-8"))["attempts"]


def test_negotiation_front_plays_saves_and_restarts(tmp_path):
    store = tmp_path / "simulations" / "negotiation.json"
    front = NegotiationFront("americain", seed=5, store_path=store, clock=StepClock())
    assert front.widget.children and "Acheteur américain" in front.header.value

    before = front.engine.transcript()
    front.price.value = -1000
    front.offer_button.click()
    assert "strictement positif" in front.message.value
    assert front.engine.transcript() == before and not store.exists()

    front.question_text.value = "Quelles sont vos priorités ?"
    front.question_button.click()
    assert front.question_text.value == "" and front.message.value == ""
    front.zopa_low.value, front.zopa_high.value = 200_000, 230_000
    front.estimate_button.click()
    front.price.value = 250_000
    front.offer_button.click()
    front.concession_what.value, front.concession_value.value = "formation des techniciens", 2_000
    front.concede_button.click()
    front.counterpart_what.value = "signature cette semaine"
    front.counterpart_button.click()
    front.accept_button.click()
    assert front.engine.ended
    kinds = [m.kind for m in front.engine.transcript().learner_moves()]
    assert kinds == ["question", "estimate_zopa", "offer", "concede", "ask_counterpart", "accept"]
    assert "Score" in front.score_view.value and "C12.2" in front.score_view.value
    assert front.plot.value[:4] == b"\x89PNG"
    assert len(_stored(store)) == 1

    front.walk_away_button.click()  # after the end: refused, nothing saved twice
    assert "terminée" in front.message.value and len(_stored(store)) == 1

    front.restart_button.click()
    assert not front.engine.ended and front.plot.value == b""
    front.price.value = 240_000
    front.offer_button.click()
    front.restart_button.click()  # an unfinished attempt is kept too
    attempts = _stored(store)
    assert [a["number"] for a in attempts] == [1, 2]
    assert attempts[1]["result"]["details"]["deal"] is False

    bundle = front.record()._repr_mimebundle_()
    assert "Tentative 2" in bundle["text/html"]
    assert len(bundle["application/json"]["attempts"]) == 2
    assert front.record_out.outputs[0]["data"]["application/json"]["attempts"][0]["number"] == 1


def test_interview_front(tmp_path):
    store = tmp_path / "interview.json"
    front = InterviewFront("dsi", seed=1, store_path=store, clock=StepClock())
    front.question_text.value = "   "
    front.ask_button.click()
    assert "vide" in front.message.value and not front.engine.asked
    front.opening_text.value = "Merci. L'objectif : comprendre vos enjeux en 30 minutes."
    front.open_button.click()
    front.bank.value = "P1"
    front.ask_bank_button.click()
    front.question_text.value = "Qui décide au comité d'architecture ?"
    front.ask_button.click()
    assert front.question_text.value == "" and len(front.engine.asked) == 2
    assert "Questions posées : 2 / 15" in front.header.value
    front.closing_text.value = "Si je résume : je vous propose un prochain rendez-vous mardi."
    front.close_button.click()
    assert front.engine.ended and "C7.1" in front.score_view.value
    assert len(_stored(store)) == 1
    assert show_attempts("interview", store).attempts[0].result.criteria_scores["C7.1"] > 0


def test_pitch_front_with_tiers_temps(tmp_path):
    store = tmp_path / "pitch.json"
    front = PitchFront(
        seed=2, accommodation="tiers-temps", store_path=store, clock=StepClock(step=40)
    )
    assert front.countdown.max == 160 and "160 s" in front.header.value
    front.stop_button.click()
    assert "Lancez le chronomètre" in front.message.value
    front.start_button.click()
    assert front.ticker.playing
    front.text.value = ""
    front.stop_button.click()
    assert "vide" in front.message.value and not front.engine.ended and front.ticker.playing
    front.text.value = "Imaginez une usine sans panne. Je vous propose un pilote."
    front.stop_button.click()
    assert front.engine.ended and not front.ticker.playing
    assert "sur 160 s" in front.timing.value
    saved = _stored(store)[0]
    assert saved["result"]["details"]["accommodation"] == "tiers-temps"
    assert saved["result"]["jury_only"] == ["C8.4", "C8.5"]


def test_leadership_front_buttons_and_stale_clicks(tmp_path):
    store = tmp_path / "leadership.json"
    front = LeadershipFront("appel_offres_tension", seed=3, store_path=store, clock=StepClock())
    first_buttons = list(front.option_buttons)
    assert 3 <= len(first_buttons) <= 4 and "72 heures" in front.situation.value
    first_buttons[0].click()
    transcript = front.engine.transcript()
    first_buttons[1].click()  # a second click on the previous situation
    assert "déjà été prise" in front.message.value
    assert front.engine.transcript() == transcript
    while front.option_buttons:
        front.option_buttons[0].click()
    assert front.engine.ended and front.option_buttons == []
    assert "Issue" in front.score_view.value
    assert len(_stored(store)) == 1

"""Pitch timer: timing with an injected clock, accommodations, analysis, invalid moves."""

from __future__ import annotations

import pytest

from kamlearn.conventions import PITCH_LIMIT_SECONDS, PITCH_WORDS_PER_MINUTE
from kamlearn.errors import InvalidMoveError, SimulationError
from kamlearn.sim.pitch import PitchTimer, analyse_pitch


class ManualClock:
    def __init__(self, now: float = 1_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


PITCH = (
    "Imaginez une usine sans panne. Chaque arrêt coûte cher. "
    "Notre solution agit comme un thermomètre. Je vous propose un pilote."
)  # 20 words, 4 sentences


def timed(text=PITCH, seconds=90.0, accommodation=None):
    clock = ManualClock()
    timer = PitchTimer(seed=0, accommodation=accommodation, clock=clock)
    clock.now += 10
    timer.start()
    clock.now += seconds
    timer.stop(text)
    return timer


def test_known_pitch_scores_as_computed_by_hand():
    r = timed(accommodation="tiers-temps").result()
    assert r.duration_s == 90.0 and r.within_limit
    assert r.words == 20
    assert r.words_per_minute == pytest.approx(20 / 90 * 60)
    assert r.estimated_s == pytest.approx(20 / PITCH_WORDS_PER_MINUTE * 60)
    assert r.structure == {
        "accroche": True,
        "problème": True,
        "solution": True,
        "preuve": False,
        "appel à l'action": True,
    }
    assert set(r.images) == {"comme", "imaginez", "thermomètre"}
    c = r.criteria_scores
    assert c["C8.1"] == pytest.approx(0.6 * 4 / 5 + 0.4 * 1)  # 5 words per sentence
    assert c["C8.2"] == 1.0
    assert c["C8.3"] == 0.5  # a hook, no differentiation
    assert r.score == pytest.approx((0.88 + 1 + 0.5) / 3)
    assert r.jury_only == ("C8.4", "C8.5") and "C8.4" not in c and "C8.5" not in c
    assert any("jury" in f for f in r.feedback_fr)


def test_tiers_temps_extends_the_limit_and_the_record_says_so():
    timer = timed(seconds=150, accommodation="tiers-temps")
    r = timer.result()
    assert r.limit_s == pytest.approx(PITCH_LIMIT_SECONDS * 4 / 3) == pytest.approx(160)
    assert r.within_limit and r.accommodation == "tiers-temps"
    assert "tiers-temps" in r.accommodation_note_fr and "160 s" in r.accommodation_note_fr
    record = timer.sim_result()
    assert record.details["accommodation"] == "tiers-temps" and record.details["limit_s"] == 160
    assert "tiers-temps" in timer.transcript().moves[0].text_fr
    assert timer.transcript().config == {"accommodation": "tiers-temps"}
    # Without the accommodation the same 150 s are over the 120 s limit.
    over = timed(seconds=150).result()
    assert over.limit_s == 120 and not over.within_limit
    assert over.score == pytest.approx((0.88 + 1 + 0.5) / 3 * 120 / 150)


def test_estimated_time_counts_when_longer_than_measured():
    text = " ".join(["Notre solution est claire."] * 100)  # 400 words: 160 s at 150 wpm
    r = analyse_pitch(text, limit_s=120, duration_s=30)
    assert r.estimated_s == pytest.approx(160) and not r.estimated_within_limit
    assert r.within_limit  # measured time was fine, but the text cannot be said in time
    assert r.score == pytest.approx(sum(r.criteria_scores.values()) / 3 * 120 / 160)


def test_differentiation_and_proof_markers():
    r = analyse_pitch(
        "Saviez-vous que 30 % des arrêts sont évitables ? Contrairement aux autres, "
        "nous sommes les seuls à le garantir, par exemple chez Aubrac."
    )
    assert r.structure["preuve"] and r.structure["accroche"]
    assert r.criteria_scores["C8.3"] == 1.0


def test_same_seed_same_brief_and_transcript():
    assert timed().transcript() == timed().transcript()
    briefs = {PitchTimer(seed=s).brief_fr for s in range(12)}
    assert len(briefs) > 1


def test_invalid_moves_change_nothing():
    clock = ManualClock()
    timer = PitchTimer(clock=clock)
    before = timer.transcript()
    with pytest.raises(InvalidMoveError, match="Lancez le chronomètre"):
        timer.stop(PITCH)
    assert timer.transcript() == before
    timer.start()
    started = timer.transcript()
    with pytest.raises(InvalidMoveError, match="déjà lancé"):
        timer.start()
    with pytest.raises(InvalidMoveError, match="vide"):
        timer.stop("   ")
    assert timer.transcript() == started and not timer.ended
    timer.stop(PITCH)
    with pytest.raises(InvalidMoveError, match="terminée"):
        timer.stop(PITCH)
    with pytest.raises(SimulationError):
        PitchTimer(accommodation="double-temps")

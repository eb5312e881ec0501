"""Accommodations from learners.csv reach timed exercises at grading."""

from kamlearn.cases.c8_pitch import CASE_CLASS as PitchCase
from kamlearn.cases.identity import Identity, resolve
from kamlearn.sim.pitch import PitchTimer
from kamtrain.checks import c8
from kamtrain.grading.pipeline import _accommodations


def test_identity_reads_accommodations_from_the_environment(monkeypatch):
    monkeypatch.setenv("KAMTRAIN_ACCOMMODATIONS", "Tiers-Temps; autre")
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.delenv("KAMTRAIN_LEARNER", raising=False)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    ident = resolve(cohort="c", learner="a")
    assert ident.accommodations == ("tiers-temps", "autre")


def test_grader_passes_learners_csv_accommodations(tmp_path):
    (tmp_path / "learners.csv").write_text(
        "id,first_name,last_name,email,accommodations\n"
        "a1,A,B,a@b.org,tiers-temps\n"
        "a2,C,D,c@d.org,\n",
        encoding="utf-8",
    )
    assert _accommodations(tmp_path) == {"a1": ("tiers-temps",)}


def test_pitch_limit_follows_the_learners_accommodation():
    # About 140 s at 150 words a minute: over the base 120 s, under the 160 s of a tiers-temps.
    text = " ".join(
        ["Imaginez une usine où chaque machine prévient avant de tomber en panne."] * 29
    )
    scores = {}
    for accommodations in ((), ("tiers-temps",)):
        case = PitchCase(Identity("cohorte", "amartin", "grader", accommodations))
        chrono = PitchTimer(case.data["graine_chrono"], accommodation=case.accommodation)
        chrono.start()
        chrono.stop(text)
        scores[accommodations] = c8.check_pitch_chronometre({"chrono": chrono}, case).fraction
    assert scores[("tiers-temps",)] > scores[()]

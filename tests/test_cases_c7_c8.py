"""C7 (discovery interview) and C8 (pitch) cases and their checks, without kernels: the two
block 2 cases with a simulator (split from tests/test_cases_bloc2.py)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from _case_helpers import bar_fig, make

from kamlearn.cases.c7_decouverte import SONCAS_LABELS, DecouverteCase
from kamlearn.cases.c8_pitch import PitchCase
from kamlearn.sim.interview import InterviewEngine
from kamlearn.sim.pitch import PitchTimer
from kamtrain.checks import c7, c8


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_c7_transcript_has_a_single_dominant_motive():
    for learner in ("a", "b", "c"):
        case = make(DecouverteCase, learner)
        counts = case.expected["effectifs_soncas"]
        assert sum(counts.values()) == 12
        assert sorted(counts.values())[-1] == 3 > sorted(counts.values())[-2]
        assert list(case.expected["spin_questions"].values()).count("S") == 3
        assert "spin" not in str(case.data["transcription"].columns)


def test_c7_each_answer_answers_its_question():
    """Issue 18: « Combien de personnes interviennent… » was answered with « L'intelligence
    artificielle… nous intéresse ». Over 150 variants, every answer follows the question it
    was written for, every motive can be the dominant one, and the bank is unambiguous."""
    from kamlearn.cases.c7_decouverte import BANK

    written_for = {
        answer: question
        for questions in BANK.values()
        for question, answers in questions
        for answer in answers.values()
    }
    assert len(written_for) == sum(len(a) for qs in BANK.values() for _, a in qs), "unique"
    dominants = set()
    for k in range(150):
        case = make(DecouverteCase, f"c7-{k}")
        rows = case.data["transcription"].to_dict("records")
        client = {"distrimax": "Distrimax", "aubrac": "Aubrac"}[case.data["entreprise"]]
        for question, answer in zip(rows[::2], rows[1::2], strict=True):
            assert question["id"][1:] == answer["id"][1:] and question["locuteur"] == "Vous"
            assert written_for[answer["texte"]].format(client=client) == question["texte"], (
                question["texte"],
                answer["texte"],
            )
        counts = sorted(case.expected["effectifs_soncas"].values())
        assert counts[-1] == 3 > counts[-2]
        assert all(list(case.expected["spin_questions"].values()).count(t) == 3 for t in "SPIN")
        dominants.add(case.expected["motif_dominant"])
    assert dominants == set(SONCAS_LABELS)


def test_c8_limits_apply_the_accommodation():
    case = make(PitchCase, "amartin")
    rep = case.data["repetition"]
    for row in rep.itertuples():
        expected_limit = 160.0 if row.amenagements == "tiers-temps" else 120.0
        assert case.expected["limite"][row.collegue] == pytest.approx(expected_limit)
        assert case.expected["duree_estimee"][row.collegue] == pytest.approx(row.nb_mots * 60 / 150)
    assert case.data["brief"] == PitchTimer(case.data["graine_chrono"]).brief_fr


def test_c7_classification_and_plan_checks():
    case = make(DecouverteCase, "amartin")
    exp = case.expected
    assert c7.check_spin_questions({"spin_questions": exp["spin_questions"]}, case).fraction == 1.0
    all_s = c7.check_spin_questions(
        {"spin_questions": dict.fromkeys(exp["spin_questions"], "Situation")}, case
    )
    assert all_s.fraction == 0.25
    assert c7.check_soncas_motifs({"soncas_motifs": exp["soncas_motifs"]}, case).fraction == 1.0
    long_names = {k: SONCAS_LABELS[v] for k, v in exp["soncas_motifs"].items()}  # « Sécurité »...
    assert c7.check_soncas_motifs({"soncas_motifs": long_names}, case).fraction == 1.0
    assert c7.check_motif_dominant({"motif_dominant": exp["motif_dominant"]}, case).fraction == 1.0
    assert c7.check_motif_dominant({"motif_dominant": "xyz"}, case).fraction == 0.0
    fig = bar_fig(exp["effectifs_soncas"].values())
    assert c7.check_fig_soncas({"fig_soncas": fig}, case).fraction == 1.0

    plan = [
        "Comment la maintenance est-elle organisée aujourd'hui sur vos sites ?",
        "Qui décide du choix d'un nouveau prestataire ?",
        "Quelles difficultés rencontrez-vous avec vos installations ?",
        "Qu'est-ce qui vous préoccupe le plus dans le suivi de l'énergie ?",
        "Quelles conséquences ces pannes ont-elles sur vos ventes ?",
        "Que se passe-t-il si rien ne change d'ici deux ans ?",
        "Si vous pouviez anticiper chaque panne, qu'est-ce que cela vous apporterait ?",
        "Quels bénéfices attendez-vous d'une supervision unique ?",
    ]
    assert c7.check_plan_questions({"plan_questions": plan}, case).fraction == 1.0
    closed = c7.check_plan_questions(
        {"plan_questions": ["Avez-vous des pannes ?", "Êtes-vous satisfait ?"]}, case
    )
    assert 0 < closed.fraction < 0.5 and any("fermée" in m for m in closed.messages)
    assert c7.check_plan_questions({"plan_questions": "une seule chaîne"}, case).fraction == 0.0


SOLUTION_MOVES = [
    (
        "open",
        "Merci de me recevoir. Mon objectif est de mieux comprendre vos enjeux : je vous propose "
        "trente minutes, d'abord votre situation, ensuite vos priorités.",
    ),
    ("ask", "Comment votre service est-il organisé actuellement ?"),
    ("ask", "Comment fonctionne aujourd'hui la maintenance au quotidien ?"),
    ("ask", "Qu'est-ce qui vous préoccupe le plus au quotidien ?"),
    ("ask", "Quelles difficultés rencontrez-vous dans votre travail ?"),
    ("ask", "Quelles conséquences cette situation entraîne-t-elle pour vous ?"),
    ("ask", "Si vous pouviez changer une chose, qu'est-ce que cela vous apporterait ?"),
    ("ask", "Quels bénéfices attendriez-vous d'une situation idéale ?"),
    ("close", "Si je résume, je vous propose un prochain rendez-vous la semaine prochaine."),
]


def test_c7_simulated_interview_is_replayed_with_the_trusted_seed():
    case = make(DecouverteCase, "amartin")
    persona, seed = case.data["persona_simulateur"], case.data["graine_simulateur"]
    engine = InterviewEngine(persona, seed)
    engine.play(SOLUTION_MOVES)
    assert c7.check_entretien_simule({"entretien": engine}, case).fraction == 1.0
    # the same moves on another seed are graded on the learner's own persona
    other = InterviewEngine(persona, seed + 1)
    other.play(SOLUTION_MOVES)
    replayed = c7.check_entretien_simule({"entretien": other}, case)
    assert replayed.fraction == 1.0
    unfinished = InterviewEngine(persona, seed)
    unfinished.play(SOLUTION_MOVES[:3])
    partial = c7.check_entretien_simule({"entretien": unfinished}, case)
    assert 0 < partial.fraction < 0.6
    assert (
        c7.check_entretien_simule({"entretien": InterviewEngine(persona, seed)}, case).fraction
        == 0.0
    )
    assert c7.check_entretien_simule({"entretien": "moteur"}, case).fraction == 0.0
    assert c7.check_entretien_simule({}, case).fraction == 0.0


GOOD_PITCH = (
    "Imaginez une usine qui vous prévient la veille de chaque panne. Aujourd'hui, chaque arrêt "
    "vous coûte cher. Notre solution, c'est Nexalys Vision. Nos capteurs écoutent vos machines "
    "comme un médecin. La plateforme devient votre boussole. Nous sommes le seul fournisseur à "
    "garantir ce résultat. Un cas client le prouve : chez {ref}, moins {gain} % en un an. Je vous "
    "propose un pilote de trois mois."
)


def test_c8_checks():
    case = make(PitchCase, "amartin")
    fiche = case.data["fiche"]
    pitch = GOOD_PITCH.format(ref=fiche["reference_client"], gain=fiche["gain_pct"])
    n = len(pitch.split())
    assert c8.check_nb_mots({"pitch": pitch, "nb_mots": n}, case).fraction == 1.0
    assert c8.check_nb_mots({"pitch": pitch, "nb_mots": len(pitch)}, case).fraction == 0.1
    assert c8.check_nb_mots({"nb_mots": n}, case).fraction == 0.0
    assert (
        c8.check_duree_estimee_s({"nb_mots": n, "duree_estimee_s": n * 60 / 150}, case).fraction
        == 1.0
    )
    minutes = c8.check_duree_estimee_s({"nb_mots": n, "duree_estimee_s": n / 150}, case)
    assert minutes.fraction == 0.5 and "secondes" in minutes.messages[0]

    exp = case.expected
    assert c8.check_depassements({"depassements": exp["depassements"]}, case).fraction == 1.0
    if exp["depassements_sans_amenagement"] != exp["depassements"]:
        no_accommodation = c8.check_depassements(
            {"depassements": exp["depassements_sans_amenagement"]}, case
        )
        assert no_accommodation.fraction <= 0.5 and "tiers-temps" in no_accommodation.messages[0]
    fig = bar_fig(exp["duree_estimee"].values())
    assert c8.check_fig_repetition({"fig_repetition": fig}, case).fraction == 1.0

    chrono = PitchTimer(case.data["graine_chrono"])
    chrono.start()
    chrono.stop(pitch)
    assert c8.check_pitch_chronometre({"chrono": chrono}, case).fraction == 1.0
    flat = PitchTimer(case.data["graine_chrono"])
    flat.start()
    flat.stop("Nous vendons des capteurs.")
    weak = c8.check_pitch_chronometre({"chrono": flat}, case)
    assert 0 < weak.fraction < 0.5 and any("cas client" in m for m in weak.messages)
    not_stopped = PitchTimer(case.data["graine_chrono"])
    assert c8.check_pitch_chronometre({"chrono": not_stopped}, case).fraction == 0.0


def test_some_accommodation_in_a_rehearsal_changes_the_answer():
    # Over a few learners, at least one rehearsal where tiers-temps saves someone.
    cases = [make(PitchCase, f"learner-{i}") for i in range(12)]
    assert any(
        c.expected["depassements"] != c.expected["depassements_sans_amenagement"] for c in cases
    )

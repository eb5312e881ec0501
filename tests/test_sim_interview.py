"""Discovery interview: question recognition, determinism, scoring, invalid moves."""

from __future__ import annotations

import pytest

from kamlearn.errors import InvalidMoveError
from kamlearn.sim import textmatch as tm
from kamlearn.sim.interview import InterviewEngine
from kamlearn.sim.personas import HiddenItem, InterviewPersona, interview_personas, question_bank
from kamlearn.sim.records import StepClock

PERSONA = InterviewPersona(
    id="test",
    label_fr="Cliente de test",
    description_fr="Profil de test.",
    intro_fr="Bonjour.",
    active_counts={"besoin": 1, "douleur": 1, "decideur": 1, "urgence": 1},
    items=(
        HiddenItem("b1", "besoin", "presses", ("presse*",), ("N",), "Les presses !", "Indice b1"),
        HiddenItem("b2", "besoin", "fours", ("four*",), ("N",), "Les fours !", "Indice b2"),
        HiddenItem(
            "d1", "douleur", "alertes", ("alerte*",), ("P", "I"), "Trop d'alertes.", "Indice d1"
        ),
        HiddenItem(
            "k1", "decideur", "achats", ("achat*",), ("S",), "Les achats signent.", "Indice k1"
        ),
        HiddenItem(
            "u1", "urgence", "audit", ("audit*",), ("I",), "Audit dans 4 mois.", "Indice u1"
        ),
    ),
    style_keywords=(("vous",), ("terrain",)),
    faux_pas=("tu",),
    advice_fr="Parlez terrain.",
    closed_answers_fr=("Oui.",),
    leading_answer_fr="Vous avez déjà la réponse.",
    generic_answers_fr=("Précisez.",),
    max_questions=6,
)


def engine(**kw):
    return InterviewEngine(PERSONA, 0, active=("b1", "d1", "k1", "u1"), clock=StepClock(), **kw)


@pytest.mark.parametrize(
    "text, form",
    [
        ("Comment vos équipes sont-elles organisées ?", "open"),
        ("QUELLES difficultés rencontrez-vous ?", "open"),
        ("Si je comprends bien, quelles conséquences ?", "open"),
        ("Pouvez-vous me décrire votre processus ?", "open"),
        ("Est-ce que vous avez des problèmes ?", "closed"),
        ("Avez-vous un budget ?", "closed"),
        ("C'est trop cher, n'est-ce pas ?", "leading"),
        ("Vous êtes d'accord que c'est mieux ?", "leading"),
    ],
)
def test_question_forms(text, form):
    assert tm.question_form(text) == form


@pytest.mark.parametrize(
    "text, spin",
    [
        ("Qui décide du renouvellement ?", "S"),
        ("Quelles difficultés rencontrez-vous ?", "P"),
        ("Quelles conséquences sur la production ?", "I"),
        ("Quel impact sur vos coûts ?", "I"),
        ("Si vous pouviez changer une chose, laquelle ?", "N"),
        ("Qu'est-ce que cela vous apporterait ?", "N"),
    ],
)
def test_spin_types(text, spin):
    assert tm.spin_type(text) == spin


def test_matching_ignores_accents_and_case():
    assert tm.has_any("Les DIFFICULTES de l'equipe", ("difficulté*",))
    assert tm.find_keywords("Un tel outil, comme un télescope", ("tel", "comme", "tele")) == (
        "tel",
        "comme",
    )
    assert tm.words("Aujourd’hui, l'œuvre") == ("aujourd'hui", "l'oeuvre")


def test_known_interview_scores_as_computed_by_hand():
    e = engine()
    result = e.play(
        [
            (
                "open",
                "Merci de me recevoir. L'objectif est de comprendre vos enjeux ; nous avons "
                "30 minutes, je vous propose d'abord un tour de table.",
            ),
            ("ask", "Qui intervient dans les achats ?"),  # S, open: reveals k1
            ("ask", "Quelles difficultés rencontrez-vous avec les alertes ?"),  # P, open: d1
            ("ask", "Est-ce que vous avez des problèmes ?"),  # P, closed
            ("ask", "Si je comprends bien, quelles conséquences aurait un audit raté ?"),  # I: u1
            ("ask", "Ces pannes vous coûtent cher, n'est-ce pas ?"),  # I, leading
            (
                "close",
                "Si je résume, je vous propose un prochain rendez-vous la semaine prochaine.",
            ),
        ]
    )
    assert result.found == ("k1", "d1", "u1")
    assert result.spin_counts == {"S": 1, "P": 2, "I": 2, "N": 0}
    assert (result.open_questions, result.closed_questions, result.leading_questions) == (3, 1, 1)
    assert result.spin_mix == 0.75  # 3 types of 4, none above 60 %
    assert result.found_share == 0.75  # 3 of 4 active items
    assert result.score == pytest.approx(0.4 * 0.75 + 0.6 * 0.75 - 0.05 - 0.1)
    c = result.criteria_scores
    assert c["C7.1"] == 1.0  # 4 opening markers + next meeting
    assert c["C7.2"] == pytest.approx(0.5 * 3 / 4 + 0.5 * 1)  # S then P then I
    assert c["C7.3"] == pytest.approx(0.7 * 3 / 5 + 0.3 * 1 - 0.1)
    assert c["C7.4"] == 0.5  # « vous » but not « terrain »
    assert any("presses" in f for f in result.feedback_fr)  # the missed need is named


def test_keyword_with_wrong_spin_type_gives_a_hint_only():
    e = engine()
    e.ask("Comment se passent les audits ?")  # S question, u1 answers only to I
    assert e.revealed == [] and e.transcript().moves[-1].text_fr == "Indice u1"
    e.ask("Quelles conséquences aurait un audit raté ?")
    assert e.revealed == ["u1"]
    e.ask("Que se passe-t-il en cas d'audit ?")
    assert e.transcript().moves[-1].text_fr.startswith("Comme je vous l'ai dit")


def test_inactive_item_is_not_a_subject_and_order_matters():
    e = engine()
    e.ask("Qu'apporterait une solution pour vos fours ?")  # b2 is not active
    assert e.transcript().moves[-1].text_fr == "Ce n'est pas vraiment un sujet pour nous."
    e.ask("Si vous pouviez changer une chose, laquelle ?")  # N, no keyword: next need
    assert e.revealed == ["b1"]
    e.ask("Qui décide ?")
    assert e.result().criteria_scores["C7.2"] == pytest.approx(0.5 * 2 / 4 + 0.5 * 0)


def test_same_seed_same_result_and_seeds_change_hidden_items():
    def run(seed):
        e = InterviewEngine("directrice_maintenance", seed, clock=StepClock())
        e.play([("ask_bank", "S2"), ("ask_bank", "P1"), ("ask_bank", "I2"), ("ask_bank", "N1")])
        return e.active, e.transcript(), e.result()

    assert run(4) == run(4)
    assert len({InterviewEngine("directrice_maintenance", s).active for s in range(8)}) > 1


def test_replay_reproduces_the_attempt():
    e = InterviewEngine("dsi", 9, clock=StepClock())
    e.play(
        [
            ("open", "Merci. Ordre du jour : vos objectifs."),
            ("ask_bank", "S1"),
            ("ask", "Quels problèmes de sécurité avez-vous ?"),
            ("close", "Revoyons-nous mardi."),
        ]
    )
    again = InterviewEngine.replay(e.transcript(), clock=StepClock())
    assert again.transcript() == e.transcript() and again.result() == e.result()


@pytest.mark.parametrize(
    "moves, message",
    [
        ([("ask", "  ")], "vide"),
        ([("ask_bank", "Z9")], "Question inconnue"),
        ([("open", "")], "vide"),
        ([("ask", "Comment ?"), ("open", "Bonjour")], "une seule fois"),
        ([("close", "Au revoir"), ("ask", "Comment ?")], "terminée"),
        ([("ask", "Comment ?")] * 6 + [("ask", "Encore ?")], "écoulé"),
    ],
)
def test_invalid_moves_change_nothing(moves, message):
    e = engine()
    e.play(moves[:-1])
    before = (e.transcript(), list(e.asked), list(e.revealed))
    with pytest.raises(InvalidMoveError, match=message):
        e.play(moves[-1:])
    assert (e.transcript(), list(e.asked), list(e.revealed)) == before


def test_data_files_load():
    personas = interview_personas()
    assert {"directrice_maintenance", "dsi"} <= set(personas)
    bank = question_bank()
    assert {q.spin for q in bank} == {"S", "P", "I", "N"}
    assert {q.form for q in bank} == {"open", "closed", "leading"}
    for p in personas.values():
        for cat, n in p.active_counts.items():
            assert n <= sum(1 for it in p.items if it.category == cat)

"""Block 2 cases (C7–C10) and their checks, without kernels."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from kamlearn import conventions as conv
from kamlearn.cases.c7_decouverte import SONCAS_LABELS, DecouverteCase
from kamlearn.cases.c8_pitch import PitchCase
from kamlearn.cases.c9_appel_offres import NOTES, AppelOffresCase
from kamlearn.cases.c10_soutenance import SoutenanceCase
from kamlearn.cases.identity import Identity
from kamlearn.sim.interview import InterviewEngine
from kamlearn.sim.pitch import PitchTimer
from kamtrain.answers import trusted
from kamtrain.checks import c7, c8, c9, c10
from kamtrain.checks.figures import score_bar_figure


def make(cls, learner, cohort="cohorte-test"):
    return trusted(cls(Identity(cohort=cohort, learner=learner, source="grader")))


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def bar_fig(values, title="Titre", xlabel="x", ylabel="y"):
    fig, ax = plt.subplots()
    ax.bar(range(len(values)), list(values))
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return fig


# --- determinism and variants ----------------------------------------------------------


@pytest.mark.parametrize(
    ("cls", "key"),
    [
        (DecouverteCase, "transcription"),
        (PitchCase, "repetition"),
        (AppelOffresCase, "magasins"),
        (SoutenanceCase, "transcription"),
    ],
)
def test_cases_are_deterministic_and_differ_between_learners(cls, key):
    a1, a2 = make(cls, "amartin"), make(cls, "amartin")
    pd.testing.assert_frame_equal(a1.data[key], a2.data[key])
    assert a1.expected == a2.expected
    others = [make(cls, f"learner-{i}") for i in range(4)]
    assert any(not o.data[key].equals(a1.data[key]) for o in others)
    assert any(o.expected != a1.expected for o in others)


def test_c9_perimeter_and_meddic_gaps():
    case = make(AppelOffresCase, "amartin")
    assert 140 <= len(case.data["magasins"]) <= 220
    classes = case.expected["classement_meddic"]
    missing = case.expected["elements_manquants"]
    assert 1 <= len(missing) <= 2
    assert not set(missing) & set(classes.values())
    assert set(classes.values()) | set(missing) == {"M", "E", "DC", "DP", "I", "C"}
    # the hidden answers are not in the learner's data
    assert set(case.data["infos"].columns) == {"id_info", "source", "information"}


def test_c9_value_on_a_hand_computable_perimeter():
    case = make(AppelOffresCase, "amartin")
    case.case.__dict__["data"] = {
        "infos": pd.DataFrame(
            {"id_info": ["INF-01"], "source": ["x"], "information": [NOTES[0][1]]}
        ),
        "magasins": pd.DataFrame(
            {
                "conso_kwh_an": [1_000_000, 1_000_000],
                "part_froid": [0.5, 0.5],
                "pertes_denrees_eur_an": [10_000, 30_000],
            }
        ),
        "offres": pd.DataFrame(
            [
                {
                    "fournisseur": "Nexalys",
                    "economie_froid_pct": 10.0,
                    "reduction_pertes_pct": 50.0,
                    "abonnement_eur_magasin_an": 1000,
                    "installation_eur_magasin": 5000,
                },
                {
                    "fournisseur": "Rival",
                    "economie_froid_pct": 5.0,
                    "reduction_pertes_pct": 25.0,
                    "abonnement_eur_magasin_an": 500,
                    "installation_eur_magasin": 2500,
                },
            ]
        ),
        "concurrent": "Rival",
        "prix_kwh_eur": 0.2,
    }
    assert conv.TCO_YEARS == 5
    exp = case.expected
    # Nexalys: 1 000 000 kWh of cold × 0.2 € × 10 % = 20 000; losses 40 000 × 50 % = 20 000;
    # cost 2 × (1 000 + 5 000 / 5) = 4 000 -> 36 000. Rival: 10 000 + 10 000 - 2 000 = 18 000.
    assert exp["economies_energie"] == 20_000
    assert exp["valeur_nette"] == {"Nexalys": 36_000, "Rival": 18_000}
    assert exp["valeur_differenciee"] == 18_000
    assert exp["cout_inaction_mensuel"] == 3_000
    assert exp["classement_meddic"] == {"INF-01": "M"}


def test_c10_measures_on_a_hand_computable_transcript():
    case = make(SoutenanceCase, "amartin")
    t0 = pd.Timestamp("2026-03-12 14:00:00")
    rows = [  # (speaker, role, mode, start s, end s)
        ("Vous", "équipe", "présentiel", 0, 60),
        ("Vous", "équipe", "présentiel", 61, 101),
        ("Ana", "client", "à distance", 102, 122),
        ("Karim", "équipe", "présentiel", 123, 183),
        ("Bob", "client", "présentiel", 184, 204),
    ]
    case.case.__dict__["data"] = {
        "transcription": pd.DataFrame(
            [
                {
                    "intervenant": s,
                    "role": r,
                    "fonction": "",
                    "mode": m,
                    "theme": "",
                    "debut": t0 + pd.Timedelta(seconds=a),
                    "fin": t0 + pd.Timedelta(seconds=b),
                }
                for s, r, m, a, b in rows
            ]
        )
    }
    exp = case.expected
    # total 200 s: Vous 100, Karim 60, Ana 20, Bob 20
    assert exp["part_par_intervenant"] == {"Vous": 50.0, "Karim": 30.0, "Ana": 10.0, "Bob": 10.0}
    assert exp["part_client"] == 20.0
    assert exp["nb_interactions"] == 3
    assert exp["nb_changements_intervenant"] == 3
    assert (exp["monologue_auteur"], exp["monologue_duree_s"]) == ("Vous", 100.0)
    assert exp["plus_longue_intervention_s"] == 60.0
    assert exp["part_distance_client"] == 50.0


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


# --- checks: right, typical mistakes, missing -------------------------------------------


def test_c9_checks():
    case = make(AppelOffresCase, "amartin")
    exp = case.expected
    good = dict(exp["classement_meddic"])
    assert c9.check_classement_meddic({"classement_meddic": good}, case).fraction == 1.0
    wrong = dict(good)
    first = next(iter(wrong))
    wrong[first] = "E" if wrong[first] != "E" else "M"
    partial = c9.check_classement_meddic({"classement_meddic": wrong}, case)
    assert 0 < partial.fraction < 1 and "À revoir" in " ".join(partial.messages)
    assert c9.check_classement_meddic({}, case).fraction == 0.0
    long_names = {
        k: {"DC": "Decision criteria", "I": "identify pain"}.get(v, v) for k, v in good.items()
    }
    assert c9.check_classement_meddic({"classement_meddic": long_names}, case).fraction == 1.0

    assert (
        c9.check_elements_manquants(
            {"elements_manquants": exp["elements_manquants"]}, case
        ).fraction
        == 1.0
    )
    too_many = c9.check_elements_manquants(
        {"elements_manquants": exp["elements_manquants"] + ["X", "M"]}, case
    )
    assert 0 < too_many.fraction < 1

    assert (
        c9.check_economies_energie({"economies_energie": exp["economies_energie"]}, case).fraction
        == 1.0
    )
    percent = c9.check_economies_energie(
        {"economies_energie": exp["economies_energie"] * 100}, case
    )
    assert percent.fraction == 0.5 and "100" in percent.messages[0]

    rival = case.data["concurrent"]
    assert c9.check_valeur_nette({"valeur_nette": exp["valeur_nette"]}, case).fraction == 1.0
    no_cost = {s: d["economies_energie"] + d["pertes_evitees"] for s, d in exp["detail"].items()}
    r = c9.check_valeur_nette({"valeur_nette": no_cost}, case)
    assert r.fraction == pytest.approx(0.3) and "coût annuel" in r.messages[0]
    only_nexalys = c9.check_valeur_nette(
        {"valeur_nette": {"Nexalys": exp["valeur_nette"]["Nexalys"]}}, case
    )
    assert only_nexalys.fraction == 0.5 and rival in only_nexalys.messages[-1]

    inverted = c9.check_valeur_differenciee(
        {"valeur_differenciee": -exp["valeur_differenciee"]}, case
    )
    assert inverted.fraction == 0.5
    yearly = c9.check_cout_inaction_mensuel(
        {"cout_inaction_mensuel": exp["valeur_nette"]["Nexalys"]}, case
    )
    assert yearly.fraction == 0.3

    heights = [v for d in exp["detail"].values() for k, v in d.items() if k != "valeur_nette"]
    assert c9.check_fig_valeur({"fig_valeur": bar_fig(heights)}, case).fraction == 1.0
    assert c9.check_fig_valeur({"fig_valeur": bar_fig(heights, title="")}, case).fraction == 0.8
    assert c9.check_fig_valeur({"fig_valeur": bar_fig([1, 2])}, case).fraction == pytest.approx(0.6)


def test_c10_checks():
    case = make(SoutenanceCase, "amartin")
    exp = case.expected
    shares = exp["part_par_intervenant"]
    assert (
        c10.check_part_par_intervenant({"part_par_intervenant": pd.Series(shares)}, case).fraction
        == 1.0
    )
    fractions = c10.check_part_par_intervenant(
        {"part_par_intervenant": {k: v / 100 for k, v in shares.items()}}, case
    )
    assert fractions.fraction == 0.5 and "pourcentage" in fractions.messages[0]
    assert c10.check_part_par_intervenant({}, case).fraction == 0.0

    assert c10.check_part_client({"part_client": exp["part_client"]}, case).fraction == 1.0
    team = c10.check_part_client({"part_client": 100 - exp["part_client"]}, case)
    assert team.fraction == 0.3 and "équipe" in team.messages[0]

    assert (
        c10.check_nb_interactions({"nb_interactions": exp["nb_interactions"]}, case).fraction == 1.0
    )
    speakers = c10.check_nb_interactions(
        {"nb_interactions": exp["nb_changements_intervenant"]}, case
    )
    assert speakers.fraction == 0.4

    ns = {
        "monologue_duree_s": exp["monologue_duree_s"],
        "monologue_auteur": exp["monologue_auteur"],
    }
    assert c10.check_plus_long_monologue(ns, case).fraction == 1.0
    single = c10.check_plus_long_monologue(
        {**ns, "monologue_duree_s": exp["plus_longue_intervention_s"]}, case
    )
    assert single.fraction == pytest.approx(0.65)

    assert (
        c10.check_part_distance_client(
            {"part_distance_client": exp["part_distance_client"]}, case
        ).fraction
        == 1.0
    )
    fig = plt.figure()
    ax = fig.add_subplot()
    ax.barh(list(shares), list(shares.values()))
    ax.set_title("Parole")
    ax.set_xlabel("%")
    ax.set_ylabel("Intervenant")
    assert c10.check_fig_temps_parole({"fig_temps_parole": fig}, case).fraction == 1.0


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


def test_bar_figure_accepts_horizontal_bars_and_rejects_non_figures():
    fig, ax = plt.subplots()
    ax.barh(["a", "b"], [3.0, 5.0])
    ax.set_title("t")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    assert (
        score_bar_figure(
            "x.fig",
            {"f": fig},
            "f",
            [5.0, 3.0],
            what="les valeurs demandées",
            tol=0.01,
            rel_tol=0.01,
            as_percent=False,
            all_axes=True,
        ).fraction
        == 1.0
    )
    assert score_bar_figure("x.fig", {"f": 3}, "f", [5.0], what="x", tol=0.01).fraction == 0.0
    assert score_bar_figure("x.fig", {}, "f", [5.0], what="x", tol=0.01).fraction == 0.0

"""Block 2 cases (C7–C10) and their checks, without kernels."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from _case_helpers import bar_fig, make

from kamlearn import conventions as conv
from kamlearn.cases.c7_decouverte import DecouverteCase
from kamlearn.cases.c8_pitch import PitchCase
from kamlearn.cases.c9_appel_offres import NOTES, AppelOffresCase
from kamlearn.cases.c10_soutenance import SoutenanceCase
from kamtrain.checks import c9, c10
from kamtrain.checks.figures import score_bar_figure


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


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

"""The shared graders of the check modules, on hand-made answers (no case generation).

Each test pins a behaviour the check modules rely on, so that changing a helper's
tolerance, weight or order shows up here and not only as a learner's odd score.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from kamtrain.answers import load_trusted_case
from kamtrain.checks import c11, kit
from kamtrain.checks.answers import code_reader, read_engine
from kamtrain.checks.figures import figure_check
from kamtrain.checks.scoring import Mistake, number_item, score_each, score_item
from kamtrain.checks.scoring_labels import score_choice


def _case(**expected):
    return SimpleNamespace(expected=expected)


def test_a_mistake_keeps_its_own_tolerance():
    exact = Mistake(3.0, 0.6, "arrondi", tol=0.0)
    assert exact.matches(3.0, tol=0.02, rel=0.0)
    assert not exact.matches(3.01, tol=0.02, rel=0.0)
    narrow = Mistake(100.0, 0.4, "heures", rel=0.005)
    assert narrow.matches(100.4, tol=0.0, rel=0.01)
    assert not narrow.matches(100.8, tol=0.0, rel=0.01)
    assert Mistake(100.0, 0.4, "défaut").matches(100.8, tol=0.0, rel=0.01)


def test_c11_rounding_and_hours_mistakes_use_their_own_tolerance():
    case = load_trusted_case(c11.CASE, cohort="test-aides", learner="alice")
    payback = case.expected["delai_recuperation"]
    rounded = math.ceil(payback)
    assert c11.check_delai_recuperation({"delai_recuperation": rounded}, case).fraction == 0.6
    off = c11.check_delai_recuperation({"delai_recuperation": rounded + 0.01}, case)
    assert off.fraction != 0.6
    hours = case.hours_saved()
    assert c11.check_etp_liberes({"etp_liberes": hours}, case).fraction == 0.4
    assert c11.check_etp_liberes({"etp_liberes": hours * 1.008}, case).fraction != 0.4


def test_score_each_weighs_keys_equally_and_credits_a_key_mistake_by_its_share():
    mistakes = {"A": [Mistake(50.0, 0.5, "A : coût oublié")], "B": []}
    got = score_each(
        "x.m",
        {"m": {"A": 50.0, "B": 20.0, "C": "?"}},
        "m",
        {"A": 100.0, "B": 20.0, "C": 7.0},
        shape="clé → montant",
        tol=0.01,
        mistakes=lambda key: mistakes.get(key, []),
        correct="{key} juste.",
        wrong="{key} faux.",
        absent="{key} absent.",
    )
    assert got.fraction == pytest.approx(round((0.5 + 1.0) / 3, 4))
    assert got.messages == ("A : coût oublié", "B juste.", "C absent.")
    not_a_dict = score_each(
        "x.m", {"m": 3}, "m", {"A": 1.0}, shape="clé → montant", correct="", wrong="", absent=""
    )
    assert not_a_dict.fraction == 0.0 and "dict" in not_a_dict.messages[0]


def test_score_choice_tries_the_right_answer_before_near_misses_and_names_unknown_labels():
    canon = {"alpha": "Alpha", "beta": "Beta"}.get
    near = {"Alpha": (0.25, "presque"), "Beta": (0.5, "à côté")}

    def choose(value):
        return score_choice(
            "x.c",
            {"c": value},
            "c",
            "Alpha",
            near=near,
            canon=lambda v: canon(str(v).lower()),
            correct_message="oui",
            wrong_message="non",
            unknown_message="inconnu",
        )

    assert (choose("ALPHA").fraction, choose("ALPHA").messages) == (1.0, ("oui",))
    assert (choose("beta").fraction, choose("beta").messages) == (0.5, ("à côté",))
    assert (choose("gamma").fraction, choose("gamma").messages) == (0.0, ("inconnu",))
    assert score_choice("x.c", {"c": "z"}, "c", "a").messages == (
        "Ce n'est pas la bonne réponse : revoyez vos calculs.",
    )


def test_best_by_wrong_criterion_credits_the_argmax_of_the_other_measure_unless_it_is_right():
    wrong_measure = {"A": 3.0, "B": 9.0, "C": 1.0}
    near = kit.best_by_wrong_criterion(wrong_measure, 0.25, "mauvais critère")
    assert near == {"B": (0.25, "mauvais critère")}
    assert kit.best_by_wrong_criterion(wrong_measure, 0.5, "m", lowest=True) == {"C": (0.5, "m")}
    # the right answer is tried first: the wrong measure picking the right key is right
    right = score_choice("x.c", {"c": "B"}, "c", "B", near=near)
    assert (right.fraction, right.messages) == (1.0, ("Réponse correcte.",))
    near_miss = score_choice("x.c", {"c": "b"}, "c", "A", near=near)
    assert (near_miss.fraction, near_miss.messages) == (0.25, ("mauvais critère",))


def test_percent_map_item_allows_rounding_to_one_decimal_only():
    case = SimpleNamespace(expected={"taux": {"a": 12.34, "b": 50.0}})
    assert kit.percent_map_item("x.taux", {"taux": {"a": 12.4, "b": 50.1}}, case).fraction == 1.0
    assert kit.percent_map_item("x.taux", {"taux": {"a": 12.6, "b": 50.0}}, case).fraction == 0.5
    as_fractions = {"taux": {"a": 0.1234, "b": 0.5}}
    assert kit.percent_map_item("x.taux", as_fractions, case).fraction == 0.5


def test_score_item_reads_the_answer_and_expected_value_named_by_the_item():
    case = _case(total=12.5)
    assert number_item("c0.total", {"total": 12.5}, case).fraction == 1.0
    assert score_item(score_choice, "c0.total", {"total": "12.5"}, case).fraction == 1.0
    assert number_item("c0.total", {}, case).fraction == 0.0


def test_code_reader_knows_each_code_as_itself_and_by_its_names():
    spin = code_reader({"S": ("situation",), "N": ("need payoff",)})
    assert [spin(v) for v in ("s", "Situation", "Need-Payoff", "need payoff", "x")] == [
        "S",
        "S",
        "N",
        "N",
        None,
    ]


def test_read_engine_requires_the_methods_and_attributes_its_check_uses():
    good = SimpleNamespace(transcript=lambda: None, scenario="s")
    assert read_engine({"e": good}, "x.e", "e", calls=("transcript",), what="le moteur")[1] is None
    for engine in (SimpleNamespace(transcript="texte"), 3):
        _, error = read_engine({"e": engine}, "x.e", "e", calls=("transcript",), what="le moteur")
        assert error.fraction == 0.0 and error.messages == ("`e` doit être le moteur.",)
    _, error = read_engine(
        {"e": good}, "x.e", "e", calls=("transcript",), has=("seed",), what="le moteur"
    )
    assert error is not None
    assert "n'est pas définie" in read_engine({}, "x.e", "e", calls=(), what="")[1].messages[0]


def test_figure_check_hands_the_axes_over_and_refuses_what_is_not_a_figure():
    seen = []

    @figure_check("c0.fig_x")
    def check(item, axes, case):
        seen.append((item, len(axes), case))
        return score_choice(item, {"v": "a"}, "v", "a")

    fig, _ax = plt.subplots()
    try:
        assert check({"fig_x": fig}, "cas").fraction == 1.0
    finally:
        plt.close(fig)
    assert seen == [("c0.fig_x", 1, "cas")]
    assert "figure matplotlib" in check({"fig_x": 3}, "cas").messages[0]
    assert check({}, "cas").fraction == 0.0 and len(seen) == 1


def _scalar_items():
    from kamtrain.checks import registry

    for item in registry.all_items():
        spec = registry.lookup(item)
        name = item.partition(".")[2]
        case = load_trusted_case(spec.case, cohort="test-aides", learner="alice")
        expected = case.expected.get(name)
        # from 50 on, 3 % is beyond every absolute tolerance (≤ 1)
        if (
            isinstance(expected, int | float)
            and not isinstance(expected, bool)
            and abs(expected) >= 50
        ):
            yield item, spec, name, case, float(expected)


def test_no_number_item_gives_full_credit_three_percent_off():
    """A tolerance widened by mistake (a module's REL_TOL, a default) shows up here."""
    seen = 0
    for item, spec, name, case, expected in _scalar_items():
        seen += 1
        assert spec.function({name: expected}, case).fraction == 1.0, item
        for factor in (1.03, 0.97):
            got = spec.function({name: expected * factor}, case)
            assert got.fraction < 1.0, (item, factor, got)
    assert seen >= 10

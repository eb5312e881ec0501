"""Cohen's kappa on hand-computed tables, and the Landis–Koch bands."""

from __future__ import annotations

import pytest

from kamtrain.jury.kappa import cohen_kappa, kappa_from_table, landis_koch


def ratings_from_table(table):
    a, b = [], []
    for i, row in enumerate(table):
        for j, count in enumerate(row):
            a += [i] * count
            b += [j] * count
    return a, b


def test_two_categories_textbook_example():
    # 50 items: yes/yes 20, yes/no 5, no/yes 10, no/no 15 -> po = 0.7, pe = 0.5, kappa = 0.4.
    table = [[20, 5], [10, 15]]
    assert kappa_from_table(table) == pytest.approx(0.4)
    # With two categories the quadratic weights are the plain 0/1 weights.
    assert kappa_from_table(table, weights="quadratic") == pytest.approx(0.4)
    a, b = ratings_from_table(table)
    result = cohen_kappa(a, b, categories=[0, 1])
    assert result.n == 50 and result.observed == pytest.approx(0.7)
    assert (result.band, result.band_fr) == ("fair", "passable")


def test_three_categories_plain_and_quadratic():
    # Rows (A) 12, 12, 6; columns (B) 13, 12, 5; n = 30.
    # po = 22/30, pe = (12*13 + 12*12 + 6*5)/900 = 11/30 -> kappa = 11/19.
    # Quadratic weights 0, 1/4, 1: observed disagreement 8/4/30 = 2/30, expected
    # ((144 + 156 + 60 + 72)/4 + 60 + 78)/900 = 246/900 -> weighted kappa = 1 - 60/246 = 31/41.
    table = [[10, 2, 0], [3, 8, 1], [0, 2, 4]]
    a, b = ratings_from_table(table)
    result = cohen_kappa(a, b, categories=[0, 1, 2])
    assert result.kappa == pytest.approx(11 / 19)
    assert result.weighted_kappa == pytest.approx(31 / 41)
    assert result.band_fr == "modéré"
    assert result.weighted_band_fr == "substantiel"


def test_quadratic_weights_reward_near_misses():
    near = [[5, 5, 0, 0], [0, 5, 5, 0], [0, 0, 5, 5], [0, 0, 0, 5]]
    far = [[5, 0, 0, 5], [0, 5, 0, 0], [5, 0, 5, 0], [0, 0, 0, 5]]
    assert kappa_from_table(near, weights="quadratic") > kappa_from_table(far, weights="quadratic")


def test_perfect_negative_and_undefined():
    assert cohen_kappa([0, 1, 2, 3], [0, 1, 2, 3], categories=[0, 1, 2, 3]).kappa == pytest.approx(
        1
    )
    opposite = cohen_kappa([0, 0, 1, 1], [1, 1, 0, 0], categories=[0, 1])
    assert opposite.kappa == pytest.approx(-1)
    assert opposite.band_fr == "médiocre"
    same = cohen_kappa([2, 2, 2], [2, 2, 2], categories=[0, 1, 2, 3])
    assert same.kappa is None and same.band_fr == "non calculable"


@pytest.mark.parametrize(
    ("kappa", "band", "band_fr"),
    [
        (-0.01, "poor", "médiocre"),
        (0.0, "slight", "faible"),
        (0.20, "slight", "faible"),
        (0.21, "fair", "passable"),
        (0.40, "fair", "passable"),
        (0.41, "moderate", "modéré"),
        (0.61, "substantial", "substantiel"),
        (0.80, "substantial", "substantiel"),
        (0.81, "almost perfect", "presque parfait"),
        (1.0, "almost perfect", "presque parfait"),
    ],
)
def test_landis_koch_bands(kappa, band, band_fr):
    assert landis_koch(kappa) == (band, band_fr)


def test_bad_ratings_are_refused():
    with pytest.raises(ValueError, match="outside categories"):
        cohen_kappa([0, 4], [0, 1], categories=[0, 1, 2, 3])
    with pytest.raises(ValueError, match="length"):
        cohen_kappa([0, 1], [0], categories=[0, 1])

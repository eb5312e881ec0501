"""The domain conventions are pinned: changing one must be deliberate."""

import pytest

from kamlearn import conventions as conv


def test_nps_bands():
    assert list(conv.NPS_DETRACTORS) == [0, 1, 2, 3, 4, 5, 6]
    assert list(conv.NPS_PASSIVES) == [7, 8]
    assert list(conv.NPS_PROMOTERS) == [9, 10]
    assert [conv.nps_category(s) for s in (0, 6, 7, 8, 9, 10)] == [
        "detracteur",
        "detracteur",
        "passif",
        "passif",
        "promoteur",
        "promoteur",
    ]
    with pytest.raises(ValueError):
        conv.nps_category(11)


def test_finance_conventions():
    assert conv.NPV_FIRST_FLOW_PERIOD == 1
    assert conv.DSO_DAYS_PER_YEAR == 365
    assert conv.QUICK_RATIO_EXCLUDES == ("inventories",)
    assert conv.FTE_HOURS_PER_YEAR == 1607
    assert conv.TCO_YEARS == 5


def test_portfolio_and_time_conventions():
    assert conv.ABC_THRESHOLDS == (0.80, 0.95, 1.00)
    assert pytest.approx(2 / 3) == conv.TIME_CLIENT_SHARE
    assert pytest.approx(1) == conv.TIME_CLIENT_SHARE + conv.TIME_OFFICE_SHARE
    assert conv.TIME_HUNTING_FARMING_START == (0.80, 0.20)
    assert conv.TIME_HUNTING_FARMING_MATURE == (0.20, 0.80)


def test_time_factor_for_accommodations():
    assert conv.time_factor([]) == 1.0
    assert conv.time_factor(["tiers-temps"]) == pytest.approx(4 / 3)
    assert conv.time_factor(["Tiers-Temps ", "autre"]) == pytest.approx(4 / 3)
    assert conv.PITCH_LIMIT_SECONDS * conv.time_factor(["tiers-temps"]) == pytest.approx(160)

"""ZOPA arithmetic, including its edge cases."""

from __future__ import annotations

import pytest

from kamlearn.sim.zopa import (
    ABOVE_BUYER_MAX,
    BELOW_FLOOR,
    INSIDE,
    OUTSIDE_BOTH,
    Zopa,
    compute_zopa,
    overlap_ratio,
    position_in_zopa,
    price_position,
)


def test_zone_point_and_no_overlap():
    assert compute_zopa(80, 90) == Zopa(80, 90)
    point = compute_zopa(80, 80)
    assert point == Zopa(80, 80) and point.is_point and point.width == 0
    assert compute_zopa(90, 80) is None


def test_position_in_zone():
    zone = Zopa(80_000, 90_000)
    assert position_in_zopa(80_000, zone) == 0.0
    assert position_in_zopa(90_000, zone) == 1.0
    assert position_in_zopa(82_500, zone) == pytest.approx(0.25)
    # Outside the zone, or without a zone, there is no position.
    assert position_in_zopa(79_999, zone) is None
    assert position_in_zopa(90_001, zone) is None
    assert position_in_zopa(85_000, None) is None


def test_single_point_zone_counts_as_fully_captured():
    assert position_in_zopa(80, Zopa(80, 80)) == 1.0
    assert position_in_zopa(81, Zopa(80, 80)) is None


def test_price_outside_the_zone_is_classified():
    assert price_position(85, 80, 90) == INSIDE
    assert price_position(80, 80, 90) == INSIDE
    assert price_position(79, 80, 90) == BELOW_FLOOR
    assert price_position(91, 80, 90) == ABOVE_BUYER_MAX
    # No overlap (floor 90 > buyer max 80): 85 is below the floor AND above the maximum.
    assert price_position(85, 90, 80) == OUTSIDE_BOTH


def test_overlap_ratio_of_estimate():
    assert overlap_ratio(Zopa(80, 95), Zopa(80, 90)) == pytest.approx(10 / 15)
    assert overlap_ratio(Zopa(50, 60), Zopa(80, 90)) == 0.0
    assert overlap_ratio(Zopa(80, 80), Zopa(80, 80)) == 1.0
    assert overlap_ratio(Zopa(80, 90), Zopa(80, 90)) == 1.0


@pytest.mark.parametrize("bad", [-1, float("nan"), float("inf")])
def test_rejects_invalid_prices(bad):
    with pytest.raises(ValueError):
        compute_zopa(bad, 10)
    with pytest.raises(ValueError):
        price_position(bad, 1, 2)

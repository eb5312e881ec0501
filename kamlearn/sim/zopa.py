"""ZOPA (ZAPO, zone d'accord possible) arithmetic, seen from the seller's side.

The seller (the learner) will not go below a floor (prix plancher); the buyer will not
pay more than a hidden reservation price. The ZOPA is the interval between the two:

* ``floor < buyer_max``: a zone, any price inside is acceptable to both;
* ``floor == buyer_max``: a single point, the only possible deal;
* ``floor > buyer_max``: no overlap, no deal can satisfy both (``None``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

INSIDE = "inside"
BELOW_FLOOR = "below_floor"
ABOVE_BUYER_MAX = "above_buyer_max"
#: Without a ZOPA, a price can be below the floor and above the buyer's maximum at once.
OUTSIDE_BOTH = "outside_both"


@dataclass(frozen=True)
class Zopa:
    low: float
    high: float

    @property
    def width(self) -> float:
        return self.high - self.low

    @property
    def is_point(self) -> bool:
        return self.high == self.low

    def contains(self, price: float) -> bool:
        return self.low <= price <= self.high


def _check(value: float, name: str) -> float:
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"{name} must be a finite non-negative number, got {value!r}")
    return number


def compute_zopa(seller_floor: float, buyer_max: float) -> Zopa | None:
    """Return the ZOPA, or ``None`` when the floor is above the buyer's maximum."""
    low = _check(seller_floor, "seller_floor")
    high = _check(buyer_max, "buyer_max")
    if low > high:
        return None
    return Zopa(low, high)


def price_position(price: float, seller_floor: float, buyer_max: float) -> str:
    """Where ``price`` stands: :data:`INSIDE`, :data:`BELOW_FLOOR`,
    :data:`ABOVE_BUYER_MAX` or :data:`OUTSIDE_BOTH` (only possible without a ZOPA)."""
    price = _check(price, "price")
    below = price < _check(seller_floor, "seller_floor")
    above = price > _check(buyer_max, "buyer_max")
    if below and above:
        return OUTSIDE_BOTH
    if below:
        return BELOW_FLOOR
    if above:
        return ABOVE_BUYER_MAX
    return INSIDE


def position_in_zopa(price: float, zopa: Zopa | None) -> float | None:
    """Share of the ZOPA the seller captured: 0 at the floor, 1 at the buyer's maximum.

    ``None`` without a ZOPA or for a price outside it. A single-point ZOPA gives 1.0:
    the price is the only deal possible, so the seller captured all there was.
    """
    if zopa is None or not zopa.contains(_check(price, "price")):
        return None
    if zopa.is_point:
        return 1.0
    return (price - zopa.low) / zopa.width


def overlap_ratio(estimate: Zopa, actual: Zopa) -> float:
    """Intersection over union of two intervals (1.0 for identical points)."""
    inter = min(estimate.high, actual.high) - max(estimate.low, actual.low)
    union = max(estimate.high, actual.high) - min(estimate.low, actual.low)
    if union == 0:
        return 1.0
    if inter < 0:
        return 0.0
    return inter / union

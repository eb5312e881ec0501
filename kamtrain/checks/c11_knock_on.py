"""C11's knock-on rule, one for every item that depends on the yearly gain.

A learner whose ``gain_annuel`` (or ``flux_nets``) is wrong, and who applies the right method
to it in the next items, earns :data:`KNOCK_ON_CREDIT` with :data:`KNOCK_ON` on each of them:
net flows, NPV, ROI, payback, pessimistic NPV and the comparison with the competitor. The
same rule, the same credit and the same hint wherever the error is carried.
"""

from __future__ import annotations

import math

from kamtrain.checks import kit

#: Credit of a right method applied to the learner's own wrong gain or net flows (the
#: workbook's one knock-on credit).
KNOCK_ON_CREDIT = kit.KNOCK_ON_CREDIT
KNOCK_ON = (
    "Méthode correcte, mais appliquée à vos propres résultats, qui sont faux (gain annuel ou "
    "flux nets) : corrigez-les d'abord."
)
#: Block 3's money tolerances: a cent, or 0.5 % (rounding to the euro, or to the hundred euros).
CENT = 0.011
REL_TOL = 0.005
#: The payback is asked rounded to the hundredth of a year (« au centième d'année », two
#: decimals): an answer rounding the exact payback that way is right, within half a hundredth.
PAYBACK_TOL = 0.005 + 1e-9
#: A payback carried from the learner's own wrong results: any rounding of it to a tenth.
CARRIED_PAYBACK_TOL = 0.05 + 1e-9
TENTH_CREDIT = 0.75
TENTH = "Délai arrondi au dixième : donnez-le au centième d'année (deux décimales)."
WHOLE_YEAR_CREDIT = 0.6
#: A learner's own yearly gains are carried only when they are plausible: every one positive
#: and finite, their total within this factor of the right total either way (a forgotten term,
#: a wrong rate). A gain of 0, flows of minus the yearly costs or a gain of 10^12 show no method:
#: ROI -100 % or a payback « never » follow from them whatever the formula.
PLAUSIBLE_FACTOR = 5.0
WHOLE_YEAR = (
    "Vous avez arrondi à l'année entière : interpolez dans l'année et donnez le délai au "
    "centième d'année."
)


def payback_roundings(payback: float, *, tol: float = PAYBACK_TOL) -> list[kit.Mistake]:
    """The payback rounded more coarsely than asked: to a tenth, or to a whole year (up, or to
    the nearest), each one only where it differs from the payback by more than ``tol``."""
    if not math.isfinite(payback):
        return []  # never recovered within the horizon
    tenth = round(payback, 1)
    out = []
    if abs(tenth - payback) > tol:
        out.append(kit.Mistake(tenth, TENTH_CREDIT, TENTH, tol=1e-9))
    for year in sorted({math.ceil(payback), round(payback)}):
        if abs(year - payback) > tol and abs(year - tenth) > 1e-9:
            out.append(kit.Mistake(year, WHOLE_YEAR_CREDIT, WHOLE_YEAR, tol=1e-9))
    return out


def all_roundings(payback: float, knocks: list[kit.Mistake]) -> list[kit.Mistake]:
    """The roundings too coarse of the right ``payback`` (whatever the learner's gain), and of
    each carried one in ``knocks`` where they differ from the right one's: the same rounding
    of the right payback earns the same credit with a right or a wrong gain. A value the
    learner's own carried payback explains (see :data:`CARRIED_PAYBACK_TOL`) is that knock-on."""
    right = [
        r
        for r in payback_roundings(payback)
        if not any(m.matches(r.values, tol=CARRIED_PAYBACK_TOL, rel=0.0) for m in knocks)
    ]
    carried = [r for m in knocks for r in payback_roundings(m.values, tol=CARRIED_PAYBACK_TOL)]
    return right + [c for c in carried if not any(abs(c.values - r.values) <= 1e-9 for r in right)]


def own_gains(ns, case) -> list[list[float]]:
    """The yearly gains (before the offer's yearly costs, years 1 to 5) behind the learner's
    own wrong results: from their ``gain_annuel`` with the year-1 ramp-up, and from their
    ``flux_nets`` (each flow plus the yearly costs). Right, unreadable or implausible ones
    (see :data:`PLAUSIBLE_FACTOR`) are left out."""
    expected = case.expected["flux_nets"]
    cost = case.costs("Nexalys", "annuel")
    right_total = sum(f + cost for f in expected)
    out = []
    gain = kit.as_number(ns.get("gain_annuel"))
    if gain is not None and not kit.within(
        gain, case.expected["gain_annuel"], tol=CENT, rel=REL_TOL
    ):
        ramp = case.hypothesis("montee_en_charge_annee_1")
        out.append([gain * (ramp if year == 0 else 1.0) for year in range(len(expected))])
    flows = kit.as_numbers(ns.get("flux_nets", ()))
    if (
        flows
        and len(flows) == len(expected)
        and not all(
            kit.within(a, b, tol=CENT, rel=REL_TOL) for a, b in zip(flows, expected, strict=True)
        )
    ):
        out.append([f + cost for f in flows])
    return [g for g in out if _plausible(g, right_total)]


def _plausible(gains: list[float], right_total: float) -> bool:
    if not all(math.isfinite(g) and g > 0 for g in gains):
        return False
    return right_total / PLAUSIBLE_FACTOR <= sum(gains) <= right_total * PLAUSIBLE_FACTOR


def knock_on(ns, case, derive, *, tol: float | None = None) -> list[kit.Mistake]:
    """The knock-on mistakes of an item: ``derive(gains)`` is the item's value computed with
    the right method from the learner's own plausible yearly gains (see :func:`own_gains`)."""
    return [kit.Mistake(derive(g), KNOCK_ON_CREDIT, KNOCK_ON, tol=tol) for g in own_gains(ns, case)]

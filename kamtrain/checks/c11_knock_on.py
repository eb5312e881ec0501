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


def own_gains(ns, case) -> list[list[float]]:
    """The yearly gains (before the offer's yearly costs, years 1 to 5) behind the learner's
    own wrong results: from their ``gain_annuel`` with the year-1 ramp-up, and from their
    ``flux_nets`` (each flow plus the yearly costs). Right or unreadable ones are left out."""
    expected = case.expected["flux_nets"]
    cost = case.costs("Nexalys", "annuel")
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
    return out


def knock_on(ns, case, derive, *, tol: float | None = None) -> list[kit.Mistake]:
    """The knock-on mistakes of an item: ``derive(gains)`` is the item's value computed with
    the right method from yearly gains (see :func:`own_gains`)."""
    return [kit.Mistake(derive(g), KNOCK_ON_CREDIT, KNOCK_ON, tol=tol) for g in own_gains(ns, case)]

"""Domain conventions, pinned in one place.

Every computation in the workbook, the checks and the simulators reads its conventions
from here, and the README's "Domain conventions" table documents the same values. A
test pins each one, so a change here is deliberate and visible.

Sources: the certification referential (Manager commercial client grands comptes) and
the job descriptions in the project's seeds (farming/hunting, Pareto 80/20, the
2/3 client – 1/3 office split).
"""

from __future__ import annotations

from typing import Final

# --- Customer satisfaction -------------------------------------------------------------
#: NPS: scores 0–6 are detractors, 7–8 passives, 9–10 promoters.
#: NPS = % promoters − % detractors, on a −100..+100 scale.
NPS_DETRACTORS: Final = range(0, 7)
NPS_PASSIVES: Final = range(7, 9)
NPS_PROMOTERS: Final = range(9, 11)
NPS_SCALE: Final = (0, 10)
#: CSAT: share of answers at 4 or 5 on a 1–5 scale, in percent.
CSAT_SCALE: Final = (1, 5)
CSAT_SATISFIED_MIN: Final = 4
#: A segment's NPS is only reported with at least this many answers.
NPS_MIN_RESPONSES_PER_SEGMENT: Final = 5

# --- Finance ---------------------------------------------------------------------------
#: NPV: the initial investment is at t=0 (undiscounted); yearly flows start at t=1
#: and are discounted by (1 + rate) ** t.
NPV_FIRST_FLOW_PERIOD: Final = 1
#: DSO (days sales outstanding) = trade receivables / revenue incl. tax × DAYS.
DSO_DAYS_PER_YEAR: Final = 365
#: VAT rate used to turn revenue excluding tax into revenue including tax for the DSO.
DSO_VAT_RATE: Final = 0.20
#: VAT applies to domestic sales only: exports and intra-EU deliveries are invoiced
#: without VAT, so the receivables they leave carry none (see :func:`revenue_incl_vat`).
DSO_VAT_ON_DOMESTIC_REVENUE_ONLY: Final = True
#: Quick ratio ("ratio de liquidité réduite") = (current assets − inventories − prepaid
#: expenses) / current liabilities: only assets that turn into cash quickly.
QUICK_RATIO_EXCLUDES: Final = ("inventories", "prepaid_expenses")
#: Gearing ("endettement net") = (long- and short-term financial debts − cash) / equity.
GEARING_NET_OF_CASH: Final = True
#: One full-time equivalent (ETP) in France: 1,607 hours worked a year.
FTE_HOURS_PER_YEAR: Final = 1607
#: TCO horizon used in the workbook's comparisons, in years.
TCO_YEARS: Final = 5

# --- Portfolio -------------------------------------------------------------------------
#: ABC (Pareto) segmentation on cumulative revenue share: A up to 80 %, B the next 15 %,
#: C the last 5 %. A client whose cumulative share crosses a threshold belongs to the
#: class being filled (the threshold is inclusive).
ABC_THRESHOLDS: Final = (0.80, 0.95, 1.00)
ABC_CLASSES: Final = ("A", "B", "C")
PARETO_RULE: Final = (0.80, 0.20)

# --- The account manager's time ---------------------------------------------------------
#: Share of time with the client vs. in the office, for a key account at the cooperative
#: stage (seed 002: « au moins 2/3 client pour 1/3 dans votre organisation »).
TIME_CLIENT_SHARE: Final = 2 / 3
TIME_OFFICE_SHARE: Final = 1 / 3
#: Conquest (hunting) vs. retention (farming), as shares of the whole working time
#: (seed 001: « 80% du temps de travail qui est dédié à la prospection et 20% pour la
#: gestion quotidienne de la relation »): 80/20 when opening a territory, then reversed
#: (20/80) once the portfolio is built. The denominator is every hour worked, internal
#: time (meetings, CRM, admin) included (the graded share is computed on the trusted side,
#: kamtrain.answers.c15_projet_gantt). One definition for C5
#: (a year of 1 607 h) and C15 (a week's agenda).
TIME_HUNTING_FARMING_START: Final = (0.80, 0.20)
TIME_HUNTING_FARMING_MATURE: Final = (0.20, 0.80)
TIME_HUNTING_SHARE_OF_WHOLE_WORKING_TIME: Final = True

# --- Oral tests ------------------------------------------------------------------------
#: The pitch limit (C8) in seconds, before accommodations.
PITCH_LIMIT_SECONDS: Final = 120
#: Speaking rate used to estimate a pitch's duration from its word count.
PITCH_WORDS_PER_MINUTE: Final = 150
#: Extra-time accommodations: name in learners.csv -> multiplier of time limits.
ACCOMMODATION_TIME_FACTORS: Final = {"tiers-temps": 4 / 3}


def nps_category(score: int) -> str:
    """Return ``"detracteur"``, ``"passif"`` or ``"promoteur"`` for a 0–10 score."""
    if score in NPS_PROMOTERS:
        return "promoteur"
    if score in NPS_PASSIVES:
        return "passif"
    if score in NPS_DETRACTORS:
        return "detracteur"
    raise ValueError(f"NPS score {score!r} is outside 0–10")


def nps(scores, *, promoters=NPS_PROMOTERS, detractors=NPS_DETRACTORS) -> float:
    """NPS of 0–10 scores: % promoters − % detractors, in points (−100..+100), one decimal.

    ``promoters`` and ``detractors`` are the bands; other bands compute a typical mistake.
    NaN when there is no score.
    """
    s = [int(x) for x in scores if x == x]  # NaN (no answer) is not a score
    if not s:
        return float("nan")
    share_promoters = sum(x in promoters for x in s) / len(s)
    share_detractors = sum(x in detractors for x in s) / len(s)
    return round(float((share_promoters - share_detractors) * 100), 1)


def time_factor(accommodations) -> float:
    """Return the time multiplier for a collection of accommodation names."""
    factor = 1.0
    for name in accommodations or ():
        factor = max(factor, ACCOMMODATION_TIME_FACTORS.get(str(name).strip().lower(), 1.0))
    return factor


# --- Sales management (block 4) ----------------------------------------------------------
#: Pipeline coverage = open pipeline amount / the period's sales target; a team is
#: covered when the ratio reaches this value (3× the target is the usual rule of thumb).
PIPELINE_COVERAGE_TARGET: Final = 3.0
#: Win rate ("taux de transformation") = won / (won + lost) opportunities; open ones are
#: excluded from the denominator.
WIN_RATE_EXCLUDES_OPEN: Final = True
#: A week "respects" a target time split when each share is within this many
#: percentage points of the target (e.g. 2/3 client time ± 5 points).
TIME_SPLIT_TOLERANCE_POINTS: Final = 5.0

# --- Economic value of an offer (C11) ----------------------------------------------------
#: ROI (retour sur investissement) over the TCO horizon, undiscounted, in percent:
#: (cumulated gains over TCO_YEARS − TCO of the offer) / TCO of the offer × 100.


def revenue_incl_vat(revenue_excl_vat: float, export_share: float) -> float:
    """The revenue the receivables come from, VAT included where it applies.

    ``export_share`` (0–1) of the revenue is exported without VAT; the rest bears
    :data:`DSO_VAT_RATE`.
    """
    if not 0 <= export_share <= 1:
        raise ValueError(f"export share {export_share!r} is outside 0–1")
    return revenue_excl_vat * ((1 - export_share) * (1 + DSO_VAT_RATE) + export_share)


def npv(investment: float, flows, rate: float, *, first: int = NPV_FIRST_FLOW_PERIOD) -> float:
    """Net present value: −``investment`` at t=0, yearly ``flows`` discounted from t=``first``.

    ``first`` is :data:`NPV_FIRST_FLOW_PERIOD`; another value computes a typical mistake.
    """
    return -investment + sum(f / (1 + rate) ** (first + i) for i, f in enumerate(flows))


def payback_years(investment: float, flows) -> float:
    """Years until the cumulative cash flow turns positive, interpolated within the year."""
    cumulative = -investment
    for year, flow in enumerate(flows, start=1):
        if flow > 0 and cumulative + flow >= 0:
            return year - 1 + (-cumulative) / flow
        cumulative += flow
    return float("inf")


def roi_percent(gains: float, tco: float) -> float:
    """ROI in percent: net gain over the horizon divided by the offer's TCO."""
    return (gains - tco) / tco * 100

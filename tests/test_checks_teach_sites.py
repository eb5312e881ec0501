"""Checks that teach, site by site (issue 18): a mistake the global NPS (or CSAT) item
recognises is recognised in the per-site item too, with the same credit and the same hint
family for every learner's data; the lowest site carried from one's own wrong NPS per site
earns the workbook's knock-on credit. Drawn over 50 variants, computed as a learner would
(``groupby`` then ``apply``), not with the check module's own helpers.
"""

from __future__ import annotations

import pytest

from kamlearn import conventions as conv
from kamtrain.answers import load_trusted_case
from kamtrain.checks import c6, c6b
from kamtrain.checks.c11_knock_on import KNOCK_ON_CREDIT

LEARNERS = [f"variante-{i:02d}" for i in range(50)]
BANDS = {
    "promoteurs dès 8": (range(8, 11), range(0, 7)),
    "promoteurs dès 7": (range(7, 11), range(0, 7)),
    "détracteurs jusqu'à 7": (range(9, 11), range(0, 8)),
    "détracteurs jusqu'à 5": (range(9, 11), range(0, 6)),
}


@pytest.fixture(scope="module")
def cases():
    return [load_trusted_case("c6_satisfaction", cohort="enseigne", learner=lr) for lr in LEARNERS]


def _by_site(case, promoters, detractors):
    return (
        case.data["enquete"]
        .groupby("site")["score_recommandation"]
        .apply(lambda s: conv.nps(s, promoters=promoters, detractors=detractors))
    )


def _global(case, promoters, detractors):
    scores = case.data["enquete"]["score_recommandation"]
    return conv.nps(scores, promoters=promoters, detractors=detractors)


def test_per_site_nps_mistakes_earn_the_global_items_credit_and_hint_over_50_variants(cases):
    seen: dict[str, set] = {}
    global_seen: dict[str, set] = {}
    for case in cases:
        expected = case.expected["nps_par_site"]
        mistakes = {name: _by_site(case, *bands).to_dict() for name, bands in BANDS.items()}
        mistakes["arrondi"] = {s: float(round(v)) for s, v in expected.items()}
        mistakes["fraction"] = {s: v / 100 for s, v in expected.items()}
        mistakes["fraction arrondie"] = {s: round(v / 100, 2) for s, v in expected.items()}
        others = [mistakes[n] for n in BANDS]
        for name, wrong in mistakes.items():
            if name in BANDS and sum(w == wrong for w in others) > 1:
                continue  # as many 8s as 6s on every site: both hints (the check's rule)
            result = c6.check_nps_par_site({"nps_par_site": wrong}, case)
            seen.setdefault(name, set()).add((result.fraction, result.messages))
            if name in BANDS:
                wrong_global = _global(case, *BANDS[name])
                if sum(wrong_global == _global(case, *b) for b in BANDS.values()) == 1:
                    got = c6.check_nps_global({"nps_global": wrong_global}, case)
                    global_seen.setdefault(name, set()).add((got.fraction, got.messages))
    for name, outcomes in seen.items():
        assert len(outcomes) == 1, f"« {name} » earns different credit or hints: {outcomes}"
    outcome = {name: next(iter(o)) for name, o in seen.items()}
    for name in BANDS:
        # the same credit and the very hint of the global item, for the same mistake
        assert {outcome[name]} == global_seen[name], (name, global_seen[name])
        assert outcome[name][0] == 0.25
    assert "8 parmi les promoteurs" in outcome["promoteurs dès 8"][1][0]
    assert "7 parmi les détracteurs" in outcome["détracteurs jusqu'à 7"][1][0]
    assert outcome["arrondi"][0] == c6.ROUNDING_CREDIT and "unité" in outcome["arrondi"][1][0]
    assert outcome["fraction"] == outcome["fraction arrondie"]
    assert outcome["fraction"][0] == 0.5 and "points" in outcome["fraction"][1][0]


def test_a_mistake_on_one_site_only_is_scored_site_by_site(cases):
    case = cases[0]
    by_site = dict(case.expected["nps_par_site"])
    first = sorted(by_site)[0]
    by_site[first] = _by_site(case, *BANDS["promoteurs dès 8"])[first]
    result = c6.check_nps_par_site({"nps_par_site": by_site}, case)
    assert result.fraction == pytest.approx((len(by_site) - 1) / len(by_site), abs=1e-3)
    assert first in result.messages[-1]


def test_the_lowest_site_of_ones_own_wrong_nps_earns_the_knock_on_credit(cases):
    seen, bites = set(), 0
    for case in cases:
        for bands in BANDS.values():
            own = _by_site(case, *bands)
            ns = {"nps_par_site": own.to_dict(), "site_le_plus_faible": own.idxmin()}
            result = c6.check_site_le_plus_faible(ns, case)
            if own.idxmin() == case.expected["site_le_plus_faible"]:
                assert result.fraction == 1.0
                continue
            bites += 1
            seen.add((result.fraction, result.messages))
    assert bites >= 10, bites
    assert seen == {(KNOCK_ON_CREDIT, (c6.KNOCK_ON,))}
    # right NPS per site, but the lowest mean: no knock-on to claim, the « moyenne » hint
    case = next(c for c in cases if c.expected["site_le_plus_faible"] != _lowest_mean(c))
    ns = {**case.expected, "site_le_plus_faible": _lowest_mean(case)}
    result = c6.check_site_le_plus_faible(ns, case)
    assert result.fraction == 0.5 and "moyenne" in result.messages[0]


def _lowest_mean(case):
    return case.data["enquete"].groupby("site")["score_recommandation"].mean().idxmin()


def test_per_site_csat_mistakes_earn_the_global_items_credit_and_hint_over_50_variants():
    seen: dict[str, set] = {}
    for learner in LEARNERS:
        case = load_trusted_case("c6b_tableau_de_bord", cohort="enseigne", learner=learner)
        df = case.data["enquete"]
        wrongs = {
            "moyenne": lambda s: round(float(s.mean()), 2),
            "notes 5 seules": lambda s: round(float((s == 5).mean() * 100), 1),
        }
        for name, wrong in wrongs.items():
            per_site = df.groupby("site")["csat"].apply(wrong).to_dict()
            result = c6b.check_csat_par_site({"csat_par_site": per_site}, case)
            overall = c6b.check_csat_global({"csat_global": wrong(df["csat"])}, case)
            seen.setdefault(name, set()).add((result.fraction, result.messages))
            seen.setdefault(name + " (global)", set()).add((overall.fraction, overall.messages))
    for name, outcomes in seen.items():
        assert len(outcomes) == 1, f"« {name} » earns different credit or hints: {outcomes}"
    for name in ("moyenne", "notes 5 seules"):
        assert seen[name] == seen[name + " (global)"]
    assert next(iter(seen["moyenne"]))[0] == 0.2
    assert next(iter(seen["notes 5 seules"]))[0] == 0.4

"""C11's competitor is a real alternative for a meaningful share of learners.

Issue 18 asked C11 to compare the offer with the competitor's; the competitor then almost
never had the higher NPV and was cheaper to own for nearly every learner, so the
comparison taught one lesson only. Each learner now meets one of two competitors
(``COMPETITOR_PROFILES``): a *challenger* that Nexalys beats on every criterion (it is
cheaper to buy, dearer to own), or a *strong* one that beats Nexalys on at least one
criterion the learner must weigh (5-year TCO, payback, sometimes the NPV itself). Over the
200 storyline variants, this test pins the share and checks that the expected answers and
their checks follow, including a surcharge Nexalys never recovers (``inf``).
"""

from __future__ import annotations

import math

import pytest
from test_storyline import VARIANTS

from kamtrain.answers import load_trusted_case
from kamtrain.checks import c11


@pytest.fixture(scope="module")
def cases():
    return [load_trusted_case("c11_valeur_economique", cohort=c, learner=lr) for c, lr in VARIANTS]


def wins(case) -> set[str]:
    """The criteria on which the competitor beats Nexalys, for this learner."""
    exp, comp = case.expected, case.expected["indicateurs_concurrent"]
    return {
        name
        for name, better in (
            ("van", comp["van"] > exp["van"]),
            ("delai_recuperation", comp["delai_recuperation"] < exp["delai_recuperation"]),
            ("tco", exp["tco"]["Concurrent"] < exp["tco"]["Nexalys"]),
        )
        if better
    }


def test_a_meaningful_share_meets_a_competitor_that_wins_on_a_criterion(cases):
    won = [wins(c) for c in cases]
    share = sum(bool(w) for w in won) / len(cases)
    assert 0.25 <= share <= 0.45, share
    on_npv = sum("van" in w for w in won) / len(cases)
    assert 0.08 <= on_npv < share, "some competitors create more value, not all that win"
    assert sum(w == {"tco"} or "delai_recuperation" in w for w in won) >= 0.1 * len(cases)
    for case in cases:
        assert case.costs("Concurrent", "investissement") < case.expected["investissement"]
    profiles = {c.competitor_profile for c in cases}
    assert profiles == {"challenger", "fort"}
    for case, w in zip(cases, won, strict=True):
        if case.competitor_profile == "fort":
            assert w, "a strong competitor wins on at least one criterion"
        else:
            assert w <= {"tco"}, "Nexalys beats a challenger on value and payback"
    assert {c.company_id for c in cases if wins(c)} == {"aubrac", "cortexa"}


def test_the_expected_comparison_follows_the_winner(cases):
    """The NPV gap is negative exactly when the competitor creates more value; Nexalys'
    extra investment is then often never recovered (inf), never when Nexalys creates more
    value; the right answers, inf included, earn full marks and a finite number for an
    unrecovered surcharge earns nothing."""
    never = 0
    for case in cases:
        gap = case.expected["comparaison_concurrent"]
        assert (gap["ecart_van"] < 0) == ("van" in wins(case)), case.identity
        if gap["ecart_van"] > 0:
            assert math.isfinite(gap["delai_surcout"]), case.identity
        right = {
            "indicateurs_concurrent": case.expected["indicateurs_concurrent"],
            "comparaison_concurrent": dict(gap),
        }
        assert c11.check_comparaison_concurrent(right, case).fraction == 1.0
        assert c11.check_indicateurs_concurrent(right, case).fraction == 1.0
        if math.isinf(gap["delai_surcout"]):
            never += 1
            finite = {"comparaison_concurrent": dict(gap, delai_surcout=5.0)}
            assert c11.check_comparaison_concurrent(finite, case).fraction == 0.5
    assert never >= 0.05 * len(cases), "some learners see a surcharge never recovered"


def test_the_self_check_recognises_a_surcharge_never_recovered(tmp_path, monkeypatch, capsys):
    """A learner whose right answer is inf (apprenant-07 of cohorte-a meets a strong
    competitor whose NPV beats Nexalys') is told it is right, and a year count is not."""
    import json

    from kamlearn.selfcheck import FILE_NAME, selfcheck
    from kamtrain.cohort.selfcheck_file import build

    cohort, learner, item = "cohorte-a", "apprenant-07", "c11.comparaison_concurrent"
    gap = load_trusted_case("c11_valeur_economique", cohort=cohort, learner=learner).expected[
        "comparaison_concurrent"
    ]
    assert math.isinf(gap["delai_surcout"])
    content = build(cohort=cohort, learners=[(learner, ())], items=(item,))
    (tmp_path / FILE_NAME).write_text(json.dumps(content), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for var in ("KAMTRAIN_LEARNER", "JUPYTERHUB_USER", "KAMTRAIN_COHORT", "NBGRADER_EXECUTION"):
        monkeypatch.delenv(var, raising=False)
    said = []
    for answer in (dict(gap), dict(gap, delai_surcout=5.0)):
        selfcheck(item, {"COHORT": cohort, "LEARNER_ID": learner, "comparaison_concurrent": answer})
        said.append(capsys.readouterr().out)
    assert said[0].startswith("✅"), said[0]
    assert not said[1].startswith("✅"), said[1]

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
    assert conv.QUICK_RATIO_EXCLUDES == ("inventories", "prepaid_expenses")
    assert conv.FTE_HOURS_PER_YEAR == 1607
    assert conv.TCO_YEARS == 5
    assert conv.GEARING_NET_OF_CASH is True
    assert conv.DSO_VAT_ON_DOMESTIC_REVENUE_ONLY is True


def test_vat_applies_to_domestic_revenue_only():
    """Issue 18: an exporter's receivables carry VAT on its French sales only."""
    assert conv.revenue_incl_vat(100.0, 0.0) == pytest.approx(120.0)
    assert conv.revenue_incl_vat(100.0, 1.0) == pytest.approx(100.0)
    assert conv.revenue_incl_vat(100.0, 0.4) == pytest.approx(60 * 1.2 + 40)
    with pytest.raises(ValueError):
        conv.revenue_incl_vat(100.0, 1.2)


def test_c2_ratios_follow_the_conventions():
    """Net gearing, DSO with VAT where it applies, quick ratio without prepaid expenses,
    recomputed here from the published accounts of several learners."""
    from kamlearn.cases import case_class
    from kamlearn.cases.identity import Identity
    from kamtrain.answers import trusted

    for learner in ("ana", "bob", "chen", "dora", "emil", "fanny"):
        case = trusted(case_class("c2_comptes")(Identity("conv", learner, "grader")))
        for year, r in case.data["comptes"].iterrows():
            x = r["part_ca_export"]
            assert 0.2 < x < 0.6, "Aubrac exports part of its sales"
            ttc = r["chiffre_affaires"] * ((1 - x) * 1.2 + x)
            assert case.expected["dso"][year] == pytest.approx(
                r["creances_clients"] / ttc * 365, abs=0.051
            )
            net = r["dettes_financieres_lt"] + r["dettes_financieres_ct"] - r["disponibilites"]
            assert case.expected["endettement"][year] == pytest.approx(
                net / r["capitaux_propres"], abs=0.0051
            )
            quick = (r["creances_clients"] + r["autres_creances"] + r["disponibilites"]) / (
                r["dettes_fournisseurs"]
                + r["dettes_fiscales_sociales"]
                + r["dettes_financieres_ct"]
            )
            assert case.expected["liquidite_reduite"][year] == pytest.approx(quick, abs=0.0051)
            # cash stays plausible: the « endettement » story finances fixed assets
            assert r["disponibilites"] < 0.1 * r["chiffre_affaires"]


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


def test_the_readme_names_the_conventions_module_that_exists():
    """Issue 18: the README's « Domain conventions » said `kamtrain/conventions.py`, a file
    that does not exist. Every path the section names exists, and it names this module."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Domain conventions", 1)[1].split("\n## ", 1)[0]
    paths = re.findall(r"`([\w/]+\.py)`", section)
    assert paths, "the section says where the conventions live"
    for path in paths:
        assert (root / path).is_file(), path
    module = Path(conv.__file__).resolve().relative_to(root).as_posix()
    assert module in paths


def test_no_learner_callable_helper_computes_the_graded_time_split():
    """C15 grades the hunting share's denominator: a learner-callable helper returning it
    would be « one call = the answer » (review r5, finding 11). The constants stay."""
    import kamlearn.cases.c15_projet_gantt as learner_case

    assert not hasattr(conv, "hunting_share")
    assert not hasattr(learner_case, "time_split") and not hasattr(learner_case, "hunting_share")
    assert conv.TIME_HUNTING_FARMING_START == (0.80, 0.20)


def test_hunting_share_is_of_the_whole_working_time_in_c5_and_c15():
    """Issue 18 (audit): C5 applied 80/20 to the whole working time, C15 to commercial time
    only. Seed 001 says « 80% du temps de travail … dédié à la prospection »: one definition,
    every hour worked in the denominator, internal time included, in both notebooks."""
    import pandas as pd

    from kamtrain.answers import load_trusted_case
    from kamtrain.answers.c15_projet_gantt import hunting_share, time_split

    assert conv.TIME_HUNTING_SHARE_OF_WHOLE_WORKING_TIME is True
    assert hunting_share(4, 10) == 40.0
    week = pd.DataFrame(
        {
            "duree_h": [4.0, 2.0, 2.0, 2.0],
            "lieu": ["Client", "Client", "Bureau", "Bureau"],
            "nature": ["hunting", "farming", "farming", "interne"],
        }
    )
    assert time_split(week)["part_hunting"] == 40.0  # 4 h of 10 h, not 4 h of 8 h
    for learner in ("apprenant-001", "apprenant-002", "apprenant-003"):
        c15 = load_trusted_case("c15_projet_gantt", cohort="cohorte-a", learner=learner)
        agenda = c15.data["agenda"]
        hunting = agenda.loc[agenda["nature"] == "hunting", "duree_h"].sum()
        assert c15.expected["part_hunting"] == hunting_share(hunting, agenda["duree_h"].sum())
        c5 = load_trusted_case("c5_pilotage", cohort="cohorte-a", learner=learner)
        hours = c5.expected["heures_terrain"]
        assert sum(hours.values()) == pytest.approx(conv.FTE_HOURS_PER_YEAR, abs=1)
        assert hunting_share(hours["hunting"], conv.FTE_HOURS_PER_YEAR) in (
            pytest.approx(100 * conv.TIME_HUNTING_FARMING_START[0], abs=0.1),
            pytest.approx(100 * conv.TIME_HUNTING_FARMING_MATURE[0], abs=0.1),
        )

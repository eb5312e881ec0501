"""Checks of C11's comparison with the competitor: the competitor's offer against the
status quo (its NPV, ROI and payback) and Nexalys' offer against the competitor's (the NPV
gap and the payback of Nexalys' extra investment)."""

from __future__ import annotations

from kamlearn import conventions as conv
from kamtrain.checks import kit
from kamtrain.checks.c11_knock_on import (
    CARRIED_PAYBACK_TOL,
    CENT,
    PAYBACK_TOL,
    REL_TOL,
    all_roundings,
    knock_on,
)


def check_indicateurs_concurrent(ns, case) -> kit.CheckResult:
    from kamtrain.answers.c11_valeur_economique import competitor_flows

    rate = case.hypothesis("taux_actualisation")
    invest = case.costs("Concurrent", "investissement")
    switch = case.costs("Concurrent", "investissement", exclude=_switch_lines(case))
    full_gains = competitor_flows(case, efficiency=1.0)
    our_costs = competitor_flows(case, yearly_cost=case.costs("Nexalys", "annuel"))
    flows = competitor_flows(case)
    carried = _carried(ns, case)
    item = "indicateurs_concurrent"

    def mistakes(key):
        yield from carried[key]
        if key == "van":
            yield kit.Mistake(conv.npv(invest, full_gains, rate), 0.25, EFFICIENCY_HINT)
            wrong_costs = conv.npv(invest, our_costs, rate)
            # where both offers' yearly costs nearly agree, the slip is below the precision
            if not kit.within(wrong_costs, case.expected[item][key], tol=CENT, rel=REL_TOL):
                yield kit.Mistake(wrong_costs, 0.25, COSTS_HINT)
            if switch != invest:
                yield kit.Mistake(conv.npv(switch, flows, rate), 0.5, SWITCH_HINT)
        elif key == "delai_recuperation":
            yield kit.Mistake(conv.payback_years(invest, full_gains), 0.25, EFFICIENCY_HINT)
            if switch != invest:
                yield kit.Mistake(conv.payback_years(switch, flows), 0.5, SWITCH_HINT)
        elif key == "roi":
            gains = sum(f + case.costs("Concurrent", "annuel") for f in full_gains)
            yield kit.Mistake(
                conv.roi_percent(gains, case.tco("Concurrent")), 0.25, EFFICIENCY_HINT
            )

    return _score_indicators(
        "indicateurs_concurrent",
        ns,
        case,
        mistakes,
        subject="Offre concurrente",
        how="ses gains, ses coûts, son investissement en t=0",
    )


EFFICIENCY_HINT = (
    "Le concurrent n'obtient qu'une part de vos gains : appliquez "
    '`hypotheses["efficacite_concurrent"]` aux gains.'
)
COSTS_HINT = "Retranchez les coûts annuels du concurrent, pas ceux de Nexalys."
SWITCH_HINT = "La bascule payée par le client fait partie de l'investissement du concurrent."


def _switch_lines(case) -> tuple[str, ...]:
    from kamlearn.cases.c11_valeur_economique import SWITCH_LINE

    return (SWITCH_LINE[0],) if SWITCH_LINE[0] in set(case.data["offres"]["poste"]) else ()


def _carried(ns, case) -> dict[str, list[kit.Mistake]]:
    """Indicator → its knock-on mistakes: the right method on the learner's own wrong gain
    (or net flows), the competitor achieving its efficiency × those gains."""
    rate = case.hypothesis("taux_actualisation")
    eff = case.hypothesis("efficacite_concurrent")
    invest, invest_c = (case.costs(o, "investissement") for o in ("Nexalys", "Concurrent"))
    cost, cost_c = (case.costs(o, "annuel") for o in ("Nexalys", "Concurrent"))

    def flows(g, share=1.0, yearly=cost):
        return [x * share - yearly for x in g]

    def gap(g):
        return [a - b for a, b in zip(flows(g), flows(g, eff, cost_c), strict=True)]

    def own(derive):
        return knock_on(ns, case, derive)

    def own_payback(item, key, derive):
        """A payback carried (any rounding to a tenth), or the right one rounded too coarsely."""
        knocks = knock_on(ns, case, derive, tol=CARRIED_PAYBACK_TOL)
        return knocks + all_roundings(case.expected[item][key], knocks)

    return {
        "van": own(lambda g: conv.npv(invest_c, flows(g, eff, cost_c), rate)),
        "roi": own(lambda g: conv.roi_percent(eff * sum(g), case.tco("Concurrent"))),
        "delai_recuperation": own_payback(
            "indicateurs_concurrent",
            "delai_recuperation",
            lambda g: conv.payback_years(invest_c, flows(g, eff, cost_c)),
        ),
        "ecart_van": own(
            lambda g: (
                conv.npv(invest, flows(g), rate) - conv.npv(invest_c, flows(g, eff, cost_c), rate)
            )
        ),
        "delai_surcout": own_payback(
            "comparaison_concurrent",
            "delai_surcout",
            lambda g: conv.payback_years(invest - invest_c, gap(g)),
        ),
    }


def check_comparaison_concurrent(ns, case) -> kit.CheckResult:
    expected = case.expected["comparaison_concurrent"]
    carried = _carried(ns, case)

    def mistakes(key):
        yield from carried[key]
        if key == "ecart_van":
            yield kit.Mistake(
                -expected["ecart_van"],
                0.5,
                "Écart de signe inversé : VAN de Nexalys − VAN du concurrent.",
            )

    return _score_indicators(
        "comparaison_concurrent",
        ns,
        case,
        mistakes,
        subject="Comparaison avec le concurrent",
        how="surcoût d'investissement en t=0, puis écarts de flux nets",
    )


def _score_indicators(name: str, ns, case, mistakes, *, subject: str, how: str) -> kit.CheckResult:
    """The item ``c11.<name>``: a dict indicator → value, each indicator scored apart."""
    expected = case.expected[name]
    return kit.score_each(
        f"c11.{name}",
        ns,
        name,
        expected,
        shape=f"indicateur ({', '.join(expected)}) → valeur",
        tol=CENT,
        rel_tol=REL_TOL,
        # a payback is asked rounded to a tenth of a year
        key_tol={k: (PAYBACK_TOL, 0.0) for k in expected if k.startswith("delai")},
        mistakes=mistakes,
        correct=f"{subject}, {{key}} : correct.",
        wrong=f"{subject}, {{key}} : incorrect ({how}).",
        absent=f"{subject} : indicateur « {{key}} » absent ou illisible.",
    )

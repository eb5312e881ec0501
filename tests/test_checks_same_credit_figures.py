"""Same figure mistake, same credit: every drawn mistake of every figure item, 50 variants.

Figures are graded on drawn objects, so their mistakes are drawn: the drawer modules
(``_same_credit_figures_early``: C1 to C9, ``_same_credit_figures_late``: C10 to C18) draw
each mistake the figure checks name (bars on the wrong scores, no title, no axis names,
percentages as fractions…) from the variant's data with matplotlib, as a learner would. Each
must earn one and the same (fraction, messages) in every variant, the one its module states.
"""

from __future__ import annotations

import importlib

import matplotlib

matplotlib.use("Agg")
import pytest
from _same_credit_cases import LEARNERS, case_for, outcome

from kamtrain.checks import registry

DRAWER_MODULES = ("_same_credit_figures_early", "_same_credit_figures_late")


def _drawers():
    """The drawer modules' mistakes and expectations, merged (an item is drawn by one only)."""
    modules = []
    for name in DRAWER_MODULES:
        try:
            modules.append(importlib.import_module(name))
        except ModuleNotFoundError as error:  # the late drawers land apart (until then: C13's)
            if error.name != name:
                raise
            modules.append(importlib.import_module("_same_credit_figures_interim"))
    mistakes, expected = {}, {}
    for module in modules:
        assert not set(mistakes) & set(module.FIGURE_MISTAKES), module.__name__
        mistakes.update(module.FIGURE_MISTAKES)
        expected.update(module.FIGURE_EXPECTED)
    return mistakes, expected


FIGURE_MISTAKES, FIGURE_EXPECTED = _drawers()


def grade_drawn(item: str, label: str, case):
    """Draw one mistake for one variant, grade it, close every figure drawn."""
    import matplotlib.pyplot as plt

    name, mistakes = FIGURE_MISTAKES[item]
    try:
        drawn = mistakes[label](case)
        ns = drawn if isinstance(drawn, dict) else {name: drawn}
        return registry.lookup(item).function(ns, case)
    finally:
        plt.close("all")


def test_every_drawn_mistake_states_what_it_earns():
    stated = {(item, label) for item, (_, m) in FIGURE_MISTAKES.items() for label in m}
    assert stated == set(FIGURE_EXPECTED)
    assert all(
        "juste" in m and FIGURE_EXPECTED[(i, "juste")][0] == 1.0
        for i, (_, m) in FIGURE_MISTAKES.items()
    )


@pytest.mark.parametrize("item", sorted(FIGURE_MISTAKES))
def test_the_same_figure_mistake_earns_the_same_credit_and_hint(item):
    """Each drawn mistake, over the 50 variants' data, earns one (fraction, messages): the
    one stated in ``FIGURE_EXPECTED``."""
    spec = registry.lookup(item)
    for label in FIGURE_MISTAKES[item][1]:
        seen = {outcome(grade_drawn(item, label, case_for(spec.case, who))) for who in LEARNERS}
        assert len(seen) == 1, f"{item} « {label} » earns different credit or hints: {seen}"
        ((fraction, messages),) = seen
        want, hint = FIGURE_EXPECTED[(item, label)]
        assert fraction == pytest.approx(want), f"{item} « {label} »: {fraction} {messages}"
        assert any(m.startswith(hint) for m in messages), f"{item} « {label} »: {messages}"

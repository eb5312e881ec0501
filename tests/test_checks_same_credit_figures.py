"""Same figure mistake, same credit: every drawn mistake of every figure item, 50 variants.

Figures are graded on drawn objects, so their mistakes are drawn: the drawer modules
(``_same_credit_figures_early``: C1 to C9, ``_same_credit_figures_late``: C10 to C18) draw
each mistake the figure checks name (bars on the wrong scores, no title, no axis names,
percentages as fractions…) from the variant's data with matplotlib, as a learner would. Three
mistakes are drawn here for every item, from its right figure: the variable left undefined,
``plt.show()``'s ``None`` handed in, and the axes (what ``Series.plot.bar()`` returns) instead
of the figure, graded as the figure. Each mistake must earn one and the same (fraction,
messages) in every variant, the one stated for it.

Coverage is read, not listed: every message a figure check can give, from its source and the
shared helpers it calls (``_same_credit_figure_hints``), is either given to a right figure or
must be given to one of the item's drawn mistakes, and every figure item must be drawn.
"""

from __future__ import annotations

import functools
import importlib

import matplotlib

matplotlib.use("Agg")
import pytest
from _same_credit_cases import LEARNERS, case_for, outcome
from _same_credit_figure_hints import figure_messages
from _same_credit_source import hint_pattern

from kamtrain.checks import registry

DRAWER_MODULES = ("_same_credit_figures_early", "_same_credit_figures_late")
FIGURE_ITEMS = sorted(i for i in registry.all_items() if i.partition(".")[2].startswith("fig_"))


def _drawers():
    """The drawer modules' mistakes and expectations, merged (an item is drawn by one only)."""
    mistakes, expected = {}, {}
    for module in map(importlib.import_module, DRAWER_MODULES):
        assert not set(mistakes) & set(module.FIGURE_MISTAKES), module.__name__
        mistakes.update(module.FIGURE_MISTAKES)
        expected.update(module.FIGURE_EXPECTED)
    return mistakes, expected


FIGURE_MISTAKES, FIGURE_EXPECTED = _drawers()


def _undefined(ns, name):
    return {k: v for k, v in ns.items() if k != name}


def _shown(ns, name):
    return {**ns, name: None}  # `fig_x = plt.show()`


def _the_axes(ns, name):
    return {**ns, name: ns[name].axes[0]}  # `fig_x = serie.plot.bar()`


#: mistake -> (namespace of the right figure -> mistaken namespace, what it earns or None
#: for what the right figure earns)
GENERIC = {
    "variable non définie": (_undefined, (0.0, "La variable `")),
    "plt.show() au lieu de la figure": (_shown, (0.0, "`")),
    "les axes au lieu de la figure": (_the_axes, None),
}


def expected(item: str, label: str) -> tuple[float, str]:
    if label in GENERIC:
        return GENERIC[label][1] or FIGURE_EXPECTED[(item, "juste")]
    return FIGURE_EXPECTED[(item, label)]


def _grade_variant(item: str, case, grade=None) -> dict[str, object]:
    """Every mistake of ``item`` drawn for one variant and graded (the generic ones on the
    right figure's namespace) by ``grade(ns)``, by default the check on the live objects;
    every figure drawn is closed."""
    import matplotlib.pyplot as plt

    name, mistakes = FIGURE_MISTAKES[item]
    check = registry.lookup(item).function
    grade = grade or (lambda ns: check(ns, case))
    results = {}
    try:
        for label, draw in mistakes.items():
            drawn = draw(case)
            ns = drawn if isinstance(drawn, dict) else {name: drawn}
            results[label] = grade(ns)
            if label == "juste":
                for generic, (mistake, _) in GENERIC.items():
                    results[generic] = grade(mistake(ns, name))
    finally:
        plt.close("all")
    return results


@functools.cache
def outcomes(item: str) -> dict[str, frozenset]:
    """mistake -> the (fraction, messages) it earned over the 50 variants."""
    spec = registry.lookup(item)
    seen: dict[str, set] = {}
    for who in LEARNERS:
        for label, result in _grade_variant(item, case_for(spec.case, who)).items():
            seen.setdefault(label, set()).add(outcome(result))
    return {label: frozenset(s) for label, s in seen.items()}


def test_every_drawn_mistake_states_what_it_earns():
    stated = {(item, label) for item, (_, m) in FIGURE_MISTAKES.items() for label in m}
    assert stated == set(FIGURE_EXPECTED)
    assert all(FIGURE_EXPECTED[(i, "juste")][0] == 1.0 for i in FIGURE_MISTAKES)


def _check(item: str, label: str, fraction: float, messages) -> None:
    want, hint = expected(item, label)
    assert fraction == pytest.approx(want), f"{item} « {label} »: {fraction} {messages}"
    assert any(m.startswith(hint) for m in messages), f"{item} « {label} »: {messages}"


def test_each_drawn_mistake_earns_what_it_states_for_two_variants():
    """The quick tier: every drawn mistake, two variants (the slow tier draws 50)."""
    for item in sorted(FIGURE_MISTAKES):
        spec = registry.lookup(item)
        for who in LEARNERS[:2]:
            for label, result in _grade_variant(item, case_for(spec.case, who)).items():
                _check(item, label, result.fraction, result.messages)


#: thousands of figures drawn and graded (about 150 s of CPU): ``make test`` runs them
@pytest.mark.slow
@pytest.mark.parametrize("item", FIGURE_ITEMS)
def test_the_same_figure_mistake_earns_the_same_credit_and_hint(item):
    """Each drawn mistake, over the 50 variants' data, earns one (fraction, messages): the
    one stated for it."""
    assert item in FIGURE_MISTAKES, f"{item} is not drawn"
    for label, seen in outcomes(item).items():
        assert len(seen) == 1, f"{item} « {label} » earns different credit or hints: {seen}"
        ((fraction, messages),) = seen
        _check(item, label, fraction, messages)


@pytest.mark.slow
def test_every_figure_hint_is_drawn():
    """Every figure item is drawn, and each message its check can give with less than full
    credit is given to one of its drawn mistakes."""
    assert not set(FIGURE_MISTAKES) - set(FIGURE_ITEMS), "drawn items that are not figures"
    right = {m for i in FIGURE_MISTAKES for ((_, ms),) in [outcomes(i)["juste"]] for m in ms}
    missing = [f"{item}: not drawn" for item in FIGURE_ITEMS if item not in FIGURE_MISTAKES]
    for item in sorted(FIGURE_MISTAKES):
        given = {m for seen in outcomes(item).values() for _, ms in seen for m in ms}
        for message in sorted(figure_messages(item)):
            pattern = hint_pattern(message)
            if not any(pattern.match(m) for m in given | right):
                missing.append(f"{item}: « {message[:70]} »")
    assert not missing, "figure hints no drawn mistake gives:\n" + "\n".join(missing)


def test_the_figure_reader_finds_the_shared_helpers_hints():
    """The reader follows the helpers a check calls, and only the branches it can take."""
    bars = figure_messages("c1.fig_parts")
    assert "Ajoutez un titre au graphique." in bars and "Nommez les deux axes." in bars
    assert "Nommez les axes." not in bars  # labels_score(both_axes=False) only
    assert any(m.startswith("Les barres ne représentent pas") for m in bars)
    assert any("doit être une figure matplotlib" in m for m in bars)
    lacking = figure_messages("c16.fig_tableau_de_bord")  # a sum of texts reads as one
    assert "Indicateur(s) absent(s) ou faux : \0." in lacking
    zapo = figure_messages("c12.fig_zapo")  # its own axis hint, not the default
    assert "Nommez l'axe des prix." in zapo and "Nommez les deux axes." not in zapo
    assert any(
        m.startswith("Les hauteurs sont justes") for m in figure_messages("c6.fig_distribution")
    )

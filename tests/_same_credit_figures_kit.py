"""Shared drawing helpers of the figure mistakes (``_same_credit_figures_*.py``).

A drawer module exports ``FIGURE_MISTAKES`` (item -> (namespace variable, {mistake label:
draw(case) -> a matplotlib figure, or a namespace holding it under the variable})) and
``FIGURE_EXPECTED`` ((item, label) -> (fraction, start of one of its hints)). The label
"juste" is the right figure, earning 1.0. ``case_for`` and ``LEARNERS`` are
``_same_credit_cases``' own, offered here too.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from _same_credit_cases import LEARNERS, case_for

__all__ = ["LEARNERS", "_bars", "_drawn", "case_for"]


def _bars(kind, where, values, texts, *, title, labels):
    """A bar chart (``ax.bar`` or ``ax.barh``) with its title and axis names, if asked."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    getattr(ax, kind)(where, values)
    if title:
        ax.set_title(texts[0])
    if labels:
        ax.set_xlabel(texts[1])
        ax.set_ylabel(texts[2])
    return fig


def _drawn(draw, **own: dict) -> dict[str, Callable]:
    """The right figure, the label mistakes every figure check names, and ``own`` mistakes
    (label -> keyword arguments of ``draw``)."""
    shared = {"juste": {}, "sans titre": {"title": False}, "sans noms d'axes": {"labels": False}}
    return {label: functools.partial(draw, **kw) for label, kw in {**shared, **own}.items()}

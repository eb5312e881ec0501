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

__all__ = ["LEARNERS", "_bars", "_drawn", "_figure", "_titled", "case_for"]


def _figure():
    """``fig, ax = plt.subplots()`` without pyplot's registry (twice as fast to make, and
    nothing to close): the same Figure the checks read, on an Agg canvas."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure()
    FigureCanvasAgg(fig)
    return fig, fig.subplots()


def _bars(kind, where, values, texts, *, title, labels):
    """A bar chart (``ax.bar`` or ``ax.barh``) with its title and axis names, if asked."""
    fig, ax = _figure()
    getattr(ax, kind)(where, values)
    _titled(ax, texts, title=title, labels=labels)
    return fig


def _titled(ax, texts, *, title=True, labels=True) -> None:
    """Give ``ax`` its title (``texts[0]``) and axis names (``texts[1:3]``), if asked."""
    if title:
        ax.set_title(texts[0])
    if labels:
        ax.set_xlabel(texts[1])
        ax.set_ylabel(texts[2])


def _drawn(draw, **own: dict) -> dict[str, Callable]:
    """The right figure, the label mistakes every figure check names, and ``own`` mistakes
    (label -> keyword arguments of ``draw``)."""
    shared = {"juste": {}, "sans titre": {"title": False}, "sans noms d'axes": {"labels": False}}
    return {label: functools.partial(draw, **kw) for label, kw in {**shared, **own}.items()}

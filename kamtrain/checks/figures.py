"""Grading learners' matplotlib figures: retrieval, title and axis labels, bars, lines, points.

A figure item is scored 60 % on the data drawn and 40 % on the presentation (a title and
named axes), unless a check module weighs them otherwise.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence

from kamtrain.checks.answers import within
from kamtrain.checks.core import MISSING, CheckResult, answer, missing_result
from kamtrain.checks.scoring import result


def figure_axes(item: str, ns: dict, name: str) -> tuple[list | None, CheckResult | None]:
    """Return ``(axes, None)`` for a matplotlib figure in ``ns[name]``, or ``(None, result)``."""
    fig = answer(ns, name)
    if fig is MISSING:
        return None, missing_result(item, name)
    if not hasattr(fig, "savefig") and hasattr(getattr(fig, "figure", None), "savefig"):
        fig = fig.figure  # the Axes `Series.plot.bar()` returns is graded as its figure
    axes = getattr(fig, "axes", None)
    if not isinstance(axes, list) or not axes:
        return None, CheckResult(
            item, 0.0, (f"`{name}` doit être une figure matplotlib (`fig, ax = plt.subplots()`).",)
        )
    return list(axes), None


def figure_check(item: str) -> Callable:
    """Turn ``score(item, axes, case) -> CheckResult`` into the check ``(ns, case)`` of the
    figure item ``"<prefix>.<name>"``: ``ns[name]`` must be a matplotlib figure, else the
    shared zero-credit verdict of :func:`figure_axes` is the result."""
    name = item.partition(".")[2]

    def decorate(score: Callable) -> Callable:
        @functools.wraps(score)
        def check(ns: dict, case) -> CheckResult:
            axes, failure = figure_axes(item, ns, name)
            return failure or score(item, axes, case)

        return check

    return decorate


def labels_score(
    ax,
    *,
    suptitle: bool = False,
    both_axes: bool = True,
    x_only: bool = False,
    axis_hint: str | None = None,
) -> tuple[float, list[str]]:
    """Share (0, ½ or 1) of a title and axis labels present on ``ax``, and hints for the rest.

    Args:
        suptitle: a figure-level title (``fig.suptitle``) counts as the title.
        both_axes: both axes must be named; otherwise one named axis is enough.
        x_only: only the x axis must be named (a price line, a timeline).
        axis_hint: the French hint when the axes are not named (a default otherwise).
    """
    share, hints = 0.0, []
    title = ax.get_title().strip()
    if suptitle and not title:
        sup = getattr(ax.figure, "_suptitle", None)
        title = sup.get_text().strip() if sup is not None else ""
    if title:
        share += 0.5
    else:
        hints.append("Ajoutez un titre au graphique.")
    named = (
        [ax.get_xlabel().strip()] if x_only else [ax.get_xlabel().strip(), ax.get_ylabel().strip()]
    )
    if all(named) if both_axes else any(named):
        share += 0.5
    else:
        hints.append(axis_hint or ("Nommez les deux axes." if both_axes else "Nommez les axes."))
    return share, hints


def values_match(
    got: Sequence[float], want: Sequence[float], *, tol: float, rel_tol: float = 0.0
) -> bool:
    """Whether two collections hold the same numbers, in any order."""
    return len(got) == len(want) and all(
        within(a, b, tol=tol, rel=rel_tol) for a, b in zip(sorted(got), sorted(want), strict=True)
    )


def bars_match(ax, expected: Sequence[float], tol: float) -> bool:
    """True when the bars on ``ax`` (vertical or horizontal) show ``expected`` values."""
    return any(
        values_match(
            [float(getattr(p, attr)()) for p in ax.patches], [float(v) for v in expected], tol=tol
        )
        for attr in ("get_height", "get_width")
    )


def figure_result(
    item: str, points: float, labels: tuple[float, list[str]], *messages: str
) -> CheckResult:
    """A figure's result: ``points`` for its data plus 40 % of the ``labels`` share, its hints last."""
    share, hints = labels
    return result(item, points + 0.4 * share, *messages, *hints)


def series_drawn(
    series: Iterable[Sequence[float | None]],
    expected: Sequence[float],
    *,
    tol: float,
    rel_tol: float,
) -> bool:
    """Whether one of ``series`` is ``expected``, point by point (order matters over time)."""
    return any(
        len(s) == len(expected)
        and all(within(a, b, tol=tol, rel=rel_tol) for a, b in zip(s, expected, strict=True))
        for s in series
    )


def score_bar_figure(
    item: str,
    ns: dict,
    name: str,
    expected: Iterable[float],
    *,
    what: str,
    tol: float,
    rel_tol: float = 0.0,
    as_percent: bool = True,
    all_axes: bool = False,
) -> CheckResult:
    """A bar chart (vertical or horizontal) whose bars carry ``expected`` values.

    Args:
        what: French noun phrase of what the bars show, e.g. « le CA par client ».
        as_percent: bars drawn as fractions of the expected percentages also count.
        all_axes: bars may sit on any axes of the figure; their sign is ignored and
            empty bars skipped (``Series.plot.bar`` draws on several axes).
    """
    axes, error = figure_axes(item, ns, name)
    if error:
        return error
    want = [abs(float(v)) if all_axes else float(v) for v in expected]
    if all_axes:
        patches = [p for a in axes for p in a.patches if hasattr(p, "get_height")]
        heights = [abs(float(p.get_height())) for p in patches if p.get_height()]
        widths = [abs(float(p.get_width())) for p in patches if p.get_width()]
    else:
        patches = [p for p in axes[0].patches if hasattr(p, "get_height")]
        heights = [float(p.get_height()) for p in patches]
        widths = [float(p.get_width()) for p in patches]
    candidates = [heights, widths]
    if as_percent:
        candidates += [[h * 100 for h in heights], [w * 100 for w in widths]]
    labels = labels_score(axes[0], suptitle=True)
    if any(values_match(c, want, tol=tol, rel_tol=rel_tol) for c in candidates):
        return figure_result(item, 0.6, labels, f"Les barres représentent bien {what}.")
    if heights if all_axes else patches:
        return figure_result(item, 0.2, labels, f"Les barres ne représentent pas {what}.")
    return figure_result(
        item, 0.0, labels, "Aucune barre trouvée : utilisez `ax.bar(...)` ou `ax.barh(...)`."
    )


def score_series_bars(item: str, ns: dict, name: str, expected, **options) -> CheckResult:
    """Bars of a « Series.plot.bar » figure: on any axes, signs ignored, values as given (no
    percentage form). ``options``: ``what``, ``tol``, ``rel_tol`` of :func:`score_bar_figure`."""
    return score_bar_figure(item, ns, name, expected, as_percent=False, all_axes=True, **options)


def score_line_figure(
    item: str, ns: dict, name: str, expected: Iterable[Iterable[float]], *, tol: float, what: str
) -> CheckResult:
    """A line chart: each expected series must be one line's y data (or its fraction form)."""
    axes, error = figure_axes(item, ns, name)
    if error:
        return error
    lines = [_in_x_order(line) for line in axes[0].get_lines()]
    expected = [[float(v) for v in series] for series in expected]

    def drawn(series: list[float]) -> bool:
        # Order matters for a series over time: compare point by point, not sorted.
        return any(
            len(ys) == len(series)
            and any(
                all(abs(a * scale - b) <= tol for a, b in zip(ys, series, strict=True))
                for scale in (1, 100)
            )
            for ys in lines
        )

    found = sum(drawn(series) for series in expected)
    labels = labels_score(axes[0], suptitle=True)
    if found == len(expected):
        first = f"Les courbes représentent bien {what}."
    elif lines:
        first = f"{found} courbe(s) correcte(s) sur {len(expected)} attendue(s) pour {what}."
    else:
        first = "Aucune courbe trouvée : utilisez `ax.plot(...)`."
    return figure_result(item, 0.6 * found / len(expected), labels, first)


def _in_x_order(line) -> list[float]:
    """A line's y values from left to right: points drawn in any order on numeric x (years
    listed backwards) make the same chart. Categories (x as text) are placed in the order
    drawn, so their order is kept."""
    ys = [float(y) for y in line.get_ydata()]
    xs = line.get_xdata(orig=False)
    try:
        positions = [float(x) for x in xs]
    except (TypeError, ValueError):
        return ys
    if len(positions) != len(ys):
        return ys
    return [y for _, y in sorted(zip(positions, ys, strict=True), key=lambda p: p[0])]


def score_scatter_figure(
    item: str, ns: dict, name: str, n_points: int, *, what: str
) -> CheckResult:
    """A scatter plot with ``n_points`` points, one per ``what`` (e.g. « décideur »)."""
    axes, error = figure_axes(item, ns, name)
    if error:
        return error
    ax = axes[0]
    count = sum(len(c.get_offsets()) for c in ax.collections if hasattr(c, "get_offsets"))
    labels = labels_score(ax, suptitle=True)
    if count == n_points:
        return figure_result(item, 0.6, labels, f"Le nuage contient bien un point par {what}.")
    if count:
        return figure_result(item, 0.2, labels, f"Le nuage devrait contenir un point par {what}.")
    return figure_result(item, 0.0, labels, "Aucun point trouvé : utilisez `ax.scatter(x, y)`.")

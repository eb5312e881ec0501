"""Plots of a :class:`~kamtrain.progress.collect.ProgressReport` (matplotlib, French labels).

Figures are built with the object API and the Agg canvas, never pyplot's global
state, so that they can be drawn from the CLI, a server or a notebook alike.
"""

from __future__ import annotations

import base64
import io

from kamtrain.progress.collect import ProgressReport

_STATUS = (("graded", "Corrigé", "#4c9a5a"), ("submitted", "Remis, à corriger", "#e0a43a"),
           ("missing", "Non remis", "#c8553d"))  # fmt: skip


def _figure(width: float, height: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def heatmap(report: ProgressReport):
    """Learners × criteria, coloured by the ratio of points scored (grey: not scored)."""
    import numpy as np
    from matplotlib import colormaps

    learners = [lp.learner for lp in report.learners]
    criteria = [c.criterion for c in report.criteria]
    values = np.full((max(len(learners), 1), max(len(criteria), 1)), np.nan)
    for i, learner in enumerate(learners):
        for j, crit in enumerate(criteria):
            ratio = report.ratio(learner, crit)
            if ratio is not None:
                values[i, j] = ratio
    fig = _figure(1.6 + 0.7 * max(len(criteria), 3), 1.2 + 0.4 * max(len(learners), 2))
    ax = fig.add_subplot()
    cmap = colormaps["RdYlGn"].with_extremes(bad="#dddddd")
    image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, vmin=0, vmax=1, aspect="auto")
    ax.set_xticks(range(len(criteria)), criteria, rotation=45, ha="right")
    ax.set_yticks(range(len(learners)), learners)
    for i in range(len(learners)):
        for j in range(len(criteria)):
            if not np.isnan(values[i, j]):
                ax.text(j, i, f"{values[i, j]:.0%}", ha="center", va="center", fontsize=8)
    ax.set_title("Taux de réussite par apprenant et par critère (gris : non évalué)")
    fig.colorbar(image, ax=ax, fraction=0.04, label="points obtenus / points possibles")
    return fig


def competency_bars(report: ProgressReport):
    """Mean ratio per competency, with the « acquis » threshold."""
    comps = [c for c in report.competencies]
    fig = _figure(1.5 + 0.8 * max(len(comps), 3), 3.2)
    ax = fig.add_subplot()
    values = [c.mean_ratio or 0 for c in comps]
    colours = ["#c8553d" if v < report.acquired_ratio else "#4c9a5a" for v in values]
    bars = ax.bar([c.competency for c in comps], values, color=colours)
    for bar, comp in zip(bars, comps, strict=True):
        label = "—" if comp.mean_ratio is None else f"{comp.mean_ratio:.0%}"
        ax.annotate(label, (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                    ha="center", va="bottom", fontsize=8)  # fmt: skip
    ax.axhline(report.acquired_ratio, color="#333333", linestyle="--", linewidth=1)
    ax.text(ax.get_xlim()[1], report.acquired_ratio, " seuil « acquis »", va="center", fontsize=8)
    ax.set_ylim(0, 1.1)
    ax.set_ylabel("taux de réussite moyen")
    ax.set_title("Réussite moyenne par compétence")
    return fig


def submission_status(report: ProgressReport):
    """Per assignment: how many learners are graded, waiting for grading, or missing."""
    assignments = list(report.assignments)
    fig = _figure(1.5 + 1.0 * max(len(assignments), 3), 3.2)
    ax = fig.add_subplot()
    bottom = [0] * len(assignments)
    for status, label, colour in _STATUS:
        counts = [
            sum(1 for s in report.submissions if s.assignment == a and s.status == status)
            for a in assignments
        ]
        ax.bar(assignments, counts, bottom=bottom, color=colour, label=label)
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    ax.set_ylabel("apprenants")
    ax.set_title("État des remises par devoir")
    ax.legend(loc="upper left", bbox_to_anchor=(1, 1), fontsize=8)
    ax.yaxis.get_major_locator().set_params(integer=True)
    return fig


def figure_png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def figure_data_uri(fig) -> str:
    """``data:image/png;base64,...`` for embedding in a self-contained HTML file."""
    return "data:image/png;base64," + base64.b64encode(figure_png(fig)).decode("ascii")


def all_figures(report: ProgressReport) -> dict:
    """``{name: Figure}`` in the order a trainer reads them."""
    return {
        "remises": submission_status(report),
        "competences": competency_bars(report),
        "criteres": heatmap(report),
    }

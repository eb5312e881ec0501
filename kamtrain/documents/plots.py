"""Jury plots (matplotlib, Agg): competency radar and candidates × criteria heatmap.

Each function returns a ``data:image/png;base64,...`` URI that the HTML templates embed,
so one file works in a browser and in weasyprint alike.
"""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Sequence


def _figure_uri(fig) -> str:
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _pyplot():
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    return plt


def radar_png(
    labels: Sequence[str], values: Sequence[float | None], *, max_level: int, threshold: float
) -> str:
    """Radar of competency means (None drawn at 0 and marked "n.é." in its label)."""
    plt = _pyplot()
    n = len(labels)
    angles = [2 * math.pi * i / n for i in range(n)] + [0.0]
    data = [0.0 if v is None else float(v) for v in values]
    data.append(data[0])
    fig = plt.figure(figsize=(5.2, 5.2))
    ax = fig.add_subplot(polar=True)
    ax.plot(angles, data, color="#1f3b57", linewidth=1.8)
    ax.fill(angles, data, color="#1f3b57", alpha=0.25)
    ax.plot(angles, [threshold] * (n + 1), color="#c0392b", linestyle="--", linewidth=1)
    ax.set_ylim(0, max_level)
    ax.set_yticks(range(max_level + 1))
    ax.set_xticks(angles[:-1])
    ax.set_xticklabels(
        [lab if v is not None else f"{lab}\n(n.é.)" for lab, v in zip(labels, values, strict=True)],
        fontsize=8,
    )
    ax.set_title("Niveau moyen par compétence (seuil en pointillés)", fontsize=10)
    return _figure_uri(fig)


def heatmap_png(
    rows: Sequence[str],
    columns: Sequence[str],
    matrix: Sequence[Sequence[float | None]],
    *,
    max_level: int,
) -> str:
    """Candidates × criteria levels; missing cells are left blank."""
    plt = _pyplot()
    import numpy as np

    grid = np.array([[np.nan if v is None else v for v in row] for row in matrix], dtype=float)
    width = max(6.0, 0.16 * len(columns) + 2)
    fig, ax = plt.subplots(figsize=(width, 0.35 * len(rows) + 1.6))
    image = ax.imshow(grid, cmap="RdYlGn", vmin=0, vmax=max_level, aspect="auto")
    ax.set_yticks(range(len(rows)), labels=list(rows), fontsize=8)
    ax.set_xticks(range(len(columns)), labels=list(columns), fontsize=6, rotation=90)
    fig.colorbar(image, ax=ax, label="Niveau", shrink=0.8)
    ax.set_title("Niveaux par candidat et par critère", fontsize=10)
    return _figure_uri(fig)


def bars_png(labels: Sequence[str], rates: Sequence[float]) -> str:
    """Validation rate (0–1) per block."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(5, 2.6))
    ax.bar(list(labels), [100 * r for r in rates], color="#1f3b57")
    ax.set_ylim(0, 100)
    ax.set_ylabel("% de candidats")
    ax.set_title("Taux de validation par bloc", fontsize=10)
    return _figure_uri(fig)

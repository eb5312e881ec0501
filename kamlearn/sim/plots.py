"""The ZOPA plot revealed at the end of a negotiation.

matplotlib is imported inside the functions (the package stays light) and figures are
built with :class:`matplotlib.figure.Figure` directly, without pyplot: no global state,
no GUI backend, safe under Agg and in tests.
"""

from __future__ import annotations

import io

from kamlearn.sim.records import Transcript


def _k(value: float) -> str:
    return f"{value / 1000:,.1f}".replace(",", "\u202f").replace(".", ",") + "\u00a0k€"


def zopa_figure(result, transcript: Transcript | None = None):
    """Draw the price line: floor, buyer's maximum, ZOPA, offers, counters and deal.

    Args:
        result: a :class:`~kamlearn.sim.negotiation_score.NegotiationResult`.
        transcript: the attempt's transcript, to plot the offers and counter-offers.

    Returns:
        A :class:`matplotlib.figure.Figure`.
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8, 3.2), dpi=100)
    ax = fig.add_subplot(1, 1, 1)
    offers, counters = [], []
    estimate = None
    for move in transcript.moves if transcript else ():
        if move.actor == "learner" and move.kind == "offer":
            offers.append(move.data["price"])
        elif move.actor == "counterpart" and move.kind in ("anchor", "counter"):
            counters.append(move.data["price"])
        elif move.actor == "learner" and move.kind == "estimate_zopa":
            estimate = (move.data["low"], move.data["high"])
    if result.zopa is not None:
        low, high = result.zopa
        if high > low:
            ax.axvspan(low, high, color="#2e7d32", alpha=0.25, label="ZAPO")
        else:
            ax.axvline(low, color="#2e7d32", lw=4, alpha=0.5, label="ZAPO (un seul point)")
    else:
        ax.axvspan(
            result.buyer_max,
            result.seller_floor,
            color="#c62828",
            alpha=0.15,
            label="Pas de ZAPO (écart)",
        )
    ax.axvline(
        result.seller_floor,
        color="#1565c0",
        ls="--",
        label=f"Votre plancher {_k(result.seller_floor)}",
    )
    ax.axvline(
        result.buyer_max, color="#e65100", ls="--", label=f"Maximum acheteur {_k(result.buyer_max)}"
    )
    ax.axvline(
        result.list_price, color="grey", ls=":", label=f"Prix catalogue {_k(result.list_price)}"
    )
    if estimate:
        ax.plot(
            estimate,
            [0.15, 0.15],
            color="#6a1b9a",
            lw=3,
            marker="|",
            ms=12,
            label="Votre estimation",
        )
    if offers:
        ax.plot(offers, [0.7] * len(offers), "o-", color="#1565c0", label="Vos offres")
    if counters:
        ax.plot(counters, [0.4] * len(counters), "s-", color="#e65100", label="Contre-offres")
    if result.deal and result.price is not None:
        ax.plot(
            [result.price], [0.55], "*", color="black", ms=16, label=f"Accord {_k(result.price)}"
        )
    prices = [result.seller_floor, result.buyer_max, result.list_price, *offers, *counters]
    span = max(prices) - min(prices) or max(prices) * 0.1 or 1.0
    ax.set_xlim(min(prices) - 0.05 * span, max(prices) + 0.05 * span)
    ax.set_ylim(0, 1)
    ax.set_yticks([])
    ax.set_xlabel("Prix annuel (€)")
    ax.set_title("Zone d'accord possible (ZAPO)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=3, fontsize=7, frameon=False)
    fig.tight_layout()
    return fig


def figure_png(fig) -> bytes:
    """Render a figure to PNG bytes (for an ``ipywidgets.Image`` or a rich output)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()

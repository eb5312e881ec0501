"""The ZOPA plot renders for a zone, a single point and no overlap."""

from __future__ import annotations

import pytest

from kamlearn.sim.negotiation import NegotiationEngine
from kamlearn.sim.plots import figure_png, zopa_figure
from kamlearn.sim.records import StepClock


@pytest.mark.parametrize("buyer_max", [90_000, 80_000, 75_000])
def test_zopa_plot_renders(buyer_max):
    e = NegotiationEngine(
        "francais",
        1,
        list_price=100_000,
        floor=80_000,
        cost=60_000,
        buyer_max=buyer_max,
        clock=StepClock(),
    )
    e.play([("estimate_zopa", 80_000, 88_000), ("offer", 100_000), "accept"])
    fig = zopa_figure(e.result(), e.transcript())
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    if buyer_max == 75_000:
        assert "Pas de ZAPO (écart)" in labels
    elif buyer_max == 80_000:
        assert "ZAPO (un seul point)" in labels
    else:
        assert "ZAPO" in labels
    assert any(label.startswith("Accord") for label in labels)
    assert {"Vos offres", "Contre-offres", "Votre estimation"} <= set(labels)
    assert figure_png(fig)[:4] == b"\x89PNG"

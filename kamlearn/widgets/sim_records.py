"""Show the stored attempts of a simulator in a notebook cell (for the jury)."""

from __future__ import annotations

from pathlib import Path

from kamlearn.sim.records import AttemptStore
from kamlearn.widgets.sim_render import RecordView


def show_attempts(simulator: str, path: Path | str | None = None) -> RecordView:
    """Return a rich output (HTML + JSON) of the attempts stored for ``simulator``.

    Args:
        simulator: ``"negotiation"``, ``"interview"``, ``"pitch"`` or ``"leadership"``.
        path: the store; by default ``simulations/<simulator>.json`` next to the notebook.
    """
    from kamlearn.widgets.sim_base import default_store_path

    store = AttemptStore(path if path is not None else default_store_path(simulator), simulator)
    return RecordView(store.attempts(), simulator)

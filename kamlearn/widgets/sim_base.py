"""What the simulator fronts share: running moves, showing errors, saving attempts.

A front owns one engine at a time. Every move goes through :meth:`SimFront._run`: an
:class:`~kamlearn.errors.InvalidMoveError` becomes a French message on screen and
changes nothing. When the engine ends, the attempt is appended to the
:class:`~kamlearn.sim.records.AttemptStore` (by default ``simulations/<simulator>.json``
next to the notebook, so it is submitted with it). « Recommencer » saves an unfinished
attempt too, then starts a new engine: earlier attempts are never lost.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kamlearn.errors import InvalidMoveError
from kamlearn.sim.records import AttemptStore, Clock, system_clock
from kamlearn.widgets import sim_render


def default_store_path(simulator: str) -> Path:
    """``simulations/<simulator>.json``, relative to the kernel's folder (the notebook's)."""
    return Path("simulations") / f"{simulator}.json"


class SimFront:
    """Base of the fronts. Subclasses build their controls in :meth:`_controls`."""

    simulator = ""

    def __init__(
        self,
        engine_factory: Callable[[], object],
        *,
        store_path: Path | str | None = None,
        clock: Clock | None = None,
    ):
        import ipywidgets as w

        self._w = w
        self._factory = engine_factory
        self.store = AttemptStore(
            store_path if store_path is not None else default_store_path(self.simulator),
            self.simulator,
            clock=clock or system_clock,
        )
        self.engine = engine_factory()
        self._saved = False
        self.last_attempt = None
        self.header = w.HTML()
        self.message = w.HTML()
        self.transcript_view = w.HTML()
        self.score_view = w.HTML()
        self.record_out = w.Output()
        self.restart_button = w.Button(description="Recommencer", icon="refresh")
        self.restart_button.on_click(lambda _b: self.restart())
        controls = self._controls()
        self.widget = w.VBox(
            [
                self.header,
                controls,
                w.HBox([self.restart_button]),
                self.message,
                w.HTML("<b>Transcription</b>"),
                self.transcript_view,
                self.score_view,
                self.record_out,
            ]
        )
        self._refresh()

    # --- to implement ----------------------------------------------------------------------

    def _controls(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def _header_html(self) -> str:
        return ""

    def _after_move(self) -> None:
        """Hook for subclasses (update option buttons, plots...)."""

    # --- shared behaviour ------------------------------------------------------------------

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)

    def _run(self, move: Callable[[], None]) -> bool:
        """Run one engine move; show a French message if it is invalid."""
        try:
            move()
        except InvalidMoveError as exc:
            self.message.value = sim_render.message_html(exc.message_fr, error=True)
            return False
        self.message.value = ""
        if self.engine.ended and not self._saved:
            self._save()
        self._refresh()
        return True

    def _save(self) -> None:
        result = self.engine.sim_result()
        self.last_attempt = self.store.append(self.engine.transcript(), result)
        self._saved = True
        self.message.value = sim_render.message_html(
            f"Tentative {self.last_attempt.number} enregistrée dans {self.store.path}."
        )

    def restart(self) -> None:
        """Save the current attempt if it has learner moves, then start a new one."""
        if not self._saved and self.engine.transcript().learner_moves():
            self._save()
        self.engine = self._factory()
        self._saved = False
        self._refresh()

    def record(self) -> sim_render.RecordView:
        """All stored attempts, as a rich cell output (HTML + JSON) for the jury."""
        return sim_render.RecordView(self.store.attempts(), self.simulator)

    def _refresh(self) -> None:
        self.header.value = self._header_html()
        self.transcript_view.value = sim_render.transcript_html(self.engine.transcript())
        if self.engine.ended:
            self.score_view.value = sim_render.result_html(self.engine.sim_result())
        else:
            self.score_view.value = ""
        bundle = sim_render.record_bundle(self.store.attempts(), self.simulator)
        self.record_out.outputs = ({"output_type": "display_data", "data": bundle, "metadata": {}},)
        self._after_move()

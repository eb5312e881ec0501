"""ipywidgets front of the pitch timer (C8).

No threads: the engine takes its times from the clock when « Démarrer » and
« Arrêter » are clicked. The visible countdown is a ``Play`` widget linked in the
browser (``jslink``) to a progress bar, so it runs without the kernel.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from kamlearn.sim.pitch import PitchTimer
from kamlearn.sim.records import Clock
from kamlearn.widgets.sim_base import SimFront


class PitchFront(SimFront):
    simulator = "pitch"

    def __init__(
        self,
        seed: int = 0,
        *,
        accommodation: str | None = None,
        store_path: Path | str | None = None,
        clock: Clock | None = None,
    ):
        super().__init__(
            lambda: PitchTimer(seed, accommodation=accommodation, clock=clock),
            store_path=store_path,
            clock=clock,
        )

    def _controls(self):
        w = self._w
        limit = int(round(self.engine.limit_s))
        self.text = w.Textarea(
            placeholder="Collez ou tapez ici le texte de votre pitch.",
            layout=w.Layout(width="44em", height="10em"),
        )
        self.start_button = w.Button(description="Démarrer", button_style="primary", icon="play")
        self.stop_button = w.Button(description="Arrêter", button_style="danger", icon="stop")
        self.ticker = w.Play(min=0, max=limit, step=1, interval=1000, value=0, show_repeat=False)
        self.countdown = w.IntProgress(min=0, max=limit, value=0, description=f"{limit} s")
        w.jslink((self.ticker, "value"), (self.countdown, "value"))
        self.timing = w.HTML()
        self.start_button.on_click(lambda _b: self._start())
        self.stop_button.on_click(lambda _b: self._stop())
        return w.VBox(
            [
                w.HBox([self.start_button, self.stop_button, self.ticker, self.countdown]),
                self.timing,
                self.text,
            ]
        )

    def _start(self) -> None:
        if self._run(self.engine.start):
            self.ticker.value = 0
            self.ticker.playing = True

    def _stop(self) -> None:
        if self._run(lambda: self.engine.stop(self.text.value)):
            self.ticker.playing = False

    def restart(self) -> None:
        super().restart()
        self.ticker.playing = False
        self.ticker.value = 0

    def _header_html(self) -> str:
        e = self.engine
        return (
            f"<h4>Pitch</h4><p>{escape(e.brief_fr)}</p><p>{escape(e.accommodation_note_fr())}</p>"
        )

    def _after_move(self) -> None:
        e = self.engine
        if e.ended:
            r = e.result()
            self.timing.value = (
                f"<p>Durée : <b>{r.duration_s:.0f} s</b> sur {r.limit_s:.0f} s · {r.words} mots</p>"
            )
        elif e.started_at is not None:
            self.timing.value = (
                "<p>Chronomètre lancé : présentez votre pitch, puis cliquez sur « Arrêter ».</p>"
            )
        else:
            self.timing.value = f"<p>Temps limite : {e.limit_s:.0f} s.</p>"

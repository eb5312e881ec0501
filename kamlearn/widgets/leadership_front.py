"""ipywidgets front of the leadership scenarios (C15, C18)."""

from __future__ import annotations

from html import escape
from pathlib import Path

from kamlearn.sim.leadership import INDICATOR_LABELS_FR, LeadershipEngine
from kamlearn.sim.records import Clock
from kamlearn.widgets.sim_base import SimFront


class LeadershipFront(SimFront):
    simulator = "leadership"

    def __init__(
        self,
        scenario: str = "appel_offres_tension",
        seed: int = 0,
        *,
        store_path: Path | str | None = None,
        clock: Clock | None = None,
    ):
        super().__init__(
            lambda: LeadershipEngine(scenario, seed, clock=clock),
            store_path=store_path,
            clock=clock,
        )

    def _controls(self):
        w = self._w
        self.situation = w.HTML()
        self.indicators = w.HTML()
        self.options_box = w.VBox()
        self.option_buttons: list = []
        return w.VBox([self.indicators, self.situation, self.options_box])

    def _choose(self, node_id: str, option_id: str) -> None:
        self._run(lambda: self.engine.choose(option_id, node_id=node_id))

    def _header_html(self) -> str:
        sc = self.engine.scenario
        return f"<h4>{escape(sc.title_fr)}</h4><p>{escape(sc.context_fr)}</p>"

    def _after_move(self) -> None:
        w, e = self._w, self.engine
        levels = " · ".join(f"{INDICATOR_LABELS_FR[k]} : {v}/100" for k, v in e.indicators.items())
        self.indicators.value = f"<p><b>Équipe</b> · {levels}</p>"
        node = e.current
        self.situation.value = "" if node is None else f"<p><b>{escape(node.situation_fr)}</b></p>"
        buttons = []
        for i, option in enumerate(e.options()):
            button = w.Button(
                description=f"{chr(65 + i)}. {option.text_fr}",
                tooltip=option.text_fr,
                layout=w.Layout(width="auto", max_width="60em"),
            )
            button.node_id, button.option_id = node.id, option.id
            button.on_click(lambda b: self._choose(b.node_id, b.option_id))
            buttons.append(button)
        self.option_buttons = buttons
        self.options_box.children = tuple(buttons)

"""ipywidgets front of the discovery interview simulator (C7)."""

from __future__ import annotations

from html import escape
from pathlib import Path

from kamlearn.sim.interview import InterviewEngine
from kamlearn.sim.personas import question_bank
from kamlearn.sim.records import Clock
from kamlearn.sim.textmatch import SPIN_LABELS_FR
from kamlearn.widgets.sim_base import SimFront


class InterviewFront(SimFront):
    simulator = "interview"

    def __init__(
        self,
        persona: str = "directrice_maintenance",
        seed: int = 0,
        *,
        store_path: Path | str | None = None,
        clock: Clock | None = None,
        **engine_kwargs,
    ):
        super().__init__(
            lambda: InterviewEngine(persona, seed, clock=clock, **engine_kwargs),
            store_path=store_path,
            clock=clock,
        )

    def _controls(self):
        w = self._w
        area = w.Layout(width="40em", height="4em")
        self.opening_text = w.Textarea(
            description="Ouverture",
            placeholder="Remerciement, objectif, durée, déroulé",
            layout=area,
        )
        self.open_button = w.Button(description="Ouvrir l'entretien")
        self.bank = w.Dropdown(
            description="Banque",
            options=[(f"[{SPIN_LABELS_FR[q.spin]}] {q.text_fr}", q.id) for q in question_bank()],
            layout=w.Layout(width="40em"),
        )
        self.ask_bank_button = w.Button(description="Poser cette question")
        self.question_text = w.Text(
            description="Question",
            placeholder="Votre question, en toutes lettres",
            layout=w.Layout(width="40em"),
        )
        self.ask_button = w.Button(description="Poser ma question", button_style="primary")
        self.closing_text = w.Textarea(
            description="Conclusion", placeholder="Synthèse et prochain rendez-vous", layout=area
        )
        self.close_button = w.Button(description="Conclure l'entretien", button_style="success")

        self.open_button.on_click(
            lambda _b: self._run(lambda: self.engine.open(self.opening_text.value))
        )
        self.ask_bank_button.on_click(
            lambda _b: self._run(lambda: self.engine.ask_bank(self.bank.value))
        )
        self.ask_button.on_click(lambda _b: self._ask())
        self.close_button.on_click(
            lambda _b: self._run(lambda: self.engine.close(self.closing_text.value))
        )
        return w.VBox(
            [
                w.HBox([self.opening_text, self.open_button]),
                w.HBox([self.bank, self.ask_bank_button]),
                w.HBox([self.question_text, self.ask_button]),
                w.HBox([self.closing_text, self.close_button]),
            ]
        )

    def _ask(self) -> None:
        if self._run(lambda: self.engine.ask(self.question_text.value)):
            self.question_text.value = ""

    def _header_html(self) -> str:
        p = self.engine.persona
        asked = len(self.engine.asked)
        return (
            f"<h4>Entretien de découverte : {escape(p.label_fr)}</h4><p>{escape(p.description_fr)}</p>"
            f"<p>Questions posées : {asked} / {p.max_questions}</p>"
        )

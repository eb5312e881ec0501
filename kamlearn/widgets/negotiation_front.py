"""ipywidgets front of the negotiation simulator (C12–C14).

In a notebook::

    from kamlearn.widgets.negotiation_front import NegotiationFront
    front = NegotiationFront("directeur_achats")  # each attempt draws its own seed
    front            # the controls
    front.record()   # in the next cell: every attempt, saved with the notebook
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from kamlearn.frenchfmt import money_fr as euros
from kamlearn.sim.negotiation import NegotiationEngine
from kamlearn.sim.records import Clock
from kamlearn.widgets.sim_base import SimFront


class NegotiationFront(SimFront):
    simulator = "negotiation"

    def __init__(
        self,
        persona: str = "directeur_achats",
        seed: int | None = None,
        *,
        store_path: Path | str | None = None,
        clock: Clock | None = None,
        **engine_kwargs,
    ):
        from kamlearn.sim.engine import new_attempt_seed

        # Without a seed, every attempt (and every restart) draws a new one.
        super().__init__(
            lambda: NegotiationEngine(
                persona,
                new_attempt_seed() if seed is None else seed,
                clock=clock,
                **engine_kwargs,
            ),
            store_path=store_path,
            clock=clock,
        )

    @classmethod
    def for_case(cls, case, **kwargs) -> NegotiationFront:
        """The practice widget for a C13 case (same buyer and list price); each attempt
        draws its own seed, recorded in its transcript.

        The widget reads the case; the case never hands out a widget (cases are data).
        """
        return cls(case.persona, list_price=case.data["prix_catalogue"], **kwargs)

    def _controls(self):
        w = self._w
        wide = w.Layout(width="28em")
        self.price = w.FloatText(description="Prix (€)", step=500)
        self.offer_button = w.Button(description="Proposer ce prix", button_style="primary")
        self.concession_what = w.Text(
            description="Concession", placeholder="ex. délai de paiement à 60 jours", layout=wide
        )
        self.concession_value = w.FloatText(description="Valeur (€)", step=500)
        self.concede_button = w.Button(description="Concéder")
        self.counterpart_what = w.Text(
            description="Contrepartie", placeholder="ex. engagement sur trois ans", layout=wide
        )
        self.counterpart_button = w.Button(description="Demander en échange")
        self.objection_text = w.Textarea(
            description="Réponse",
            placeholder="Répondez à l'objection (CRAC) ou à la provocation (DESC)",
            layout=w.Layout(width="40em", height="5em"),
        )
        self.answer_button = w.Button(description="Répondre à l'objection")
        self.question_text = w.Text(
            description="Question", placeholder="ex. Quelles sont vos priorités ?", layout=wide
        )
        self.question_button = w.Button(description="Poser la question")
        self.zopa_low = w.FloatText(description="ZAPO de", step=500)
        self.zopa_high = w.FloatText(description="à", step=500)
        self.estimate_button = w.Button(description="Estimer la ZAPO")
        self.accept_button = w.Button(
            description="Accepter sa contre-offre", button_style="success"
        )
        self.walk_away_button = w.Button(description="Rompre", button_style="danger")
        self.plot = w.Image(format="png", layout=w.Layout(display="none"))

        self.offer_button.on_click(
            lambda _b: self._run(lambda: self.engine.offer(self.price.value))
        )
        self.concede_button.on_click(
            lambda _b: self._run(
                lambda: self.engine.concede(self.concession_what.value, self.concession_value.value)
            )
        )
        self.counterpart_button.on_click(
            lambda _b: self._run(lambda: self.engine.ask_counterpart(self.counterpart_what.value))
        )
        self.answer_button.on_click(
            lambda _b: self._clear_after(
                self.objection_text, lambda: self.engine.answer_objection(self.objection_text.value)
            )
        )
        self.question_button.on_click(
            lambda _b: self._clear_after(
                self.question_text, lambda: self.engine.question(self.question_text.value)
            )
        )
        self.estimate_button.on_click(
            lambda _b: self._run(
                lambda: self.engine.estimate_zopa(self.zopa_low.value, self.zopa_high.value)
            )
        )
        self.accept_button.on_click(lambda _b: self._run(self.engine_accept))
        self.walk_away_button.on_click(lambda _b: self._run(self.engine_walk_away))
        return w.VBox(
            [
                w.HBox([self.price, self.offer_button]),
                w.HBox([self.concession_what, self.concession_value, self.concede_button]),
                w.HBox([self.counterpart_what, self.counterpart_button]),
                w.HBox([self.question_text, self.question_button]),
                w.HBox([self.objection_text, self.answer_button]),
                w.HBox([self.zopa_low, self.zopa_high, self.estimate_button]),
                w.HBox([self.accept_button, self.walk_away_button]),
                self.plot,
            ]
        )

    # The engine changes on restart: resolve it at click time.
    def engine_accept(self) -> None:
        self.engine.accept()

    def engine_walk_away(self) -> None:
        self.engine.walk_away()

    def _clear_after(self, field, move) -> None:
        if self._run(move):
            field.value = ""

    def _header_html(self) -> str:
        e = self.engine
        return (
            f"<h4>Négociation : {escape(e.persona.label_fr)}</h4>"
            f"<p>{escape(e.persona.description_fr)}</p>"
            f"<p>Prix catalogue {euros(e.list_price)} · votre plancher {euros(e.floor)} · "
            f"votre coût {euros(e.cost)}</p>"
        )

    def _after_move(self) -> None:
        if not self.engine.ended:
            self.plot.layout.display = "none"
            self.plot.value = b""
            return
        from kamlearn.sim.plots import figure_png, zopa_figure

        self.plot.value = figure_png(zopa_figure(self.engine.result(), self.engine.transcript()))
        self.plot.layout.display = None

"""Discovery interview role play (C7): uncover needs, pains, decision makers, urgency.

The client persona holds hidden items; the seed chooses which ones are true for this
attempt. The learner opens the meeting, asks questions (from the SPIN bank or typed
freely) and closes with a next step. An open question reveals an item when:

1. it mentions one of the item's keywords and its SPIN type is one the item answers
   to (a keyword with the wrong type of question only earns a hint); or
2. it mentions no item keyword and is of the type that naturally uncovers a category
   (Situation → decision makers, Problem → pains, Implication → urgency,
   Need-payoff → needs): the next hidden item of that category is revealed.

Closed and leading questions reveal nothing.

Scores (hand-checkable):

* ``spin_mix`` = SPIN types used / 4, × 0.75 when one type exceeds 60 % of questions;
* ``score`` = 0.4 × spin_mix + 0.6 × share of items found − 0.05 per closed question
  − 0.1 per leading question, within [0, 1];
* C7.1 = 0.5 × opening markers (thanks, objective, duration, agenda) / 4
  + 0.5 × a next meeting proposed when closing;
* C7.2 = 0.5 × SPIN types used / 4 + 0.5 × share of type pairs first used in SPIN order
  (0 with fewer than two types);
* C7.3 = 0.7 × share of open questions + 0.3 × (a reformulation) − 0.1 per leading one;
* C7.4 = persona style groups used / groups − 0.25 per faux pas.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from kamlearn.errors import InvalidMoveError
from kamlearn.sim import textmatch as tm
from kamlearn.sim.engine import BaseEngine, clamp01
from kamlearn.sim.personas import (
    CATEGORY_LABELS_FR,
    ITEM_CATEGORIES,
    InterviewPersona,
    interview_persona,
    question_bank,
)
from kamlearn.sim.records import Clock, SimResult

NATURAL_CATEGORY = {"S": "decideur", "P": "douleur", "I": "urgence", "N": "besoin"}
OPENING_MARKERS = {
    "remerciement": ("merci*", "remerci*"),
    "objectif": ("objectif*", "l'objet", "le but", "mieux comprendre", "comprendre vos"),
    "durée": ("minute*", "heure*", "durée", "temps dont", "temps que"),
    "déroulé": ("ordre du jour", "programme", "je vous propose", "déroul*", "d'abord", "ensuite"),
}
NEXT_MEETING = (
    "prochain rendez-vous",
    "nous revoir",
    "prochaine réunion",
    "prochaine étape",
    "revoir",
    "rendez-vous",
    "semaine prochaine",
    "date",
    "agenda",
    "rencontre*",
)


@dataclass(frozen=True)
class InterviewResult:
    persona: str
    questions: int
    spin_counts: dict
    open_questions: int
    closed_questions: int
    leading_questions: int
    reformulations: int
    found: tuple[str, ...]
    missed_fr: tuple[str, ...]
    found_by_category: dict
    found_share: float
    spin_mix: float
    score: float
    criteria_scores: dict
    feedback_fr: tuple[str, ...]

    def to_sim_result(self) -> SimResult:
        details = {
            k: getattr(self, k)
            for k in self.__dataclass_fields__
            if k not in ("criteria_scores", "feedback_fr", "score")
        }
        details["found"], details["missed_fr"] = list(self.found), list(self.missed_fr)
        return SimResult(
            simulator="interview",
            score=round(self.score, 4),
            criteria_scores={k: round(v, 4) for k, v in self.criteria_scores.items()},
            feedback_fr=self.feedback_fr,
            details=details,
        )


class InterviewEngine(BaseEngine):
    """A client persona who answers the learner's questions deterministically."""

    SIMULATOR = "interview"
    MOVES = ("open", "ask", "ask_bank", "close")

    def __init__(
        self,
        persona: str | InterviewPersona = "directrice_maintenance",
        seed: int = 0,
        *,
        active: tuple[str, ...] | list[str] | None = None,
        clock: Clock | None = None,
    ):
        self.persona = (
            persona if isinstance(persona, InterviewPersona) else interview_persona(persona)
        )
        p = self.persona
        rng = random.Random(seed)
        if active is None:
            chosen = []
            for cat in ITEM_CATEGORIES:
                pool = [it.id for it in p.items if it.category == cat]
                chosen += rng.sample(pool, p.active_counts[cat])
            active = chosen
        self.active = tuple(active)
        self._items = {it.id: it for it in p.items}
        super().__init__(seed, {"persona": p.id, "active": list(self.active)}, clock)
        self.revealed: list[str] = []
        self.asked: list[tuple[str, str]] = []  # (spin, form)
        self.reformulations = 0
        self.opening: str | None = None
        self.closing: str | None = None
        self.texts: list[str] = []
        self._turn = 0
        self._system(f"Entretien de découverte avec {p.label_fr}. {p.description_fr}", "start")
        self._say(p.intro_fr, "intro")

    # --- moves ---------------------------------------------------------------------------

    def open(self, text: str) -> None:
        """Open the meeting: thanks, objective, duration, agenda."""
        self._require_active("open")
        text = self._require_text(text, "open", "L'ouverture de l'entretien")
        if self.opening is not None or self.asked:
            raise InvalidMoveError(
                "L'ouverture se fait une seule fois, au début de l'entretien.", "open"
            )
        self._learner("open", text, text=text)
        self.opening = text
        self.texts.append(text)
        self._say("Très bien, allons-y.", "reply")

    def ask_bank(self, question_id: str) -> None:
        """Ask a question of the SPIN bank by its id (``"S1"``, ``"P2"``...)."""
        self._require_active("ask_bank")
        bank = {q.id: q for q in question_bank()}
        if question_id not in bank:
            raise InvalidMoveError(f"Question inconnue : « {question_id} ».", "ask_bank")
        self._require_room("ask_bank")
        q = bank[question_id]
        self._learner("ask_bank", q.text_fr, question_id=question_id)
        self._answer(q.text_fr, q.spin, q.form)

    def ask(self, text: str) -> None:
        """Ask a free question; its SPIN type and form are recognised from its words."""
        self._require_active("ask")
        text = self._require_text(text, "ask", "La question")
        self._require_room("ask")
        self._learner("ask", text, text=text)
        self._answer(text, tm.spin_type(text), tm.question_form(text))

    def close(self, text: str) -> None:
        """Close the meeting: summary and next step. Ends the interview."""
        self._require_active("close")
        text = self._require_text(text, "close", "La conclusion de l'entretien")
        self._learner("close", text, text=text)
        self.closing = text
        self.texts.append(text)
        if tm.has_any(text, tm.REFORMULATIONS):
            self.reformulations += 1
        self.ended = True
        if tm.has_any(text, NEXT_MEETING):
            self._say("D'accord, notons ce rendez-vous.", "close")
        else:
            self._say("Merci. Revenez vers moi si besoin.", "close")

    # --- client behaviour ----------------------------------------------------------------

    def _require_room(self, move: str) -> None:
        if len(self.asked) >= self.persona.max_questions:
            raise InvalidMoveError(
                "Le temps de l'entretien est écoulé : concluez l'entretien.", move
            )

    def _answer(self, text: str, spin: str, form: str) -> None:
        p = self.persona
        self.asked.append((spin, form))
        self.texts.append(text)
        if tm.has_any(text, tm.REFORMULATIONS):
            self.reformulations += 1
        if form == "leading":
            self._say(p.leading_answer_fr, "reply", spin=spin, form=form)
            return
        if form == "closed":
            answers = p.closed_answers_fr
            self._say(answers[self._turn % len(answers)], "reply", spin=spin, form=form)
            self._turn += 1
            return
        matches = [it for it in p.items if tm.has_any(text, it.keywords)]
        hidden = [it for it in matches if it.id in self.active and it.id not in self.revealed]
        fit = [it for it in hidden if spin in it.revealed_by]
        if fit:
            return self._reveal(fit[0], spin, form)
        if hidden:
            self._say(hidden[0].hint_fr, "hint", spin=spin, form=form, item=hidden[0].id)
            return
        known = [it for it in matches if it.id in self.revealed]
        if known:
            self._say(
                f"Comme je vous l'ai dit : {known[0].answer_fr}", "reply", spin=spin, form=form
            )
            return
        if matches and all(it.id not in self.active for it in matches):
            self._say("Ce n'est pas vraiment un sujet pour nous.", "reply", spin=spin, form=form)
            return
        if not matches:
            natural = NATURAL_CATEGORY[spin]
            nxt = next(
                (
                    it
                    for it in p.items
                    if it.category == natural
                    and it.id in self.active
                    and it.id not in self.revealed
                ),
                None,
            )
            if nxt is not None:
                return self._reveal(nxt, spin, form)
        answers = p.generic_answers_fr
        self._say(answers[self._turn % len(answers)], "reply", spin=spin, form=form)
        self._turn += 1

    def _reveal(self, item, spin: str, form: str) -> None:
        self.revealed.append(item.id)
        self._say(
            item.answer_fr, "reveal", spin=spin, form=form, item=item.id, category=item.category
        )

    # --- results -------------------------------------------------------------------------

    def result(self) -> InterviewResult:
        p = self.persona
        fb: list[str] = []
        n = len(self.asked)
        counts = {k: sum(1 for s, _ in self.asked if s == k) for k in tm.SPIN_TYPES}
        forms = [f for _, f in self.asked]
        n_open, n_closed, n_leading = (
            forms.count("open"),
            forms.count("closed"),
            forms.count("leading"),
        )
        types = [k for k in tm.SPIN_TYPES if counts[k]]
        spin_mix = 0.0
        if n:
            spin_mix = len(types) / 4 * (0.75 if max(counts.values()) / n > 0.6 else 1.0)
        found = tuple(i for i in self.revealed if i in self.active)
        share = len(found) / len(self.active) if self.active else 0.0
        score = clamp01(0.4 * spin_mix + 0.6 * share - 0.05 * n_closed - 0.1 * n_leading)
        by_cat = {c: sum(1 for i in found if self._items[i].category == c) for c in ITEM_CATEGORIES}
        missed = tuple(
            f"{CATEGORY_LABELS_FR[self._items[i].category]} : {self._items[i].label_fr}"
            for i in self.active
            if i not in found
        )
        if not self.ended:
            fb.append("L'entretien n'est pas conclu : proposez une prochaine étape pour le clore.")
        fb.append(f"Éléments découverts : {len(found)} sur {len(self.active)}.")
        if missed:
            fb.append("Restés cachés : " + " ; ".join(missed) + ".")
        mix = ", ".join(f"{tm.SPIN_LABELS_FR[k]} {counts[k]}" for k in tm.SPIN_TYPES)
        fb.append(f"Répartition SPIN : {mix}.")

        crit: dict[str, float] = {}
        opening_hits = [
            g
            for g, kws in OPENING_MARKERS.items()
            if self.opening and tm.has_any(self.opening, kws)
        ]
        next_meeting = bool(self.closing and tm.has_any(self.closing, NEXT_MEETING))
        crit["C7.1"] = 0.5 * len(opening_hits) / len(OPENING_MARKERS) + 0.5 * next_meeting
        if len(opening_hits) < len(OPENING_MARKERS):
            absent = [g for g in OPENING_MARKERS if g not in opening_hits]
            fb.append("C7.1 : ouverture incomplète, il manque : " + ", ".join(absent) + ".")
        if not next_meeting:
            fb.append("C7.1 : concluez en fixant un prochain rendez-vous.")
        if n:
            crit["C7.2"] = 0.5 * len(types) / 4 + 0.5 * _order_score(self.asked)
            crit["C7.3"] = clamp01(
                0.7 * n_open / n + 0.3 * min(1, self.reformulations) - 0.1 * n_leading
            )
            if n_closed or n_leading:
                fb.append(
                    f"C7.3 : {n_closed} question(s) fermée(s) et {n_leading} orientée(s) : préférez des questions ouvertes."
                )
            if not self.reformulations:
                fb.append("C7.3 : reformulez au moins une fois (« si je comprends bien… »).")
        if self.texts:
            text = "\n".join(self.texts)
            groups = sum(tm.has_any(text, g) for g in p.style_keywords)
            faux = len(tm.find_keywords(text, p.faux_pas))
            crit["C7.4"] = clamp01(groups / len(p.style_keywords) - 0.25 * faux)
            if crit["C7.4"] < 1:
                fb.append(f"C7.4 : {p.advice_fr}")
        return InterviewResult(
            persona=p.id,
            questions=n,
            spin_counts=counts,
            open_questions=n_open,
            closed_questions=n_closed,
            leading_questions=n_leading,
            reformulations=self.reformulations,
            found=found,
            missed_fr=missed,
            found_by_category=by_cat,
            found_share=share,
            spin_mix=spin_mix,
            score=score,
            criteria_scores=crit,
            feedback_fr=tuple(fb),
        )


def _order_score(asked: list[tuple[str, str]]) -> float:
    """Share of pairs of SPIN types whose first use follows the S, P, I, N order."""
    first: dict[str, int] = {}
    for i, (spin, _) in enumerate(asked):
        first.setdefault(spin, i)
    present = [k for k in tm.SPIN_TYPES if k in first]
    pairs = [(a, b) for i, a in enumerate(present) for b in present[i + 1 :]]
    if not pairs:
        return 0.0
    return sum(first[a] < first[b] for a, b in pairs) / len(pairs)

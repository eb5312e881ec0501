"""Pitch timer (C8): a pitch of at most 2 minutes, timed and analysed.

The learner starts the timer, pitches, then stops it with the text of the pitch. The
engine records the measured duration, the word count, the speaking rate, an estimated
speaking time at the workbook's pinned rate
(:data:`kamlearn.conventions.PITCH_WORDS_PER_MINUTE`), the pitch's structure and its
images. An accommodation such as « tiers-temps » multiplies the limit
(:func:`kamlearn.conventions.time_factor`) and the record says so.

Scores (hand-checkable):

* C8.1 clear = 0.6 × structure parts found / 5 + 0.4 × min(1, 20 / mean words per
  sentence);
* C8.2 images = min(1, images found / 2);
* C8.3 interest = 0.5 × a hook (question, « imaginez », a figure in the first
  sentence) + 0.5 × a differentiation marker;
* C8.4 posture and C8.5 body language can only be assessed by the jury;
* ``score`` = mean(C8.1, C8.2, C8.3) × timing, where timing = 1 within the limit,
  otherwise limit / time used (the longer of measured and estimated time).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from kamlearn.conventions import PITCH_LIMIT_SECONDS, PITCH_WORDS_PER_MINUTE, time_factor
from kamlearn.errors import InvalidMoveError, SimulationError
from kamlearn.sim import textmatch as tm
from kamlearn.sim.engine import BaseEngine
from kamlearn.sim.records import Clock, SimResult

JURY_ONLY = ("C8.4", "C8.5")
STRUCTURE = {
    "accroche": (
        "imaginez",
        "saviez-vous",
        "et si",
        "vous êtes-vous déjà",
        "chaque jour",
        "chaque année",
    ),
    "problème": (
        "problème*",
        "difficult*",
        "enjeu*",
        "défi*",
        "perdez",
        "perte*",
        "coûte*",
        "panne*",
        "arrêt*",
    ),
    "solution": (
        "solution",
        "nous proposons",
        "notre offre",
        "permet*",
        "grâce à",
        "nexalys vision",
    ),
    "preuve": ("cas client", "par exemple", "résultat*", "pour cent", "témoign*", "référence*"),
    "appel à l'action": (
        "je vous propose",
        "rendez-vous",
        "prochaine étape",
        "rencontrons",
        "essai",
        "pilote",
        "démonstration",
        "contactez",
        "planifions",
    ),
}
IMAGES = (
    "comme",
    "tel",
    "telle",
    "tels",
    "telles",
    "imaginez",
    "c'est un peu",
    "à l'image de",
    "pareil à",
    "semblable à",
    "tel un",
    "on dirait",
    "véritable",
    "ange gardien",
    "boussole",
    "thermomètre",
    "météo",
)
DIFFERENTIATION = (
    "contrairement",
    "seul*",
    "unique",
    "inédit*",
    "différence",
    "premier*",
    "jamais",
    "le seul",
    "à la différence",
)
#: Subjects the seed chooses from: who the learner pitches to.
BRIEFS_FR = (
    "Présentez en pitch l'offre de maintenance prédictive Nexalys à la directrice maintenance "
    "d'Aubrac.",
    "Présentez en pitch la plateforme Nexalys Vision au comité de direction d'Aubrac, en "
    "ouverture de séance.",
    "Présentez en pitch le contrat de performance énergétique Nexalys au directeur de l'usine "
    "du Mans.",
    "Présentez en pitch l'extension du contrat aux presses et aux fours à l'acheteur technique "
    "d'Aubrac.",
)


@dataclass(frozen=True)
class PitchResult:
    brief_fr: str
    accommodation: str | None
    accommodation_note_fr: str
    limit_s: float
    duration_s: float | None
    within_limit: bool | None
    words: int
    words_per_minute: float | None
    estimated_s: float
    estimated_within_limit: bool
    structure: dict
    images: tuple[str, ...]
    score: float
    criteria_scores: dict
    jury_only: tuple[str, ...]
    feedback_fr: tuple[str, ...]

    def to_sim_result(self) -> SimResult:
        details = {
            k: getattr(self, k)
            for k in self.__dataclass_fields__
            if k not in ("criteria_scores", "feedback_fr", "score", "jury_only")
        }
        details["images"] = list(self.images)
        return SimResult(
            simulator="pitch",
            score=round(self.score, 4),
            criteria_scores={k: round(v, 4) for k, v in self.criteria_scores.items()},
            feedback_fr=self.feedback_fr,
            jury_only=self.jury_only,
            details=details,
        )


class PitchTimer(BaseEngine):
    """Start, stop with the text, read the result. No threads: times come from the clock."""

    SIMULATOR = "pitch"
    MOVES = ("start", "stop")

    def __init__(
        self, seed: int = 0, *, accommodation: str | None = None, clock: Clock | None = None
    ):
        if accommodation is not None and time_factor([accommodation]) == 1.0:
            raise SimulationError(f"Unknown time accommodation {accommodation!r}")
        self.accommodation = accommodation
        self.factor = time_factor([accommodation]) if accommodation else 1.0
        self.limit_s = PITCH_LIMIT_SECONDS * self.factor
        self.brief_fr = random.Random(seed).choice(BRIEFS_FR)
        super().__init__(seed, {"accommodation": accommodation}, clock)
        self.started_at: float | None = None
        self.stopped_at: float | None = None
        self.text = ""
        self._system(f"{self.brief_fr} {self.accommodation_note_fr()}", "start")

    def accommodation_note_fr(self) -> str:
        base = PITCH_LIMIT_SECONDS
        if not self.accommodation:
            return f"Temps limite : {base:.0f} s."
        extra = round((self.factor - 1) * 100)
        return (
            f"Aménagement : {self.accommodation} (temps majoré de {extra} %) ; "
            f"limite portée de {base:.0f} s à {self.limit_s:.0f} s."
        )

    def start(self) -> None:
        """Start the countdown."""
        self._require_active("start")
        if self.started_at is not None:
            raise InvalidMoveError("Le chronomètre est déjà lancé.", "start")
        self._learner("start", "Début du pitch.")
        self.started_at = self._log.moves()[-1].elapsed_s

    def stop(self, text: str) -> None:
        """Stop the countdown with the text that was pitched. Ends the attempt."""
        self._require_active("stop")
        if self.started_at is None:
            raise InvalidMoveError("Lancez le chronomètre avant de l'arrêter.", "stop")
        text = self._require_text(text, "stop", "Le texte du pitch")
        self._learner("stop", "Fin du pitch.", text=text)
        self.stopped_at = self._log.moves()[-1].elapsed_s
        self.text = text
        self.ended = True
        result = self.result()
        self._system(
            f"Durée : {result.duration_s:.0f} s sur {self.limit_s:.0f} s ; {result.words} mots.",
            "timing",
            duration_s=result.duration_s,
            words=result.words,
        )

    def result(self) -> PitchResult:
        return analyse_pitch(
            self.text,
            limit_s=self.limit_s,
            duration_s=(self.stopped_at - self.started_at) if self.stopped_at is not None else None,
            brief_fr=self.brief_fr,
            accommodation=self.accommodation,
            accommodation_note_fr=self.accommodation_note_fr(),
        )


def analyse_pitch(
    text: str,
    *,
    limit_s: float = PITCH_LIMIT_SECONDS,
    duration_s: float | None = None,
    brief_fr: str = "",
    accommodation: str | None = None,
    accommodation_note_fr: str = "",
) -> PitchResult:
    """Analyse a pitch's text (and its measured duration, if any)."""
    words = tm.words(text)
    n = len(words)
    estimated = n / PITCH_WORDS_PER_MINUTE * 60
    wpm = n / duration_s * 60 if duration_s else None
    parts = {name: tm.has_any(text, kws) for name, kws in STRUCTURE.items()}
    parts["accroche"] = parts["accroche"] or _hook(text)
    parts["preuve"] = parts["preuve"] or bool(re.search(r"\d\s*%", text))
    images = tm.find_keywords(text, IMAGES)
    sents = tm.sentences(text)
    mean_len = n / len(sents) if sents else 0.0
    fb: list[str] = []
    crit: dict[str, float] = {}
    if n:
        clarity = min(1.0, 20 / mean_len) if mean_len else 0.0
        crit["C8.1"] = 0.6 * sum(parts.values()) / len(parts) + 0.4 * clarity
        crit["C8.2"] = min(1.0, len(images) / 2)
        crit["C8.3"] = 0.5 * _hook(text) + 0.5 * tm.has_any(text, DIFFERENTIATION)
    used = max(duration_s or 0.0, estimated)
    within = duration_s <= limit_s if duration_s is not None else None
    timing = 1.0 if used <= limit_s else limit_s / used
    score = (sum(crit.values()) / len(crit) * timing) if crit else 0.0
    if accommodation_note_fr:
        fb.append(accommodation_note_fr)
    if duration_s is not None:
        fb.append(
            f"Durée mesurée : {duration_s:.0f} s ({'dans' if within else 'hors'} la limite de {limit_s:.0f} s)."
        )
    fb.append(
        f"{n} mots, soit environ {estimated:.0f} s à {PITCH_WORDS_PER_MINUTE} mots par minute"
        + (f" ; débit mesuré : {wpm:.0f} mots par minute." if wpm else ".")
    )
    missing = [k for k, ok in parts.items() if not ok]
    if missing:
        fb.append("C8.1 : parties absentes de la structure : " + ", ".join(missing) + ".")
    if mean_len > 20:
        fb.append(
            f"C8.1 : phrases longues ({mean_len:.0f} mots en moyenne) : visez moins de 20 mots."
        )
    if len(images) < 2:
        fb.append(
            "C8.2 : ajoutez des images, métaphores ou analogies (« c'est comme… », « imaginez… »)."
        )
    if crit.get("C8.3", 0) < 1:
        fb.append("C8.3 : ouvrez sur une accroche et soulignez ce qui vous différencie.")
    fb.append("C8.4 (posture) et C8.5 (langage corporel) ne peuvent être évalués que par le jury.")
    return PitchResult(
        brief_fr=brief_fr,
        accommodation=accommodation,
        accommodation_note_fr=accommodation_note_fr,
        limit_s=limit_s,
        duration_s=duration_s,
        within_limit=within,
        words=n,
        words_per_minute=wpm,
        estimated_s=estimated,
        estimated_within_limit=estimated <= limit_s,
        structure=parts,
        images=images,
        score=score,
        criteria_scores=crit,
        jury_only=JURY_ONLY,
        feedback_fr=tuple(fb),
    )


def _hook(text: str) -> bool:
    """A question, « imaginez » or a figure in the first sentence."""
    sents = tm.sentences(text)
    if not sents:
        return False
    first = sents[0]
    return (
        "?" in first
        or tm.has_any(first, ("imaginez", "saviez-vous", "et si"))
        or bool(re.search(r"\d", first))
    )

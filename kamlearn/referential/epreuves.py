"""The certification épreuves and the assessors' observable indicators, as frozen records.

``rubrics/epreuves.yml`` says how each evaluation of the referential is sat (kind, setting,
timing, what is handed in and observed, how tiers-temps applies); ``rubrics/indicators.yml``
says what an assessor sees or reads at each level of every criterion. Both are validated
against ``rubrics/referential.yml`` by :func:`load_epreuves`::

    from kamlearn.referential.epreuves_loader import load_epreuves
    cat = load_epreuves()
    cat.for_competency("C13").id          # "E10"
    cat.indicators("C13.1")[2]            # what level 2 looks like

Nothing here is secret: role cards with hidden information live on the trainer side.
"""

from __future__ import annotations

from dataclasses import dataclass

from kamlearn.errors import UnknownIdError

EPREUVES_FILE = "epreuves.yml"
INDICATORS_FILE = "indicators.yml"

#: Allowed ``Epreuve.format`` values and their French names.
FORMAT_LABELS = {
    "written_exam": "épreuve écrite sur carnet Jupyter",
    "dossier_defence": "dossier et soutenance orale",
    "oral_presentation": "présentation orale",
    "client_defence": "soutenance devant un jury client",
    "role_play": "jeu de rôle",
    "pitch": "pitch oral chronométré",
    "observed_simulation": "simulation observée",
    "workshop": "atelier de design thinking",
}
#: Formats whose sitting is oral (everything but the written exam).
ORAL_FORMATS = frozenset(FORMAT_LABELS) - {"written_exam"}
#: File formats a submission may accept.
SUBMISSION_FORMATS = ("pdf", "ipynb", "pptx", "odp", "png", "jpg")


@dataclass(frozen=True)
class Phase:
    """One timed phase of a sitting."""

    phase: str
    label: str
    minutes: float


@dataclass(frozen=True)
class SubmissionSpec:
    """A file the candidate hands in before the sitting (dossier, slides, prototype)."""

    id: str
    label: str
    formats: tuple[str, ...]
    #: "candidate": each candidate hands in their own; "group": the group hands in once.
    by: str = "candidate"


@dataclass(frozen=True)
class Epreuve:
    """One certification épreuve (``E5``: C5 and C6, written and individual)."""

    id: str
    title: str
    competencies: tuple[str, ...]
    kind: str
    format: str
    setting: str
    individual_assessment: bool
    seed_modality: str
    preparation_minutes: float
    duration_minutes: float
    timing: tuple[Phase, ...]
    group_min: int
    group_max: int
    handed_in: tuple[str, ...]
    submissions: tuple[SubmissionSpec, ...]
    observed: tuple[str, ...]
    criteria: tuple[str, ...]
    tiers_temps_extends: tuple[str, ...]
    tiers_temps_text: str
    exam_families: tuple[str, ...] = ()
    role_cards: tuple[str, ...] = ()

    @property
    def written(self) -> bool:
        """True for an individual written exam (an exam notebook)."""
        return self.format == "written_exam"

    @property
    def oral(self) -> bool:
        return self.format in ORAL_FORMATS

    @property
    def format_label(self) -> str:
        return FORMAT_LABELS[self.format]

    def minutes(self, phase: str, *, factor: float = 1.0) -> float:
        """Minutes of ``phase`` ("preparation" or a timing phase), times ``factor`` if the
        tiers-temps extends that phase (pass the accommodation's factor)."""
        if phase == "preparation":
            base = self.preparation_minutes
        else:
            found = [p.minutes for p in self.timing if p.phase == phase]
            if not found:
                raise UnknownIdError(
                    "phase", phase, known=["preparation", *(p.phase for p in self.timing)]
                )
            base = found[0]
        return base * factor if phase in self.tiers_temps_extends else base

    def time_allowed(self, *, factor: float = 1.0) -> tuple[float, float]:
        """(preparation, sitting) minutes for a candidate whose time factor is ``factor``."""
        sitting = sum(self.minutes(p.phase, factor=factor) for p in self.timing)
        return self.minutes("preparation", factor=factor), sitting


@dataclass(frozen=True)
class Epreuves:
    """Every épreuve, and the indicators per criterion and level."""

    epreuves: tuple[Epreuve, ...]
    #: criterion id -> indicator per level (index = level value).
    indicator_texts: tuple[tuple[str, tuple[str, ...]], ...]

    def get(self, epreuve_id: str) -> Epreuve:
        wanted = str(epreuve_id).strip().upper()
        for e in self.epreuves:
            if e.id == wanted:
                return e
        raise UnknownIdError("épreuve", str(epreuve_id), known=[e.id for e in self.epreuves])

    def for_competency(self, competency_id: str) -> Epreuve:
        wanted = str(competency_id).strip().upper()
        for e in self.epreuves:
            if wanted in e.competencies:
                return e
        raise UnknownIdError(
            "competency",
            str(competency_id),
            known=[c for e in self.epreuves for c in e.competencies],
        )

    def indicators(self, criterion_id: str) -> tuple[str, ...]:
        """The four (one per level) French indicators of a criterion."""
        wanted = str(criterion_id).strip().upper()
        for crit, texts in self.indicator_texts:
            if crit == wanted:
                return texts
        raise UnknownIdError(
            "criterion", str(criterion_id), known=[c for c, _ in self.indicator_texts]
        )

    def written_competencies(self) -> frozenset[str]:
        """Competencies the seed assesses in individual writing (the only ones autograde may
        propose a level for)."""
        return frozenset(
            c
            for e in self.epreuves
            if e.written and e.setting == "individual"
            for c in e.competencies
        )

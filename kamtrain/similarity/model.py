"""What copy detection finds: typed, frozen results (rendering lives in ``render``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: A pair whose answers share at least this share of their (uncommon) shingles is flagged.
DEFAULT_THRESHOLD = 0.7
#: Answers with fewer shingles than this, once the given template is removed, are too
#: short to tell copying from the one obvious way of writing them; they are not compared.
MIN_SHINGLES = 8


@dataclass(frozen=True)
class AnswerCell:
    """One answer cell (an nbgrader solution cell) of one learner's submission."""

    learner: str
    assignment: str
    notebook: str
    cell_id: str
    #: The question the cell answers (heading of the markdown cell above it), or "".
    title: str
    #: "code" or "markdown".
    kind: str
    source: str


@dataclass(frozen=True)
class CellMatch:
    """One answer cell compared between two learners."""

    notebook: str
    cell_id: str
    title: str
    kind: str
    #: Jaccard similarity of the two answers' shingles, 0 to 1.
    score: float
    #: Shingles in common and in either answer (the template's and common ones removed).
    shared: int
    total: int
    source_a: str
    source_b: str

    @property
    def label(self) -> str:
        """How the jury reads the cell's name: notebook, question, cell id."""
        title = f" « {self.title} »" if self.title else ""
        return f"{self.notebook}{title} (cellule {self.cell_id})"


@dataclass(frozen=True)
class SimilarPair:
    """Two learners' submissions of one assignment, compared cell by cell."""

    assignment: str
    learner_a: str
    learner_b: str
    #: Shingles in common over shingles in either, summed over the compared cells.
    score: float
    flagged: bool
    #: The compared cells, most similar first.
    cells: tuple[CellMatch, ...]


@dataclass(frozen=True)
class SimilarityReport:
    course_dir: Path
    assignment: str | None
    threshold: float
    learners: int
    #: Every pair with at least one compared cell, most similar first.
    pairs: tuple[SimilarPair, ...]
    #: Files left out, with the reason ("bloc1/alice/x.ipynb: not a notebook (...)").
    skipped: tuple[str, ...] = ()

    @property
    def flagged(self) -> tuple[SimilarPair, ...]:
        return tuple(p for p in self.pairs if p.flagged)

"""Frozen records of the jury: assessments, reconciliations, audit entries, decisions."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class JurySession:
    """A jury sitting. ``resit`` sessions keep blocks validated earlier (rules permitting)."""

    name: str
    date: str  # ISO date, "2026-06-30"
    members: tuple[str, ...]
    resit: bool = False


@dataclass(frozen=True)
class Assessment:
    """One level given by one assessor to one criterion; a later row supersedes it.

    ``version`` counts the assessor's rows for this (learner, criterion, session) from 1.
    """

    id: int
    learner: str
    criterion: str
    assessor: str
    level: int
    comment: str
    session: str
    submitted: bool
    created_at: str
    version: int


@dataclass(frozen=True)
class Reconciliation:
    """The level agreed after a disagreement, with its reason."""

    id: int
    learner: str
    criterion: str
    session: str
    level: int
    reason: str
    by: str
    created_at: str


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log: who did what, when, and the record before and after."""

    id: int
    at: str
    who: str
    action: str
    learner: str
    criterion: str
    session: str
    before: dict | None
    after: dict | None


@dataclass(frozen=True)
class Disagreement:
    """Submitted levels on one criterion that differ more than the rules allow."""

    learner: str
    criterion: str
    session: str
    levels: tuple[tuple[str, int], ...]  # (assessor, level)
    reconciled_level: int | None = None
    reason: str = ""

    @property
    def reconciled(self) -> bool:
        return self.reconciled_level is not None


@dataclass(frozen=True)
class FinalLevel:
    """The level that counts for one criterion, and where it comes from."""

    learner: str
    criterion: str
    session: str
    level: int
    source: str  # "jury", "reconciliation" or "autograde"
    assessors: tuple[str, ...] = ()
    comments: tuple[str, ...] = ()


@dataclass(frozen=True)
class CompetencyDecision:
    competency: str
    block: int
    acquired: bool
    levels: tuple[tuple[str, int], ...]  # (criterion, level)
    mean: float | None
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class BlockDecision:
    block: int
    validated: bool
    competencies: tuple[CompetencyDecision, ...]
    reasons: tuple[str, ...]
    #: Set when the block is kept from an earlier session rather than decided now.
    kept_from: str | None = None


@dataclass(frozen=True)
class LearnerDecision:
    learner: str
    session: str
    awarded: bool
    blocks: tuple[BlockDecision, ...]
    reasons: tuple[str, ...]

    @property
    def validated_blocks(self) -> tuple[int, ...]:
        return tuple(b.block for b in self.blocks if b.validated)


@dataclass(frozen=True)
class KappaResult:
    """Cohen's kappa on paired levels; ``None`` when undefined (one category only)."""

    n: int
    observed: float
    kappa: float | None
    weighted_kappa: float | None
    band: str
    band_fr: str
    weighted_band: str
    weighted_band_fr: str


@dataclass(frozen=True)
class AgreementRow:
    """Agreement of one assessor pair, over all criteria or one competency."""

    assessor_a: str
    assessor_b: str
    scope: str  # "all" or a competency id
    result: KappaResult

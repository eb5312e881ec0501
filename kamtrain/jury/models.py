"""Frozen records of the jury: assessments, reconciliations, audit entries, decisions."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Member:
    """A jury member of one session: name as written, role (French) and organisation."""

    name: str
    role: str  # "président", "évaluateur" or "professionnel du métier"
    organisation: str = ""
    #: The president designated this member to reconcile disagreements.
    designated: bool = False


@dataclass(frozen=True)
class SessionCandidate:
    """A candidate registered in a session, for one épreuve (``""``: the whole session)."""

    session: str
    learner: str
    epreuve: str = ""
    status: str = "present"  # "present" or "absent"

    @property
    def absent(self) -> bool:
        return self.status == "absent"


@dataclass(frozen=True)
class JurySession:
    """A jury sitting, as recorded: date, place, president, members, frozen rules.

    ``rules_yaml`` is the copy of ``rubrics/rules.yml`` taken when the session was created;
    decisions use it, never the file as it is now. ``corrects`` names the closed session
    this one corrects. ``seal`` is the digest written when the session was closed.
    """

    name: str
    date: str  # ISO date, "2026-11-30"
    place: str = ""
    president: str = ""
    members: tuple[Member, ...] = ()
    rules_yaml: str = ""
    rules_sha256: str = ""
    referential_sha256: str = ""
    corrects: str | None = None
    created_at: str = ""
    seal: str | None = None
    closed_at: str | None = None

    @property
    def closed(self) -> bool:
        return self.seal is not None

    @property
    def member_names(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.members)


@dataclass(frozen=True)
class VaeEvidence:
    """A VAE candidate's evidence book, stored in the cohort with its hash and size."""

    learner: str
    session: str
    evidence: str  # cohort-relative path of the stored copy
    original_name: str
    sha256: str
    size: int


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
    #: Who reconciled (the president or their designee).
    by: str = ""

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
    #: Set when the competency is kept from an earlier session rather than decided now.
    kept_from: str | None = None


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

"""Typed, immutable view of the certification referential.

Built by :func:`kamlearn.referential.loader.load_referential` from ``rubrics/*.yml``; every
text meant for the jury or learners is French and comes verbatim from the data files.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, fields

from kamlearn.errors import UnknownIdError

#: Allowed ``Modality.kind`` values.
MODALITY_KINDS = (
    "case_study",
    "role_play",
    "professional_situation",
    "practical_case",
    "simulation",
)
#: Allowed ``Modality.setting`` values, with their French label.
SETTING_LABELS = {"individual": "individuel", "pair": "binôme", "group": "groupe"}
#: Allowed ``Rules.block_requires`` values.
BLOCK_REQUIREMENTS = ("all_competencies",)


class _ItemAccess:
    """Lets a small record also be read like the YAML mapping it mirrors (``rec["level"]``)."""

    def __getitem__(self, key: str):
        if key not in {f.name for f in fields(self)}:  # type: ignore[arg-type]
            raise KeyError(key)
        return getattr(self, key)


@dataclass(frozen=True)
class Level:
    """One step of the level scale (``rubrics/levels.yml``)."""

    value: int
    label: str
    descriptor: str


@dataclass(frozen=True)
class Criterion:
    """One evaluation criterion, e.g. ``C12.2``; ``index`` counts from 1 within its competency."""

    id: str
    text: str
    competency_id: str
    index: int


@dataclass(frozen=True)
class Modality:
    """How a competency is assessed. Competencies sharing ``test_id`` share one sitting."""

    kind: str
    kind_label: str
    setting: str
    oral: bool
    written: bool
    individual_assessment: bool
    label: str
    description: str
    test_id: str
    competencies_tested_together: tuple[str, ...]

    @property
    def setting_label(self) -> str:
        """French name of the setting ("individuel", "binôme", "groupe")."""
        return SETTING_LABELS.get(self.setting, self.setting)

    @property
    def shared(self) -> bool:
        """True when the test also assesses other competencies."""
        return len(self.competencies_tested_together) > 1


@dataclass(frozen=True)
class Competency:
    """A competency ``C<n>`` with its modality and criteria.

    ``criteria_intro`` is the seed's lead-in sentence ("Le pitch est :"), empty if none; it
    is not a criterion but reads before each of them.
    """

    id: str
    number: int
    title: str
    block_id: int
    activity_id: int
    modality: Modality
    criteria: tuple[Criterion, ...]
    criteria_intro: str = ""

    @property
    def criterion_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.criteria)


@dataclass(frozen=True)
class Activity:
    """An activity of the referential; ``title`` is the seed's (uppercase) wording."""

    id: int
    title: str
    tasks: tuple[str, ...]
    competency_ids: tuple[str, ...]
    block_id: int
    #: Sentence-case French title for display ("Analyse des marchés et des clients").
    label: str = ""


@dataclass(frozen=True)
class Block:
    """A block of competencies, validated as a whole."""

    id: int
    title: str
    activities: tuple[Activity, ...]
    competencies: tuple[Competency, ...]

    @property
    def competency_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.competencies)


@dataclass(frozen=True)
class VaeRoute(_ItemAccess):
    """VAE route: evidence file presented to the jury, judged by the same rules."""

    evidence: str
    oral: bool
    same_rules: bool


@dataclass(frozen=True)
class AutogradeThreshold(_ItemAccess):
    """Ratio of autograded points from which ``level`` is proposed."""

    min_ratio: float
    level: int


@dataclass(frozen=True)
class Rules:
    """Decision rules of the certification (``rubrics/rules.yml``, same field names)."""

    min_mean_level: float
    min_level_each_criterion: int
    block_requires: str
    compensation_between_blocks: bool
    certification_requires_blocks: tuple[int, ...]
    keep_validated_blocks: bool
    validity_years: int
    vae: VaeRoute
    autograde_levels: tuple[AutogradeThreshold, ...]
    max_level_gap_without_reconciliation: int
    conditions_text: tuple[str, ...] = ()
    accessibility_note: str = ""
    #: Competencies acquired in an earlier session stay acquired (within validity_years).
    keep_acquired_competencies: bool = False
    #: Where validity_years comes from (French, printed on the PV).
    validity_source: str = ""
    #: How many distinct jury members must submit a level before it counts.
    double_marking_assessors: int = 1

    def level_for_ratio(self, ratio: float) -> int:
        """Proposed level for an autograded score ratio (points / max points).

        Ratios above 1 get the top threshold's level.

        Raises:
            ValueError: ``ratio`` is negative or not a number.
        """
        if math.isnan(ratio) or ratio < 0:
            raise ValueError(f"score ratio must be a number >= 0, got {ratio!r}")
        for threshold in self.autograde_levels:
            if ratio >= threshold.min_ratio:
                return threshold.level
        # The loader guarantees a 0.0 threshold, so this is only reached on hand-built Rules.
        raise ValueError(f"no autograde threshold covers ratio {ratio!r}")

    def competency_acquired(self, levels: Iterable[int]) -> bool:
        """Whether criterion levels acquire a competency (mean and per-criterion floor)."""
        levels = list(levels)
        if not levels:
            return False
        # Compare sums rather than a float mean so that 2.0 is reached exactly.
        mean_ok = sum(levels) >= self.min_mean_level * len(levels) - 1e-9
        return mean_ok and min(levels) >= self.min_level_each_criterion

    def block_validated(self, competencies_acquired: Iterable[bool]) -> bool:
        """Whether a block is validated given whether each of its competencies is acquired."""
        flags = list(competencies_acquired)
        return bool(flags) and all(flags)

    def certification_awarded(self, validated_blocks: Iterable[int]) -> bool:
        """Whether the validated block ids cover every block the certification requires."""
        return set(self.certification_requires_blocks) <= set(validated_blocks)

    def needs_reconciliation(self, level_a: int, level_b: int) -> bool:
        """Whether two assessors' levels on one criterion differ too much to stand."""
        return abs(level_a - level_b) > self.max_level_gap_without_reconciliation


@dataclass(frozen=True)
class Referential:
    """The whole certification referential: blocks, level scale and rules."""

    schema_version: int
    title: str
    certifier: str
    blocks: tuple[Block, ...]
    levels: tuple[Level, ...]
    rules: Rules
    source_dir: str = field(default="", compare=False)

    @property
    def activities(self) -> tuple[Activity, ...]:
        return tuple(a for b in self.blocks for a in b.activities)

    @property
    def competencies(self) -> tuple[Competency, ...]:
        return tuple(c for b in self.blocks for c in b.competencies)

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        return tuple(k for c in self.competencies for k in c.criteria)

    def block(self, number: int) -> Block:
        """Return block ``number`` (1-based). Raises UnknownIdError("block")."""
        for b in self.blocks:
            if str(b.id) == str(number).strip():
                return b
        raise UnknownIdError("block", str(number), known=[str(b.id) for b in self.blocks])

    def activity(self, number: int) -> Activity:
        """Return activity ``number``. Raises UnknownIdError("activity")."""
        for a in self.activities:
            if str(a.id) == str(number).strip():
                return a
        raise UnknownIdError("activity", str(number), known=[str(a.id) for a in self.activities])

    def competency(self, competency_id: str) -> Competency:
        """Return a competency by id ("C6"; case-insensitive). Raises UnknownIdError."""
        wanted = str(competency_id).strip().upper()
        for c in self.competencies:
            if c.id == wanted:
                return c
        raise UnknownIdError(
            "competency", str(competency_id), known=[c.id for c in self.competencies]
        )

    def criterion(self, criterion_id: str) -> Criterion:
        """Return a criterion by id ("C6.2"; case-insensitive). Raises UnknownIdError."""
        wanted = str(criterion_id).strip().upper()
        for k in self.criteria:
            if k.id == wanted:
                return k
        raise UnknownIdError("criterion", str(criterion_id), known=[k.id for k in self.criteria])

    def level(self, value: int) -> Level:
        """Return the level with this value. Raises UnknownIdError("level")."""
        for lv in self.levels:
            if str(lv.value) == str(value).strip():
                return lv
        raise UnknownIdError("level", str(value), known=[str(lv.value) for lv in self.levels])

    def shared_tests(self) -> dict[str, tuple[str, ...]]:
        """Map each test id to the competencies it assesses, in referential order."""
        tests: dict[str, list[str]] = {}
        for c in self.competencies:
            tests.setdefault(c.modality.test_id, []).append(c.id)
        return {test_id: tuple(ids) for test_id, ids in tests.items()}

    def select(
        self, *, block: int | None = None, competency: str | None = None
    ) -> tuple[Block, ...]:
        """Blocks narrowed to one block and/or one competency, for display.

        Args:
            block: keep only this block.
            competency: keep only this competency (and its block and activity).

        Raises:
            UnknownIdError: the block or competency does not exist, or the competency is
                not in the requested block.
        """
        blocks = self.blocks if block is None else (self.block(block),)
        if competency is None:
            return blocks
        wanted = self.competency(competency)
        chosen = next((b for b in blocks if b.id == wanted.block_id), None)
        if chosen is None:
            known = [c.id for b in blocks for c in b.competencies]
            raise UnknownIdError("competency", f"{competency} in block {block}", known=known)
        return (
            Block(
                id=chosen.id,
                title=chosen.title,
                activities=tuple(a for a in chosen.activities if a.id == wanted.activity_id),
                competencies=(wanted,),
            ),
        )

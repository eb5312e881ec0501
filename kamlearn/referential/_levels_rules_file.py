"""Parse and validate ``rubrics/levels.yml`` and ``rubrics/rules.yml``."""

from __future__ import annotations

from pathlib import Path

from kamlearn.referential._blocks_file import REFERENTIAL_FILE
from kamlearn.referential._fields import FieldReader, join, read_yaml
from kamlearn.referential.models import (
    BLOCK_REQUIREMENTS,
    AutogradeThreshold,
    Block,
    Level,
    Rules,
    VaeRoute,
)

LEVELS_FILE = "levels.yml"
RULES_FILE = "rules.yml"

_LEVEL_KEYS = ("value", "label", "descriptor")
_RULES_KEYS = (
    "schema_version",
    "min_mean_level",
    "min_level_each_criterion",
    "block_requires",
    "compensation_between_blocks",
    "certification_requires_blocks",
    "keep_validated_blocks",
    "validity_years",
    "vae",
    "autograde_levels",
    "max_level_gap_without_reconciliation",
    "conditions_text",
    "keep_acquired_competencies",
    "validity_source",
    "double_marking_assessors",
    "accessibility_note",
)


# --- levels.yml ------------------------------------------------------------------------------


def parse_levels(path: Path) -> tuple[Level, ...]:
    """Read the level scale; values must run 0, 1, 2, ... in order."""
    data = read_yaml(path)
    r = FieldReader(path)
    r.only_keys(data, ("schema_version", "levels"), "")
    items = r.get(data, "levels", "list", "")
    levels = []
    for i, item in enumerate(items):
        where = join("levels", i)
        r.check(item, "mapping", where)
        r.only_keys(item, _LEVEL_KEYS, where)
        value = r.get(item, "value", "int", where)
        if value != i:
            r.fail(
                f"level values must run 0, 1, 2, ... in order: expected {i}, got {value}",
                join(where, "value"),
            )
        levels.append(
            Level(
                value=value,
                label=r.get(item, "label", "str", where),
                descriptor=r.get(item, "descriptor", "str", where),
            )
        )
    if len(levels) < 2:
        r.fail("the scale needs at least two levels", "levels")
    r.unique(
        [lv.label for lv in levels],
        [join(join("levels", i), "label") for i in range(len(levels))],
        "label",
    )
    return tuple(levels)


# --- rules.yml -------------------------------------------------------------------------------


def parse_rules(path: Path, *, blocks: tuple[Block, ...], levels: tuple[Level, ...]) -> Rules:
    """Read the decision rules and check they refer to existing blocks and levels."""
    data = read_yaml(path)
    r = FieldReader(path)
    r.only_keys(data, _RULES_KEYS, "")
    values = [lv.value for lv in levels]
    low, high = min(values), max(values)

    min_mean = r.get(data, "min_mean_level", "number", "")
    if not low <= min_mean <= high:
        r.fail(f"must be between levels {low} and {high}, got {min_mean}", "min_mean_level")
    min_each = _level_ref(r, data, "min_level_each_criterion", "", values)
    block_requires = r.get(data, "block_requires", "str", "")
    if block_requires not in BLOCK_REQUIREMENTS:
        r.fail(
            f"unknown value {block_requires!r} (allowed: {', '.join(BLOCK_REQUIREMENTS)})",
            "block_requires",
        )

    block_ids = [b.id for b in blocks]
    required = r.get(data, "certification_requires_blocks", "list", "")
    places = [join("certification_requires_blocks", i) for i in range(len(required))]
    for value, place in zip(required, places, strict=True):
        r.check(value, "int", place)
        if value not in block_ids:
            r.fail(
                f"no block {value} in {REFERENTIAL_FILE} (blocks: "
                f"{', '.join(map(str, block_ids))})",
                place,
            )
    r.unique(required, places, "block")

    validity = r.get(data, "validity_years", "int", "")
    if validity < 1:
        r.fail(f"must be at least 1, got {validity}", "validity_years")
    gap = r.get(data, "max_level_gap_without_reconciliation", "int", "")
    if gap < 0:
        r.fail(f"must be 0 or more, got {gap}", "max_level_gap_without_reconciliation")

    raw_vae = r.get(data, "vae", "mapping", "")
    r.only_keys(raw_vae, ("evidence", "oral", "same_rules"), "vae")
    vae = VaeRoute(
        evidence=r.get(raw_vae, "evidence", "str", "vae"),
        oral=r.get(raw_vae, "oral", "bool", "vae"),
        same_rules=r.get(raw_vae, "same_rules", "bool", "vae"),
    )
    conditions = r.get(data, "conditions_text", "list", "", required=False, default=[])
    for i, text in enumerate(conditions):
        r.check(text, "str", join("conditions_text", i))

    return Rules(
        min_mean_level=float(min_mean),
        min_level_each_criterion=min_each,
        block_requires=block_requires,
        compensation_between_blocks=r.get(data, "compensation_between_blocks", "bool", ""),
        certification_requires_blocks=tuple(required),
        keep_validated_blocks=r.get(data, "keep_validated_blocks", "bool", ""),
        validity_years=validity,
        vae=vae,
        autograde_levels=_parse_autograde(r, data, values),
        max_level_gap_without_reconciliation=gap,
        conditions_text=tuple(conditions),
        accessibility_note=r.get(data, "accessibility_note", "str", "", required=False, default=""),
        keep_acquired_competencies=r.get(
            data, "keep_acquired_competencies", "bool", "", required=False, default=False
        ),
        validity_source=r.get(data, "validity_source", "str", "", required=False, default=""),
        double_marking_assessors=_double_marking(r, data),
    )


def _double_marking(r: FieldReader, data: dict) -> int:
    value = r.get(data, "double_marking_assessors", "int", "", required=False, default=1)
    if value < 1:
        r.fail(f"must be 1 or more, got {value}", "double_marking_assessors")
    return value


def _level_ref(r: FieldReader, mapping: dict, key: str, where: str, values: list[int]) -> int:
    value = r.get(mapping, key, "int", where)
    if value not in values:
        r.fail(
            f"no level {value} in {LEVELS_FILE} (levels: {', '.join(map(str, values))})",
            join(where, key),
        )
    return value


def _parse_autograde(
    r: FieldReader, data: dict, values: list[int]
) -> tuple[AutogradeThreshold, ...]:
    thresholds: list[AutogradeThreshold] = []
    for i, raw in enumerate(r.get(data, "autograde_levels", "list", "")):
        where = join("autograde_levels", i)
        r.check(raw, "mapping", where)
        r.only_keys(raw, ("min_ratio", "level"), where)
        ratio = r.get(raw, "min_ratio", "number", where)
        if not 0.0 <= ratio <= 1.0:
            r.fail(f"must be between 0 and 1, got {ratio}", join(where, "min_ratio"))
        if thresholds and ratio >= thresholds[-1].min_ratio:
            r.fail(
                f"min_ratio must strictly decrease down the list ({ratio} after "
                f"{thresholds[-1].min_ratio})",
                join(where, "min_ratio"),
            )
        level = _level_ref(r, raw, "level", where, values)
        if thresholds and level > thresholds[-1].level:
            r.fail(
                f"a lower ratio cannot propose a higher level ({level} after "
                f"{thresholds[-1].level})",
                join(where, "level"),
            )
        thresholds.append(AutogradeThreshold(min_ratio=float(ratio), level=level))
    if thresholds[-1].min_ratio != 0.0:
        r.fail(
            "the last threshold must have min_ratio 0.0 so that every score maps to a level",
            join(join("autograde_levels", len(thresholds) - 1), "min_ratio"),
        )
    return tuple(thresholds)

"""Parse and validate ``rubrics/referential.yml``: blocks, activities, competencies."""

from __future__ import annotations

import re
from pathlib import Path

from kamlearn.referential._fields import FieldReader, join, read_yaml
from kamlearn.referential.models import (
    MODALITY_KINDS,
    SETTING_LABELS,
    Activity,
    Block,
    Competency,
    Criterion,
    Modality,
)

REFERENTIAL_FILE = "referential.yml"

_COMPETENCY_ID = re.compile(r"C([1-9][0-9]*)")

_TOP_KEYS = ("schema_version", "title", "certifier", "blocks")
_BLOCK_KEYS = ("id", "title", "activities")
_ACTIVITY_KEYS = ("id", "title", "label", "tasks", "competencies")
_COMPETENCY_KEYS = ("id", "title", "modality", "criteria_intro", "criteria")
_CRITERION_KEYS = ("id", "text")
_MODALITY_KEYS = (
    "kind",
    "kind_label",
    "setting",
    "oral",
    "written",
    "individual_assessment",
    "label",
    "description",
    "test_id",
    "competencies_tested_together",
)


def parse_blocks(path: Path) -> tuple[dict, tuple[Block, ...]]:
    """Read blocks, activities, competencies, modalities and criteria."""
    data = read_yaml(path)
    r = FieldReader(path)
    r.only_keys(data, _TOP_KEYS, "")
    meta = {
        "schema_version": data["schema_version"],
        "title": r.get(data, "title", "str", ""),
        "certifier": r.get(data, "certifier", "str", ""),
    }
    raw_blocks = r.get(data, "blocks", "list", "")
    blocks: list[Block] = []
    comp_places: dict[str, str] = {}  # competency id -> field path, in file order
    next_activity = 1
    for b_i, raw_block in enumerate(raw_blocks):
        b_where = join("blocks", b_i)
        r.check(raw_block, "mapping", b_where)
        r.only_keys(raw_block, _BLOCK_KEYS, b_where)
        block_id = r.get(raw_block, "id", "int", b_where)
        if block_id != b_i + 1:
            r.fail(
                f"block ids must run 1, 2, 3, ... in order: expected {b_i + 1}, got {block_id}",
                join(b_where, "id"),
            )
        block_title = r.get(raw_block, "title", "str", b_where)
        activities: list[Activity] = []
        competencies: list[Competency] = []
        for a_i, raw_act in enumerate(r.get(raw_block, "activities", "list", b_where)):
            a_where = join(join(b_where, "activities"), a_i)
            r.check(raw_act, "mapping", a_where)
            r.only_keys(raw_act, _ACTIVITY_KEYS, a_where)
            act_id = r.get(raw_act, "id", "int", a_where)
            if act_id != next_activity:
                r.fail(
                    f"activity ids must run 1, 2, 3, ... across blocks: expected "
                    f"{next_activity}, got {act_id}",
                    join(a_where, "id"),
                )
            next_activity += 1
            tasks = r.get(raw_act, "tasks", "list", a_where)
            for t_i, task in enumerate(tasks):
                r.check(task, "str", join(join(a_where, "tasks"), t_i))
            act_comps = []
            for c_i, raw_comp in enumerate(r.get(raw_act, "competencies", "list", a_where)):
                c_where = join(join(a_where, "competencies"), c_i)
                comp = _parse_competency(
                    r, raw_comp, c_where, block_id=block_id, activity_id=act_id, seen=comp_places
                )
                act_comps.append(comp)
                comp_places[comp.id] = c_where
            competencies.extend(act_comps)
            activities.append(
                Activity(
                    id=act_id,
                    title=r.get(raw_act, "title", "str", a_where),
                    tasks=tuple(t.strip() for t in tasks),
                    competency_ids=tuple(c.id for c in act_comps),
                    block_id=block_id,
                    label=r.get(raw_act, "label", "str", a_where, required=False, default=""),
                )
            )
        blocks.append(
            Block(
                id=block_id,
                title=block_title,
                activities=tuple(activities),
                competencies=tuple(competencies),
            )
        )
    all_comps = [c for b in blocks for c in b.competencies]
    _check_shared_tests(r, all_comps, list(comp_places.values()))
    return meta, tuple(blocks)


def _parse_competency(
    r: FieldReader,
    raw: object,
    where: str,
    *,
    block_id: int,
    activity_id: int,
    seen: dict[str, str],
) -> Competency:
    r.check(raw, "mapping", where)
    r.only_keys(raw, _COMPETENCY_KEYS, where)
    # The id is checked before the criteria, whose ids derive from it.
    comp_id = r.get(raw, "id", "str", where).strip()
    match = _COMPETENCY_ID.fullmatch(comp_id)
    if not match:
        r.fail(f"competency id must look like 'C6', got {comp_id!r}", join(where, "id"))
    if comp_id in seen:
        r.fail(
            f"duplicate competency id {comp_id!r} (already used at {seen[comp_id]})",
            join(where, "id"),
        )
    expected = f"C{len(seen) + 1}"
    if comp_id != expected:
        r.fail(
            f"competency ids must run C1, C2, ... in order across the file: expected "
            f"{expected!r}, got {comp_id!r}",
            join(where, "id"),
        )
    raw_criteria = r.get(raw, "criteria", "list", where)
    criteria = []
    ids_where = []
    for k_i, raw_crit in enumerate(raw_criteria):
        k_where = join(join(where, "criteria"), k_i)
        r.check(raw_crit, "mapping", k_where)
        r.only_keys(raw_crit, _CRITERION_KEYS, k_where)
        crit_id = r.get(raw_crit, "id", "str", k_where).strip()
        criteria.append(
            Criterion(
                id=crit_id,
                text=" ".join(r.get(raw_crit, "text", "str", k_where).split()),
                competency_id=comp_id,
                index=k_i + 1,
            )
        )
        ids_where.append(join(k_where, "id"))
    r.unique([c.id for c in criteria], ids_where, "criterion id")
    for crit, crit_where in zip(criteria, ids_where, strict=True):
        if not crit.id.startswith(f"{comp_id}."):
            r.fail(
                f"criterion id {crit.id!r} must start with its competency id '{comp_id}.'",
                crit_where,
            )
        if crit.id != f"{comp_id}.{crit.index}":
            r.fail(
                f"criteria are numbered in order from 1: expected '{comp_id}.{crit.index}', "
                f"got {crit.id!r}",
                crit_where,
            )
    intro = r.get(raw, "criteria_intro", "str", where, allow_empty=True, required=False, default="")
    return Competency(
        id=comp_id,
        number=int(match.group(1)),
        title=" ".join(r.get(raw, "title", "str", where).split()),
        block_id=block_id,
        activity_id=activity_id,
        modality=_parse_modality(
            r, r.get(raw, "modality", "mapping", where), join(where, "modality")
        ),
        criteria=tuple(criteria),
        criteria_intro=" ".join(intro.split()),
    )


def _parse_modality(r: FieldReader, raw: dict, where: str) -> Modality:
    r.only_keys(raw, _MODALITY_KEYS, where)
    kind = r.get(raw, "kind", "str", where)
    if kind not in MODALITY_KINDS:
        r.fail(
            f"unknown modality kind {kind!r} (allowed: {', '.join(MODALITY_KINDS)})",
            join(where, "kind"),
        )
    setting = r.get(raw, "setting", "str", where)
    if setting not in SETTING_LABELS:
        r.fail(
            f"unknown setting {setting!r} (allowed: {', '.join(SETTING_LABELS)})",
            join(where, "setting"),
        )
    oral = r.get(raw, "oral", "bool", where)
    written = r.get(raw, "written", "bool", where)
    if not (oral or written):
        r.fail("a test must be oral, written or both", join(where, "oral"))
    together = r.get(raw, "competencies_tested_together", "list", where)
    for t_i, comp_id in enumerate(together):
        r.check(comp_id, "str", join(join(where, "competencies_tested_together"), t_i))
    return Modality(
        kind=kind,
        kind_label=r.get(raw, "kind_label", "str", where),
        setting=setting,
        oral=oral,
        written=written,
        individual_assessment=r.get(raw, "individual_assessment", "bool", where),
        label=r.get(raw, "label", "str", where),
        description=r.get(raw, "description", "str", where).strip(),
        test_id=r.get(raw, "test_id", "str", where).strip(),
        competencies_tested_together=tuple(c.strip() for c in together),
    )


def _check_shared_tests(r: FieldReader, comps: list[Competency], places: list[str]) -> None:
    by_test: dict[str, list[tuple[Competency, str]]] = {}
    for comp, place in zip(comps, places, strict=True):
        by_test.setdefault(comp.modality.test_id, []).append((comp, place))
    for test_id, members in by_test.items():
        expected = tuple(c.id for c, _ in members)
        first = members[0][0].modality
        for comp, place in members:
            m_where = join(place, "modality")
            if comp.modality.competencies_tested_together != expected:
                r.fail(
                    f"test {test_id!r} is used by {', '.join(expected)}: "
                    f"competencies_tested_together must list exactly [{', '.join(expected)}] "
                    f"in order, got [{', '.join(comp.modality.competencies_tested_together)}]",
                    join(m_where, "competencies_tested_together"),
                )
            if comp.modality != first:
                diff = [k for k in _MODALITY_KEYS if getattr(comp.modality, k) != getattr(first, k)]
                r.fail(
                    f"test {test_id!r} is shared with {members[0][0].id}, whose modality "
                    f"differs in: {', '.join(diff)} (a shared test has one modality)",
                    join(m_where, diff[0]),
                )

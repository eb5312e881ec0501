"""Parse and validate ``rubrics/epreuves.yml`` and ``rubrics/indicators.yml``.

Both are checked against the referential: an épreuve must group exactly the competencies the
referential gives its test id, with the same kind and setting, and list all their criteria;
every criterion needs one non-empty indicator per level of the scale.
"""

from __future__ import annotations

from pathlib import Path

from kamlearn.referential._fields import FieldReader, join, read_yaml
from kamlearn.referential.epreuves import (
    FORMAT_LABELS,
    SUBMISSION_FORMATS,
    Epreuve,
    Phase,
    SubmissionSpec,
)
from kamlearn.referential.models import Referential

_EPREUVE_KEYS = (
    "id",
    "title",
    "competencies",
    "kind",
    "format",
    "setting",
    "individual_assessment",
    "seed_modality",
    "preparation_minutes",
    "duration_minutes",
    "timing",
    "group_size",
    "handed_in",
    "submissions",
    "observed",
    "criteria",
    "tiers_temps",
    "exam_families",
    "role_cards",
)


def parse_epreuves(path: Path, ref: Referential) -> tuple[Epreuve, ...]:
    data = read_yaml(path)
    r = FieldReader(path)
    r.only_keys(data, ("schema_version", "epreuves"), "")
    items = r.get(data, "epreuves", "list", "")
    tests = ref.shared_tests()
    out = []
    for i, raw in enumerate(items):
        where = join("epreuves", i)
        r.check(raw, "mapping", where)
        r.only_keys(raw, _EPREUVE_KEYS, where)
        out.append(_epreuve(r, raw, where, ref, tests))
    r.unique([e.id for e in out], [join(join("epreuves", i), "id") for i in range(len(out))], "id")
    covered = [c for e in out for c in e.competencies]
    missing = [c.id for c in ref.competencies if c.id not in covered]
    if missing:
        r.fail(f"no épreuve assesses {', '.join(missing)}: add them", "epreuves")
    return tuple(out)


def _texts(r: FieldReader, raw: dict, key: str, where: str, *, allow_empty: bool) -> tuple:
    values = r.get(raw, key, "list", where, allow_empty=allow_empty)
    return tuple(r.check(v, "str", join(join(where, key), k)) for k, v in enumerate(values))


def _epreuve(r: FieldReader, raw: dict, where: str, ref: Referential, tests: dict) -> Epreuve:
    eid = r.get(raw, "id", "str", where)
    if eid not in tests:
        r.fail(
            f"no test_id {eid!r} in referential.yml (known: {', '.join(tests)})", join(where, "id")
        )
    comps = _texts(r, raw, "competencies", where, allow_empty=False)
    if comps != tests[eid]:
        r.fail(
            f"referential.yml assesses {', '.join(tests[eid])} in test {eid}, "
            f"not {', '.join(comps)}: list exactly those competencies",
            join(where, "competencies"),
        )
    modality = ref.competency(comps[0]).modality
    for key in ("kind", "setting"):
        value = r.get(raw, key, "str", where)
        if value != getattr(modality, key):
            r.fail(
                f"referential.yml gives {comps[0]} the {key} {getattr(modality, key)!r}, "
                f"not {value!r}",
                join(where, key),
            )
    individual = r.get(raw, "individual_assessment", "bool", where)
    if individual != modality.individual_assessment:
        r.fail(
            f"referential.yml says individual_assessment: {modality.individual_assessment}",
            join(where, "individual_assessment"),
        )
    fmt = r.get(raw, "format", "str", where)
    if fmt not in FORMAT_LABELS:
        r.fail(
            f"unknown format {fmt!r} (allowed: {', '.join(FORMAT_LABELS)})", join(where, "format")
        )

    prep = _minutes(r, raw, "preparation_minutes", where, allow_zero=True)
    duration = _minutes(r, raw, "duration_minutes", where, allow_zero=False)
    timing = []
    for k, ph in enumerate(r.get(raw, "timing", "list", where)):
        pw = join(join(where, "timing"), k)
        r.check(ph, "mapping", pw)
        r.only_keys(ph, ("phase", "label", "minutes"), pw)
        timing.append(
            Phase(
                phase=r.get(ph, "phase", "str", pw),
                label=r.get(ph, "label", "str", pw),
                minutes=_minutes(r, ph, "minutes", pw, allow_zero=False),
            )
        )
    if abs(sum(p.minutes for p in timing) - duration) > 1e-9:
        r.fail(
            f"the phases add up to {sum(p.minutes for p in timing)} minutes, "
            f"not duration_minutes {duration}",
            join(where, "timing"),
        )
    phases = [p.phase for p in timing]
    if "preparation" in phases:
        r.fail("'preparation' is preparation_minutes, not a timing phase", join(where, "timing"))
    r.unique(phases, [join(join(where, "timing"), k) for k in range(len(phases))], "phase")

    size = r.get(raw, "group_size", "mapping", where)
    sw = join(where, "group_size")
    r.only_keys(size, ("min", "max"), sw)
    low, high = r.get(size, "min", "int", sw), r.get(size, "max", "int", sw)
    expected = {"individual": (1, 1), "pair": (2, 2)}.get(modality.setting)
    if low < 1 or high < low:
        r.fail(f"need 1 <= min <= max, got min {low}, max {high}", sw)
    if expected and (low, high) != expected:
        r.fail(f"a {modality.setting} épreuve seats {expected[0]} to {expected[1]}", sw)

    submissions = []
    for k, sub in enumerate(r.get(raw, "submissions", "list", where, allow_empty=True)):
        subw = join(join(where, "submissions"), k)
        r.check(sub, "mapping", subw)
        r.only_keys(sub, ("id", "label", "formats", "by"), subw)
        by = sub.get("by", "candidate")
        if by not in ("candidate", "group"):
            r.fail(f"'by' is candidate or group, not {by!r}", join(subw, "by"))
        elif by == "group" and modality.setting != "group":
            r.fail("only a group épreuve has work handed in by the group", join(subw, "by"))
        formats = _texts(r, sub, "formats", subw, allow_empty=False)
        for f in formats:
            if f not in SUBMISSION_FORMATS:
                r.fail(
                    f"unknown format {f!r} (allowed: {', '.join(SUBMISSION_FORMATS)})",
                    join(subw, "formats"),
                )
        submissions.append(
            SubmissionSpec(
                r.get(sub, "id", "str", subw), r.get(sub, "label", "str", subw), formats, by
            )
        )

    criteria = _texts(r, raw, "criteria", where, allow_empty=False)
    wanted = tuple(k for c in comps for k in ref.competency(c).criterion_ids)
    if criteria != wanted:
        r.fail(
            f"list every criterion of {', '.join(comps)} in order: {', '.join(wanted)}",
            join(where, "criteria"),
        )

    tt = r.get(raw, "tiers_temps", "mapping", where)
    tw = join(where, "tiers_temps")
    r.only_keys(tt, ("extends", "text"), tw)
    extends = _texts(r, tt, "extends", tw, allow_empty=False)
    for name in extends:
        if name != "preparation" and name not in phases:
            r.fail(
                f"no phase {name!r} (phases: preparation, {', '.join(phases)})", join(tw, "extends")
            )
        if name == "preparation" and prep == 0:
            r.fail("there is no preparation time to extend", join(tw, "extends"))

    families = _texts(r, raw, "exam_families", where, allow_empty=True)
    if fmt == "written_exam" and not families:
        r.fail(
            "a written_exam names the workbook's case families it reuses",
            join(where, "exam_families"),
        )
    if fmt != "written_exam" and families:
        r.fail("only a written_exam has exam_families", join(where, "exam_families"))

    return Epreuve(
        id=eid,
        title=r.get(raw, "title", "str", where),
        competencies=comps,
        kind=modality.kind,
        format=fmt,
        setting=modality.setting,
        individual_assessment=individual,
        seed_modality=r.get(raw, "seed_modality", "str", where),
        preparation_minutes=prep,
        duration_minutes=duration,
        timing=tuple(timing),
        group_min=low,
        group_max=high,
        handed_in=_texts(r, raw, "handed_in", where, allow_empty=True),
        submissions=tuple(submissions),
        observed=_texts(r, raw, "observed", where, allow_empty=False),
        criteria=criteria,
        tiers_temps_extends=extends,
        tiers_temps_text=r.get(tt, "text", "str", tw),
        exam_families=families,
        role_cards=_texts(r, raw, "role_cards", where, allow_empty=True),
    )


def _minutes(r: FieldReader, raw: dict, key: str, where: str, *, allow_zero: bool) -> float:
    value = r.get(raw, key, "number", where)
    if value < 0 or (value == 0 and not allow_zero):
        r.fail(
            f"must be {'0 or more' if allow_zero else 'more than 0'}, got {value}", join(where, key)
        )
    return float(value)


def parse_indicators(path: Path, ref: Referential) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """criterion id -> one indicator per level, for every criterion of the referential."""
    data = read_yaml(path)
    r = FieldReader(path)
    r.only_keys(data, ("schema_version", "indicators"), "")
    table = r.get(data, "indicators", "mapping", "")
    levels = [lv.value for lv in ref.levels]
    known = {k.id for k in ref.criteria}
    for crit in table:
        if crit not in known:
            r.fail("no such criterion in referential.yml", join("indicators", str(crit)))
    out = []
    for crit in ref.criteria:
        where = join("indicators", crit.id)
        if crit.id not in table:
            r.fail("missing: give one indicator per level", where)
        per_level = r.check(table[crit.id], "mapping", where)
        extra = [k for k in per_level if k not in levels]
        if extra:
            r.fail(f"unknown level {extra[0]!r} (levels: {', '.join(map(str, levels))})", where)
        texts = []
        for value in levels:
            lw = join(where, value)
            if value not in per_level:
                r.fail(f"missing the indicator for level {value}", lw)
            texts.append(r.check(per_level[value], "str", lw))
        if len(set(texts)) != len(texts):
            r.fail("two levels share the same indicator: each level must read differently", where)
        out.append((crit.id, tuple(texts)))
    return tuple(out)

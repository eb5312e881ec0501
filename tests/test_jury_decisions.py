"""Decisions from the rules: non-compensation, partial validation and resits."""

from __future__ import annotations

import dataclasses

import pytest

from kamlearn.errors import JuryError, MissingGradesError
from kamlearn.referential import load_referential
from kamtrain.jury.decisions import (
    PriorBlock,
    PriorCompetency,
    decide_competency,
    decide_learner,
)
from kamtrain.jury.models import JurySession

REF = load_referential()
S1 = JurySession("S1", "2025-06-30")


def all_levels(value: int = 2, **overrides: int) -> dict[str, int]:
    levels = {c.id: value for c in REF.criteria}
    levels.update({k.replace("_", "."): v for k, v in overrides.items()})
    return levels


def block_of(competency: str) -> int:
    return REF.competency(competency).block_id


def test_everything_acquired_awards_the_certification():
    d = decide_learner(learner="x", referential=REF, levels=all_levels(2), session=S1)
    assert d.awarded
    assert d.validated_blocks == tuple(b.id for b in REF.blocks)
    assert "Certification obtenue" in d.reasons[0]


def test_one_failed_competency_fails_its_block_only():
    failing = REF.competency("C6").criteria[1].id
    d = decide_learner(
        learner="x", referential=REF, levels=all_levels(3, **{failing: 0}), session=S1
    )
    bad = block_of("C6")
    assert not d.awarded
    blocks = {b.block: b for b in d.blocks}
    assert not blocks[bad].validated
    assert all(b.validated for bid, b in blocks.items() if bid != bad)
    comps = {c.competency: c for c in blocks[bad].competencies}
    assert not comps["C6"].acquired
    # The other competencies of the failed block stay acquired (no compensation either way).
    assert all(c.acquired for cid, c in comps.items() if cid != "C6")
    assert any("C6" in r for r in blocks[bad].reasons)
    assert any(f"{failing}" in r and "niveau minimal" in r for r in comps["C6"].reasons)


def test_mean_below_threshold_fails_even_without_a_zero():
    comp = REF.competency("C1")
    levels = {c: 1 for c in comp.criterion_ids}
    decision = decide_competency(comp, levels, REF.rules)
    assert not decision.acquired
    assert decision.mean == pytest.approx(1.0)
    assert "Moyenne des critères 1 < 2 requis." in decision.reasons


def test_missing_grades_are_listed():
    levels = all_levels(2)
    del levels["C3.1"], levels["C18.2"]
    with pytest.raises(MissingGradesError) as info:
        decide_learner(learner="x", referential=REF, levels=levels, session=S1)
    assert info.value.missing == ("x:C3.1", "x:C18.2")


def test_resit_keeps_blocks_validated_earlier():
    bad = block_of("C6")
    resit = JurySession("S2", "2026-01-15")
    prior = [PriorBlock(b.id, "S1", S1.date) for b in REF.blocks if b.id != bad]
    # Only the failed block is graded at the resit.
    levels = {c: 2 for comp in REF.block(bad).competencies for c in comp.criterion_ids}
    d = decide_learner(learner="x", referential=REF, levels=levels, session=resit, prior=prior)
    assert d.awarded
    kept = [b for b in d.blocks if b.kept_from]
    assert {b.block for b in kept} == {p.block for p in prior}
    assert all("conservé" in b.reasons[0] for b in kept)


def test_expired_or_not_kept_blocks_must_be_regraded():
    bad = block_of("C6")
    prior = [PriorBlock(b.id, "S1", "2019-01-10") for b in REF.blocks if b.id != bad]
    levels = {c: 2 for comp in REF.block(bad).competencies for c in comp.criterion_ids}
    late = JurySession("S9", "2026-01-15")
    with pytest.raises(MissingGradesError):
        decide_learner(learner="x", referential=REF, levels=levels, session=late, prior=prior)
    no_keep = dataclasses.replace(
        REF, rules=dataclasses.replace(REF.rules, keep_validated_blocks=False)
    )
    recent = [dataclasses.replace(p, date="2025-12-01") for p in prior]
    with pytest.raises(MissingGradesError):
        decide_learner(learner="x", referential=no_keep, levels=levels, session=late, prior=recent)


def test_compensation_between_blocks_is_not_invented():
    rules = dataclasses.replace(REF.rules, compensation_between_blocks=True)
    ref = dataclasses.replace(REF, rules=rules)
    with pytest.raises(JuryError, match="compensation_between_blocks"):
        decide_learner(learner="x", referential=ref, levels=all_levels(2), session=S1)


def test_resit_keeps_acquired_competencies_and_needs_only_the_missing_one():
    rules = dataclasses.replace(REF.rules, keep_acquired_competencies=True)
    ref = dataclasses.replace(REF, rules=rules)
    bad = block_of("C6")
    prior_blocks = [PriorBlock(b.id, "S1", S1.date) for b in REF.blocks if b.id != bad]
    others = [c.id for c in REF.block(bad).competencies if c.id != "C6"]
    prior_comps = [PriorCompetency(c, "S1", S1.date) for c in others]
    resit = JurySession("S2", "2026-01-15")
    only_c6 = {c: 2 for c in REF.competency("C6").criterion_ids}
    d = decide_learner(
        learner="x", referential=ref, levels=only_c6, session=resit, prior=prior_blocks,
        prior_competencies=prior_comps,
    )  # fmt: skip
    assert d.awarded
    block = next(b for b in d.blocks if b.block == bad)
    kept = {c.competency: c for c in block.competencies if c.kept_from}
    assert set(kept) == set(others) and all(c.kept_from == "S1" for c in kept.values())
    assert "30 juin 2025" in kept[others[0]].reasons[0]
    # Without keep_acquired_competencies the other competencies must be graded again.
    no_keep = dataclasses.replace(
        REF, rules=dataclasses.replace(REF.rules, keep_acquired_competencies=False)
    )
    with pytest.raises(MissingGradesError):
        decide_learner(
            learner="x", referential=no_keep,
            levels=only_c6, session=resit, prior=prior_blocks, prior_competencies=prior_comps,
        )  # fmt: skip

"""Hostile review (r4): the ``--allow-autograde`` fallback of a decision never fills a
competency the referential assesses orally, in a pair or in a group.

The fallback trusted whatever the criterion report proposed. A report that proposes a C13
level (a stale report, a regression of ``proposes_level``, a hand-edited gradebook) filled
the role play's criteria and decided C12–C14 without any jury level. The decision now keeps
a proposal only for a competency whose épreuve is individual and written (C4, C5, C6).
"""

from __future__ import annotations

import pytest
from jury_support import fill_both, make_cohort, open_session

from kamlearn.errors import MissingGradesError
from kamlearn.referential import load_referential
from kamtrain.jury import outcome

ORAL = ("C7", "C8", "C13", "C14", "C15", "C18")


def test_autograde_never_decides_an_oral_competency(tmp_path, monkeypatch):
    course = make_cohort(tmp_path)
    open_session(course, candidates=("alice",))
    ref = load_referential()
    # The jury marked everything but the oral competencies and C5 (written, E5).
    skip = {*ORAL, "C5"}
    marked = tuple(c.id for b in ref.blocks for c in b.competencies if c.id not in skip)
    fill_both(course, learner="alice", session="S1", default=3, competencies=marked)
    proposals = {("alice", c.id): 3 for c in ref.criteria if c.id.split(".")[0] in skip}
    monkeypatch.setattr(outcome, "_autograde_levels", lambda ctx: proposals)
    with pytest.raises(MissingGradesError) as err:
        outcome.decide(course_dir=course, session="S1", allow_autograde=True)
    missing = {m.split(" ")[0] for m in err.value.missing}
    oral = {f"alice:{c.id}" for c in ref.criteria if c.id.split(".")[0] in ORAL}
    assert missing == oral, missing ^ oral
    assert "alice:C5.1" not in missing  # the written competency's proposal is used

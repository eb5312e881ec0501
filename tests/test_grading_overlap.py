"""Recording overlaps execution, and records every submission exactly once.

The grader's recorder thread records a submission as soon as all its notebooks are
executed, while the workers go on with the others (issue 17). Four learners, one
notebook each, two workers: the first submission is recorded before the last notebook
has finished executing, and nbgrader's own log shows each submission autograded once
(a batch excludes the learners it does not record).
"""

from __future__ import annotations

import time
from collections import Counter

import pytest
from _grading_helpers import ASSIGNMENT, NOTEBOOK, build_cohort, home_env, learner_id

pytestmark = pytest.mark.slow

PROFILES = ["correct", "partial", "empty", "exception"]


def test_recording_overlaps_execution_and_records_each_submission_once(
    tmp_path, grading_home, monkeypatch
):
    import json

    import kamtrain.grading.record as record_module
    from kamtrain.grading.pipeline import grade_cohort
    from kamtrain.grading.safekeep import HELD
    from kamtrain.nbgrader_adapter.replay import ReplayOutputs

    course_dir = build_cohort(tmp_path, grading_home, PROFILES)
    real_record, real_replay = record_module.record, ReplayOutputs.preprocess
    calls: list[dict] = []
    replayed: list[str] = []  # whose notebook nbgrader's record step replayed, each time

    def spy(**kwargs):
        calls.append({"learners": kwargs.get("learners"), "replayed": len(replayed)})
        if len(calls) == 1:
            # Hold the first batch until every notebook is executed, so that the next
            # batch holds several submissions: one nbgrader call that must exclude the
            # learners recorded (or not yet executed) elsewhere.
            executed = course_dir / record_module.EXECUTED
            deadline = time.monotonic() + 300
            while len(list(executed.rglob("*.ipynb"))) < len(PROFILES):
                assert time.monotonic() < deadline, "the notebooks were not executed"
                time.sleep(0.05)
            time.sleep(1)  # their outcomes reach the recorder
        return real_record(**kwargs)

    def replay(self, nb, resources):
        replayed.append(resources["nbgrader"]["student"])
        return real_replay(self, nb, resources)

    monkeypatch.setattr(record_module, "record", spy)
    monkeypatch.setattr(ReplayOutputs, "preprocess", replay)
    monkeypatch.setenv("KAMTRAIN_OVERLAP_RECORDING", "1")
    with home_env(grading_home):
        summary = grade_cohort(
            course_dir=course_dir, workers=2, timeout=60, similarity_threshold=None
        )

    everyone = sorted(f"{learner_id(p)}/{ASSIGNMENT}" for p in PROFILES)
    t = summary.timings
    batches = t["record_batches"]
    # Every submission is in exactly one batch.
    assert sorted(s for b in batches for s in b["submissions"]) == everyone
    # nbgrader processed each submission exactly once, in the call meant for it.
    assert Counter(replayed) == Counter({learner_id(p): 1 for p in PROFILES}), replayed
    bounds = [c["replayed"] for c in calls] + [len(replayed)]
    for call, start, end in zip(calls, bounds, bounds[1:], strict=False):
        assert sorted(replayed[start:end]) == sorted(call["learners"]), (calls, replayed)
    # The first batch was recorded while notebooks were still executing.
    assert batches[0]["started_at"] < t["execution_ended_at"], (batches, t)
    assert len(batches) >= 2, batches
    assert any(len(c["learners"]) >= 2 for c in calls), calls  # a batch of several
    # ... and the grades are right, in the gradebook and the report on disk.
    by_learner = {r.learner: r for r in summary.results}
    assert all(r.status != "failed" for r in summary.results), summary.results
    assert not any(p.kind == "replay_mismatch" for r in summary.results for p in r.problems)
    scores = {p: by_learner[learner_id(p)].score for p in PROFILES}
    assert scores["correct"] > scores["partial"] > scores["empty"] == 0
    for profile in PROFILES:
        assert (
            course_dir / "autograded" / learner_id(profile) / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
        ).is_file()
    assert not (course_dir / HELD).exists()
    report = json.loads((course_dir / "reports" / "grading-latest.json").read_text())
    assert report["timings"]["record_batches"] == batches

"""Each case's data and expected answers, for two fixed learners, are what they were.

Every number a learner sees is drawn from numpy's seeded streams and every expected answer
is computed from them: an upgraded numpy, a changed seed or a changed formula would change
them silently, and learners' earlier work would be graded against other data. The golden
file (``tests/data/golden_cases.json``, written by ``python tests/_golden.py``) pins them;
change it only on purpose, and say why in the commit.
"""

from __future__ import annotations

import json
from importlib import metadata

import pytest
from _golden import GOLDEN, LEARNERS, case_names, snapshot

PINNED = json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_golden_file_covers_every_case_and_this_numpy():
    assert sorted(PINNED["cases"]) == case_names(), "run `python tests/_golden.py` for new cases"
    assert PINNED["numpy"] == metadata.version("numpy"), (
        f"golden values were drawn with numpy {PINNED['numpy']}, this is "
        f"{metadata.version('numpy')}: learners' data may have changed"
    )


@pytest.mark.parametrize("case_name", case_names())
@pytest.mark.parametrize("learner", LEARNERS)
def test_case_data_and_expected_answers_are_pinned(case_name, learner):
    pinned = PINNED["cases"][case_name][learner]
    now = snapshot(case_name, learner)
    changed_data = sorted(
        key
        for key in set(pinned["data"]) | set(now["data"])
        if pinned["data"].get(key) != now["data"].get(key)
    )
    assert not changed_data, f"{case_name}/{learner}: data changed: {changed_data}"
    changed = {
        key: (pinned["expected"].get(key), now["expected"].get(key))
        for key in set(pinned["expected"]) | set(now["expected"])
        if pinned["expected"].get(key) != now["expected"].get(key)
    }
    assert not changed, f"{case_name}/{learner}: expected answers changed (was, now): {changed}"


def test_two_learners_get_different_data():
    for case_name in case_names():
        first, second = (PINNED["cases"][case_name][learner]["data"] for learner in LEARNERS)
        assert first != second, f"{case_name}: both learners got the same data"

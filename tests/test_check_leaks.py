"""No check message reveals an expected value, whatever wrong answer the learner hands in.

Every item of every check module is fed, for two learners, answers shaped like its
expected value but wrong: perturbed a little (where hints are most tempting: "close, it is
X"), the classic mistakes (a fraction instead of a percentage and back, the sign), the
wrong type, nothing. No message may contain the expected value in any printed form: the
raw float, rounded to 0–3 decimals, with a French or English decimal mark, with or without
thousands separators (space, no-break space, narrow no-break space, comma), and as a
percentage of a ratio. Numbers with fewer than three significant digits are not looked
for (« 3 sites » is no leak), and labels only for items whose answer is a label.

Items whose expected content is not stored under their own name (figures, simulator
engines, free texts, answers named otherwise) are covered by test_check_leaks_derived.py;
a test below checks that the two files together cover every item, with no skip.
"""

from __future__ import annotations

import functools

import pytest
from _leaks import (
    LEARNERS,
    messages_of,
    numbers,
    pattern_of,
    printed_forms,
    trusted_case,
    wrong_answers,
)
from _leaks import leaks as leaks_in

from kamtrain.checks import registry


@functools.cache
def own_name_items() -> list[str]:
    """Items whose expected value is stored under their own name (first learner's case)."""
    out = []
    for item in registry.all_items():
        spec = registry.lookup(item)
        if item.partition(".")[2] in trusted_case(spec.case, LEARNERS[0]).expected:
            out.append(item)
    return out


@pytest.mark.parametrize("item", own_name_items())
def test_no_message_reveals_the_expected_value(item):
    spec = registry.lookup(item)
    name = item.partition(".")[2]
    found = []
    for learner in LEARNERS:
        case = trusted_case(spec.case, learner)
        assert name in case.expected, f"{learner}: {item} has no expected value under its name"
        expected = case.expected[name]
        pattern = pattern_of(set().union(*(printed_forms(n) for n in numbers(expected))))
        labels = [expected] if isinstance(expected, str) and len(expected) >= 3 else []
        for answer in wrong_answers(expected):
            for leak in leaks_in(messages_of(item, case, {name: answer}), pattern, labels):
                found.append(f"{learner} answer {answer!r:.60}: {leak}")
    assert not found, f"{item} reveals its expected value:\n" + "\n".join(found[:8])


def test_the_detector_sees_every_printed_form():
    """The pattern itself: French and English forms, rounded, separated, as a percentage."""
    pattern = pattern_of(printed_forms(207619.4372))
    for shown in ("207 619 €", "207\u202f619,44", "207,619.4", "207619", "207 619,437"):
        assert pattern.search(f"attendu : {shown}"), shown
    assert not pattern.search("1207619") and not pattern.search("207 6190")
    ratio = pattern_of(printed_forms(0.2374))
    for shown in ("23,7 %", "23.74", "0,237", "0.2374"):
        assert ratio.search(f"la valeur est {shown}"), shown
    assert not pattern_of(printed_forms(3.0))  # too short to be told from a count
    assert not pattern_of(printed_forms(100.0)) and not pattern_of(printed_forms(1.0))
    assert pattern_of(printed_forms(12.5)).search("12,5 %")

"""The learner variants the same-credit tests grade, and a right notebook's answers.

Shared by ``test_checks_same_credit*.py`` and their ``_same_credit_*`` helper modules.
"""

from __future__ import annotations

COHORT = "meme-erreur"
LEARNERS = [f"variante-{i:02d}" for i in range(50)]
#: a generator must bite on at least this many of the 50 variants to count as covering a hint
MIN_VARIANTS = 5

_CASES: dict[tuple[str, str], object] = {}


def case_for(case_name: str, learner: str):
    from kamtrain.answers import load_trusted_case

    key = (case_name, learner)
    if key not in _CASES:
        _CASES[key] = load_trusted_case(case_name, cohort=COHORT, learner=learner)
    return _CASES[key]


#: a pitch of 120 words (C8's items are computed from the learner's own text)
PITCH = " ".join(["Nexalys réduit vos arrêts de production de moitié dès la première année."] * 10)


def right_answers(case) -> dict:
    """The variant's expected answers, as the variables a right notebook defines."""
    ns = dict(case.expected)
    if case.name == "c8_pitch":
        ns.update(pitch=PITCH, nb_mots=len(PITCH.split()))
    return ns


def outcome(result) -> tuple[float, tuple[str, ...]]:
    """What must not vary with the learner's data: the fraction and the messages."""
    return (result.fraction, result.messages)

"""What the same-credit test records and compares: the graders' calls, the mistakes they
declare, and whether a mistaken answer is the right one at the item's stated precision."""

from __future__ import annotations

from collections.abc import Callable

from kamtrain.checks.answers import as_mapping, as_number, within
from kamtrain.checks.core import normalise_label


class Recorder:
    """Wraps the scoring helpers of the check modules and records what they are given."""

    HELPERS = ("score_number", "score_number_map", "score_choice", "score_each")

    def __init__(self):
        self.calls: list[dict] = []

    def wrap(self, helper: Callable) -> Callable:
        def recording(item, ns, name, expected, **kwargs):
            self.calls.append(
                {"item": item, "name": name, "ns": ns, "expected": expected, **kwargs}
            )
            return helper(item, ns, name, expected, **kwargs)

        return recording


def declared_mistakes(call) -> list[tuple[object, float, str]]:
    """(wrong answer, credit, message) of each mistake a helper call declares.

    For a mapping scored key by key (``score_each``), the mistake is made on one key, the
    others right: it earns its credit on that key's share.
    """
    if call.get("near"):
        return [(label, c, m) for label, (c, m) in call["near"].items()]
    mistakes = call.get("mistakes") or ()
    if callable(mistakes):
        expected = call["ns"].get(call["name"])
        out = []
        for key in expected:
            for values, credit, message, *_ in mistakes(key):
                share = (len(expected) - 1 + credit) / len(expected)
                out.append(({**expected, key: values}, share, message, key))
        return out
    return [tuple(m)[:3] for m in mistakes]


def same_at_precision(wrong, expected, call: dict | None) -> bool:
    """Whether a mistaken answer is the right one at the item's stated precision.

    With the item's grader call (``call``): labels equal once normalised (or canonical);
    numbers within *half* the item's tolerances, key by key for a mapping (the tolerances
    admit an answer rounded to the stated precision, one step; within half a step the two
    round alike). Without it (a hand-written check): equal to within 1e-9.
    """
    call = call or {}
    if isinstance(expected, str) or isinstance(wrong, str):
        canon = call.get("canon") or normalise_label
        return canon(wrong) is not None and canon(wrong) == canon(expected)
    mapping = as_mapping(expected)
    if mapping is not None:
        got = as_mapping(wrong)
        if got is None:
            return False
        got = {normalise_label(k): v for k, v in got.items()}
        key_tol = call.get("key_tol") or {}
        return all(
            _close(got.get(normalise_label(k)), v, *key_tol.get(k, _tols(call)))
            for k, v in mapping.items()
        )
    if isinstance(expected, list | tuple):
        if not isinstance(wrong, list | tuple) or len(wrong) != len(expected):
            return False
        return all(_close(a, b, *_tols(call)) for a, b in zip(wrong, expected, strict=True))
    return _close(wrong, expected, *_tols(call))


def _tols(call: dict) -> tuple[float, float]:
    return call.get("tol", 0.0), call.get("rel_tol", 0.0)


def _close(value, expected, tol: float, rel: float) -> bool:
    number, want = as_number(value), as_number(expected)
    if number is None or want is None:
        return value == expected
    return within(number, want, tol=max(tol / 2, 1e-9), rel=rel / 2)

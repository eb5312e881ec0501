"""What test cells call: ``grade`` (hidden part) and ``selfcheck`` (visible part).

Test cells must never write to stderr nor raise: nbgrader gives 0 to a cell with an
error or stderr output, and full marks to a cell with no result. ``grade`` therefore
always ends with a plain float (the partial credit), prints its explanation to stdout,
and silences warnings raised while checking.
"""

from __future__ import annotations

import contextlib
import io
import sys
import warnings


def _evaluate(item: str, ns: dict, *, cohort: str = ""):
    from kamlearn.cases.identity import resolve
    from kamtrain.answers import load_trusted_case
    from kamtrain.checks.core import CheckResult
    from kamtrain.checks.registry import lookup

    spec = lookup(item)
    cohort = cohort or str(ns.get("COHORT", ""))
    learner = str(ns.get("LEARNER_ID", ""))
    try:
        # Interim: the identity is still resolved where this runs; the trusted grader
        # names the learner from the submission folder and calls load_trusted_case itself.
        identity = resolve(cohort=cohort, learner=learner)
        case = load_trusted_case(
            spec.case,
            cohort=identity.cohort,
            learner=identity.learner,
            accommodations=identity.accommodations,
        )
        return spec.function(ns, case)
    except Exception as exc:  # noqa: BLE001 - a learner's odd answer must not crash grading
        return CheckResult(item, 0.0, (f"Vérification impossible : {type(exc).__name__}: {exc}",))


def _quiet_evaluate(item: str, ns: dict):
    sink = io.StringIO()
    with warnings.catch_warnings(), contextlib.redirect_stderr(sink):
        warnings.simplefilter("ignore")
        return _evaluate(item, ns)


def grade(item: str, ns: dict, *, points: float) -> float:
    """Score ``item`` against the learner's namespace and return the points earned."""
    result = _quiet_evaluate(item, ns)
    earned = result.points(points)
    print(f"[{item}] {earned:g} / {points:g} point(s)")
    for message in result.messages:
        print(f"  - {message}")
    sys.stdout.flush()
    return float(earned)


def selfcheck(item: str, ns: dict) -> None:
    """Show the learner a French verdict on ``item`` without revealing the expected value."""
    result = _quiet_evaluate(item, ns)
    if result.fraction >= 0.999:
        print("✅ Réponse correcte.")
    elif result.fraction > 0:
        print("🟡 Réponse partiellement correcte :")
    else:
        print("❌ Réponse à revoir :")
    for message in result.messages:
        print(f"  - {message}")

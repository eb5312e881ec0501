"""Scoring helpers for the workbook's autograded items.

A notebook's test cell calls :func:`kamtrain.checks.runtime.grade` in its hidden part
(the float it returns is nbgrader's partial credit) and may call
:func:`kamtrain.checks.runtime.selfcheck` in its visible part, so that learners check
themselves as they go. Each domain module holds check functions with the signature
``check(ns, case) -> CheckResult``, registered in :mod:`kamtrain.checks.registry`.
"""

from kamtrain.checks.core import CheckResult  # noqa: F401

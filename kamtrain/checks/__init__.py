"""Scoring helpers for the workbook's autograded items.

The checks run on the trusted side only (:mod:`kamtrain.grading.score`), on answers a
test cell handed out of the sandbox as data (:mod:`kamlearn.handout`); learners' kernels
cannot import this package. Each domain module holds check functions with the signature
``check(ns, case) -> CheckResult``, registered in :mod:`kamtrain.checks.registry`.
"""

from kamtrain.checks.core import CheckResult  # noqa: F401

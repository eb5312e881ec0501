"""Expected answers: the trainer side of every case study.

A learner's case (:mod:`kamlearn.cases`) only generates the learner's data. The answers
to its items are computed here, in ``kamtrain.answers.<case>``, a module per case that
defines ``compute_expected(case) -> dict`` (and, when its checks need more than the
answers, a ``Trusted`` subclass of :class:`TrustedCase` with the extra helpers).

:func:`load_trusted_case` builds a case for an identity named by the trusted side
(explicit cohort and learner, never the environment) and wraps it: the result exposes
``.data``, ``.identity``, ``.expected`` and the learner case's attributes, so the checks
read ``case.expected[...]`` and ``case.data[...]``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from functools import cached_property
from typing import Any

from kamlearn.errors import KamtrainError


class TrustedCaseError(KamtrainError):
    """A trusted case cannot be built (empty cohort or learner id)."""


class TrustedCase:
    """A learner case seen from the trusted side: its data plus the expected answers."""

    def __init__(self, case):
        self._case = case

    @property
    def case(self):
        """The learner-side case (data only)."""
        return self._case

    @property
    def identity(self):
        return self._case.identity

    @property
    def data(self) -> dict[str, Any]:
        return self._case.data

    @cached_property
    def expected(self) -> dict[str, Any]:
        return answers_module(self._case.name).compute_expected(self)

    def __getattr__(self, name: str):
        # Only reached for attributes this wrapper lacks: delegate to the learner case.
        if name.startswith("__") or name == "_case":
            raise AttributeError(name)
        return getattr(self._case, name)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._case.name!r}, {self.identity.learner!r})"


def answers_module(case_name: str):
    """The module ``kamtrain.answers.<case_name>`` (raises UnknownIdError when absent)."""
    from kamlearn.cases import case_class

    case_class(case_name)  # validates the name against the learner-side cases
    return importlib.import_module(f"kamtrain.answers.{case_name}")


def trusted(case) -> TrustedCase:
    """Wrap a learner case built by the trusted side (tests, the grader)."""
    if isinstance(case, TrustedCase):
        return case
    module = answers_module(case.name)
    return getattr(module, "Trusted", TrustedCase)(case)


def load_trusted_case(
    name: str, *, cohort: str, learner: str, accommodations: Iterable[str] = ()
) -> TrustedCase:
    """The case ``name`` of ``learner`` in ``cohort``, with its expected answers.

    The identity is the one given here, never one read from the environment: the
    grader names the learner from the submission's folder.
    """
    from kamlearn.cases import case_class
    from kamlearn.cases.identity import Identity

    cohort, learner = (cohort or "").strip(), (learner or "").strip()
    if not cohort or not learner:
        raise TrustedCaseError(
            f"a trusted case needs an explicit cohort and learner (got cohort={cohort!r}, "
            f"learner={learner!r})"
        )
    identity = Identity(cohort, learner, "grader", tuple(accommodations))
    return trusted(case_class(name)(identity))

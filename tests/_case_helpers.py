"""Helpers of the case tests (tests/test_cases_*.py): a trusted case, a bar figure."""

from __future__ import annotations

from kamlearn.cases.identity import Identity
from kamtrain.answers import trusted


def make(cls, learner, cohort="cohorte-test"):
    """The trusted case ``cls`` of ``learner`` (its data and expected answers)."""
    return trusted(cls(Identity(cohort=cohort, learner=learner, source="grader")))


def bar_fig(values, title="Titre", xlabel="x", ylabel="y"):
    """A titled bar chart of ``values``, both axes named."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.bar(range(len(values)), list(values))
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return fig

"""The base class of every case study."""

from __future__ import annotations

from functools import cached_property
from typing import Any, ClassVar

from kamlearn.cases.identity import Identity
from kamlearn.cases.seeding import seed_for


class Case:
    """One exercise's data for one learner.

    Subclasses set :attr:`name`, :attr:`company_id` and implement :meth:`generate`
    (the learner's data). A case carries no expected answer: those are computed on the
    trainer side (``kamtrain.answers.<case>``), out of the learner's reach.
    """

    name: ClassVar[str] = ""
    company_id: ClassVar[str] = ""

    def __init__(self, identity: Identity):
        self.identity = identity
        self.seed = seed_for(identity.cohort, identity.learner, self.name)

    def rng(self, stream: str = ""):
        """Return a numpy Generator for one named stream of this case."""
        import numpy as np

        extra = seed_for(self.identity.cohort, self.identity.learner, f"{self.name}/{stream}")
        return np.random.default_rng([self.seed, extra])

    @property
    def accommodation(self) -> str | None:
        """The learner's time accommodation (e.g. ``"tiers-temps"``), or None."""
        from kamlearn.conventions import ACCOMMODATION_TIME_FACTORS

        return next(
            (a for a in self.identity.accommodations if a in ACCOMMODATION_TIME_FACTORS), None
        )

    @cached_property
    def company(self):
        from kamlearn.cases.companies import load_company

        return load_company(self.company_id)

    @cached_property
    def data(self) -> dict[str, Any]:
        return self.generate()

    def generate(self) -> dict[str, Any]:  # pragma: no cover - abstract
        raise NotImplementedError

    def context_markdown(self) -> str:
        """The case's business context, in French."""
        return self.company.narrative

    def show_context(self) -> None:
        """Display the business context in the notebook."""
        from IPython.display import Markdown, display

        display(Markdown(self.context_markdown()))

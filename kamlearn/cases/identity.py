"""Who is the learner, and which cohort, for the notebook being run.

A learner's data are derived from ``(cohort, learner)``. While a learner works, the id
comes from the environment of their server (``KAMTRAIN_LEARNER`` or JupyterHub's
``JUPYTERHUB_USER``) or from the ``LEARNER_ID`` parameter of their personalised copy.
At grading, the id comes only from the grader: ``KAMTRAIN_LEARNER`` set by
``kamtrain grade``, or the folder nbgrader runs the notebook in
(``autograded/<learner>/<assignment>/``). Nothing the submission says is trusted then,
so two learners who swap answers both lose points.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from kamlearn.errors import KamtrainError


class IdentityError(KamtrainError):
    """The learner or cohort of a notebook cannot be determined."""


@dataclass(frozen=True)
class Identity:
    cohort: str
    learner: str
    #: Where the learner id came from: "grader", "environment" or "notebook".
    source: str
    #: Accommodations from the cohort's learners.csv (e.g. "tiers-temps"), passed by the
    #: grader or the learner's server in KAMTRAIN_ACCOMMODATIONS.
    accommodations: tuple[str, ...] = ()


def is_grading() -> bool:
    """True while nbgrader (or ``kamtrain grade``) executes a submission."""
    return os.environ.get("NBGRADER_EXECUTION") == "autograde"


def _grading_learner(cwd: Path) -> str:
    learner = os.environ.get("KAMTRAIN_LEARNER", "").strip()
    if learner:
        return learner
    # nbgrader runs the kernel in autograded/<learner>/<assignment>/.
    if cwd.parent.parent.name == "autograded":
        return cwd.parent.name
    raise IdentityError(
        "Grading context without a learner id: set KAMTRAIN_LEARNER or run the notebook "
        "from autograded/<learner>/<assignment>/ (kamtrain grade does both)."
    )


def accommodations_from_env() -> tuple[str, ...]:
    raw = os.environ.get("KAMTRAIN_ACCOMMODATIONS", "")
    return tuple(a.strip().lower() for a in raw.replace(",", ";").split(";") if a.strip())


def resolve(*, cohort: str = "", learner: str = "", cwd: Path | None = None) -> Identity:
    """Return the trusted identity for this run.

    Args:
        cohort: the ``COHORT`` parameter of the notebook.
        learner: the ``LEARNER_ID`` parameter of the notebook (ignored at grading).
        cwd: the kernel's working directory (defaults to the current one).
    """
    cwd = Path.cwd() if cwd is None else cwd
    cohort = os.environ.get("KAMTRAIN_COHORT", "").strip() or (cohort or "").strip()
    if not cohort:
        raise IdentityError(
            "Cohorte inconnue : ce carnet n'a pas été généré par `kamtrain cohort generate` "
            "(paramètre `COHORT` vide). Demandez à votre formateur la version de votre cohorte."
        )
    if is_grading():
        return Identity(cohort, _grading_learner(cwd), "grader", accommodations_from_env())
    for var in ("KAMTRAIN_LEARNER", "JUPYTERHUB_USER"):
        value = os.environ.get(var, "").strip()
        if value:
            return Identity(cohort, value, "environment", accommodations_from_env())
    learner = (learner or "").strip()
    if learner:
        return Identity(cohort, learner, "notebook", accommodations_from_env())
    raise IdentityError(
        "Identifiant d'apprenant manquant : renseignez LEARNER_ID dans la cellule "
        "« Votre identifiant » avec l'identifiant que vous a donné votre formateur."
    )

"""Case studies: seeded generators of per-learner data (never their answers).

Every number a learner sees comes from a generator seeded by ``(cohort, learner,
exercise)``. The grader regenerates the same data from the trusted learner id and
computes the expected answers on the trainer side (``kamtrain.answers``), so nothing
is stored per learner and no answer is in the learner's reach.

Importing this package is cheap; a case's module (and pandas) is imported by
:func:`load_case` when a notebook asks for it.
"""

from __future__ import annotations

import importlib

from kamlearn.errors import UnknownIdError


def case_class(name: str):
    """Return the case class of exercise ``name``: ``kamlearn.cases.<name>.CASE_CLASS``.

    A case is one module under :mod:`kamlearn.cases` named after its exercise (e.g.
    ``c6_satisfaction``), so adding a case needs no registry edit.
    """
    import pkgutil

    import kamlearn.cases as package

    known = sorted(
        m.name
        for m in pkgutil.iter_modules(package.__path__)
        if m.name[:1] == "c" and "_" in m.name
    )
    if name not in known:
        raise UnknownIdError("case", name, known=known)
    return importlib.import_module(f"kamlearn.cases.{name}").CASE_CLASS


def load_case(name: str, *, cohort: str = "", learner: str = ""):
    """Return the case ``name`` for the trusted identity of this run.

    ``cohort`` and ``learner`` are the notebook's parameters. At grading the learner id
    is taken from the grader instead (see :mod:`kamlearn.cases.identity`). In a notebook,
    tables are then shown with French numbers and dates (:mod:`kamlearn.frenchdisplay`).
    """
    from kamlearn.cases.identity import resolve
    from kamlearn.frenchdisplay import install

    install()
    return case_class(name)(resolve(cohort=cohort, learner=learner))

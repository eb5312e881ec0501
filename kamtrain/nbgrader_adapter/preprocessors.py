"""nbgrader's own preprocessor lists, with kamtrain's step in place of ``Execute``.

``nbgrader autograde`` runs two lists: ``Autograde.sanitize_preprocessors`` then
``Autograde.autograde_preprocessors`` (which starts with ``Execute``). kamtrain runs the
kernel elsewhere (sandboxed, in parallel), then lets nbgrader record the grades with the
same lists where ``Execute`` is swapped for a step that replays the outputs. The lists are
read from the installed nbgrader's defaults, never copied, so a preprocessor nbgrader adds
in a later release is run too.
"""

from __future__ import annotations

from kamlearn.errors import KamtrainError


class NbgraderLayoutError(KamtrainError):
    """The installed nbgrader's preprocessor lists are not laid out as kamtrain expects."""


def _defaults(trait: str) -> list[type]:
    from nbgrader.converters import Autograde

    return list(Autograde.class_traits()[trait].default())


def sanitize_preprocessors() -> list[type]:
    """nbgrader's sanitize step (clear outputs, restore locked cells, check metadata)."""
    return _defaults("sanitize_preprocessors")


def autograde_preprocessors(*, execute: type) -> list[type]:
    """nbgrader's autograde step with ``execute`` in place of its ``Execute``.

    Raises:
        NbgraderLayoutError: the installed nbgrader's list has no ``Execute`` to swap.
    """
    from nbgrader.preprocessors import Execute

    steps = _defaults("autograde_preprocessors")
    places = [i for i, step in enumerate(steps) if step is Execute]
    if len(places) != 1:
        names = ", ".join(step.__name__ for step in steps)
        raise NbgraderLayoutError(
            f"nbgrader's Autograde.autograde_preprocessors ({names}) should hold Execute "
            "once; this nbgrader is not one kamtrain supports (see pyproject.toml)"
        )
    steps[places[0]] = execute
    return steps


def notebook_resources(
    *, notebook: str, assignment: str, student: str, db_url: str, course_id: str
) -> dict:
    """The ``resources`` nbgrader's converters hand their preprocessors for one notebook.

    Mirrors ``BaseConverter.init_single_notebook_resources`` (plus the course id, which the
    gradebook-writing preprocessors read from their config in nbgrader and from here in
    kamtrain's sanitize step).
    """
    return {
        "unique_key": notebook,
        "output_files_dir": f"{notebook}_files",
        "nbgrader": {
            "notebook": notebook,
            "assignment": assignment,
            "student": student,
            "db_url": db_url,
            "course_id": course_id,
        },
    }


def clear_solutions(nb):
    """``nb`` as released: nbgrader's ClearSolutions with kamtrain's French stubs (a copy)."""
    import copy

    from nbgrader.preprocessors import ClearSolutions

    from kamtrain.nbgrader_adapter.api import CODE_STUB, TEXT_STUB

    clear = ClearSolutions(code_stub=dict(CODE_STUB), text_stub=TEXT_STUB)
    nb, _ = clear.preprocess(copy.deepcopy(nb), {"language": "python"})
    return nb

"""Papermill parameterisation of a workbook notebook: notebook in, notebook out.

Papermill injects the cohort's parameters after the cell tagged ``parameters``. The
injected cell is then locked for nbgrader, so that at grading it is restored from the
source version whatever the learner did to it. What was done is recorded under
``metadata["kamtrain"]["parameters"]``.
"""

from __future__ import annotations

import copy

INJECTED_GRADE_ID = "kamtrain_parametres"
INJECTED_CELL_ID = "kamtrain-parametres"


def parameterize(nb, *, parameters: dict, record: dict | None = None):
    """Return a copy of ``nb`` with ``parameters`` injected and recorded.

    Args:
        nb: the workbook notebook.
        parameters: the variables papermill injects.
        record: who and what the notebook was generated for (cohort, learner, seed,
            workbook version, date), stored under ``metadata["kamtrain"]["generation"]``.
    """
    from papermill.parameterize import parameterize_notebook

    from kamtrain.nbgrader_adapter.cells import cell_metadata

    nb = copy.deepcopy(nb)
    # papermill reads cell.metadata.tags on every cell; add the empty lists it expects,
    # then drop them again so that the output differs from the input only where needed.
    untagged = [cell for cell in nb.cells if "tags" not in cell.metadata]
    for cell in untagged:
        cell.metadata["tags"] = []
    nb.metadata.setdefault("papermill", {})
    nb = parameterize_notebook(nb, dict(parameters), comment="Paramètres injectés par kamtrain")
    for cell in nb.cells:
        if cell.metadata.get("tags") == []:
            del cell.metadata["tags"]
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.metadata["nbgrader"] = cell_metadata(INJECTED_GRADE_ID, locked=True)
            # papermill gives the new cell a random id; a fixed one keeps regenerating
            # idempotent (same workbook, same day: same bytes in source/ and release/).
            if "id" in cell:
                cell["id"] = INJECTED_CELL_ID
            cell.metadata["editable"] = False
            cell.metadata["deletable"] = False
    meta = nb.metadata.setdefault("kamtrain", {})
    meta["parameters"] = dict(parameters)
    if record is not None:
        meta["generation"] = dict(record)
    return nb

"""An nbgrader preprocessor that replays outputs computed by the parallel workers.

(It subclasses nbgrader's own preprocessor, so it lives in the nbgrader adapter.)

It takes the place of nbgrader's ``Execute`` in the record step, so the rest of
nbgrader's autograde pipeline (output limits, partial credit, gradebook writes, late
penalties) runs unchanged, serially, in one process.
"""

from __future__ import annotations

from pathlib import Path

from nbformat import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

from kamtrain.nbgrader_adapter.cells import is_graded

MISMATCH = "Sortie d'exécution introuvable pour cette cellule (note 0)."


class ReplayOutputs(NbGraderPreprocessor):
    executed_root = Unicode(
        "", help="Folder of executed notebooks: <learner>/<assignment>/<nb>.ipynb"
    ).tag(config=True)

    def preprocess(self, nb, resources):
        import nbformat

        info = resources["nbgrader"]
        path = (
            Path(self.executed_root)
            / info["student"]
            / info["assignment"]
            / f"{info['notebook']}.ipynb"
        )
        executed = nbformat.read(path, as_version=4) if path.exists() else None
        same_shape = executed is not None and [c.source for c in executed.cells] == [
            c.source for c in nb.cells
        ]
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            if same_shape:
                source = executed.cells[index]
                cell.outputs = source.get("outputs", [])
                cell.execution_count = source.get("execution_count")
            elif is_graded(cell):
                # Never give free points: nbgrader scores a test cell without output as passed.
                cell.outputs = [
                    NotebookNode(
                        output_type="error",
                        ename="NotExecuted",
                        evalue=MISMATCH,
                        traceback=[MISMATCH],
                    )
                ]
        return nb, resources

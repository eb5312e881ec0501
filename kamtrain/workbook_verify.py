"""Verify a workbook notebook without a cohort: its solutions score full marks, its
release version (answers removed) runs to the end and scores 0.

Used by ``kamtrain workbook verify`` after a trainer edits a notebook, and by the tests.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class CellScore:
    grade_id: str
    score: float | None
    max_score: float
    output: str


@dataclass(frozen=True)
class RunScore:
    score: float
    max_score: float
    cells: tuple[CellScore, ...]
    died: bool = False
    #: (cell index, what the cell printed) for every code cell that printed something
    printed: tuple[tuple[int, str], ...] = ()

    @property
    def wrong_cells(self) -> list[CellScore]:
        return [c for c in self.cells if c.score is not None and c.score < c.max_score]


@dataclass(frozen=True)
class VerifyResult:
    path: Path
    solution: RunScore
    release: RunScore

    @property
    def ok(self) -> bool:
        return (
            not self.solution.died
            and not self.release.died
            and self.solution.score == self.solution.max_score
            and self.release.score == 0
        )


def unanswered_version(nb):
    """An unanswered submission as the grader sees it: solutions removed (as in the
    release version), hidden tests present (restored from the source at autograde)."""
    from kamtrain.nbgrader_adapter.preprocessors import clear_solutions

    nb = clear_solutions(nb)
    return nb


def execute(nb, *, cohort: str, learner: str, timeout: int = 60):
    """Execute ``nb`` and score it as the grader would, for ``learner``.

    Returns (nb with its graded cells holding the verdicts, kernel died). The workbook's
    own notebooks are the trainer's code: they run without the sandbox.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError

    from kamtrain.grading.sandbox import use_private_sockets

    with tempfile.TemporaryDirectory(prefix="kamtrain-verify-") as tmp:
        workdir = Path(tmp) / learner / "verify"
        workdir.mkdir(parents=True)
        env = dict(os.environ)
        env.update(
            NBGRADER_EXECUTION="autograde",
            KAMTRAIN_LEARNER=learner,
            KAMTRAIN_COHORT=cohort,
            MPLBACKEND="Agg",
            PATH=os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),
        )
        client = NotebookClient(
            nb,
            timeout=timeout,
            allow_errors=True,
            kernel_name="python3",
            shutdown_kernel="immediate",
            resources={"metadata": {"path": str(workdir)}},
        )
        try:
            client.km = client.create_kernel_manager()
            use_private_sockets(client.km, Path(tmp))
            client.execute(env=env, stderr=subprocess.DEVNULL)
        except DeadKernelError:
            died = True
        else:
            died = False
    # Verdicts are computed here, outside the kernel, from the answers it handed out.
    from kamtrain.grading.score import Learner, score_notebook

    score_notebook(nb, who=Learner(cohort, learner))
    return nb, died


def score(nb, died: bool = False) -> RunScore:
    """Autograded score of an executed notebook, with nbgrader's own rule."""
    from kamtrain.nbgrader_adapter.cells import determine_grade, grade_id, is_autograded

    cells = []
    total = maximum = 0.0
    printed = tuple(
        (index, text)
        for index, cell in enumerate(nb.cells)
        if (text := _stdout(cell)) and cell.cell_type == "code"
    )
    for cell in nb.cells:
        if not is_autograded(cell):
            continue
        earned, max_points = determine_grade(cell)
        text = "".join(
            o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream"
        )
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if errors:
            text += f"\n{errors[0].get('ename')}: {errors[0].get('evalue')}"
        cells.append(CellScore(grade_id(cell), earned, max_points, text.strip()))
        total += earned or 0.0
        maximum += max_points
    return RunScore(round(total, 4), round(maximum, 4), tuple(cells), died, printed)


def _stdout(cell) -> str:
    return "".join(
        o.get("text", "")
        for o in cell.get("outputs", [])
        if o.get("output_type") == "stream" and o.get("name") == "stdout"
    )


def _parameterized(path: Path, cohort: str):
    """The workbook notebook as a cohort's ``source/`` holds it."""
    import nbformat

    from kamtrain.cohort.parameterize import parameterize

    return parameterize(nbformat.read(path, as_version=4), parameters={"COHORT": cohort})


def verify_solution(
    path: Path, *, cohort: str = "verification", learner: str = "verif-01"
) -> RunScore:
    """Score of the notebook's solutions for one learner's variant."""
    return score(*execute(_parameterized(path, cohort), cohort=cohort, learner=learner))


def verify_notebook(
    path: Path, *, cohort: str = "verification", learner: str = "verif-01"
) -> VerifyResult:
    """Solutions (must score full marks) and an unanswered copy (must score 0)."""
    nb = _parameterized(path, cohort)
    solution_nb, died = execute(nb, cohort=cohort, learner=learner)
    release_nb, release_died = execute(unanswered_version(nb), cohort=cohort, learner=learner)
    return VerifyResult(Path(path), score(solution_nb, died), score(release_nb, release_died))

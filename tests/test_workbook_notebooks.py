"""Every workbook notebook: structure, criteria coverage, and the verify run.

The verify run executes each notebook twice (with its solutions, and unanswered) for one
learner; the runs are shared by a module fixture and spread over the machine's cores.
"""

import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(
    p
    for p in (ROOT / "notebooks").glob("bloc*/*.ipynb")
    if ".ipynb_checkpoints" not in p.parts and p.parent.name != "bloc0"  # onboarding, not graded
)
IDS = [f"{p.parent.name}/{p.stem}" for p in NOTEBOOKS]
#: A test cell hands its item's answers out of the kernel; the trusted grader scores them.
HAND_OUT_CALL = re.compile(r'hand_out\("(?P<item>[^"]+)", globals\(\), names=\[[^\]]*\]\)')


def read(path):
    return nbformat.read(path, as_version=4)


def graded_cells(nb):
    return [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_structure(path):
    nb = read(path)
    meta = nb.metadata.get("kamtrain", {})
    assert meta.get("schema_version") == 1, f"{path}: metadata.kamtrain.schema_version"
    assert meta.get("competencies"), f"{path}: metadata.kamtrain.competencies is empty"
    intro = nb.cells[0].source
    assert intro.startswith("# ") and "Objectifs" in intro, (
        f"{path}: the first cell must state the learning goals"
    )
    assert any("parameters" in c.metadata.get("tags", []) for c in nb.cells), (
        f"{path}: no 'parameters' cell"
    )
    text = "\n".join(c.source for c in nb.cells)
    assert "show_criteria(" in text, (
        f"{path}: criteria must be pulled from rubrics/ with show_criteria"
    )
    assert "load_case(" in text and "show_context()" in text, (
        f"{path}: the business context is not shown"
    )
    ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if "nbgrader" in c.metadata]
    assert len(ids) == len(set(ids)), f"{path}: duplicate grade ids"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_graded_cells_name_criteria_and_consistent_points(path):
    from kamlearn.referential import load_referential
    from kamtrain.checks.registry import lookup

    ref = load_referential()
    nb = read(path)
    autograded = manual = 0
    for cell in graded_cells(nb):
        gid = cell.metadata["nbgrader"]["grade_id"]
        criteria = cell.metadata.get("kamtrain", {}).get("criteria", [])
        assert criteria, f"{path}: graded cell {gid} names no criterion"
        for crit in criteria:
            ref.criterion(crit)  # raises on an unknown id
        if cell.metadata["nbgrader"].get("solution"):
            manual += 1
            continue
        autograded += 1
        calls = HAND_OUT_CALL.findall(cell.source)
        assert len(calls) == 1, f"{path}: test cell {gid} must call hand_out(...) once"
        assert float(cell.metadata["nbgrader"]["points"]) > 0, f"{path}: {gid} points"
        assert "### BEGIN HIDDEN TESTS" in cell.source, f"{path}: {gid} hand-out not hidden"
        lookup(calls[0])
    assert manual >= 1, f"{path}: no jury-graded written item"


def test_every_criterion_is_reached_by_a_graded_cell():
    from kamlearn.referential import load_referential

    reached = set()
    for path in NOTEBOOKS:
        for cell in graded_cells(read(path)):
            reached.update(cell.metadata.get("kamtrain", {}).get("criteria", []))
    missing = [c.id for c in load_referential().criteria if c.id not in reached]
    assert not missing, f"criteria reached by no graded cell: {', '.join(missing)}"


#: Solutions must hold for every learner's variant, not just one: a second learner from
#: another cohort catches answers that only happen to work for the first.
OTHER_VARIANT = ("demo", "ibertrand")


def _verify(path):
    from kamtrain.workbook_verify import verify_notebook, verify_solution

    cohort, learner = OTHER_VARIANT
    return verify_notebook(path, learner="test-verif"), verify_solution(
        path, cohort=cohort, learner=learner
    )


@pytest.fixture(scope="module")
def verified():
    import os

    with ProcessPoolExecutor(max_workers=max(1, os.cpu_count() or 1)) as pool:
        return dict(zip(NOTEBOOKS, pool.map(_verify, NOTEBOOKS), strict=True))


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_solutions_score_full_marks_and_unanswered_scores_zero(verified, path):
    result, other = verified[path]
    assert not other.died and other.score == other.max_score, {
        c.grade_id: c.output for c in other.wrong_cells
    }
    assert not result.solution.died and not result.release.died
    wrong = {c.grade_id: c.output for c in result.solution.wrong_cells}
    assert result.solution.score == result.solution.max_score, wrong
    assert result.solution.max_score > 0
    assert result.release.score == 0, [c for c in result.release.cells if c.score]


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_what_a_notebook_prints_is_written_the_french_way(verified, path):
    """Everything the notebook prints when run with its solutions, for the second variant:
    provided code, simulators and the grader's verdict lines (« 1,5 / 2 point(s) »).
    A bare value a cell shows (its last expression) is not printed text and stays Python's."""
    from _french_documents import printed_format_errors

    _result, other = verified[path]
    assert other.printed, f"{path}: the run printed nothing (not even verdicts)"
    errors = printed_format_errors(other.printed, f"{path.parent.name}/{path.stem}")
    assert not errors, "\n".join(errors)


def test_readme_lists_every_notebook():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [i for i in IDS if f"`{i}.ipynb`" not in readme]
    assert not missing, f"README's workbook table misses {missing}"

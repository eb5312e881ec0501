"""The « bloc 0 » onboarding notebook runs for a learner who never programmed.

Unanswered, every cell runs without an error and every self-check says « pas encore »;
with the blanks filled as the instructions say, every self-check says « c'est juste ».
"""

from __future__ import annotations

from pathlib import Path

import pytest
from _onboarding_answers import answered

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "bloc0" / "c0_prise_en_main.ipynb"


def _run(nb):
    from nbclient import NotebookClient

    NotebookClient(nb, timeout=120, kernel_name="python3", shutdown_kernel="immediate").execute()
    return "\n".join(
        o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
    )


def test_the_notebook_names_the_pandas_calls_of_each_exercise():
    import nbformat

    nb = nbformat.read(NOTEBOOK, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for call in (".mean()", ".groupby(", ".idxmin()", "plt.subplots()", "ax.bar(", "len("):
        assert call in text, f"the instructions do not name {call}"
    exercises = [c for c in nb.cells if "exercice" in c.metadata.get("tags", [])]
    assert len(exercises) == 5
    for i, cell in enumerate(nb.cells):
        if cell in exercises:
            assert "Appels" in nb.cells[i - 1].source or "indice" in nb.cells[i - 1].source


@pytest.mark.slow
def test_unanswered_runs_and_says_not_yet():
    import nbformat

    out = _run(nbformat.read(NOTEBOOK, as_version=4))
    assert out.count("✘") == 7 and "✔" not in out


@pytest.mark.slow
def test_answered_as_instructed_passes_every_self_check():
    import nbformat

    nb = nbformat.read(NOTEBOOK, as_version=4)
    for cell in nb.cells:
        if "exercice" in cell.metadata.get("tags", []):
            cell.source = answered(cell.source)
    out = _run(nb)
    assert out.count("✔") == 7, out

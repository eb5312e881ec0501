"""The « bloc 0 » onboarding notebook runs for a learner who never programmed.

Unanswered, every cell runs without an error and every self-check says « pas encore »;
with the blanks filled as the instructions say, every self-check says « c'est juste ».
Its data are the shared practice survey (:mod:`kamlearn.onboarding`), never the learner's
graded C6 data, even on a server whose environment names the learner.
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
    assert len(exercises) == 6
    for i, cell in enumerate(nb.cells):
        if cell in exercises:
            assert "Appels" in nb.cells[i - 1].source or "indice" in nb.cells[i - 1].source


@pytest.mark.slow
def test_unanswered_runs_and_says_not_yet():
    import nbformat

    out = _run(nbformat.read(NOTEBOOK, as_version=4))
    assert out.count("✘") == 8 and "✔" not in out


@pytest.mark.slow
def test_answered_as_instructed_passes_every_self_check():
    import nbformat

    nb = nbformat.read(NOTEBOOK, as_version=4)
    for cell in nb.cells:
        if "exercice" in cell.metadata.get("tags", []):
            cell.source = answered(cell.source)
    out = _run(nb)
    assert out.count("✔") == 8, out


def _loading_cell(nb) -> str:
    """The code cell that opens the data, without its IPython magics."""
    (cell,) = [c for c in nb.cells if c.cell_type == "code" and "enquete =" in c.source]
    return "\n".join(line for line in cell.source.split("\n") if not line.startswith("%"))


def test_a_hub_server_naming_the_learner_still_opens_the_practice_survey(monkeypatch):
    import nbformat

    from kamlearn.cases import load_case
    from kamlearn.onboarding import practice_survey

    # What JupyterHub (and a personalised server) sets: resolve() would pick these up.
    monkeypatch.setenv("KAMTRAIN_COHORT", "cohorte-a")
    monkeypatch.setenv("JUPYTERHUB_USER", "apprenant-07")
    monkeypatch.setenv("KAMTRAIN_LEARNER", "apprenant-07")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    namespace: dict = {}
    exec(_loading_cell(nb), namespace)
    opened = namespace["enquete"]
    assert opened.equals(practice_survey())
    graded = load_case("c6_satisfaction", cohort="prise-en-main", learner="exemple")
    assert graded.identity.learner == "apprenant-07"  # what bloc 0 used to open
    assert not opened.equals(graded.data["enquete"][list(opened.columns)])


def test_the_practice_survey_shows_that_the_lowest_mean_is_not_the_lowest_nps():
    from kamlearn import conventions
    from kamlearn.onboarding import practice_nps_by_site, practice_survey

    survey = practice_survey()
    assert survey.equals(practice_survey())  # no seed, no identity: the same for everyone
    by_site = survey.groupby("site")["score_recommandation"]
    nps = practice_nps_by_site()
    assert nps.to_dict() == by_site.apply(conventions.nps).to_dict()
    assert by_site.mean().idxmin() != nps.idxmin()
    # Unambiguous: one lowest mean, one lowest NPS.
    assert (by_site.mean() == by_site.mean().min()).sum() == 1
    assert (nps == nps.min()).sum() == 1

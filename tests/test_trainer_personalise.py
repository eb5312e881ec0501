"""Per-learner copies: LEARNER_ID filled in, nothing else changed, grading unaffected."""

import nbformat
import pytest

from kamlearn.cases.identity import resolve
from kamlearn.errors import CohortError
from kamtrain.cli import main
from kamtrain.cohort.personalise import personalise_cohort, personalise_notebook


def test_personalise_writes_one_ready_copy_per_learner(trainer_cohort, monkeypatch, capsys):
    for var in ("KAMTRAIN_LEARNER", "JUPYTERHUB_USER", "NBGRADER_EXECUTION"):
        monkeypatch.delenv(var, raising=False)
    course = trainer_cohort.course
    assert main(["cohort", "personalise", str(course), "--learner", "chloe"]) == 0
    assert "1 learner(s)" in capsys.readouterr().out
    path = course / "personalised" / "chloe" / "bloc1" / "c6_satisfaction.ipynb"
    nb = nbformat.read(path, as_version=4)
    release = nbformat.read(course / "release" / "bloc1" / "c6_satisfaction.ipynb", as_version=4)
    params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    assert 'LEARNER_ID = "chloe"' in params.source
    # Only the parameters cell differs from the release version.
    changed = [
        i
        for i, (a, b) in enumerate(zip(nb.cells, release.cells, strict=True))
        if a.source != b.source
    ]
    assert changed == [nb.cells.index(params)]
    assert nb.metadata["kamtrain"]["generation"]["learner"] == "chloe"
    assert resolve(cohort="session-a", learner="chloe").learner == "chloe"
    assert not (course / "personalised" / "alice").exists()


def test_personalise_refuses_unknown_learners_and_odd_notebooks(trainer_cohort):
    with pytest.raises(CohortError, match="unknown learner"):
        personalise_cohort(course_dir=trainer_cohort.course, learners=("zoe",))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    with pytest.raises(CohortError, match="LEARNER_ID"):
        personalise_notebook(nb, learner="alice")

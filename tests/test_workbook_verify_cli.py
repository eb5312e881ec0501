"""``kamtrain workbook verify --cohort C --learner L`` checks that learner's variant of that cohort."""

from __future__ import annotations

from types import SimpleNamespace


def test_verify_uses_the_cohort_and_learner_asked_for(monkeypatch, capsys):
    from kamtrain import workbook_verify
    from kamtrain.cli import main

    seen = []

    def fake(path, *, cohort, learner):
        seen.append((path.name, cohort, learner))
        run = SimpleNamespace(score=1.0, max_score=1.0, wrong_cells=[], died=False, cells=[])
        return SimpleNamespace(
            ok=True, solution=run, release=SimpleNamespace(score=0, cells=[], died=False)
        )

    monkeypatch.setattr(workbook_verify, "verify_notebook", fake)
    from kamtrain.paths import notebooks_dir

    nb = next(notebooks_dir().rglob("c6_satisfaction.ipynb"))
    code = main(["workbook", "verify", str(nb), "--cohort", "cohorte-b", "--learner", "zoe"])
    assert code == 0
    assert seen == [("c6_satisfaction.ipynb", "cohorte-b", "zoe")]
    assert "ok" in capsys.readouterr().out

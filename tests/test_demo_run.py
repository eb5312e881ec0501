"""`make demo`'s job, end to end, on a workbook cut down to the C6 notebook."""

import pytest

from kamlearn.errors import KamtrainError
from kamtrain.demo.run import LEARNERS, run_demo

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from conftest import make_trainer_home

    home = make_trainer_home(tmp_path_factory.mktemp("demo-home"))
    mp = pytest.MonkeyPatch()
    mp.setenv("KAMTRAIN_HOME", str(home))
    lines = []
    result = run_demo(course_dir=tmp_path_factory.mktemp("x") / "demo", workers=2, say=lines.append)
    yield result, "\n".join(lines)
    mp.undo()


def test_demo_grades_every_simulated_learner(demo):
    import json

    result, log = demo
    report = json.loads(result.outputs["grading report"].read_text(encoding="utf-8"))
    scores = {r["learner"]: r["score"] for r in report["results"]}
    assert set(scores) == {learner[0] for learner in LEARNERS}
    profiles = {learner[0]: learner[3] for learner in LEARNERS}
    correct = {scores[lid] for lid, p in profiles.items() if p == "correct"}
    assert correct == {8.0}  # every autograded point of the C6 notebook
    assert scores["dleroy"] == 0.0  # the empty submission
    assert 0 < scores["fgarnier"] < 8.0  # the one that raises an exception
    assert "6/6 Jury: session S1, then a resit session S2" in log
    assert "chain and seals hold" in log
    # Copy detection in the grading report: the correct learners all hand in the solution.
    flagged = {tuple(p["learners"]) for p in report["similar_pairs"]}
    correct_ids = sorted(lid for lid, p in profiles.items() if p == "correct")
    assert (correct_ids[0], correct_ids[1]) in flagged


def test_demo_writes_reports_feedback_and_the_pv(demo):
    result, _log = demo
    assert "Résultats par critère" in result.outputs["criteria report"].read_text(encoding="utf-8")
    pages = list(result.outputs["learner feedback"].glob("*/bloc1/kamtrain-retour.html"))
    assert len(pages) == len(LEARNERS)
    for label in ("jury minutes (PV), session S1", "jury minutes (PV), resit session S2"):
        pv = result.outputs[label]
        assert pv.suffix == ".pdf" and pv.read_bytes().startswith(b"%PDF-")
        assert "Procès-verbal" in pv.with_suffix(".html").read_text(encoding="utf-8")
    # The "correct" learners all hand in the trainer's solution: copy detection says so.
    similarity = result.outputs["similarity report"].read_text(encoding="utf-8")
    correct = sorted(lid for lid, *_n, profile, _a in LEARNERS if profile == "correct")
    assert f"{correct[0]} et {correct[1]} – bloc1 – 100\u00a0% (signalée)" in similarity


def test_demo_refuses_to_overwrite_a_folder_that_is_not_a_demo(tmp_path):
    (tmp_path / "cours").mkdir()
    (tmp_path / "cours" / "notes.txt").write_text("à garder")
    with pytest.raises(KamtrainError, match="not a kamtrain demo folder"):
        run_demo(course_dir=tmp_path / "cours")
    assert (tmp_path / "cours" / "notes.txt").read_text() == "à garder"

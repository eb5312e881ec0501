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


def test_every_document_the_demo_writes_is_french_a_reader_would_sign(demo):
    """Every HTML document (feedback pages, reports, PV, dashboards, result sheets,
    attestations, épreuve kits), rendered with the demo's data: no ISO date and no
    English number in its visible text, every word French or in the word list."""
    from pathlib import Path

    import _french_documents as fd
    import _french_text as ft

    result, _log = demo
    root = result.outputs["learner feedback"].parent
    templates = {p.name for p in (Path(ft.ROOT) / "kamtrain" / "templates").glob("*.j2")}
    assert templates == set(fd.DEMO_DOCUMENTS) | set(fd.OTHER_TEMPLATES), (
        "a new template: render it here (DEMO_DOCUMENTS) or in another test"
    )
    texts = []
    for template, pattern in fd.DEMO_DOCUMENTS.items():
        pages = sorted(root.glob(pattern))
        assert pages, f"the demo wrote no document with {template} ({pattern})"
        for page in pages:
            where = str(page.relative_to(root))
            texts.extend(fd.visible_texts(page.read_text(encoding="utf-8"), where))
    errors = fd.format_errors(texts)
    assert not errors, "\n".join(errors)
    if ft.hunspell_available() is None:
        # learner ids and the cohort's name are data shown beside a name, not words
        ids = {learner[0]: () for learner in LEARNERS} | {root.name: ()}
        unknown = ft.unknown_words(texts, ft.read_wordlist() | ids)
        assert not unknown, {w: [t.location for t in places[:2]] for w, places in unknown.items()}
        typography = ft.typography_errors(texts)
        assert not typography, "\n".join(typography)

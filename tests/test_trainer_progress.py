"""``kamtrain progress``: who submitted what, who is struggling, as text, JSON, HTML, notebook."""

from __future__ import annotations

import base64
import json
import re

import pytest
from conftest import fake_graded_submission

from kamtrain.cli import main


@pytest.fixture
def trainer_cohort(any_trainer_cohort):
    """Every test here runs with a SQLite and with a PostgreSQL gradebook."""
    return any_trainer_cohort


@pytest.fixture
def in_progress(trainer_cohort):
    """alice did well, bruno struggles, chloe has not submitted."""
    course = trainer_cohort.course
    fake_graded_submission(course, "alice", ratio=1.0, manual=3.0, comment="Bien.")
    fake_graded_submission(course, "bruno", profile="partial", ratio=0.1)
    return trainer_cohort


def test_collect_flags_struggling_learners_and_criteria(in_progress):
    from kamtrain.progress.collect import collect_progress

    report = collect_progress(course_dir=in_progress.course)
    status = {s.learner: s.status for s in report.submissions}
    assert status == {"alice": "graded", "bruno": "graded", "chloe": "missing"}
    stamps = {s.learner: s.timestamp for s in report.submissions}
    assert stamps["alice"] and stamps["chloe"] is None
    flagged = [lp.learner for lp in report.struggling_learners]
    assert set(flagged) == {"bruno", "chloe"}
    assert any(
        "bloc1" in r for r in dict((lp.learner, lp) for lp in report.learners)["chloe"].reasons
    )
    by_learner = {lp.learner: lp for lp in report.learners}
    assert by_learner["alice"].mean_ratio > report.acquired_ratio > by_learner["bruno"].mean_ratio
    assert by_learner["bruno"].pending == 2  # the action plan counts for C6.1 and C6.3
    c62 = next(c for c in report.criteria if c.criterion == "C6.2")
    assert c62.learners_scored == 2 and c62.mean_ratio == pytest.approx((1.0 + 0.1) / 2, abs=0.01)
    assert "C6.2" in [c.criterion for c in report.struggling_criteria]
    assert [c.competency for c in report.competencies] == ["C6"]


def test_progress_text_json_html(in_progress, tmp_path, capsys):
    course = in_progress.course
    capsys.readouterr()
    assert main(["progress", str(course)]) == 0
    text = capsys.readouterr().out
    bruno = next(line for line in text.splitlines() if "bruno" in line and "/" in line)
    assert bruno.startswith("!")
    assert "non remis" in text and "Struggling criteria" in text

    assert main(["progress", str(course), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["struggling_learners"][0] in ("bruno", "chloe")
    assert {r["learner"] for r in data["ratios"]} == {"alice", "bruno"}

    out = tmp_path / "suivi.html"
    assert main(["progress", str(course), "--format", "html", "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "Suivi de la cohorte session-a" in html and "Apprenants en difficulté" in html
    assert "Bruno Lefèvre" in html and "Chloé Durand" in html
    # French dates and numbers in what the trainer reads (progress.html.j2)
    import _french_documents as fd

    assert fd.format_errors(fd.visible_texts(html, "suivi.html")) == []
    assert re.search(r"État au \d{1,2}(?:er)? \w+ 20\d\d à \d{1,2} h \d\d \(UTC\)", html)
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', html)
    assert len(images) == 3
    assert all(base64.b64decode(i)[:8] == b"\x89PNG\r\n\x1a\n" for i in images)


def test_progress_before_any_submission(trainer_cohort, capsys):
    from kamtrain.progress.collect import collect_progress
    from kamtrain.progress.render import to_html

    report = collect_progress(course_dir=trainer_cohort.course)
    assert {s.status for s in report.submissions} == {"missing"}
    assert len(report.struggling_learners) == 3
    assert all(c.learners_scored == 0 and not c.struggling for c in report.criteria)
    assert "Suivi de la cohorte" in to_html(report)


@pytest.mark.slow
def test_trainer_notebook_executes(in_progress, capsys):
    import nbclient
    import nbformat

    course = in_progress.course
    assert main(["progress", str(course), "--notebook"]) == 0
    path = course / "formateur" / "suivi.ipynb"
    nb = nbformat.read(path, as_version=4)
    nbclient.NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 3
    assert any("bruno" in o.get("data", {}).get("text/html", "") for o in outputs)
    assert "Suivi de la cohorte" in (course / "reports" / "suivi.html").read_text("utf-8")

"""The C6 walking skeleton through the CLI: create, generate, submit, grade, report.

Runs real kernels, so one module-scoped cohort serves every assertion.
"""

import csv
import io
import json
import re
from pathlib import Path

import nbformat
import pytest

from kamtrain.cli import main

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
NB = "c6_satisfaction"


def _solution_code(source_cell: str) -> str:
    return re.sub(r"^\s*### (BEGIN|END) SOLUTION\s*$\n?", "", source_cell, flags=re.M)


def make_submission(course: Path, learner: str, fill: dict[str, str] | None):
    """Release notebook with answer cells replaced by ``fill[grade_id]`` (or the solution)."""
    release = nbformat.read(course / "release" / "bloc1" / f"{NB}.ipynb", as_version=4)
    source = nbformat.read(course / "source" / "bloc1" / f"{NB}.ipynb", as_version=4)
    solutions = {
        c.metadata["nbgrader"]["grade_id"]: c.source
        for c in source.cells
        if c.metadata.get("nbgrader", {}).get("solution") and c.cell_type == "code"
    }
    for cell in release.cells:
        meta = cell.metadata.get("nbgrader", {})
        if fill is not None and meta.get("solution") and cell.cell_type == "code":
            gid = meta["grade_id"]
            cell.source = fill.get(gid, _solution_code(solutions[gid]))
    folder = course / "submitted" / learner / "bloc1"
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(release, folder / f"{NB}.ipynb")
    (folder / "timestamp.txt").write_text("2026-11-20 10:00:00.000000 UTC")


def literal_answers(cohort: str, learner: str) -> dict[str, str]:
    """Answers typed as values: what a learner copying another's results hands in."""
    from kamtrain.answers import load_trusted_case

    exp = load_trusted_case("c6_satisfaction", cohort=cohort, learner=learner).expected
    return {
        "c6_reponse_nps_global": f"nps_global = {exp['nps_global']!r}",
        "c6_reponse_nps_par_site": f"nps_par_site = {exp['nps_par_site']!r}",
        "c6_reponse_site": f"site_le_plus_faible = {exp['site_le_plus_faible']!r}",
    }


@pytest.fixture(scope="module")
def workbook_home(tmp_path_factory):
    """A project root holding only the C6 notebook, so this test ignores other notebooks."""
    home = tmp_path_factory.mktemp("home")
    (home / "notebooks" / "bloc1").mkdir(parents=True)
    (home / "notebooks" / "bloc1" / f"{NB}.ipynb").write_bytes(
        (ROOT / "notebooks" / "bloc1" / f"{NB}.ipynb").read_bytes()
    )
    for name in ("rubrics", "cases"):
        (home / name).symlink_to(ROOT / name)
    return home


@pytest.fixture(scope="module")
def graded(workbook_home, tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("KAMTRAIN_HOME", str(workbook_home))
    tmp = tmp_path_factory.mktemp("e2e")
    learners = tmp / "learners.csv"
    learners.write_text(
        "id,first_name,last_name,email,accommodations\n"
        "correct,Chloé,Correcte,c@example.org,\n"
        "wrong,Willy,Faux,w@example.org,\n"
        "empty,Émile,Vide,e@example.org,tiers-temps\n"
        "swap-a,Anna,Échange,a@example.org,\n"
        "swap-b,Basile,Échange,b@example.org,\n",
        encoding="utf-8",
    )
    course = tmp / "cohorte"
    assert (
        main(["cohort", "create", str(course), "--name", "e2e", "--learners", str(learners)]) == 0
    )
    assert main(["cohort", "generate", str(course)]) == 0
    make_submission(course, "correct", {})
    make_submission(
        course,
        "wrong",
        {
            "c6_reponse_nps_global": "nps_global = 0.42",  # a fraction, not points
            "c6_reponse_site": "site_le_plus_faible = 'Lyon'",
        },
    )
    make_submission(course, "empty", None)
    make_submission(course, "swap-a", literal_answers("e2e", "swap-b"))
    make_submission(course, "swap-b", literal_answers("e2e", "swap-a"))
    assert main(["grade", str(course), "--workers", "2", "--no-progress"]) == 0
    yield course
    mp.undo()


def scores(course):
    return {
        r["learner"]: r
        for r in json.loads((course / "reports" / "grading-latest.json").read_text())["results"]
    }


def test_generate_parameterises_and_strips_solutions(graded):
    source = (graded / "source" / "bloc1" / f"{NB}.ipynb").read_text()
    release = (graded / "release" / "bloc1" / f"{NB}.ipynb").read_text()
    assert 'COHORT = \\"e2e\\"' in source
    assert "BEGIN SOLUTION" in source and "BEGIN SOLUTION" not in release
    assert "BEGIN HIDDEN TESTS" not in release
    nb = nbformat.read(graded / "source" / "bloc1" / f"{NB}.ipynb", as_version=4)
    assert nb.metadata["kamtrain"]["parameters"]["COHORT"] == "e2e"


def test_correct_learner_gets_every_autograded_point(graded):
    # 8 autograded points; the 4-point action plan waits for the jury.
    assert scores(graded)["correct"]["score"] == 8.0
    assert scores(graded)["correct"]["max_score"] == 12.0


def test_wrong_and_empty_learners(graded):
    s = scores(graded)
    assert 0 < s["wrong"]["score"] < 8.0
    assert s["empty"]["score"] == 0.0


def test_swapped_answers_both_lose_points(graded):
    s = scores(graded)
    assert s["swap-a"]["score"] < 6.0 and s["swap-b"]["score"] < 6.0


def test_report_formats(graded, capsys):
    capsys.readouterr()
    assert main(["report", str(graded), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    by_learner = {
        entry["id"]: {c["criterion"]: c for c in entry["criteria"]} for entry in data["learners"]
    }
    assert by_learner["correct"]["C6.2"]["ratio"] == 1.0
    assert by_learner["correct"]["C6.2"]["proposed_level"] == 3
    assert by_learner["empty"]["C6.2"]["score"] == 0.0
    assert main(["report", str(graded), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["criterion"] for r in rows} == {"C6.1", "C6.2", "C6.3"}
    out = graded / "reports" / "criteres.html"
    assert main(["report", str(graded), "--format", "html", "-o", str(out)]) == 0
    html = out.read_text()
    assert (
        "Résultats par critère" in html
        and "C6.2" in html
        and "Les tableaux de bord sont complets" in html
    )


def test_grading_left_submissions_untouched_and_backed_up(graded):
    assert list((graded / "backups").glob("gradebook-*.db"))
    assert not (graded / ".kamtrain" / "staging").exists()
    sub = nbformat.read(graded / "submitted" / "correct" / "bloc1" / f"{NB}.ipynb", as_version=4)
    assert all(not c.get("outputs") for c in sub.cells if c.cell_type == "code")


def test_cli_errors_are_clear(tmp_path, capsys):
    assert main(["grade", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "not a kamtrain cohort" in err and "Try `kamtrain" in err
    bad = tmp_path / "learners.csv"
    bad.write_text("id,first_name,last_name,email\nok,A,B,a@b.org\nbad id,C,D,c@d.org\n")
    assert (
        main(["cohort", "create", str(tmp_path / "c"), "--name", "x", "--learners", str(bad)]) == 1
    )
    assert "line 3" in capsys.readouterr().err

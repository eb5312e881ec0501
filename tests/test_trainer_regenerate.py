"""``kamtrain cohort regenerate``: the workbook changes mid-session, nothing is lost."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import nbformat
import pytest
import sqlalchemy as sa
from _grading_helpers import table_rows
from conftest import TRAINER_NOTEBOOK, fake_graded_submission

from kamlearn.errors import RegenerateConflictError
from kamtrain.cli import main


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def db_url(course: Path) -> str:
    from kamtrain.cohort.config import read_config

    return read_config(course).db_url


def gradebook_rows(course: Path) -> dict[str, list]:
    """Every row of the tables learners' and jury's work lives in (SQLite or PostgreSQL)."""
    return table_rows(
        db_url(course), ("grade", "comment", "submitted_assignment", "submitted_notebook")
    )


def workbook_notebook(cohort) -> Path:
    return cohort.home / "notebooks" / "bloc1" / f"{TRAINER_NOTEBOOK}.ipynb"


def edit_workbook(cohort, edit) -> None:
    path = workbook_notebook(cohort)
    nb = nbformat.read(path, as_version=4)
    edit(nb)
    nbformat.write(nb, path)


@pytest.fixture
def trainer_cohort(any_trainer_cohort):
    """Every test here runs with a SQLite and with a PostgreSQL gradebook."""
    return any_trainer_cohort


@pytest.fixture
def mid_session(trainer_cohort):
    """Two graded submissions (one with a jury score and comment) and a jury table."""
    course = trainer_cohort.course
    fake_graded_submission(course, "alice", ratio=1.0, manual=3.0, comment="Plan clair, à dater.")
    fake_graded_submission(course, "bruno", profile="partial", ratio=0.5)
    engine = sa.create_engine(db_url(course))
    with engine.begin() as con:
        con.execute(
            sa.text("CREATE TABLE kamtrain_test_jury (learner TEXT, criterion TEXT, level INT)")
        )
        con.execute(sa.text("INSERT INTO kamtrain_test_jury VALUES ('alice', 'C6.1', 2)"))
    engine.dispose()
    (course / "feedback" / "alice").mkdir(parents=True)
    (course / "feedback" / "alice" / "retour.html").write_text("<p>Très bien</p>", "utf-8")
    return trainer_cohort


def snapshot(course: Path) -> dict:
    return {
        **{name: tree_digest(course / name) for name in ("submitted", "autograded", "feedback")},
        "gradebook": gradebook_rows(course),
    }


def test_regenerate_after_markdown_edit_loses_nothing(mid_session, capsys):
    course = mid_session.course
    before = snapshot(course)
    assert before["gradebook"]["kamtrain_test_jury"] and before["submitted"]
    manual = [r for r in before["gradebook"]["grade"] if "3.0" in r]
    assert manual, "the jury's manual score is part of the snapshot"

    def reword(nb):
        nb.cells[3].source = nb.cells[3].source.replace("Le NPS global", "Le NPS global du compte")

    edit_workbook(mid_session, reword)
    capsys.readouterr()
    assert main(["cohort", "regenerate", str(course), "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "Notebooks changed: 1" in out and f"bloc1/{TRAINER_NOTEBOOK}" in out
    assert snapshot(course) == before
    release = nbformat.read(course / "release" / "bloc1" / f"{TRAINER_NOTEBOOK}.ipynb", 4)
    assert any("Le NPS global du compte" in c.source for c in release.cells)
    assert "BEGIN SOLUTION" not in json.dumps(release.dict())
    assert list((course / "backups").glob("gradebook-*.db")) or list(
        (course / "backups").glob("gradebook-*.sql")
    )


def test_regenerate_reports_changed_cells_by_grade_id(mid_session):
    from kamtrain.cohort.regenerate import regenerate_cohort

    def retitle_check(nb):
        cell = next(
            c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "c6_nps_global"
        )
        cell.source = "# Vérification reformulée\n" + cell.source

    edit_workbook(mid_session, retitle_check)
    report = regenerate_cohort(course_dir=mid_session.course)
    (change,) = report.with_status("changed")
    assert change.changed_cells == ("c6_nps_global",)
    assert not change.added_cells and not change.removed_cells
    assert report.release_changed == (f"bloc1/{TRAINER_NOTEBOOK}.ipynb",)


def test_regenerate_twice_is_idempotent(trainer_cohort):
    from kamtrain.cohort.regenerate import regenerate_cohort

    release = tree_digest(trainer_cohort.course / "release")
    report = regenerate_cohort(course_dir=trainer_cohort.course)
    assert report.unchanged and report.release_changed == ()
    assert tree_digest(trainer_cohort.course / "release") == release


def test_removing_a_graded_cell_with_submissions_is_refused_before_writing(mid_session, capsys):
    course = mid_session.course
    source_before = tree_digest(course / "source")
    before = snapshot(course)

    def drop_check(nb):
        nb.cells = [
            c
            for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("grade_id") != "c6_nps_par_site"
        ]

    edit_workbook(mid_session, drop_check)
    from kamtrain.cohort.regenerate import regenerate_cohort

    with pytest.raises(RegenerateConflictError, match="c6_nps_par_site") as info:
        regenerate_cohort(course_dir=course)
    assert "2 submission(s)" in str(info.value)
    assert tree_digest(course / "source") == source_before
    assert snapshot(course) == before
    assert main(["cohort", "regenerate", str(course), "--no-progress"]) == 1
    assert "Keep the grade_id" in capsys.readouterr().err


def test_dry_run_writes_nothing(mid_session):
    from kamtrain.cohort.regenerate import regenerate_cohort

    course = mid_session.course
    edit_workbook(
        mid_session, lambda nb: nb.cells.insert(1, nbformat.v4.new_markdown_cell("Nouveau"))
    )
    before = tree_digest(course)
    report = regenerate_cohort(course_dir=course, dry_run=True)
    (change,) = report.with_status("changed")
    assert len(change.added_cells) == 1 and change.added_cells[0].startswith("id:")
    assert tree_digest(course) == before


def test_generated_notebooks_record_their_parameters(trainer_cohort):
    for folder in ("source", "release"):
        nb = nbformat.read(
            trainer_cohort.course / folder / "bloc1" / f"{TRAINER_NOTEBOOK}.ipynb", 4
        )
        record = nb.metadata["kamtrain"]["generation"]
        assert record["cohort"] == "session-a" and record["learner"] == ""
        assert record["seed"] == "session-a" and record["workbook_version"]
        assert len(record["date"]) == 10


def test_regenerate_rolls_back_when_protected_data_would_change(mid_session, monkeypatch, capsys):
    """A fault (here injected into the install step) that writes to protected data is
    caught by the final check; source/, release/ and the gradebook are put back."""
    import kamtrain.cohort.regenerate as regen

    course = mid_session.course
    source_before = tree_digest(course / "source")
    release_before = tree_digest(course / "release")
    rows_before = gradebook_rows(course)
    edit_workbook(
        mid_session,
        lambda nb: setattr(nb.cells[3], "source", nb.cells[3].source + "\n\nPhrase ajoutée."),
    )
    real_install = regen._install

    def faulty_install(staged, target, removed):
        real_install(staged, target, removed)
        engine = sa.create_engine(db_url(course))
        with engine.begin() as con:  # a bug dropping jury data
            con.execute(sa.text("DELETE FROM kamtrain_test_jury"))
        engine.dispose()
        (course / "feedback" / "alice" / "retour.html").write_text("écrasé", "utf-8")

    monkeypatch.setattr(regen, "_install", faulty_install)
    capsys.readouterr()
    assert main(["cohort", "regenerate", str(course), "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert "regenerating changed protected data: feedback" in err
    assert "gradebook grades/comments/kamtrain_* tables" in err
    assert "rolled back: source/bloc1/, release/bloc1/, the gradebook (from gradebook-" in err
    assert tree_digest(course / "source") == source_before
    assert tree_digest(course / "release") == release_before
    assert gradebook_rows(course) == rows_before
    assert not (course / ".kamtrain" / "regenerate").exists()
    # Without the fault, the same edit goes through.
    monkeypatch.setattr(regen, "_install", real_install)
    (course / "feedback" / "alice" / "retour.html").write_text("<p>Très bien</p>", "utf-8")
    assert main(["cohort", "regenerate", str(course), "--no-progress"]) == 0
    assert tree_digest(course / "source") != source_before
    assert gradebook_rows(course) == rows_before


def test_an_assignment_outside_the_cohort_is_refused_by_name(trainer_cohort):
    from kamlearn.errors import CohortError
    from kamtrain.cohort.generate import generate_cohort
    from kamtrain.cohort.regenerate import regenerate_cohort

    release = tree_digest(trainer_cohort.course / "release")
    for command in (generate_cohort, regenerate_cohort):
        with pytest.raises(
            CohortError, match=r"bloc9 are not part of cohort 'session-a' \(bloc1\)"
        ):
            command(course_dir=trainer_cohort.course, assignments=("bloc1", "bloc9"))
    assert tree_digest(trainer_cohort.course / "release") == release

"""Movable cohorts: a copied or moved folder uses its own gradebook, never the original's.

(Grading a copy and a moved cohort runs kernels: see tests/test_grading_nothing_lost.py.)
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kamlearn.errors import DataFileError
from kamtrain.cohort.config import read_config

BIN = Path(sys.executable).parent


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(cmd: list[str], cwd: Path, home: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, KAMTRAIN_HOME=str(home), PATH=f"{BIN}:{os.environ['PATH']}")
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def assess(course: Path, learner: str = "alice") -> None:
    from kamtrain.epreuves.sittings import plan_epreuve
    from kamtrain.jury.api import assess, open_context
    from kamtrain.jury.sessions import create_session, register_candidates

    with open_context(course).store() as store:
        known = {s.name for s in store.sessions()}
    if "S1" not in known:
        create_session(
            course_dir=course, name="S1", session_date="2026-11-30", place="Reims",
            president="Hélène Marchand", members=("Claire|évaluateur",),
        )  # fmt: skip
    register_candidates(course_dir=course, session="S1", learners=(learner,))
    plan_epreuve(course_dir=course, epreuve="E5", date="2026-11-30", session="S1")
    assess(course_dir=course, assessor="Claire", learner=learner, criterion="C6.2", level=2)


def jury_rows(course: Path) -> int:
    from kamtrain.jury.api import open_context

    with open_context(course).store() as store:
        return len(store.all_rows())


@pytest.fixture
def original(trainer_template, tmp_path, monkeypatch) -> Path:
    """A plain copy of the template cohort (no path rewriting: it must not need any)."""
    monkeypatch.setenv("KAMTRAIN_HOME", str(trainer_template.home))
    return Path(shutil.copytree(trainer_template.course, tmp_path / "original", symlinks=True))


def test_settings_name_no_absolute_path(original):
    settings = (original / "kamtrain-cohort.yml").read_text(encoding="utf-8")
    assert "db_url: sqlite:///gradebook.db" in settings
    nb_config = (original / "nbgrader_config.py").read_text(encoding="utf-8")
    assert "/" + original.parts[1] not in nb_config  # no absolute path at all
    assert read_config(original).db_url == f"sqlite:///{original / 'gradebook.db'}"


@pytest.mark.parametrize("how", ["copy", "move"])
def test_a_copied_or_moved_cohort_writes_only_to_itself(original, tmp_path, how):
    before = digest(original / "gradebook.db")
    if how == "copy":
        other = Path(shutil.copytree(original, tmp_path / "elsewhere" / "copie"))
    else:
        other = tmp_path / "elsewhere" / "moved"
        other.parent.mkdir()
        original.rename(other)
    assert read_config(other).db_url == f"sqlite:///{other / 'gradebook.db'}"
    assess(other)
    assert jury_rows(other) == 1
    if how == "copy":
        assert digest(original / "gradebook.db") == before
        assert jury_rows(original) == 0


def test_plain_nbgrader_in_a_copy_uses_the_copy(original, tmp_path, trainer_template):
    from nbgrader.api import Gradebook

    copy = Path(shutil.copytree(original, tmp_path / "copie"))
    with Gradebook(read_config(copy).db_url, course_id="session-a") as gb:
        gb.add_student("zoe", first_name="Zoé", last_name="Copie")
    in_copy = run([str(BIN / "nbgrader"), "db", "student", "list"], copy, trainer_template.home)
    in_original = run(
        [str(BIN / "nbgrader"), "db", "student", "list"], original, trainer_template.home
    )
    assert in_copy.returncode == 0, in_copy.stderr
    listed = in_copy.stdout + in_copy.stderr
    assert "zoe" in listed and "alice" in listed
    assert "zoe" not in in_original.stdout + in_original.stderr


def _old_style(course: Path, points_to: Path) -> None:
    """Settings as an older kamtrain wrote them: absolute paths of ``points_to``."""
    settings = course / "kamtrain-cohort.yml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(
            "sqlite:///gradebook.db", f"sqlite:///{points_to / 'gradebook.db'}"
        ),
        encoding="utf-8",
    )
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.CourseDirectory.root = {str(points_to)!r}\n"
        "c.CourseDirectory.course_id = 'session-a'\n"
        f"c.CourseDirectory.db_url = 'sqlite:///{points_to / 'gradebook.db'}'\n",
        encoding="utf-8",
    )


def test_settings_pointing_outside_the_cohort_are_refused_then_relocated(
    original, tmp_path, trainer_template
):
    _old_style(original, original)
    assert read_config(original)  # absolute, but inside its own folder: fine
    copy = Path(shutil.copytree(original, tmp_path / "copie"))
    before = digest(original / "gradebook.db")
    with pytest.raises(DataFileError) as info:
        read_config(copy)
    message = str(info.value)
    assert "outside this cohort folder" in message and "kamtrain cohort relocate" in message
    # The CLI says the same, without a traceback, and writes nothing anywhere.
    proc = run(
        [str(BIN / "kamtrain"), *["jury", "assess", "."], "--assessor", "A", "--learner",
         "alice", "--criterion", "C6.2", "--level", "2"],
        copy,
        trainer_template.home,
    )  # fmt: skip
    assert proc.returncode == 1 and "cohort relocate" in proc.stderr
    assert "Traceback" not in proc.stderr
    # nbgrader_config.py alone pointing elsewhere is refused too.
    (copy / "kamtrain-cohort.yml").write_text(
        (original / "kamtrain-cohort.yml")
        .read_text(encoding="utf-8")
        .replace(str(original / "gradebook.db"), "gradebook.db"),
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match="nbgrader_config.py.*names the folder"):
        read_config(copy)
    fixed = run([str(BIN / "kamtrain"), "cohort", "relocate", "."], copy, trainer_template.home)
    assert fixed.returncode == 0, fixed.stderr
    assert "nbgrader_config.py" in fixed.stdout
    assert read_config(copy).db_url == f"sqlite:///{copy / 'gradebook.db'}"
    assess(copy)
    assert jury_rows(copy) == 1
    assert digest(original / "gradebook.db") == before

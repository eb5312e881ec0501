"""Fixtures shared by several test modules (append only; keep each fixture small)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from kamtrain.demo.simulate import HOSTILE_PROFILES

ROOT = Path(__file__).resolve().parent.parent


# --- trainer's day: a small controlled workbook and cohort (no kernel runs) ---------------

TRAINER_NOTEBOOK = "c6_satisfaction"
TRAINER_LEARNERS = (
    "id,first_name,last_name,email,accommodations\n"
    "alice,Alice,Martin,alice@example.org,\n"
    "bruno,Bruno,Lefèvre,bruno@example.org,\n"
    "chloe,Chloé,Durand,chloe@example.org,tiers-temps\n"
)


@dataclass(frozen=True)
class TrainerCohort:
    home: Path
    course: Path
    learners_csv: Path


def make_trainer_home(home: Path) -> Path:
    """A project root holding only the C6 notebook (a copy, so tests may edit it)."""
    (home / "notebooks" / "bloc1").mkdir(parents=True)
    (home / "notebooks" / "bloc1" / f"{TRAINER_NOTEBOOK}.ipynb").write_bytes(
        (ROOT / "notebooks" / "bloc1" / f"{TRAINER_NOTEBOOK}.ipynb").read_bytes()
    )
    for name in ("rubrics", "cases"):
        (home / name).symlink_to(ROOT / name)
    return home


def clone_cohort(src: Path, dst: Path) -> Path:
    """Copy a SQLite cohort folder; its settings name absolute paths, so rewrite them."""
    shutil.copytree(src, dst, symlinks=True)
    for name in ("kamtrain-cohort.yml", "nbgrader_config.py"):
        path = dst / name
        path.write_text(path.read_text(encoding="utf-8").replace(str(src), str(dst)), "utf-8")
    return dst


@pytest.fixture(scope="session")
def trainer_template(tmp_path_factory) -> TrainerCohort:
    """One generated C6 cohort of three learners; creating a gradebook takes seconds."""
    from kamtrain.cohort.create import create_cohort
    from kamtrain.cohort.generate import generate_cohort

    tmp = tmp_path_factory.mktemp("trainer")
    home = make_trainer_home(tmp / "home")
    learners = tmp / "learners.csv"
    learners.write_text(TRAINER_LEARNERS, encoding="utf-8")
    course = tmp / "cohorte"
    mp = pytest.MonkeyPatch()
    mp.setenv("KAMTRAIN_HOME", str(home))
    try:
        create_cohort(course_dir=course, name="session-a", learners_csv=learners)
        generate_cohort(course_dir=course)
    finally:
        mp.undo()
    return TrainerCohort(home=home, course=course, learners_csv=learners)


@pytest.fixture
def trainer_cohort(trainer_template, tmp_path, monkeypatch) -> TrainerCohort:
    """A private copy of :func:`trainer_template` (workbook and cohort), KAMTRAIN_HOME set."""
    home = tmp_path / "home"
    shutil.copytree(trainer_template.home, home, symlinks=True)
    course = clone_cohort(trainer_template.course, tmp_path / "cohorte")
    monkeypatch.setenv("KAMTRAIN_HOME", str(home))
    return TrainerCohort(home=home, course=course, learners_csv=trainer_template.learners_csv)


# --- grading at cohort scale (tests/test_grading_*.py; helpers in _grading_helpers.py) ---

#: Parts of the course folder that grading must leave byte for byte as they were.
GRADING_UNTOUCHED = (
    "source",
    "release",
    "submitted",
    "learners.csv",
    "kamtrain-cohort.yml",
    "nbgrader_config.py",
)


@pytest.fixture(scope="session")
def grading_home(tmp_path_factory) -> Path:
    """A KAMTRAIN_HOME holding only notebooks/bloc1/c6_satisfaction.ipynb."""
    from _grading_helpers import tiny_home

    return tiny_home(tmp_path_factory.mktemp("grading-home"))


@pytest.fixture(scope="session")
def hostile_run(tmp_path_factory, grading_home) -> dict:
    """One cohort with every hostile submission and a few normal ones, graded once.

    ``kamtrain grade`` runs as a trainer would run it, from inside the cohort folder
    (so hostile code can find it through its parent process), with 2 workers and a 10 s
    per-cell timeout. Returns a dict: course_dir, home, profiles, proc (the finished
    process), report (grading-latest.json), before/after digests of what must not change.
    """
    import json

    from _grading_helpers import build_cohort, folder_digest, run_kamtrain

    root = tmp_path_factory.mktemp("hostile")
    profiles = ["correct", "partial", "empty", "exception", *HOSTILE_PROFILES]
    course_dir = build_cohort(root, grading_home, profiles)
    before = folder_digest(course_dir, GRADING_UNTOUCHED)
    proc = run_kamtrain(
        ["grade", ".", "--workers", "2", "--timeout", "10", "--no-progress"],
        home=grading_home,
        cwd=course_dir,
    )
    report_path = course_dir / "reports" / "grading-latest.json"
    report = json.loads(report_path.read_text(encoding="utf-8")) if report_path.exists() else None
    return {
        "course_dir": course_dir,
        "home": grading_home,
        "profiles": profiles,
        "proc": proc,
        "report": report,
        "before": before,
        "after": folder_digest(course_dir, GRADING_UNTOUCHED),
    }


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory):
    """URL of a throw-away PostgreSQL database, or a skip that says why there is none."""
    from _grading_helpers import PostgresUnavailable, postgres_server

    root = tmp_path_factory.mktemp("postgres")
    server = postgres_server(root)
    try:
        url, _bin = server.__enter__()
    except PostgresUnavailable as exc:
        pytest.skip(f"PostgreSQL server could not start; PostgreSQL tests skipped: {exc}")
    try:
        yield url
    finally:
        server.__exit__(None, None, None)


def fake_graded_submission(
    course: Path,
    learner: str,
    *,
    profile: str = "correct",
    ratio: float = 1.0,
    manual: float | None = None,
    comment: str = "",
    assignment: str = "bloc1",
) -> None:
    """A submission as if collected and autograded, without running a kernel.

    The files go to ``submitted/`` (and a copy to ``autograded/``); the gradebook gets
    the submission with ``ratio`` of each autograded cell's points and, for manual cells,
    ``manual`` points (None: waiting for the jury) and ``comment``.
    """
    from nbgrader.api import Gradebook

    from kamtrain.cohort.config import read_config
    from kamtrain.demo.simulate import make_submission
    from kamtrain.nbgrader_adapter.api import ensure_venv_on_path

    ensure_venv_on_path()
    folder = make_submission(
        course_dir=course, learner=learner, assignment=assignment, profile=profile
    )
    shutil.copytree(folder, course / "autograded" / learner / assignment, dirs_exist_ok=True)
    config = read_config(course)
    with Gradebook(config.db_url, course_id=config.name) as gb:
        gb.add_submission(assignment, learner)
        sub = gb.find_submission(assignment, learner)
        for nb in sub.notebooks:
            for grade in nb.grades:
                if grade.cell.cell_type == "markdown":
                    grade.manual_score = manual
                    grade.needs_manual_grade = manual is None
                else:
                    grade.auto_score = round(float(grade.max_score) * ratio, 2)
                    grade.needs_manual_grade = False
            for item in nb.comments:
                item.manual_comment = comment or None
        gb.db.commit()


# --- the trainer's cohort on PostgreSQL (regenerate and progress tests run on both) ----


@pytest.fixture(scope="session")
def trainer_template_pg(tmp_path_factory, postgres_url) -> TrainerCohort:
    """:func:`trainer_template` with its gradebook in PostgreSQL (database ``trainer_tpl``)."""
    from _grading_helpers import clone_database

    from kamtrain.cohort.create import create_cohort
    from kamtrain.cohort.generate import generate_cohort

    url = clone_database(postgres_url.rsplit("/", 1)[0] + "/template1", "trainer_tpl")
    tmp = tmp_path_factory.mktemp("trainer-pg")
    home = make_trainer_home(tmp / "home")
    learners = tmp / "learners.csv"
    learners.write_text(TRAINER_LEARNERS, encoding="utf-8")
    course = tmp / "cohorte"
    mp = pytest.MonkeyPatch()
    mp.setenv("KAMTRAIN_HOME", str(home))
    try:
        create_cohort(course_dir=course, name="session-a", learners_csv=learners, db_url=url)
        generate_cohort(course_dir=course)
    finally:
        mp.undo()
    return TrainerCohort(home=home, course=course, learners_csv=learners)


_PG_CLONES = iter(range(1, 10_000))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_trainer_cohort(request, tmp_path, monkeypatch) -> TrainerCohort:
    """:func:`trainer_cohort` once with SQLite, once with PostgreSQL (a fresh database)."""
    if request.param == "sqlite":
        return request.getfixturevalue("trainer_cohort")
    from _grading_helpers import clone_database

    from kamtrain.cohort.config import read_config

    template = request.getfixturevalue("trainer_template_pg")
    old_url = read_config(template.course).db_url
    new_url = clone_database(old_url, f"trainer_{next(_PG_CLONES)}")
    home = tmp_path / "home"
    shutil.copytree(template.home, home, symlinks=True)
    course = clone_cohort(template.course, tmp_path / "cohorte")
    for name in ("kamtrain-cohort.yml", "nbgrader_config.py"):
        path = course / name
        path.write_text(path.read_text(encoding="utf-8").replace(old_url, new_url), "utf-8")
    monkeypatch.setenv("KAMTRAIN_HOME", str(home))
    return TrainerCohort(home=home, course=course, learners_csv=template.learners_csv)


# --- running on several cores: `make test` runs `pytest -n 2 --dist loadfile` -------------
# pytest-xdist's own "loadgroup" cannot be used: it renames the tests, which pytest 9 no
# longer allows. So the grouping is done by the scheduler below.

#: Modules sharing a session fixture too costly to build once per worker (each xdist worker
#: is a session of its own): they run on one worker. Here: ``hostile_run``.
SAME_WORKER = {
    "test_grading_hostile.py": "hostile_run",
    "test_grading_feedback.py": "hostile_run",
    "test_grading_parity.py": "hostile_run",
}

#: The longest modules (measured with `--durations`), handed out first so that no worker
#: is left running one of them alone at the end. The others keep the collection order.
LONGEST_FIRST = (
    "test_grading_memory.py",
    "test_grading_nothing_lost.py",
    "test_grading_dask.py",
    "test_jupyterhub.py",
    "test_demo_run.py",
    "hostile_run",
    "test_grading_postgres.py",
    "test_grading_attacks.py",
    "test_workbook_notebooks.py",
    "test_grading_fail_closed.py",
    "test_wheel.py",
)


def _work_unit(nodeid: str) -> str:
    module = nodeid.split("::", 1)[0].rsplit("/", 1)[-1]
    return SAME_WORKER.get(module, module)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """``--dist loadfile``, with the modules of :data:`SAME_WORKER` as one unit of work and
    the units in the workers' collection order (longest first, see below)."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ModuleScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return _work_unit(nodeid)

    config.option.loadscopereorder = False  # xdist's default: most tests first
    return ModuleScheduling(config, log)


def pytest_collection_modifyitems(config, items):
    """On an xdist worker: the modules of :data:`LONGEST_FIRST` first, in that order."""
    if not hasattr(config, "workerinput"):
        return
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(_work_unit(item.nodeid), len(rank)))

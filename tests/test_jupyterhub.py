"""A real JupyterHub session: two learners fetch, answer and submit; the trainer grades.

The hub runs on 127.0.0.1 with ``configurable-http-proxy`` from npm (``make install`` puts
it in ``.ci/node``), ``DummyAuthenticator`` and ``LocalProcessSpawner`` over real Unix
accounts (see ``_hub_helpers``). Learners never use a browser: they call their server's
REST API (nbgrader's assignment list, the contents API) and run code over the kernel's
websocket. Their servers have only the learner-side package.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from _grading_helpers import ASSIGNMENT, NOTEBOOK, auto_max_points, home_env
from _hub_helpers import (
    Hub,
    HubUnavailable,
    check_prerequisites,
    create_user,
    delete_user,
    learner_venv,
    world_dir,
)
from _hub_session import LearnerSession

pytestmark = [pytest.mark.slow]

NB_PATH_IN_HOME = "{course}/" + ASSIGNMENT + f"/{NOTEBOOK}.ipynb"
FINGERPRINT = 'import json; print(json.dumps(enquete["score_recommandation"].tolist()))'
WRITTEN = "Je rencontre les détracteurs du site le plus fragile sous quinze jours."


def _nbgrader(args: list[str], course_dir: Path, home: Path) -> subprocess.CompletedProcess:
    bin_dir = str(Path(sys.executable).parent)
    env = dict(os.environ, KAMTRAIN_HOME=str(home), PATH=bin_dir + os.pathsep + os.environ["PATH"])
    done = subprocess.run(
        [str(Path(bin_dir) / "nbgrader"), *args],
        cwd=course_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return done


def _kamtrain(args: list[str], course_dir: Path, home: Path) -> subprocess.CompletedProcess:
    kamtrain = Path(sys.executable).parent / "kamtrain"
    env = dict(os.environ, KAMTRAIN_HOME=str(home))
    done = subprocess.run(
        [str(kamtrain), *args], cwd=course_dir, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return done


def _solutions(source_nb: Path) -> dict[str, str]:
    """grade_id -> the source version's answer, without nbgrader's solution markers."""
    nb = json.loads(source_nb.read_text(encoding="utf-8"))
    out = {}
    for cell in nb["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if meta.get("solution") and cell["cell_type"] == "code":
            text = "".join(cell["source"])
            out[meta["grade_id"]] = "\n".join(
                line
                for line in text.splitlines()
                if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION")
            )
    return out


def _work_as_learner(session: LearnerSession, path: str, answers: dict[str, str]) -> dict:
    """Answer the cells named in ``answers``, run the notebook cell by cell, save it.

    The test cells are left out: the learner's server has no grader, and what they say
    does not count. Returns what the kernel reported about the learner's environment.
    """
    nb = session.read_notebook(path)
    kernel = session.start_kernel(path)
    codes, cells = [], []
    for cell in nb["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if cell["cell_type"] == "markdown":
            if meta.get("solution"):
                cell["source"] = WRITTEN
            continue
        if meta.get("grade") and not meta.get("solution"):
            continue
        if meta.get("grade_id") in answers:
            cell["source"] = answers[meta["grade_id"]]
        codes.append(cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"]))
        cells.append(cell)
    probe = (
        "import os, sys, importlib.util, kamlearn\n"
        "print(json.dumps({'python': sys.executable, 'user': os.environ.get('JUPYTERHUB_USER'),"
        " 'kamlearn': kamlearn.__file__,"
        " 'kamtrain': importlib.util.find_spec('kamtrain') is not None}))"
    )
    results = session.execute(kernel, [*codes, FINGERPRINT, probe])
    for cell, result in zip(cells, results, strict=False):
        cell["outputs"] = result["outputs"]
        cell["execution_count"] = result["execution_count"]
    session.save_notebook(path, nb)
    session.api("DELETE", f"/api/kernels/{kernel}")
    errors = {
        cell["metadata"].get("nbgrader", {}).get("grade_id"): result["error"]
        for cell, result in zip(cells, results, strict=False)
        if result["error"]
    }
    *_, fingerprint, env = results
    return {
        "errors": errors,
        "scores": json.loads(fingerprint["outputs"][0]["text"]),
        "env": json.loads(env["outputs"][0]["text"]),
    }


@pytest.fixture(scope="module")
def hub_run(tmp_path_factory, grading_home):
    try:
        check_prerequisites()
    except HubUnavailable as exc:
        pytest.skip(f"JupyterHub test skipped: {exc}")
    from kamtrain.cohort.create import create_cohort
    from kamtrain.cohort.generate import generate_cohort
    from kamtrain.cohort.learners import Learner, write_learners

    shared = world_dir("kamtrain-hub-")
    suffix = secrets.token_hex(2)
    alice, bruno = f"kt-alice{suffix}", f"kt-bruno{suffix}"
    users = [alice, bruno]
    hub = None
    try:
        for user in users:
            create_user(user)
        try:
            python = learner_venv(shared)
        except HubUnavailable as exc:
            pytest.skip(f"JupyterHub test skipped: {exc}")
        # The trainer's side: a cohort in a private folder, an exchange the learners reach.
        trainer = tmp_path_factory.mktemp("hub-trainer")
        csv = trainer / "learners.csv"
        write_learners(
            csv, [Learner(u, "Camille", f"Hub{i}", f"{u}@example.org") for i, u in enumerate(users)]
        )
        course_dir = trainer / "cohort"
        course = "cohorte-hub"
        with home_env(grading_home):
            create_cohort(
                course_dir=course_dir, name=course, learners_csv=csv, assignments=(ASSIGNMENT,)
            )
            generate_cohort(course_dir=course_dir)
        exchange = shared / "exchange"
        with (course_dir / "nbgrader_config.py").open("a", encoding="utf-8") as fh:
            fh.write(f"c.Exchange.root = {str(exchange)!r}\n")
        _nbgrader(["release_assignment", ASSIGNMENT], course_dir, grading_home)

        hub = Hub(shared, users=users, python=python, exchange=exchange, course=course)
        hub.start()
        logins = {
            "right": hub.login(alice, hub.password),
            "wrong": hub.login(alice, "pas-le-bon-mot-de-passe"),
        }
        solutions = _solutions(course_dir / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb")
        first = next(iter(solutions))
        answers = {alice: solutions, bruno: {first: solutions[first]}}
        sessions, work = {}, {}
        path = NB_PATH_IN_HOME.format(course=course)
        for user in users:
            hub.spawn(user)
            session = LearnerSession(hub, user, hub.user_token(user))
            sessions[user] = session
            session.api(
                "POST", "/assignments/fetch", {"course_id": course, "assignment_id": ASSIGNMENT}
            )
            work[user] = _work_as_learner(session, path, answers[user])
            submitted = session.api(
                "POST", "/assignments/submit", {"course_id": course, "assignment_id": ASSIGNMENT}
            )
            assert not (isinstance(submitted, dict) and submitted.get("success") is False), (
                submitted
            )

        # The trainer collects, grades and releases feedback; learners fetch it.
        _nbgrader(["collect", ASSIGNMENT], course_dir, grading_home)
        graded = _kamtrain(["grade", ".", "--no-progress"], course_dir, grading_home)
        released = _kamtrain(["feedback", ".", "--release"], course_dir, grading_home)
        feedback = {}
        for user, session in sessions.items():
            session.api(
                "POST",
                "/assignments/fetch_feedback",
                {"course_id": course, "assignment_id": ASSIGNMENT},
            )
            folder = f"{course}/{ASSIGNMENT}/feedback"
            stamps = session.api("GET", f"/api/contents/{folder}")["content"]
            pages = []
            for stamp in stamps:
                listing = session.api("GET", f"/api/contents/{stamp['path']}")["content"]
                pages += [
                    session.api("GET", f"/api/contents/{item['path']}?content=1&format=text")[
                        "content"
                    ]
                    for item in listing
                    if item["name"].endswith(".html")
                ]
            feedback[user] = pages
        yield {
            "course_dir": course_dir,
            "course": course,
            "users": users,
            "alice": alice,
            "bruno": bruno,
            "work": work,
            "logins": logins,
            "graded": graded,
            "released": released,
            "feedback": feedback,
            "python": python,
        }
    finally:
        if hub is not None:
            hub.stop()
        for user in users:
            delete_user(user)
        shutil.rmtree(shared, ignore_errors=True)


def _scores(course_dir: Path, course: str) -> dict[str, float]:
    from nbgrader.api import Gradebook

    from kamtrain.cohort.config import read_config

    with Gradebook(read_config(course_dir).db_url, course_id=course) as gb:
        return {s.student.id: float(s.score) for s in gb.assignment_submissions(ASSIGNMENT)}


def test_hub_authenticates_local_accounts(hub_run):
    assert hub_run["logins"] == {"right": 200, "wrong": 403}


def test_learner_servers_have_only_the_learner_side(hub_run):
    for user in hub_run["users"]:
        env = hub_run["work"][user]["env"]
        assert env["user"] == user
        assert env["python"] == str(hub_run["python"])
        assert env["kamtrain"] is False
        assert env["kamlearn"].startswith(str(hub_run["python"].parents[2] / "learner-lib"))


def test_each_learner_gets_their_own_variant_from_the_hub_identity(hub_run, grading_home):
    from kamlearn.cases import load_case

    work = hub_run["work"]
    assert work[hub_run["alice"]]["errors"] == {}
    assert work[hub_run["alice"]]["scores"] != work[hub_run["bruno"]]["scores"]
    with home_env(grading_home):
        for user in hub_run["users"]:
            case = load_case("c6_satisfaction", cohort=hub_run["course"], learner=user)
            assert work[user]["scores"] == case.data["enquete"]["score_recommandation"].tolist()


def test_trainer_collects_grades_and_releases_feedback(hub_run):
    course_dir = hub_run["course_dir"]
    alice, bruno = hub_run["alice"], hub_run["bruno"]
    for user in hub_run["users"]:
        assert (course_dir / "submitted" / user / ASSIGNMENT / f"{NOTEBOOK}.ipynb").exists()
    scores = _scores(course_dir, hub_run["course"])
    auto_max = auto_max_points(course_dir / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb")
    assert scores[alice] == auto_max
    assert 0 < scores[bruno] < auto_max
    for user in hub_run["users"]:
        pages = hub_run["feedback"][user]
        assert pages, f"{user} fetched no feedback"
        assert "Retour de correction" in pages[0]
    assert hub_run["feedback"][alice][0] != hub_run["feedback"][bruno][0]

"""The Dask route's data, without a cluster: what travels, and how results are read.

A worker's result is data: these tests forge results (another job's key, extra fields,
impossible points, a broken notebook, a duplicate, a key never sent) and check that
nothing is written and the notebook fails with a named reason. The cell book a worker
sanitizes with must give the very notebook the trainer's gradebook gives.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kamtrain.grading.model import ExecutionOutcome, NotebookJob, Problem
from kamtrain.grading.payload import ResultRefused, decode_result, encode_result, safe_relative
from kamtrain.grading.score import ItemVerdict

NOTEBOOK_TEXT = json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def _job(tmp_path: Path, learner: str = "alice") -> NotebookJob:
    return NotebookJob(learner, "bloc1", "c6_satisfaction", tmp_path / "staged.ipynb")


def _result(tmp_path: Path, key: str = "run-000001", **changes) -> bytes:
    executed = tmp_path / "worker-side.ipynb"
    executed.write_text(NOTEBOOK_TEXT, encoding="utf-8")
    outcome = ExecutionOutcome(
        "alice",
        "bloc1",
        "c6_satisfaction",
        executed,
        2.5,
        kernel_seconds=0.6,
        problems=(Problem("timeout", "Une cellule interrompue.", "c6_satisfaction"),),
        started_at=1.0,
        ended_at=3.5,
        verdicts=(ItemVerdict("c6.nps_global", "c6_nps_global", 6, 1.5, 2.0, ("Presque.",)),),
    )
    data = json.loads(encode_result(outcome, key=key, worker={"host": "w1", "pid": 42}))
    data.update(changes)
    return json.dumps(data).encode()


def test_a_well_formed_result_is_written_where_the_local_route_writes(tmp_path):
    job = _job(tmp_path)
    outcome, worker = decode_result(
        _result(tmp_path), key="run-000001", job=job, executed_root=tmp_path / "x"
    )
    assert outcome.executed_path == tmp_path / "x" / "alice" / "bloc1" / "c6_satisfaction.ipynb"
    assert outcome.executed_path.read_text(encoding="utf-8") == NOTEBOOK_TEXT
    assert outcome.verdicts[0].earned == 1.5 and outcome.verdicts[0].max_points == 2.0
    assert outcome.problems[0].kind == "timeout" and outcome.seconds == 2.5
    assert worker == "w1:42"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"key": "run-000002"}, "claims job"),
        ({"executed_path": "/etc/passwd"}, "other fields"),
        ({"learner": "bruno"}, "other fields"),
        ({"notebook": "{not json"}, "not JSON"),
        ({"notebook": json.dumps({"cells": "x"})}, "nbformat 4"),
        ({"seconds": float("nan")}, "finite"),
        ({"wire": 99}, "wire version"),
        ({"worker": {"host": "w1", "pid": "42"}}, "pid"),
    ],
)
def test_a_forged_result_is_refused_and_nothing_is_written(tmp_path, change, reason):
    raw = _result(tmp_path, **change) if "nan" not in repr(change) else None
    if raw is None:  # json.dumps writes NaN, which json.loads reads back: keep it
        raw = _result(tmp_path).replace(b'"seconds": 2.5', b'"seconds": NaN')
    with pytest.raises(ResultRefused, match=reason):
        decode_result(raw, key="run-000001", job=_job(tmp_path), executed_root=tmp_path / "x")
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize(
    "verdict",
    [
        {"earned": 3.0},  # more than the item's points
        {"earned": -1.0},
        {"cell_index": True},
        {"messages": "not a list"},
        {"grade_id": "x" * 5000},
    ],
)
def test_impossible_verdicts_are_refused(tmp_path, verdict):
    _refused_with(tmp_path, "verdicts", verdict)


@pytest.mark.parametrize("problem", [{"notebook": "c2_comptes"}, {"kind": "Timeout; rm -rf"}])
def test_a_problem_about_another_notebook_or_odd_kind_is_refused(tmp_path, problem):
    _refused_with(tmp_path, "problems", problem)


def _refused_with(tmp_path: Path, field: str, change: dict) -> None:
    data = json.loads(_result(tmp_path))
    data[field][0].update(change)
    with pytest.raises(ResultRefused):
        decode_result(
            json.dumps(data).encode(),
            key="run-000001",
            job=_job(tmp_path),
            executed_root=tmp_path / "x",
        )
    assert not (tmp_path / "x").exists()


def test_learner_text_in_a_result_loses_control_characters(tmp_path):
    data = json.loads(_result(tmp_path))
    data["problems"][0]["message"] = "bip\x1b[31m rouge"
    outcome, _ = decode_result(
        json.dumps(data).encode(), key="run-000001", job=_job(tmp_path), executed_root=tmp_path
    )
    assert "\x1b" not in outcome.problems[0].message


def test_duplicate_and_unknown_results_are_ignored_counted_and_write_nothing(tmp_path):
    from kamtrain.grading.dask_route import Collector

    job = _job(tmp_path)
    collector = Collector({"run-000001": job}, tmp_path / "x")
    first = collector.accept("run-000001", _result(tmp_path))
    assert first is not None and first.executed_path.exists()
    written = first.executed_path.read_bytes()
    other = json.dumps({"cells": [{"x": 1}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    assert collector.accept("run-000001", _result(tmp_path, notebook=other)) is None
    assert collector.accept("run-000009", _result(tmp_path, key="run-000009")) is None
    assert first.executed_path.read_bytes() == written
    assert (collector.duplicates, collector.refused) == (1, 1)
    assert collector.by_worker == {"w1:42": 1}


def test_a_refused_result_fails_its_notebook_with_the_reason(tmp_path):
    from kamtrain.grading.dask_route import Collector

    collector = Collector({"run-000001": _job(tmp_path)}, tmp_path / "x")
    outcome = collector.accept("run-000001", _result(tmp_path, key="run-000002"))
    assert outcome.executed_path is None
    assert outcome.problems[0].kind == "execution_error"
    assert "refusé" in outcome.problems[0].message and "run-000002" in outcome.problems[0].message
    assert collector.refused == 1


@pytest.mark.parametrize("name", ["../escape.txt", "/etc/passwd", "a/../../b", ""])
def test_task_file_names_cannot_leave_their_folder(name):
    from kamlearn.errors import GradingError

    with pytest.raises(GradingError):
        safe_relative(name)


def test_settings_sent_to_workers_hold_no_local_path_or_gradebook_url(tmp_path):
    from kamtrain.grading.execute import ExecutionSettings
    from kamtrain.grading.payload import common, task

    settings = ExecutionSettings(
        course_dir=tmp_path / "secret-course",
        course_id="session-a",
        db_url="postgresql://trainer:motdepasse@db/gradebook",
        cohort_key="session-a",
        executed_root=tmp_path / "secret-course" / ".kamtrain" / "executed",
        accommodations={"alice": ("tiers-temps",), "bruno": ("autre",)},
    )
    staged = tmp_path / "secret-course" / "s" / "alice" / "bloc1"
    (staged / "simulations").mkdir(parents=True)
    (staged / "c6_satisfaction.ipynb").write_text(NOTEBOOK_TEXT, encoding="utf-8")
    (staged / "other.ipynb").write_text(NOTEBOOK_TEXT, encoding="utf-8")
    (staged / "simulations" / "pitch.json").write_text("[]", encoding="utf-8")
    job = NotebookJob("alice", "bloc1", "c6_satisfaction", staged / "c6_satisfaction.ipynb")
    sent = repr((common(settings), task(job, settings, key="k")))
    assert "secret-course" not in sent and "motdepasse" not in sent and "bruno" not in sent
    spec = task(job, settings, key="k")
    assert spec["files"] == {"simulations/pitch.json": b"[]"}
    assert spec["accommodations"] == ["tiers-temps"]


def test_the_cell_book_sanitizes_a_notebook_as_the_gradebook_does(trainer_cohort, tmp_path):
    """What a worker runs is what the local route runs: same restored cells, same kernelspec."""
    import zlib

    import nbformat

    from kamtrain.cohort.config import read_config
    from kamtrain.grading.execute import ExecutionSettings, sanitize
    from kamtrain.nbgrader_adapter.cell_book import cell_book

    course = trainer_cohort.course
    config = read_config(course)
    nb = nbformat.read(course / "release" / "bloc1" / "c6_satisfaction.ipynb", as_version=4)
    graded = [i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade")]
    locked = next(
        c
        for c in nb.cells
        if c.metadata.get("nbgrader", {}).get("locked") and not c.metadata["nbgrader"].get("grade")
    )
    locked.source = "print('modifié par l’apprenant')"
    del nb.cells[graded[0]]  # a deleted test cell comes back from the gradebook
    nb.metadata["kernelspec"] = {"name": "autre", "display_name": "autre", "language": "python"}
    book = tmp_path / "book.db"
    book.write_bytes(
        zlib.decompress(
            cell_book(
                db_url=config.db_url,
                course_id=config.name,
                assignment="bloc1",
                notebook="c6_satisfaction",
            )
        )
    )

    def sanitized(db_url: str) -> str:
        settings = ExecutionSettings(
            course_dir=course,
            course_id=config.name,
            db_url=db_url,
            cohort_key=config.cohort_key,
            executed_root=tmp_path,
        )
        out = sanitize(
            nbformat.reads(nbformat.writes(nb), as_version=4),
            settings=settings,
            learner="alice",
            assignment="bloc1",
            notebook="c6_satisfaction",
        )
        data = json.loads(nbformat.writes(out))
        for cell in data["cells"]:
            cell.pop("id", None)  # a restored cell gets a random id either way
        return json.dumps(data, ensure_ascii=False)

    local, remote = sanitized(config.db_url), sanitized(f"sqlite:///{book}")
    assert remote == local
    assert "modifié par l’apprenant" not in remote and '"autre"' not in remote
    assert len(json.loads(remote)["cells"]) == len(nb.cells) + 1


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_unreachable_scheduler_is_named_within_seconds():
    pytest.importorskip("distributed")
    from kamtrain.grading.dask_route import SchedulerUnreachableError, connect

    address = f"tcp://127.0.0.1:{_closed_port()}"
    started = time.monotonic()
    with pytest.raises(SchedulerUnreachableError, match=address.replace(".", r"\.")):
        connect(address, timeout=2)
    assert time.monotonic() - started < 15


def test_without_dask_the_error_names_the_pip_command(monkeypatch):
    from kamlearn.errors import MissingExtraError
    from kamtrain.grading.dask_route import connect

    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'kamtrain\[dask\]'"):
        connect("tcp://127.0.0.1:1")


def test_cli_grade_with_an_unreachable_scheduler_writes_nothing(trainer_cohort):
    pytest.importorskip("distributed")
    address = f"tcp://127.0.0.1:{_closed_port()}"
    before = sorted(p.relative_to(trainer_cohort.course) for p in trainer_cohort.course.rglob("*"))
    done = subprocess.run(
        [
            str(Path(sys.executable).parent / "kamtrain"),
            "grade",
            str(trainer_cohort.course),
            "--scheduler",
            address,
            "--no-progress",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert f"No Dask scheduler answered at {address}" in done.stderr
    assert "Traceback" not in done.stderr
    after = sorted(p.relative_to(trainer_cohort.course) for p in trainer_cohort.course.rglob("*"))
    assert [p for p in after if p not in before and ".kamtrain" not in p.parts] == []

"""kamtrain talks to nbgrader through one adapter, and takes nbgrader's own lists and formats.

- Only ``kamtrain/nbgrader_adapter/`` imports ``nbgrader`` (an ast scan).
- The preprocessor lists are nbgrader's defaults with ``Execute`` swapped: a preprocessor a
  later nbgrader adds is run too (shown by adding one to nbgrader's default).
- New cells carry nbgrader's own cell-metadata schema version.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from kamtrain.nbgrader_adapter import cells, preprocessors

ROOT = Path(__file__).resolve().parents[1]
ADAPTER = ROOT / "kamtrain" / "nbgrader_adapter"
#: Modules allowed to import nbgrader besides the adapter: none.
PENDING: set[str] = set()


def _nbgrader_users() -> dict[str, list[str]]:
    users: dict[str, list[str]] = {}
    for package in ("kamtrain", "kamlearn"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if ADAPTER in path.parents:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                    if node.module == "kamtrain.cohort" and any(
                        a.name == "bridge" for a in node.names
                    ):
                        names.append("kamtrain.cohort.bridge")
                for name in names:
                    if name == "nbgrader" or name.startswith(
                        ("nbgrader.", "kamtrain.cohort.bridge")
                    ):
                        rel = str(path.relative_to(ROOT))
                        users.setdefault(rel, []).append(f"line {node.lineno}: {name}")
    return users


def test_only_the_adapter_imports_nbgrader():
    users = _nbgrader_users()
    outside = {path: where for path, where in users.items() if path not in PENDING}
    assert not outside, f"go through kamtrain.nbgrader_adapter instead: {outside}"


def test_preprocessors_are_nbgraders_own_with_execute_swapped(monkeypatch):
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import CheckCellMetadata, Execute

    class Replay(Execute):
        pass

    defaults = list(Autograde.class_traits()["autograde_preprocessors"].default())
    steps = preprocessors.autograde_preprocessors(execute=Replay)
    assert steps == [Replay if s is Execute else s for s in defaults]
    assert Execute not in steps
    sanitize = Autograde.class_traits()["sanitize_preprocessors"].default()
    assert preprocessors.sanitize_preprocessors() == list(sanitize)

    # A step a future nbgrader adds to its defaults is run by kamtrain too.
    class NewStep(CheckCellMetadata):
        pass

    trait = Autograde.class_traits()["autograde_preprocessors"]
    monkeypatch.setattr(trait, "default", lambda obj=None: [*defaults, NewStep])
    assert preprocessors.autograde_preprocessors(execute=Replay)[-1] is NewStep

    # An nbgrader without Execute in its list is refused by name.
    monkeypatch.setattr(
        trait, "default", lambda obj=None: [s for s in defaults if s is not Execute]
    )
    with pytest.raises(preprocessors.NbgraderLayoutError, match="should hold Execute"):
        preprocessors.autograde_preprocessors(execute=Replay)


def test_cell_metadata_uses_nbgraders_schema_and_validates(monkeypatch):
    from nbformat import v4
    from nbgrader.nbgraderformat import SCHEMA_VERSION, MetadataValidator

    meta = cells.cell_metadata("q1", grade=True, solution=True, points=2)
    assert meta["schema_version"] == SCHEMA_VERSION
    cell = v4.new_code_cell("x = 1", metadata={"nbgrader": meta})
    MetadataValidator().validate_cell(cell)  # nbgrader accepts what the adapter writes
    assert cells.grade_id(cell) == "q1" and cells.is_graded(cell)
    assert cells.grade_id(v4.new_markdown_cell("texte")) is None

    import nbgrader.nbgraderformat as fmt

    monkeypatch.setattr(fmt, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    assert cells.cell_metadata("q1")["schema_version"] == SCHEMA_VERSION + 1


def test_recorded_cell_ids_follow_nbgraders_roles():
    from nbformat import v4

    nb = v4.new_notebook()
    nb.cells = [
        v4.new_code_cell("", metadata={"nbgrader": cells.cell_metadata("answer", solution=True)}),
        v4.new_code_cell(
            "",
            metadata={"nbgrader": cells.cell_metadata("test", grade=True, locked=True, points=1)},
        ),
        v4.new_markdown_cell("", metadata={"nbgrader": cells.cell_metadata("intro", locked=True)}),
        v4.new_code_cell("x = 1"),
    ]
    grade, solution, task, source = cells.recorded_cell_ids(nb)
    assert grade == {"test"} and solution == {"answer"} and task == set()
    assert source == {"answer", "test", "intro"}


def test_parallel_workers_also_start_with_spawn(monkeypatch, tmp_path):
    """What a spawned worker receives (the job, the settings, the functions) crosses a pickle."""
    import multiprocessing
    import pickle
    from concurrent.futures import ProcessPoolExecutor

    from kamtrain.grading import parallel, worker_init
    from kamtrain.grading.execute import ExecutionSettings, execute_job
    from kamtrain.grading.model import NotebookJob

    settings = ExecutionSettings(
        course_dir=tmp_path,
        course_id="c",
        db_url="sqlite:///x.db",
        cohort_key="c",
        executed_root=tmp_path / "executed",
    )
    job = NotebookJob("alice", "bloc1", "c6_satisfaction", tmp_path / "c6_satisfaction.ipynb")
    assert pickle.loads(pickle.dumps((execute_job, job, settings, worker_init.warm_up)))[1] == job
    monkeypatch.setenv("KAMTRAIN_START_METHOD", "spawn")
    assert parallel.start_method() == "spawn"
    context = multiprocessing.get_context(parallel.start_method())
    with ProcessPoolExecutor(
        max_workers=1, mp_context=context, initializer=worker_init.warm_up
    ) as pool:
        assert pool.submit(parallel.default_workers).result(timeout=300) >= 1


def test_the_cached_metadata_validation_raises_what_nbgrader_raises():
    import copy

    from jsonschema import ValidationError
    from nbformat.v4 import new_code_cell
    from nbgrader.nbgraderformat import MetadataValidator, common

    from kamtrain.nbgrader_adapter.speed import _CachedJsonschema, cache_metadata_validation

    good = new_code_cell("x = 1")
    good.metadata["nbgrader"] = {
        "schema_version": 3,
        "grade": True,
        "solution": False,
        "locked": True,
        "grade_id": "t1",
        "points": 2,
        "task": False,
    }
    bad = copy.deepcopy(good)
    bad.metadata["nbgrader"]["points"] = "deux"
    worse = copy.deepcopy(good)
    del worse.metadata["nbgrader"]["grade_id"]
    original = common.jsonschema

    def errors(validator):
        found = []
        for cell in (good, bad, worse):
            try:
                validator.validate_cell(cell)
                found.append(None)
            except ValidationError as exc:
                found.append(exc.message)
        return found

    try:
        common.jsonschema = getattr(original, "_module", original)
        plain = errors(MetadataValidator())
        cache_metadata_validation()
        cache_metadata_validation()  # idempotent
        assert isinstance(common.jsonschema, _CachedJsonschema)
        assert not isinstance(common.jsonschema._module, _CachedJsonschema)
        assert errors(MetadataValidator()) == plain and plain[0] is None and None not in plain[1:]
    finally:
        common.jsonschema = original

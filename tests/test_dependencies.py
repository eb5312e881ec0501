"""What the code imports is declared; optional features say which extra they need; numpy is pinned.

The numpy pin is checked against a cohort whose notebooks record another numpy: grading
must refuse it by name, not grade against other data.
"""

from __future__ import annotations

import ast
import json
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

from kamlearn.errors import EnvironmentMismatchError, MissingExtraError
from kamtrain import environment

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
EXTRAS = {
    "postgres": {"psycopg2"},
    "pdf": {"weasyprint"},
    "lab": {"jupyterlab"},
    "dask": {"distributed"},
}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _imported_top_modules() -> dict[str, str]:
    """Top-level third-party modules imported anywhere in kamtrain/ and kamlearn/."""
    found: dict[str, str] = {}
    for package in ("kamtrain", "kamlearn"):
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                for name in names:
                    top = name.split(".")[0]
                    if top not in sys.stdlib_module_names and top not in ("kamtrain", "kamlearn"):
                        found.setdefault(top, str(path.relative_to(ROOT)))
    return found


def test_every_imported_module_is_declared():
    declared = {_name(r) for r in PYPROJECT["project"]["dependencies"]}
    optional = {
        _name(r) for extra in EXTRAS for r in PYPROJECT["project"]["optional-dependencies"][extra]
    }
    providers = metadata.packages_distributions()
    missing = []
    for module, where in _imported_top_modules().items():
        dists = {d.lower().replace("_", "-") for d in providers.get(module, [module])}
        if not dists & (declared | optional):
            missing.append(f"{module} (imported in {where}, provided by {sorted(dists)})")
    assert not missing, "imported but not declared in pyproject.toml: " + "; ".join(missing)


def test_heavy_features_are_extras_and_numpy_is_pinned():
    core = {_name(r): r for r in PYPROJECT["project"]["dependencies"]}
    for extra, dists in EXTRAS.items():
        names = {_name(r) for r in PYPROJECT["project"]["optional-dependencies"][extra]}
        assert names, extra
        assert not names & set(core), f"{extra} must not be a core dependency"
        assert {d.replace("psycopg2", "psycopg2-binary") for d in dists} == names
    assert re.fullmatch(r"numpy==\d+\.\d+\.\d+", core["numpy"]), core["numpy"]
    # The installed metadata says the same as pyproject, and numpy matches it.
    assert environment.pinned_numpy() == core["numpy"].removeprefix("numpy==")
    assert environment.running_numpy() == environment.pinned_numpy()
    assert "'.[all]'" in (ROOT / "Makefile").read_text(encoding="utf-8")


def test_missing_extras_name_the_extra(monkeypatch, tmp_path):
    from kamtrain.documents.pdf import write_pdf
    from kamtrain.nbgrader_adapter.api import gradebook_url

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails as if not installed
    with pytest.raises(MissingExtraError, match=r"kamtrain\[pdf\]"):
        write_pdf("<p>x</p>", tmp_path / "x.pdf")
    real = __import__("importlib.util").util.find_spec
    monkeypatch.setattr(
        "importlib.util.find_spec",
        lambda name, *a: None if name.startswith("psycopg") else real(name, *a),
    )
    with pytest.raises(MissingExtraError, match=r"kamtrain\[postgres\]"):
        gradebook_url("postgresql://u@localhost/db")
    assert gradebook_url("sqlite:///x.db") == "sqlite:///x.db"


def _course_with(tmp_path: Path, numpy_version: str | None) -> Path:
    folder = tmp_path / "course" / "source" / "bloc1"
    folder.mkdir(parents=True)
    generation = {"schema_version": 1, "cohort": "c"}
    if numpy_version is not None:
        generation["numpy"] = numpy_version
    document = {"cells": [], "metadata": {"kamtrain": {"generation": generation}}}
    (folder / "c1_marche.ipynb").write_text(json.dumps(document), encoding="utf-8")
    return tmp_path / "course"


def test_grading_refuses_another_numpy(tmp_path, monkeypatch):
    running = environment.running_numpy()
    assert environment.check_numpy(_course_with(tmp_path / "ok", running)) == running
    with pytest.raises(EnvironmentMismatchError) as caught:
        environment.check_numpy(_course_with(tmp_path / "old", "1.26.4"))
    message = str(caught.value)
    assert "c1_marche.ipynb" in message and "numpy 1.26.4" in message and running in message
    with pytest.raises(EnvironmentMismatchError, match="generation.numpy is missing"):
        environment.check_numpy(_course_with(tmp_path / "none", None))
    # A grader whose numpy is not the pinned one refuses before looking at any notebook.
    monkeypatch.setattr(environment, "running_numpy", lambda: "0.0.1")
    with pytest.raises(EnvironmentMismatchError, match="kamtrain pins numpy"):
        environment.check_numpy(_course_with(tmp_path / "pin", "0.0.1"))


def test_generated_notebooks_record_numpy(trainer_cohort):
    source = trainer_cohort.course / "source"
    notebooks = sorted(source.rglob("*.ipynb"))
    assert notebooks
    for notebook in notebooks:
        assert environment.recorded_numpy(notebook) == environment.running_numpy(), notebook
    environment.check_numpy(trainer_cohort.course)

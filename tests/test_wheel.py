"""The wheels carry their data, and the learner side installs on its own.

``pip install .`` (not editable) in a fresh venv outside the repository must give a working
``kamtrain referential`` and ``kamtrain demo``; ``pip install ./learner`` must give a
``kamlearn`` that loads a case and has no trainer side at all. Helpers: _wheel_helpers.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from _wheel_helpers import REPO, build_wheel, copy_sources, fresh_env, make_venv


def _names(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as z:
        return z.namelist()


@pytest.fixture(scope="module")
def wheels(tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("wheels")
    src = copy_sources(tmp / "src")
    return {
        "kamtrain": build_wheel(src, tmp / "dist"),
        "kamlearn": build_wheel(src / "learner", tmp / "dist"),
    }


@pytest.fixture(scope="module")
def trainer_bin(wheels, tmp_path_factory) -> Path:
    return make_venv(tmp_path_factory.mktemp("trainer") / "venv", wheels["kamtrain"])


@pytest.fixture(scope="module")
def learner_bin(wheels, tmp_path_factory) -> Path:
    return make_venv(tmp_path_factory.mktemp("learner") / "venv", wheels["kamlearn"])


def _run(bin_dir: Path, *args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(bin_dir / args[0]), *args[1:]],
        cwd=cwd,
        env=fresh_env(bin_dir),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


# --- fast checks on the project files -------------------------------------------------------


def test_root_folders_are_symlinks_into_the_packages():
    assert (REPO / "rubrics").resolve() == REPO / "kamlearn" / "data" / "rubrics"
    assert (REPO / "cases").resolve() == REPO / "kamlearn" / "data" / "cases"
    assert (REPO / "notebooks").resolve() == REPO / "kamtrain" / "data" / "notebooks"
    assert (REPO / "learner" / "kamlearn").resolve() == REPO / "kamlearn"
    # Git stores them as links (mode 120000), not as copies of the folders.
    listed = subprocess.run(
        ["git", "-C", str(REPO), "ls-files", "-s", "rubrics", "cases", "notebooks", "learner"],
        capture_output=True,
        text=True,
    )
    if listed.returncode == 0 and listed.stdout:
        modes = {line.split()[3]: line.split()[0] for line in listed.stdout.splitlines()}
        for link in ("rubrics", "cases", "notebooks", "learner/kamlearn"):
            assert modes[link] == "120000", link


def test_learner_distribution_pins_match_the_main_ones():
    from packaging.requirements import Requirement

    def pins(path: Path) -> dict[str, str]:
        project = tomllib.loads(path.read_text(encoding="utf-8"))["project"]
        return {Requirement(r).name: str(Requirement(r).specifier) for r in project["dependencies"]}

    main, learner = pins(REPO / "pyproject.toml"), pins(REPO / "learner" / "pyproject.toml")
    shared = set(main) & set(learner)
    assert {"pandas", "matplotlib", "ipywidgets", "numpy", "pyyaml"} <= shared
    assert {n: learner[n] for n in shared} == {n: main[n] for n in shared}
    import kamlearn
    import kamtrain

    assert kamlearn.__version__ == kamtrain.__version__


def test_packaged_data_is_found_with_importlib_resources(monkeypatch):
    from kamlearn import paths
    from kamtrain.paths import notebooks_dir

    monkeypatch.delenv("KAMTRAIN_HOME", raising=False)
    assert (paths.rubrics_dir() / "referential.yml").is_file()
    assert (paths.cases_dir() / "companies" / "aubrac.yml").is_file()
    blocks = {p.name for p in notebooks_dir().iterdir() if p.is_dir()}
    assert {"bloc1", "bloc2", "bloc3", "bloc4"} <= blocks
    monkeypatch.setenv("KAMTRAIN_HOME", "/ailleurs")
    assert paths.rubrics_dir() == Path("/ailleurs/rubrics")
    assert notebooks_dir() == Path("/ailleurs/notebooks")


# --- the built wheels -----------------------------------------------------------------------


@pytest.mark.slow
def test_main_wheel_carries_the_data_and_the_learner_wheel_no_trainer_side(wheels):
    main, learner = _names(wheels["kamtrain"]), _names(wheels["kamlearn"])
    repo_notebooks = sorted((REPO / "notebooks").glob("bloc*/*.ipynb"))
    assert repo_notebooks
    for nb in repo_notebooks:
        assert f"kamtrain/data/notebooks/{nb.parent.name}/{nb.name}" in main
    for data in ("rubrics/referential.yml", "rubrics/levels.yml", "cases/companies/aubrac.yml"):
        assert f"kamlearn/data/{data}" in main and f"kamlearn/data/{data}" in learner
    assert any(n.startswith("kamtrain/templates/") for n in main)
    assert not [n for n in learner if n.startswith("kamtrain/") or n.endswith(".ipynb")]
    assert not [n for n in main + learner if ".ipynb_checkpoints" in n or "__pycache__" in n]


@pytest.mark.slow
def test_installed_wheel_runs_referential_from_its_own_data(trainer_bin, tmp_path):
    where = _run(
        trainer_bin,
        "python",
        "-c",
        "import kamtrain, kamlearn.paths as p, kamtrain.paths as t;"
        "print(kamtrain.__file__); print(p.rubrics_dir()); print(t.notebooks_dir())",
        cwd=tmp_path,
    )
    assert where.returncode == 0, where.stderr
    venv = trainer_bin.parent
    for line in where.stdout.splitlines():
        assert Path(line).is_relative_to(venv), line  # the wheel's copy, not the repository
    out = _run(trainer_bin, "kamtrain", "referential", "--format", "json", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    competencies = [c["id"] for b in data["blocks"] for c in b["competencies"]]
    assert competencies == [f"C{i}" for i in range(1, 19)]


@pytest.mark.slow
def test_installed_wheel_runs_a_quick_demo(trainer_bin, tmp_path):
    out = _run(
        trainer_bin,
        "kamtrain",
        "demo",
        "--dir",
        "demo",
        "--learners",
        "1",
        "--assignment",
        "bloc2",
        "--workers",
        "2",
        cwd=tmp_path,
        timeout=600,
    )
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    demo = tmp_path / "demo"
    report = json.loads((demo / "reports" / "grading-latest.json").read_text(encoding="utf-8"))
    (result,) = report["results"]
    assert (result["learner"], result["assignment"], result["status"]) == (
        "amartin",
        "bloc2",
        "graded",
    )
    assert result["score"] > 0  # a "correct" learner: the cases and checks ran from the wheel
    sources = sorted(p.name for p in (demo / "source" / "bloc2").glob("*.ipynb"))
    assert sources == sorted(p.name for p in (REPO / "notebooks" / "bloc2").glob("*.ipynb"))
    # A plain install has no PDF extra: the demo still ends, with the PV in HTML, and says so.
    jury = demo / "reports" / "jury" / "S1"
    assert "Procès-verbal" in (jury / "proces_verbal.html").read_text(encoding="utf-8")
    assert not (jury / "proces_verbal.pdf").exists()
    assert "pip install 'kamtrain[pdf]'" in out.stdout
    assert "Similarité des copies" in (demo / "reports" / "similarite.html").read_text("utf-8")


@pytest.mark.slow
def test_learner_venv_loads_a_case_and_has_no_trainer_side(learner_bin, tmp_path):
    code = (
        "import kamlearn, kamlearn.paths as p\n"
        "from kamlearn.cases import load_case\n"
        "from kamlearn.referential import load_referential\n"
        "case = load_case('c6_satisfaction', cohort='c', learner='alice')\n"
        "print(type(case).__name__, len(load_referential().competencies))\n"
        "print(kamlearn.__file__)\n"
        "import importlib, pkgutil\n"
        "mods = [m.name for m in pkgutil.walk_packages(kamlearn.__path__, 'kamlearn.')]\n"
        "for m in mods:\n"
        "    importlib.import_module(m)\n"
        "print(len(mods))\n"
        "try:\n"
        "    import kamtrain\n"
        "except ModuleNotFoundError:\n"
        "    print('no kamtrain')\n"
    )
    out = _run(learner_bin, "python", "-c", code, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].endswith(" 18")
    assert Path(lines[1]).is_relative_to(learner_bin.parent)
    assert int(lines[2]) > 20  # every kamlearn module imports with the declared dependencies
    assert lines[3] == "no kamtrain"
    assert not (learner_bin / "kamtrain").exists()


def test_the_test_venvs_are_built_from_this_python():
    # make_venv links dependencies from this interpreter's site-packages.
    assert sys.prefix != sys.base_prefix, "run the tests from the project's .venv"

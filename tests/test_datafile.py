"""One data-file reader: every kind of data file fails the same clear way on its schema_version."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kamlearn.cases.companies import read_company
from kamlearn.datafile import read_data_file
from kamlearn.errors import DataFileError, SchemaVersionError
from kamlearn.paths import cases_dir
from kamlearn.referential.loader import load_referential
from kamlearn.sim.leadership import read_scenario
from kamlearn.sim.personas import read_interview_persona, read_negotiation_persona
from kamlearn.sim.records import AttemptStore
from kamtrain.cohort.config import CohortConfig, config_path, read_config, write_config

RUBRICS = Path(__file__).resolve().parents[1] / "rubrics"


def _referential(tmp_path):
    folder = tmp_path / "rubrics"
    shutil.copytree(RUBRICS, folder)
    return folder / "referential.yml", lambda: load_referential(folder)


def _company(tmp_path):
    path = tmp_path / "aubrac.yml"
    shutil.copy(cases_dir() / "companies" / "aubrac.yml", path)
    return path, lambda: read_company(path)


def _persona(tmp_path):
    path = tmp_path / "allemand.yml"
    shutil.copy(cases_dir() / "personas" / "negociation" / "allemand.yml", path)
    return path, lambda: read_negotiation_persona(path)


def _interview(tmp_path):
    path = tmp_path / "dsi.yml"
    shutil.copy(cases_dir() / "personas" / "entretien" / "dsi.yml", path)
    return path, lambda: read_interview_persona(path)


def _scenario(tmp_path):
    path = tmp_path / "equipe_diverse.yml"
    shutil.copy(cases_dir() / "scenarios" / "leadership" / "equipe_diverse.yml", path)
    return path, lambda: read_scenario(path)


def _records(tmp_path):
    path = tmp_path / "pitch.json"
    document = {"schema_version": 1, "simulator": "pitch", "attempts": []}
    path.write_text(json.dumps(document), encoding="utf-8")
    return path, lambda: AttemptStore(path, "pitch").attempts()


def _cohort(tmp_path):
    config = CohortConfig(name="c", db_url="sqlite:///x.db", created="2026", assignments=("bloc1",))
    write_config(tmp_path, config)
    return config_path(tmp_path), lambda: read_config(tmp_path)


READERS = [_referential, _company, _persona, _interview, _scenario, _records, _cohort]


def _set_version(path: Path, version) -> None:
    if path.suffix == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        if version is None:
            del data["schema_version"]
        else:
            data["schema_version"] = version
        path.write_text(json.dumps(data), encoding="utf-8")
        return
    lines = path.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.startswith("schema_version:")]
    assert len(kept) == len(lines) - 1, f"{path} has no top-level schema_version line"
    if version is not None:
        kept.insert(0, f"schema_version: {version}")
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")


@pytest.mark.parametrize("make", READERS, ids=lambda f: f.__name__.strip("_"))
@pytest.mark.parametrize(
    ("version", "advice"),
    [
        (0, "too old; this kamtrain reads schema_version 1: migrate the file"),
        (7, "newer than this kamtrain; this kamtrain reads schema_version 1: upgrade kamtrain"),
        (
            None,
            "missing schema_version; this kamtrain reads schema_version 1: add `schema_version: 1`",
        ),
        ("'1'", "must be an integer"),
    ],
)
def test_every_reader_names_file_field_and_action(tmp_path, make, version, advice):
    path, read = make(tmp_path)
    read()  # the untouched file reads
    _set_version(path, version if version != "'1'" or path.suffix != ".json" else "1")
    with pytest.raises(SchemaVersionError) as caught:
        read()
    err = caught.value
    assert Path(err.path).name == path.name and err.field == "schema_version"
    assert str(path.name) in str(err) and advice in str(err)


def test_syntax_errors_name_the_place(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text("schema_version: 1\nname: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"x\.yml: YAML syntax error at line 3"):
        read_data_file(path, reads=1)
    path = tmp_path / "x.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"x\.json: cannot read it as JSON"):
        read_data_file(path, reads=1)
    path.write_text("[1]", encoding="utf-8")
    with pytest.raises(DataFileError, match="expected a mapping at the top level"):
        read_data_file(path, reads=1)
    with pytest.raises(DataFileError, match="file not found"):
        read_data_file(tmp_path / "absent.yml", reads=1)

"""Loading and validating rubrics/*.yml: broken variants fail with file and field."""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kamlearn.errors import DataFileError, SchemaVersionError, UnknownIdError
from kamlearn.referential import (
    Block,
    Competency,
    Criterion,
    Level,
    Modality,
    Referential,
    Rules,
    load_referential,
)

RUBRICS = Path(__file__).resolve().parent.parent / "rubrics"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def rubrics_copy(tmp_path: Path, file: str | None = None, mutate=None, text: str | None = None):
    """Copy rubrics/ to tmp_path, then rewrite ``file`` with ``mutate(data)`` or ``text``."""
    folder = tmp_path / "rubrics"
    shutil.copytree(RUBRICS, folder)
    if file is not None:
        path = folder / file
        if text is None:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
            mutate(data)
            text = yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False)
        path.write_text(text, encoding="utf-8")
    return folder


def comp(data: dict, block: int, activity: int, index: int) -> dict:
    return data["blocks"][block]["activities"][activity]["competencies"][index]


def load_error(folder: Path, error=DataFileError):
    with pytest.raises(error) as info:
        load_referential(rubrics_dir=folder)
    return info.value


# --- happy path ------------------------------------------------------------------------------


def test_load_returns_typed_referential():
    ref = load_referential(rubrics_dir=RUBRICS)
    assert isinstance(ref, Referential) and ref.schema_version == 1
    assert all(isinstance(b, Block) for b in ref.blocks)
    assert all(
        isinstance(c, Competency) and isinstance(c.modality, Modality) for c in ref.competencies
    )
    assert all(isinstance(k, Criterion) for k in ref.criteria)
    assert all(isinstance(lv, Level) for lv in ref.levels)
    assert isinstance(ref.rules, Rules)
    assert [b.id for b in ref.blocks] == [1, 2, 3, 4]
    assert ref.block(2).competency_ids == ("C7", "C8", "C9", "C10")
    assert ref.competency("c6") is ref.competency("C6")
    assert ref.criterion("C6.2").competency_id == "C6"
    with pytest.raises(AttributeError):
        ref.blocks[0].title = "x"


def test_cache_returns_same_object_and_reloads_after_edit(tmp_path):
    assert load_referential() is load_referential(rubrics_dir=RUBRICS)
    folder = rubrics_copy(tmp_path)
    first = load_referential(rubrics_dir=folder)
    assert load_referential(rubrics_dir=str(folder)) is first
    assert first is not load_referential(rubrics_dir=RUBRICS)
    levels = folder / "levels.yml"
    levels.write_text(
        levels.read_text(encoding="utf-8").replace("Maîtrisé", "Expert"), encoding="utf-8"
    )
    second = load_referential(rubrics_dir=folder)
    assert second is not first and second.level(3).label == "Expert"


def test_default_dir_follows_kamtrain_home(tmp_path, monkeypatch):
    folder = rubrics_copy(tmp_path)
    monkeypatch.setenv("KAMTRAIN_HOME", str(folder.parent))
    assert load_referential().source_dir == str(folder.resolve())


@pytest.mark.parametrize(
    ("call", "kind"),
    [
        (lambda r: r.block(5), "block"),
        (lambda r: r.competency("C19"), "competency"),
        (lambda r: r.criterion("C6.9"), "criterion"),
        (lambda r: r.level(4), "level"),
        (lambda r: r.activity(10), "activity"),
    ],
)
def test_unknown_ids(call, kind):
    with pytest.raises(UnknownIdError) as info:
        call(load_referential(rubrics_dir=RUBRICS))
    assert info.value.kind == kind and "Known" in str(info.value)


def test_select_filters():
    ref = load_referential(rubrics_dir=RUBRICS)
    assert ref.select() == ref.blocks
    assert ref.select(block=3) == (ref.block(3),)
    (only,) = ref.select(competency="C13")
    assert only.id == 3 and only.competency_ids == ("C13",)
    assert [a.id for a in only.activities] == [7]
    with pytest.raises(UnknownIdError):
        ref.select(block=1, competency="C13")


def test_import_is_light():
    code = "import sys, kamlearn.referential; sys.exit('pandas' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], env={**os.environ}).returncode == 0


# --- schema_version --------------------------------------------------------------------------


@pytest.mark.parametrize("file", ["referential.yml", "levels.yml", "rules.yml"])
@pytest.mark.parametrize(
    ("version", "advice"),
    [
        (0, "migrate the file"),
        (2, "upgrade kamtrain"),
        (None, "add `schema_version: 1`"),
        ("1", "integer"),
    ],
)
def test_schema_version_errors(tmp_path, file, version, advice):
    def mutate(data):
        if version is None:
            del data["schema_version"]
        else:
            data["schema_version"] = version

    err = load_error(rubrics_copy(tmp_path, file, mutate), SchemaVersionError)
    assert file in str(err) and "schema_version" in str(err)
    assert "this kamtrain reads schema_version 1" in str(err)
    assert advice in str(err)


# --- referential.yml structure ---------------------------------------------------------------


def _set(path: list, value):
    def mutate(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        if value is KeyError:
            del target[path[-1]]
        else:
            target[path[-1]] = value

    return mutate


_C9 = ["blocks", 1, "activities", 1, "competencies", 0]


@pytest.mark.parametrize(
    ("mutate", "field", "problem"),
    [
        (
            _set(_C9 + ["title"], KeyError),
            "blocks[1].activities[1].competencies[0].title",
            "missing required field",
        ),
        (_set(["blocks", 0, "title"], 12), "blocks[0].title", "expected a text, got int"),
        (
            _set(_C9 + ["criteria", 0, "id"], 9.1),
            "blocks[1].activities[1].competencies[0].criteria[0].id",
            "expected a text",
        ),
        (
            _set(_C9 + ["criteria", 1, "id"], "C9.1"),
            "blocks[1].activities[1].competencies[0].criteria[1].id",
            "duplicate criterion id 'C9.1'",
        ),
        (
            _set(_C9 + ["criteria", 0, "id"], "C8.1"),
            "blocks[1].activities[1].competencies[0].criteria[0].id",
            "must start with its competency",
        ),
        (
            _set(_C9 + ["criteria", 2, "id"], "C9.4"),
            "blocks[1].activities[1].competencies[0].criteria[2].id",
            "expected 'C9.3'",
        ),
        (
            _set(_C9 + ["id"], "C8"),
            "blocks[1].activities[1].competencies[0].id",
            "duplicate competency id 'C8'",
        ),
        (_set(_C9 + ["id"], "C90"), "blocks[1].activities[1].competencies[0].id", "expected 'C9'"),
        (
            _set(_C9 + ["id"], "competence 9"),
            "blocks[1].activities[1].competencies[0].id",
            "must look like 'C6'",
        ),
        (
            _set(_C9 + ["criteria"], []),
            "blocks[1].activities[1].competencies[0].criteria",
            "at least one",
        ),
        (
            _set(_C9 + ["modality", "kind"], "quiz"),
            "blocks[1].activities[1].competencies[0].modality.kind",
            "unknown modality kind 'quiz'",
        ),
        (
            _set(_C9 + ["modality", "setting"], "solo"),
            "blocks[1].activities[1].competencies[0].modality.setting",
            "unknown setting",
        ),
        (
            _set(_C9 + ["modality", "oral"], "oui"),
            "blocks[1].activities[1].competencies[0].modality.oral",
            "expected true or false",
        ),
        (
            _set(_C9 + ["modality", "individual_assessment"], KeyError),
            "blocks[1].activities[1].competencies[0].modality.individual_assessment",
            "missing",
        ),
        (
            _set(_C9 + ["modality", "test_id"], "E6"),
            "blocks[1].activities[0].competencies[0].modality.competencies_tested_together",
            "test 'E6' is used by C7, C9",
        ),
        (
            _set(_C9 + ["criterion"], []),
            "blocks[1].activities[1].competencies[0].criterion",
            "unknown field",
        ),
        (_set(["blocks", 2, "id"], 4), "blocks[2].id", "expected 3, got 4"),
        (
            _set(["blocks", 2, "activities", 0, "id"], 7),
            "blocks[2].activities[0].id",
            "expected 6, got 7",
        ),
        (
            _set(["blocks", 0, "activities", 0, "tasks", 1], None),
            "blocks[0].activities[0].tasks[1]",
            "expected a text, got nothing",
        ),
        (_set(["blocks"], {"id": 1}), "blocks", "expected a list"),
    ],
)
def test_referential_structure_errors(tmp_path, mutate, field, problem):
    # Shared modalities are YAML aliases of one dict: copy so a mutation hits one competency.
    def isolated(data):
        for block in data["blocks"]:
            for act in block["activities"]:
                for c in act["competencies"]:
                    c["modality"] = copy.deepcopy(c["modality"])
        mutate(data)

    err = load_error(rubrics_copy(tmp_path, "referential.yml", isolated))
    assert type(err) is DataFileError
    assert err.field == field
    assert "referential.yml" in str(err) and field in str(err)
    assert problem in err.problem


def test_shared_test_with_different_modality(tmp_path):
    def mutate(data):
        c6 = comp(data, 0, 2, 1)
        c6["modality"] = dict(c6["modality"], label="Évaluation orale")

    err = load_error(rubrics_copy(tmp_path, "referential.yml", mutate))
    assert err.field.endswith("competencies[1].modality.label")
    assert "shared with C5" in err.problem and "label" in err.problem


def test_yaml_syntax_error_names_line(tmp_path):
    text = "schema_version: 1\ntitle: x\nblocks:\n  - id: 1\n    title: [unclosed\n"
    err = load_error(rubrics_copy(tmp_path, "referential.yml", text=text))
    assert "referential.yml" in str(err) and "YAML syntax error at line" in str(err)


def test_missing_file(tmp_path):
    folder = rubrics_copy(tmp_path)
    (folder / "rules.yml").unlink()
    err = load_error(folder)
    assert "rules.yml" in str(err) and "not found" in str(err)


def test_top_level_must_be_mapping(tmp_path):
    err = load_error(rubrics_copy(tmp_path, "levels.yml", text="- 1\n- 2\n"))
    assert "levels.yml" in str(err) and "mapping" in str(err)


# --- levels.yml and rules.yml ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "mutate", "field", "problem"),
    [
        ("levels.yml", _set(["levels", 3, "value"], 4), "levels[3].value", "expected 3, got 4"),
        (
            "levels.yml",
            _set(["levels", 1, "label"], "Non acquis"),
            "levels[1].label",
            "duplicate label",
        ),
        (
            "levels.yml",
            _set(["levels", 2, "descriptor"], KeyError),
            "levels[2].descriptor",
            "missing",
        ),
        (
            "rules.yml",
            _set(["certification_requires_blocks"], [1, 2, 5]),
            "certification_requires_blocks[2]",
            "no block 5",
        ),
        (
            "rules.yml",
            _set(["certification_requires_blocks"], [1, 1]),
            "certification_requires_blocks[1]",
            "duplicate block",
        ),
        (
            "rules.yml",
            _set(["min_level_each_criterion"], 7),
            "min_level_each_criterion",
            "no level 7",
        ),
        ("rules.yml", _set(["min_mean_level"], 3.5), "min_mean_level", "between levels 0 and 3"),
        ("rules.yml", _set(["min_mean_level"], "2"), "min_mean_level", "expected a number"),
        ("rules.yml", _set(["block_requires"], "most"), "block_requires", "unknown value"),
        (
            "rules.yml",
            _set(["compensation_between_blocks"], "no"),
            "compensation_between_blocks",
            "true or false",
        ),
        (
            "rules.yml",
            _set(["autograde_levels", 1, "level"], 9),
            "autograde_levels[1].level",
            "no level 9",
        ),
        (
            "rules.yml",
            _set(["autograde_levels", 1, "min_ratio"], 0.9),
            "autograde_levels[1].min_ratio",
            "strictly decrease",
        ),
        (
            "rules.yml",
            _set(["autograde_levels", 3, "min_ratio"], 0.1),
            "autograde_levels[3].min_ratio",
            "min_ratio 0.0",
        ),
        ("rules.yml", _set(["vae", "oral"], KeyError), "vae.oral", "missing"),
        (
            "rules.yml",
            _set(["max_level_gap_without_reconciliation"], -1),
            "max_level_gap_without_reconciliation",
            "0 or more",
        ),
        ("rules.yml", _set(["min_mean_levle"], 2.0), "min_mean_levle", "unknown field"),
    ],
)
def test_levels_and_rules_errors(tmp_path, file, mutate, field, problem):
    err = load_error(rubrics_copy(tmp_path, file, mutate))
    assert err.field == field
    assert file in str(err) and field in str(err)
    assert problem in err.problem

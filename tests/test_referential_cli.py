"""`kamtrain referential` through kamtrain.cli.main."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

import kamtrain.cli as cli
from kamlearn.referential import load_referential
from kamlearn.referential.render import CSV_COLUMNS

RUBRICS = Path(__file__).resolve().parent.parent / "rubrics"
# Read before the autouse fixture narrows the list.
REGISTERED = tuple(cli.COMMAND_MODULES)

MODALITY_KEYS = {
    "kind",
    "kind_label",
    "setting",
    "oral",
    "written",
    "individual_assessment",
    "label",
    "description",
    "test_id",
    "competencies_tested_together",
}


@pytest.fixture(autouse=True)
def only_referential_command(monkeypatch):
    # Other commands are built in parallel; keep these tests about this one.
    monkeypatch.setattr(cli, "COMMAND_MODULES", ["referential_cmd"])


@pytest.fixture(scope="module")
def ref():
    return load_referential(rubrics_dir=RUBRICS)


def run(capsys, *args):
    code = cli.main(["referential", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_command_is_registered():
    assert "referential_cmd" in REGISTERED


def test_json_has_exact_shape(capsys, ref):
    code, out, _ = run(capsys, "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert list(doc) == ["blocks"]
    assert [b["id"] for b in doc["blocks"]] == [1, 2, 3, 4]
    seen = []
    for block in doc["blocks"]:
        assert {"id", "title", "competencies"} <= set(block)
        assert block["title"] == ref.block(block["id"]).title
        for c in block["competencies"]:
            assert {"id", "title", "modality", "criteria"} <= set(c)
            assert set(c["modality"]) == MODALITY_KEYS
            assert all(set(k) == {"id", "text"} for k in c["criteria"])
            assert c["title"] == ref.competency(c["id"]).title
            seen += [k["id"] for k in c["criteria"]]
    assert seen == [k.id for k in ref.criteria]
    assert "é" in out and "\\u00e9" not in out


def test_json_single_competency(capsys):
    code, out, _ = run(capsys, "--format", "json", "--competency", "c6")
    assert code == 0
    (block,) = json.loads(out)["blocks"]
    (c6,) = block["competencies"]
    assert block["id"] == 1 and c6["id"] == "C6"
    assert [k["id"] for k in c6["criteria"]] == ["C6.1", "C6.2", "C6.3"]
    assert c6["modality"]["test_id"] == "E5"
    assert c6["modality"]["competencies_tested_together"] == ["C5", "C6"]
    assert c6["modality"]["kind"] == "professional_situation"


def test_table_block_filter(capsys, ref):
    code, out, _ = run(capsys, "--block", "3")
    assert code == 0
    assert out.startswith("Bloc 3 : Négocier avec les clients grands comptes")
    for c in ref.block(3).competencies:
        assert f"\n{c.id} " in out
        for k in c.criteria:
            assert k.id in out
    assert "C15" not in out and "Bloc 2" not in out
    assert "Modalité  : Mise en situation professionnelle – jeu de rôle" in out
    assert max(len(line) for line in out.splitlines()) <= 100


def test_table_default_shows_everything(capsys, ref):
    code, out, _ = run(capsys)
    assert code == 0
    assert all(f"Bloc {b.id} : {b.title}" in out for b in ref.blocks)
    assert all(k.id in out for k in ref.criteria)


def test_csv_one_row_per_criterion(capsys, ref):
    code, out, _ = run(capsys, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["criterion_id"] for r in rows] == [k.id for k in ref.criteria]
    row = next(r for r in rows if r["criterion_id"] == "C14.4")
    assert row["competency_id"] == "C14" and row["block_id"] == "3"
    assert row["modality_kind"] == "role_play" and row["modality_setting"] == "pair"
    assert row["oral"] == "true" and row["written"] == "false" and row["test_id"] == "E10"
    assert row["criterion_text"] == ref.criterion("C14.4").text
    assert row["competency_title"] == ref.competency("C14").title


def test_csv_filtered_by_block(capsys, ref):
    _, out, _ = run(capsys, "--format", "csv", "--block", "4")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["competency_id"] for r in rows} == {"C15", "C16", "C17", "C18"}
    assert len(rows) == sum(len(c.criteria) for c in ref.block(4).competencies)


def test_markdown(capsys, ref):
    code, out, _ = run(capsys, "--format", "md", "--block", "1")
    assert code == 0
    assert out.startswith("# Bloc 1 : Définir une stratégie")
    assert f"### C1. {ref.competency('C1').title}" in out
    assert f"- **C1.1** {ref.criterion('C1.1').text}" in out
    assert "Le diagnostic stratégique contient :" in out
    assert out.count("\n### C") == 6


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--competency", "C99"], "Unknown competency 'C99'"),
        (["--block", "9"], "Unknown block '9'"),
        (["--block", "1", "--competency", "C13"], "Unknown competency 'C13 in block 1'"),
    ],
)
def test_unknown_ids_exit_1(capsys, args, message):
    code, out, err = run(capsys, *args)
    assert code == 1 and out == ""
    assert message in err
    assert "Try `kamtrain referential --help`." in err


def test_broken_rubrics_dir_reports_file_and_field(capsys, tmp_path):
    folder = tmp_path / "rubrics"
    shutil.copytree(RUBRICS, folder)
    rules = folder / "rules.yml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace("validity_years: 5", "validity_years: cinq"),
        encoding="utf-8",
    )
    code, _, err = run(capsys, "--rubrics-dir", str(folder))
    assert code == 1
    assert "rules.yml" in err and "validity_years" in err and "expected an integer" in err


def test_bad_format_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["referential", "--format", "xml"])
    assert info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err

"""rubrics/epreuves.yml and rubrics/indicators.yml: pinned against the seed, validated clearly."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from kamlearn.errors import DataFileError, SchemaVersionError
from kamlearn.referential import load_referential
from kamlearn.referential.epreuves_loader import load_epreuves

SEED = Path(__file__).parent / "data" / "referential_seed_004.txt"
RUBRICS = Path(__file__).resolve().parent.parent / "rubrics"

# competency -> (the seed's own words for the sitting, setting, written or oral, competencies
# assessed in the same épreuve). Read from the seed by hand; the test checks each phrase is in
# the seed, then that the épreuve says the same.
SEED_TABLE = {
    "C1": ("Evaluation orale en groupe avec notation individuelle", "group", "oral", ["C1"]),
    "C2": ("Travail de groupe et soutenance orale individualisée", "group", "oral", ["C2"]),
    "C3": ("Evaluation de groupe avec présentation orale", "group", "oral", ["C3"]),
    "C4": ("Evaluation individuelle écrite", "individual", "written", ["C4"]),
    "C5": ("Evaluation écrite et individuelle", "individual", "written", ["C5", "C6"]),
    "C6": ("Evaluation écrite et individuelle", "individual", "written", ["C5", "C6"]),
    "C7": ("Epreuve en binôme avec évaluation orale individualisée", "pair", "oral", ["C7"]),
    "C8": ("Evaluation orale individuelle", "individual", "oral", ["C8"]),
    "C9": (
        "Epreuve orale en groupe avec évaluation individualisée",
        "group",
        "oral",
        ["C9", "C10"],
    ),
    "C10": (
        "Epreuve orale en groupe avec évaluation individualisée",
        "group",
        "oral",
        ["C9", "C10"],
    ),
    "C11": (
        "Présentation orale en groupe à partir du travail écrit avec évaluation individualisée",
        "group",
        "oral",
        ["C11"],
    ),
    "C12": (
        "Epreuve orale en binôme avec évaluation individualisée",
        "pair",
        "oral",
        ["C12", "C13", "C14"],
    ),
    "C13": (
        "Epreuve orale en binôme avec évaluation individualisée",
        "pair",
        "oral",
        ["C12", "C13", "C14"],
    ),
    "C14": (
        "Epreuve orale en binôme avec évaluation individualisée",
        "pair",
        "oral",
        ["C12", "C13", "C14"],
    ),
    "C15": (
        "Simulation (observation en groupe avec évaluation individuelle)",
        "group",
        "oral",
        ["C15", "C18"],
    ),
    "C16": (
        "Epreuve en groupe avec évaluation de la soutenance du plan d'action individualisée.",
        "group",
        "oral",
        ["C16"],
    ),
    "C17": ("Epreuve en groupe avec évaluation individualisée", "group", "oral", ["C17"]),
    "C18": (
        "Simulation (observation en groupe avec évaluation individuelle)",
        "group",
        "oral",
        ["C15", "C18"],
    ),
}


def _seed_text() -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", SEED.read_text(encoding="utf-8")).split())


@pytest.fixture(scope="module")
def cat():
    return load_epreuves(RUBRICS)


def test_table_covers_every_competency():
    assert sorted(SEED_TABLE) == sorted(c.id for c in load_referential(RUBRICS).competencies)


@pytest.mark.parametrize("comp", sorted(SEED_TABLE, key=lambda c: int(c[1:])))
def test_each_competency_sits_its_seed_modality(cat, comp):
    phrase, setting, mode, together = SEED_TABLE[comp]
    assert phrase in _seed_text(), f"{phrase!r} is not the seed's wording"
    e = cat.for_competency(comp)
    assert e.seed_modality.replace("É", "E") == phrase
    assert e.setting == setting
    assert list(e.competencies) == together
    assert e.written == (mode == "written")
    assert e.oral == (mode == "oral")
    assert (e.group_min, e.group_max) == {"individual": (1, 1), "pair": (2, 2)}.get(
        setting, (e.group_min, e.group_max)
    )
    if setting == "group":
        assert e.group_max >= 3


def test_specific_seed_requirements(cat):
    # C2: « un dossier ... sur une entreprise de son choix » handed in, then an oral defence.
    e2 = cat.for_competency("C2")
    assert [s.id for s in e2.submissions] == ["dossier"] and e2.format == "dossier_defence"
    assert "sur une entreprise de son choix" in _seed_text()
    # C8: « pitch en moins de 2 minutes »; tiers-temps gives 160 s (conventions: 4/3).
    from kamlearn.conventions import ACCOMMODATION_TIME_FACTORS

    e7 = cat.for_competency("C8")
    assert e7.minutes("pitch") == 2
    assert e7.minutes(
        "pitch", factor=ACCOMMODATION_TIME_FACTORS["tiers-temps"]
    ) * 60 == pytest.approx(160)
    # C10 slides and C17 prototype are handed in; C12–C14 have buyer role cards.
    assert [s.id for s in cat.for_competency("C10").submissions] == ["slides"]
    assert [s.id for s in cat.for_competency("C17").submissions] == ["prototype"]
    assert cat.for_competency("C13").role_cards
    # Only the seed's written individual épreuves are exam notebooks.
    assert cat.written_competencies() == {"C4", "C5", "C6"}
    assert {e.id for e in cat.epreuves if e.written} == {"E4", "E5"}


def test_every_criterion_has_four_distinct_indicators(cat):
    ref = load_referential(RUBRICS)
    assert len(ref.criteria) >= 60
    for crit in ref.criteria:
        texts = cat.indicators(crit.id)
        assert len(texts) == len(ref.levels) == 4
        assert all(t.strip() for t in texts)
        assert len(set(texts)) == 4


# --- validation: a bad file is refused, naming the file and the field -------------------------


def _copy(tmp_path: Path) -> Path:
    dest = tmp_path / "rubrics"
    shutil.copytree(RUBRICS, dest)
    return dest


def _edit(folder: Path, name: str, change) -> None:
    data = yaml.safe_load((folder / name).read_text(encoding="utf-8"))
    change(data)
    (folder / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "change", "field", "words"),
    [
        (
            "epreuves.yml",
            lambda d: d["epreuves"][4].__setitem__("competencies", ["C5"]),
            "epreuves[4].competencies",
            "C5, C6",
        ),
        (
            "epreuves.yml",
            lambda d: d["epreuves"][9].__setitem__("setting", "individual"),
            "epreuves[9].setting",
            "pair",
        ),
        (
            "epreuves.yml",
            lambda d: d["epreuves"][0]["timing"][0].__setitem__("minutes", 5),
            "epreuves[0].timing",
            "duration_minutes",
        ),
        (
            "epreuves.yml",
            lambda d: d["epreuves"][6]["tiers_temps"].__setitem__("extends", ["oral"]),
            "epreuves[6].tiers_temps.extends",
            "no phase",
        ),
        (
            "epreuves.yml",
            lambda d: d["epreuves"][3].__setitem__("format", "exam"),
            "epreuves[3].format",
            "unknown format",
        ),
        (
            "epreuves.yml",
            lambda d: d["epreuves"].pop(12),
            "epreuves",
            "C17",
        ),
        (
            "indicators.yml",
            lambda d: d["indicators"]["C14.5"].pop(3),
            "indicators.C14.5[3]",
            "level 3",
        ),
        (
            "indicators.yml",
            lambda d: d["indicators"]["C2.1"].__setitem__(1, "  "),
            "indicators.C2.1[1]",
            "empty",
        ),
        (
            "indicators.yml",
            lambda d: d["indicators"].pop("C9.3"),
            "indicators.C9.3",
            "missing",
        ),
    ],
)
def test_bad_files_name_file_and_field(tmp_path, name, change, field, words):
    folder = _copy(tmp_path)
    _edit(folder, name, change)
    with pytest.raises(DataFileError) as info:
        load_epreuves(folder)
    assert info.value.field == field
    assert Path(info.value.path).name == name
    assert words in str(info.value)


def test_schema_version_is_checked(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder, "epreuves.yml", lambda d: d.__setitem__("schema_version", 99))
    with pytest.raises(SchemaVersionError, match="upgrade kamtrain"):
        load_epreuves(folder)

"""rubrics/*.yml against the seed referential (tests/data/referential_seed_004.txt).

The seed is parsed here, independently of the YAML, with regexes over its table: column 0
holds activities, column 1 competencies, column 2 modalities, column 3 criteria
("Pour Cn :" sections). Cells continued on a later row are joined in row order.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest

from kamlearn.referential import load_referential

SEED = Path(__file__).parent / "data" / "referential_seed_004.txt"
RUBRICS = Path(__file__).resolve().parent.parent / "rubrics"

#: The seed's typos, corrected in rubrics/referential.yml (seed text -> corrected text).
#: Learners and the jury read these sentences: nothing else of the seed's wording changes.
SEED_CORRECTIONS = (
    ("Evaluation ", "Évaluation "),
    ("Evaluer ", "Évaluer "),
    ("Elaboration ", "Élaboration "),
    ("Elaborer ", "Élaborer "),
    ("Etablir ", "Établir "),
    ("A partir d", "À partir d"),
    ("marché , en", "marché, en"),
    ("Un posture", "Une posture"),
    ("La revue de d'affaires", "La revue d'affaires"),
    ("cout total", "coût total"),
    ("Spin selling, méthode lead, soncas", "SPIN selling, méthode lead, SONCAS"),
    ("story-telling", "storytelling"),
    ("(teams, zoom etc.)", "(Teams, Zoom, etc.)"),
    ("Les ZAPO sont identifiés", "Les ZAPO sont identifiées"),
    ("Répondre à des appels d’offre en", "Répondre à des appels d’offres en"),
    ("la proposition de valeur liées aux", "la proposition de valeur liée aux"),
)


def corrected(text: str) -> str:
    for typo, fix in SEED_CORRECTIONS:
        text = text.replace(typo, fix)
    return text


def _clean(text: str) -> str:
    return corrected(" ".join(re.sub(r"<[^>]+>", " ", text).split()))


def _fold_capital_accents(text: str) -> str:
    # Display labels restore accents on capitals that the seed omits ("Étude" vs "Etude").
    return text.replace("É", "E")


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _norm_item(text: str) -> str:
    return re.sub(r"\s*:$", "", " ".join(text.split()))


@cache
def seed_rows() -> tuple[tuple[str, ...], ...]:
    rows = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) >= 4:
            rows.append(
                tuple("" if re.fullmatch(r"-+", _clean(c)) else _clean(c) for c in cells[:4])
            )
        elif re.match(r"Bloc \d : ", _clean(line)):
            # Block 2's heading is a bare line, outside the table's cells.
            rows.append((_clean(line), "", "", ""))
    return tuple(rows)


def seed_column(i: int) -> str:
    return " ".join(r[i] for r in seed_rows() if r[i] and not r[i].startswith("Bloc "))


@cache
def seed_blocks() -> dict[int, str]:
    found = {}
    for row in seed_rows():
        m = re.fullmatch(r"Bloc (\d) : (.+)", row[0])
        if m:
            found[int(m.group(1))] = m.group(2)
    return found


@cache
def seed_competency_places() -> dict[int, tuple[int, int]]:
    """Competency number -> (block, activity), following the table's row order."""
    block = activity = 0
    places = {}
    for row in seed_rows():
        if m := re.fullmatch(r"Bloc (\d) : .+", row[0]):
            block = int(m.group(1))
        if m := re.search(r"ACTIVITE (\d) :", row[0]):
            activity = int(m.group(1))
        if m := re.match(r"C(\d+)\. ", row[1]):
            places[int(m.group(1))] = (block, activity)
    return places


def _split_numbered(text: str, pattern: str) -> dict[int, str]:
    parts = re.split(pattern, text)
    return {int(n): body.strip() for n, body in zip(parts[1::2], parts[2::2], strict=True)}


def seed_titles() -> dict[int, str]:
    return _split_numbered(seed_column(1), r"\bC(\d+)\. ")


def seed_criteria_sections() -> dict[int, str]:
    return _split_numbered(seed_column(3), r"Pour C(\d+) :")


def seed_bullets(section: str) -> list[str]:
    items = re.split(r"(?:^|\s)-(?=\s|$)", section)
    return [_norm_item(i) for i in items if i.strip()]


def seed_activities() -> dict[int, tuple[str, list[str]]]:
    found = {}
    for n, body in _split_numbered(seed_column(0), r"ACTIVITE (\d) : ").items():
        title, *tasks = re.split(r"\s-(?=\s|$)", body)
        found[n] = (title.strip(), [t.strip() for t in tasks if t.strip()])
    return found


def seed_modality_headings() -> list[tuple[str, tuple[str, ...]]]:
    pattern = (
        r"(Jeu de rôle|Etude de cas|Mise en situation professionnelle(?: – jeu de rôle)?"
        r"|Cas pratique) \((C\d+(?:(?:, | et )C\d+)*)\)"
    )
    return [
        (kind, tuple(re.findall(r"C\d+", ids))) for kind, ids in re.findall(pattern, seed_column(2))
    ]


@pytest.fixture(scope="module")
def ref():
    return load_referential(rubrics_dir=RUBRICS)


def test_every_seed_correction_is_used():
    """A correction that matches nothing in the seed is a typo in this table."""
    raw = " ".join(SEED.read_text(encoding="utf-8").split())
    assert [
        typo for typo, _ in SEED_CORRECTIONS if typo.replace("’", "'") not in raw.replace("’", "'")
    ] == []


def test_seed_parser_sees_the_whole_table():
    assert sorted(seed_titles()) == list(range(1, 19))
    assert sorted(seed_criteria_sections()) == list(range(1, 19))
    assert sorted(seed_activities()) == list(range(1, 10))
    assert sorted(seed_blocks()) == [1, 2, 3, 4]


def test_blocks_match_seed(ref):
    assert [(b.id, b.title) for b in ref.blocks] == sorted(seed_blocks().items())


def test_competency_titles_match_seed_exactly(ref):
    titles = seed_titles()
    assert [c.id for c in ref.competencies] == [f"C{n}" for n in range(1, 19)]
    for c in ref.competencies:
        assert c.title == titles[c.number], c.id


def test_competencies_sit_in_the_seed_block_and_activity(ref):
    places = seed_competency_places()
    for c in ref.competencies:
        assert (c.block_id, c.activity_id) == places[c.number], c.id
    for a in ref.activities:
        assert a.competency_ids == tuple(c.id for c in ref.competencies if c.activity_id == a.id)


def test_activities_titles_and_tasks_match_seed(ref):
    seed = seed_activities()
    assert [a.id for a in ref.activities] == list(range(1, 10))
    for a in ref.activities:
        title, tasks = seed[a.id]
        # the seed writes capitals without accents; French capitals keep them
        assert _strip_accents(a.title) == title
        assert list(a.tasks) == tasks, a.id
        assert a.label.upper().replace("’", "'") == a.title.replace("’", "'")


@pytest.mark.parametrize("number", range(1, 19))
def test_every_seed_criterion_line_is_in_the_referential(ref, number):
    """Walk the seed's lines; each is the intro, one criterion, or consecutive criteria.

    The seed runs some lines together (C1: "... des données Une analyse ..."), so one seed
    line may span several criteria; nothing may be missing, added or reordered.
    """
    comp = ref.competency(f"C{number}")
    parts = ([comp.criteria_intro] if comp.criteria_intro else []) + [k.text for k in comp.criteria]
    parts = [_norm_item(p) for p in parts]
    pos = 0
    for line in seed_bullets(seed_criteria_sections()[number]):
        taken = []
        while pos < len(parts) and " ".join(taken) != line:
            taken.append(parts[pos])
            pos += 1
        assert " ".join(taken) == line, f"C{number}: seed line not found: {line!r}"
    assert pos == len(parts), f"C{number}: criteria not in the seed: {parts[pos:]}"


def test_criteria_ids_counts_and_known_lines(ref):
    for c in ref.competencies:
        assert [k.id for k in c.criteria] == [f"{c.id}.{i}" for i in range(1, len(c.criteria) + 1)]
        assert [k.index for k in c.criteria] == list(range(1, len(c.criteria) + 1))
        assert all(k.competency_id == c.id for k in c.criteria)
    assert len(ref.competency("C1").criteria) == 4
    assert [k.text for k in ref.competency("C12").criteria] == [
        "Des scénarios de compromis sont présentés",
        "Les ZAPO sont identifiées",
        "Des matrices concessions contreparties sont réalisées/présentées",
    ]
    c14 = ref.competency("C14")
    assert len(c14.criteria) == 5
    assert ref.criterion("C14.1").text == ref.criterion("C14.4").text
    assert ref.competency("C18").criteria_intro == "Une posture de leadership est adoptée :"
    assert ref.competency("C2").criteria_intro.startswith("Le dossier de revue de compte")
    assert len(ref.criteria) == sum(len(c.criteria) for c in ref.competencies)


def test_shared_tests_match_seed_headings(ref):
    expected = {ids for _, ids in seed_modality_headings()}
    assert set(ref.shared_tests().values()) == expected
    shared = {ids for ids in ref.shared_tests().values() if len(ids) > 1}
    assert shared == {("C5", "C6"), ("C9", "C10"), ("C12", "C13", "C14"), ("C15", "C18")}
    for test_id, ids in ref.shared_tests().items():
        modalities = {ref.competency(i).modality for i in ids}
        assert len(modalities) == 1
        assert next(iter(modalities)).competencies_tested_together == ids
        assert next(iter(modalities)).test_id == test_id


def test_modalities_match_seed_wording(ref):
    headings = dict((ids, kind) for kind, ids in seed_modality_headings())
    raw = SEED.read_text(encoding="utf-8")
    italics = {
        _fold_capital_accents(_clean(i)) for i in re.findall(r"<i>(.*?)</i>", raw, flags=re.S)
    }
    column = seed_column(2)
    for c in ref.competencies:
        m = c.modality
        assert _fold_capital_accents(m.kind_label).startswith(
            headings[m.competencies_tested_together]
        )
        assert _fold_capital_accents(m.label) in italics, c.id
        assert " ".join(m.description.split()) in column, c.id


@pytest.mark.parametrize(
    ("cid", "kind", "setting", "oral", "written"),
    [
        ("C1", "role_play", "group", True, False),
        ("C2", "case_study", "group", True, True),
        ("C3", "case_study", "group", True, False),
        ("C4", "professional_situation", "individual", False, True),
        ("C5", "professional_situation", "individual", False, True),
        ("C7", "professional_situation", "pair", True, False),
        ("C8", "professional_situation", "individual", True, False),
        ("C9", "case_study", "group", True, False),
        ("C11", "case_study", "group", True, True),
        ("C13", "role_play", "pair", True, False),
        ("C16", "case_study", "group", True, True),
        ("C17", "practical_case", "group", True, False),
        ("C18", "simulation", "group", True, False),
    ],
)
def test_modality_kinds_from_seed(ref, cid, kind, setting, oral, written):
    m = ref.competency(cid).modality
    assert (m.kind, m.setting, m.oral, m.written) == (kind, setting, oral, written)


def test_levels_scale(ref):
    assert [(lv.value, lv.label) for lv in ref.levels] == [
        (0, "Non acquis"),
        (1, "En cours d'acquisition"),
        (2, "Acquis"),
        (3, "Maîtrisé"),
    ]
    assert all(10 < len(lv.descriptor) < 300 for lv in ref.levels)
    assert ref.level(2).label == "Acquis"


def test_rules_values(ref):
    rules = ref.rules
    assert rules.min_mean_level == 2.0
    assert rules.min_level_each_criterion == 1
    assert rules.compensation_between_blocks is False
    assert rules.block_requires == "all_competencies"
    assert rules.certification_requires_blocks == (1, 2, 3, 4)
    assert rules.keep_validated_blocks is True and rules.validity_years == 5
    assert rules.vae.evidence == "livret de preuves" and rules.vae["oral"] is True
    assert rules.vae.same_rules is True
    assert rules.max_level_gap_without_reconciliation == 0
    assert [(t.min_ratio, t["level"]) for t in rules.autograde_levels] == [
        (0.85, 3),
        (0.6, 2),
        (0.3, 1),
        (0.0, 0),
    ]
    seed_text = corrected(" ".join(SEED.read_text(encoding="utf-8").split()))
    for sentence in rules.conditions_text + (rules.accessibility_note,):
        assert sentence in seed_text


@pytest.mark.parametrize(
    ("ratio", "level"),
    [
        (1.0, 3),
        (1.2, 3),
        (0.85, 3),
        (0.849, 2),
        (0.6, 2),
        (0.5999, 1),
        (0.3, 1),
        (0.29, 0),
        (0.0, 0),
    ],
)
def test_level_for_ratio(ref, ratio, level):
    assert ref.rules.level_for_ratio(ratio) == level


@pytest.mark.parametrize("bad", [-0.1, float("nan")])
def test_level_for_ratio_rejects_bad_ratio(ref, bad):
    with pytest.raises(ValueError):
        ref.rules.level_for_ratio(bad)


@pytest.mark.parametrize(
    ("levels", "acquired"),
    [([2, 2, 2], True), ([3, 1, 2], True), ([3, 3, 0], False), ([2, 2, 1], False), ([], False)],
)
def test_competency_acquired_rule(ref, levels, acquired):
    assert ref.rules.competency_acquired(levels) is acquired


def test_block_certification_and_double_marking_helpers(ref):
    rules = ref.rules
    assert rules.block_validated([True, True]) and not rules.block_validated([True, False])
    assert not rules.block_validated([])
    assert rules.certification_awarded([4, 3, 2, 1]) and not rules.certification_awarded([1, 2, 3])
    assert rules.needs_reconciliation(2, 3) and not rules.needs_reconciliation(2, 2)

"""Every notebook has its trainer's guide in docs/formateur/ (French), with every section.

The « Erreurs fréquentes » section lists what the checks tell a learner: the zero-credit
messages of the notebook's check modules (read from their source by :mod:`_check_messages`)
and, for the ungraded bloc 0, the advice of its self-checks. The pitch timer's tiers-temps
remark appears only in the guide of a notebook that has the timer.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from _check_messages import notebook_zero_credit_messages, zero_credit_messages

ROOT = Path(__file__).resolve().parent.parent
GUIDES = ROOT / "docs" / "formateur"
SECTIONS = (
    "## Place dans le programme",
    "## Prérequis",
    "## Durée",
    "## Conduire le débriefing",
    "## Erreurs fréquentes repérées par les vérifications",
    "## Ce que le carnet prépare pour l'épreuve",
)
NOTEBOOKS = sorted((ROOT / "notebooks").glob("bloc[0-4]/*.ipynb"))
TIMER_REMARK = "le chronomètre du pitch l'applique de lui-même"


def _guide(notebook: Path) -> str:
    return (GUIDES / f"{notebook.stem}.md").read_text(encoding="utf-8")


def _section(text: str, title: str) -> str:
    body = text.split(title, 1)[1]
    return re.split(r"\n## ", body, maxsplit=1)[0]


def _flat(text: str) -> str:
    return " ".join(text.split())


def _code(notebook: Path) -> str:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_notebook_has_a_complete_guide(notebook):
    guide = GUIDES / f"{notebook.stem}.md"
    assert guide.is_file(), f"write {guide.relative_to(ROOT)}"
    text = guide.read_text(encoding="utf-8")
    for section in SECTIONS:
        assert section in text, f"{guide.name}: missing « {section} »"
    meta = json.loads(notebook.read_text(encoding="utf-8"))["metadata"]["kamtrain"]
    for cid in meta["competencies"]:
        assert f"**{cid}**" in text, f"{guide.name} does not place {cid} in the programme"
    assert "- **E" in text, f"{guide.name} names no épreuve"
    assert f"({notebook.stem}.md)" in (GUIDES / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_pitch_timer_remark_only_where_there_is_a_timer(notebook):
    has_timer = "PitchTimer(" in _code(notebook)
    said = TIMER_REMARK in _guide(notebook)
    assert said == has_timer, f"{notebook.stem}.md: « {TIMER_REMARK} » " + (
        "is missing" if has_timer else "but the notebook has no pitch timer"
    )


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_frequent_errors_list_the_zero_credit_messages(notebook):
    errors = _flat(_section(_guide(notebook), SECTIONS[4]))
    messages = notebook_zero_credit_messages(notebook)
    absent = [m for m in messages if _flat(m) not in errors]
    assert not absent, f"{notebook.stem}.md, « Erreurs fréquentes » misses: " + " | ".join(absent)


def test_the_c12_guide_names_the_scenario_without_counterpart():
    errors = _section(
        _guide(ROOT / "notebooks" / "bloc3" / "c12_zopa_concessions.ipynb"), SECTIONS[4]
    )
    assert "concession sans contrepartie" in errors


def _self_check_advice(notebook: Path) -> list[str]:
    advice = []
    code = "\n".join(line for line in _code(notebook).split("\n") if not line.startswith("%"))
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "verifier":
            advice.append(ast.literal_eval(node.args[2]))
    return advice


def test_the_bloc0_guide_lists_the_advice_of_every_self_check():
    notebook = ROOT / "notebooks" / "bloc0" / "c0_prise_en_main.ipynb"
    errors = _flat(_section(_guide(notebook), SECTIONS[4]))
    advice = _self_check_advice(notebook)
    assert len(advice) == 8
    absent = [a for a in advice if _flat(a) not in errors]
    assert not absent, "c0_prise_en_main.md misses: " + " | ".join(absent)


def test_zero_credit_messages_are_read_in_every_shape():
    source = "\n".join(
        (
            "def check(ns, case):",
            '    kit.result(item, 0.0, "Résultat nul.")',
            '    kit.figure_result(item, 0, labels, "Figure nulle.")',
            '    kit.CheckResult(item, 0.0, ("Dans un tuple.",))',
            '    near = {s: (0.0, "Presque rien.") for s in x}',
            '    mistakes = [(inverse, 0.0, "Rapport inversé.")]',
            '    kit.result(item, 0.5, "Crédit partiel.")',
            '    kit.result(item, 0.0, f"Valeur {x} à revoir.")',
        )
    )
    assert zero_credit_messages(source) == [
        "Résultat nul.",
        "Figure nulle.",
        "Dans un tuple.",
        "Presque rien.",
        "Rapport inversé.",
    ]

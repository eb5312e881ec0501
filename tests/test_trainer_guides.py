"""Every notebook has its trainer's guide in docs/formateur/ (French), with every section."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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
NOTEBOOKS = sorted((ROOT / "notebooks").glob("bloc[1-4]/*.ipynb"))


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

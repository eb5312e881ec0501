"""The « bloc 0 » onboarding notebook runs for a learner who never programmed.

Unanswered, every cell runs without an error and every self-check says « pas encore »;
with the blanks filled as the instructions say, every self-check says « c'est juste ».
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "bloc0" / "c0_prise_en_main.ipynb"

#: What a learner types in place of each blank line, in the order of the exercises.
ANSWERS = {
    "prix_remise = ___": "prix_remise = prix_annuel * (1 - 0.05)",
    "moyenne_recommandation = ___": (
        'moyenne_recommandation = enquete["score_recommandation"].mean()'
    ),
    "detracteurs = ___": 'detracteurs = enquete[enquete["score_recommandation"] <= 6]',
    "nb_detracteurs = ___": "nb_detracteurs = len(detracteurs)",
    "moyenne_par_site = ___": (
        'moyenne_par_site = enquete.groupby("site")["score_recommandation"].mean()'
    ),
    "site_le_plus_bas = ___": "site_le_plus_bas = moyenne_par_site.idxmin()",
    "___": "\n".join(
        (
            "ax.bar(moyenne_par_site.index, moyenne_par_site.values)",
            'ax.set_title("Recommandation par site")',
            'ax.set_xlabel("Site")',
            'ax.set_ylabel("Note moyenne")',
        )
    ),
}


def _run(nb):
    from nbclient import NotebookClient

    NotebookClient(nb, timeout=120, kernel_name="python3", shutdown_kernel="immediate").execute()
    return "\n".join(
        o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
    )


def test_the_notebook_names_the_pandas_calls_of_each_exercise():
    import nbformat

    nb = nbformat.read(NOTEBOOK, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for call in (".mean()", ".groupby(", ".idxmin()", "plt.subplots()", "ax.bar(", "len("):
        assert call in text, f"the instructions do not name {call}"
    exercises = [c for c in nb.cells if "exercice" in c.metadata.get("tags", [])]
    assert len(exercises) == 5
    for i, cell in enumerate(nb.cells):
        if cell in exercises:
            assert "Appels" in nb.cells[i - 1].source or "indice" in nb.cells[i - 1].source


@pytest.mark.slow
def test_unanswered_runs_and_says_not_yet():
    import nbformat

    out = _run(nbformat.read(NOTEBOOK, as_version=4))
    assert out.count("✘") == 7 and "✔" not in out


@pytest.mark.slow
def test_answered_as_instructed_passes_every_self_check():
    import nbformat

    nb = nbformat.read(NOTEBOOK, as_version=4)
    for cell in nb.cells:
        if "exercice" in cell.metadata.get("tags", []):
            lines = cell.source.split("\n")
            cell.source = "\n".join(ANSWERS.get(line.strip(), line) for line in lines)
    out = _run(nb)
    assert out.count("✔") == 7, out

"""The trainer's notebook: ``<cohort>/formateur/suivi.ipynb``, progress with plots.

The notebook holds no data: each run reads the cohort again, so the trainer re-runs
it after each grading to see who is stuck.
"""

from __future__ import annotations

from pathlib import Path

FOLDER = "formateur"
NAME = "suivi.ipynb"

_FIND_COHORT = '''from pathlib import Path

import pandas as pd
from IPython.display import Image, display

from kamlearn.frenchfmt import datetime_fr, number_fr, percent_fr
from kamtrain.progress import plots
from kamtrain.progress.collect import collect_progress


def dossier_cohorte(enregistre: str) -> Path:
    """Le dossier de la cohorte : au-dessus de ce carnet, sinon le chemin enregistré."""
    for dossier in [Path.cwd(), *Path.cwd().parents]:
        if (dossier / "kamtrain-cohort.yml").is_file():
            return dossier
    return Path(enregistre)


DOSSIER_COHORTE = dossier_cohorte({course_dir!r})
rapport = collect_progress(course_dir=DOSSIER_COHORTE)
print(f"Cohorte {{rapport.cohort}} – état au {{datetime_fr(rapport.generated_at)}} (UTC)")'''

_SUBMISSIONS = """display(Image(plots.figure_png(plots.submission_status(rapport))))
statuts = {"graded": "corrigé", "submitted": "à corriger", "missing": "non remis"}
remises = pd.DataFrame(
    [
        {
            "apprenant": s.learner,
            "devoir": s.assignment,
            "état": statuts[s.status],
            "score": None if s.score is None else f"{number_fr(s.score, 2, trim=True)} / {number_fr(s.max_score, 2, trim=True)}",
        }
        for s in rapport.submissions
    ]
)
remises.pivot(index="apprenant", columns="devoir", values="état")"""

_STRUGGLING = """en_difficulte = pd.DataFrame(
    [
        {"apprenant": lp.name, "réussite moyenne": lp.mean_ratio, "motifs": " ; ".join(lp.reasons)}
        for lp in rapport.struggling_learners
    ],
    columns=["apprenant", "réussite moyenne", "motifs"],
)
display(en_difficulte.style.format({"réussite moyenne": percent_fr}, na_rep="—"))
criteres_faibles = pd.DataFrame(
    [
        {"critère": c.criterion, "réussite moyenne": c.mean_ratio, "énoncé": c.text}
        for c in rapport.struggling_criteria
    ],
    columns=["critère", "réussite moyenne", "énoncé"],
)
criteres_faibles.style.format({"réussite moyenne": percent_fr}, na_rep="—")"""

_COMPETENCIES = "display(Image(plots.figure_png(plots.competency_bars(rapport))))"

_CRITERIA = """display(Image(plots.figure_png(plots.heatmap(rapport))))
pd.DataFrame(
    [
        {
            "critère": c.criterion,
            "réussite moyenne": c.mean_ratio,
            "apprenants évalués": c.learners_scored,
            "cellules en attente": c.pending,
        }
        for c in rapport.criteria
    ]
).style.format({"réussite moyenne": percent_fr}, na_rep="—")"""

_EXPORT = """from kamtrain.progress.render import to_html

export = DOSSIER_COHORTE / "reports" / "suivi.html"
export.parent.mkdir(exist_ok=True)
export.write_text(to_html(rapport), encoding="utf-8")
print(f"Rapport HTML écrit : {export}")"""


def build_trainer_notebook(*, course_dir: Path, cohort: str):
    """The notebook (an nbformat node) for the cohort in ``course_dir``."""
    from nbformat import v4

    md, code = v4.new_markdown_cell, v4.new_code_cell
    cells = [
        md(
            f"# Suivi de la cohorte {cohort}\n\n"
            "Ce carnet relit la cohorte à chaque exécution : relancez toutes les cellules "
            "(`Run ▸ Run All Cells`) après chaque correction pour voir qui avance et qui "
            "bloque. Les réponses rédigées qui attendent le jury ne comptent pas encore."
        ),
        code(_FIND_COHORT.format(course_dir=str(Path(course_dir).resolve()))),
        md("## Qui a remis quoi ?"),
        code(_SUBMISSIONS),
        md(
            "## À surveiller\n\nApprenants et critères sous le seuil « acquis » des règles "
            "de certification, ou remises manquantes."
        ),
        code(_STRUGGLING),
        md("## Réussite par compétence"),
        code(_COMPETENCIES),
        md("## Réussite par critère\n\nEn gris : pas encore évalué."),
        code(_CRITERIA),
        md("## Exporter en HTML\n\nÉcrit `reports/suivi.html`, autonome (graphiques inclus)."),
        code(_EXPORT),
    ]
    nb = v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }
    nb.metadata["kamtrain"] = {"schema_version": 1, "kind": "trainer_progress", "cohort": cohort}
    return nb


def write_trainer_notebook(*, course_dir: Path) -> Path:
    """Write (or refresh) ``<course_dir>/formateur/suivi.ipynb`` and return its path."""
    import nbformat

    from kamtrain.cohort.config import read_config

    course_dir = Path(course_dir).resolve()
    config = read_config(course_dir)
    folder = course_dir / FOLDER
    folder.mkdir(exist_ok=True)
    path = folder / NAME
    nbformat.write(build_trainer_notebook(course_dir=course_dir, cohort=config.name), path)
    return path

"""``kamtrain jury notebook DIR``: write ``DIR/jury/grille_jury.ipynb`` opening the grid."""

from __future__ import annotations

from pathlib import Path


def write_jury_notebook(*, course_dir: Path, assessor: str = "", anonymous: bool = False) -> Path:
    """Write the jury notebook for this cohort and return its path (an existing one is kept
    as ``grille_jury.ipynb.bak``)."""
    import nbformat
    from nbformat import v4

    from kamtrain.jury.api import open_context

    ctx = open_context(course_dir)
    nb = v4.new_notebook()
    nb.cells = [
        v4.new_markdown_cell(
            f"# Grille du jury – promotion {ctx.config.name}\n\n"
            "Renseignez votre nom, choisissez un candidat et une compétence, puis attribuez un "
            "niveau et un commentaire à chaque critère. Vos niveaux restent invisibles pour "
            "l'autre évaluateur tant que vous ne les avez pas soumis (`kamtrain jury submit`)."
        ),
        v4.new_code_cell(
            "from kamtrain.widgets.jury_grid import JuryGrid\n"
            f"EVALUATEUR = {assessor!r}  # votre nom\n"
            f"grille = JuryGrid(course_dir={str(ctx.course_dir)!r}, assessor=EVALUATEUR, anonymous={anonymous!r})\n"
            "grille.widget"
        ),
    ]
    nb.metadata["kamtrain"] = {"kind": "jury_grid", "cohort": ctx.config.name}
    folder = ctx.course_dir / "jury"
    folder.mkdir(exist_ok=True)
    path = folder / "grille_jury.ipynb"
    if path.exists():
        path.replace(path.with_suffix(".ipynb.bak"))
    nbformat.write(nb, path)
    return path

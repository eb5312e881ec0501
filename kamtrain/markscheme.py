"""The jury's model answers (corrigés indicatifs) of the workbook's written items.

Each jury-graded written cell of ``notebooks/bloc*/`` holds its model answer between
``=== BEGIN MARK SCHEME ===`` and ``=== END MARK SCHEME ===``. nbgrader's generate step
replaces a graded markdown answer cell by « VOTRE RÉPONSE ICI » (ClearSolutions) and
removes any mark scheme region (ClearMarkScheme), so the model answer stays in the cohort's
``source/`` and never reaches ``release/``, personalised copies or feedback. The jury grid
shows it beside the candidate's answer.
"""

from __future__ import annotations

from pathlib import Path

BEGIN = "BEGIN MARK SCHEME"
END = "END MARK SCHEME"


def mark_scheme(source: str) -> str:
    """The text between the mark scheme delimiters of a cell's source ("" if none)."""
    out, inside = [], False
    for line in source.split("\n"):
        if BEGIN in line:
            inside = True
        elif END in line:
            inside = False
        elif inside:
            out.append(line)
    return "\n".join(out).strip()


def model_answers(course_dir: Path) -> dict[tuple[str, str, str], str]:
    """(assignment, notebook, grade_id) -> model answer, for every manual cell of
    ``DIR/source/``."""
    import nbformat

    out = {}
    for path in sorted((Path(course_dir) / "source").glob("*/*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.metadata.get("kamtrain", {}).get("kind") != "manual":
                continue
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
            out[(path.parent.name, path.stem, grade_id)] = mark_scheme(cell.source)
    return out

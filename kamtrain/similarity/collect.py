"""Read the answer cells (nbgrader solution cells) of every submission.

Submissions are ``submitted/<learner>/<assignment>/*.ipynb``; the released notebooks
(``release/<assignment>/``) give each answer cell's template, the part every learner
received and which therefore proves nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

from kamtrain.similarity.model import AnswerCell

#: Larger files are not read (a notebook of answers is well under a megabyte).
MAX_BYTES = 20_000_000


#: Characters of one answer cell that are compared and shown. An answer of this workbook
#: is a few hundred characters; the cap keeps the whole cohort's answers, which copy
#: detection must hold at once, small (200 learners stay within a few MB).
MAX_CELL_CHARS = 20_000


def _text(cell: dict) -> str:
    source = cell.get("source", "")
    text = "".join(map(str, source)) if isinstance(source, list) else str(source)
    return text[:MAX_CELL_CHARS]


def _heading(markdown: str) -> str:
    for line in markdown.splitlines():
        if line.lstrip().startswith("#"):
            return line.strip().lstrip("#").strip()
    return ""


def read_answer_cells(path: Path) -> list[tuple[str, str, str, str]]:
    """``(cell_id, title, kind, source)`` of each solution cell of notebook ``path``.

    Raises:
        ValueError: the file is not a readable notebook (the message says why, in French).
    """
    if path.is_symlink() or not path.is_file():
        raise ValueError("lien symbolique ou fichier spécial, non lu")
    if path.stat().st_size > MAX_BYTES:
        size = f"{MAX_BYTES:,}".replace(",", "\u202f")
        raise ValueError(f"plus de {size} octets, non lu")
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"notebook illisible ({type(exc).__name__})") from None
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list):
        raise ValueError("pas de cellules : ce n'est pas un notebook")
    found, title = [], ""
    for cell in cells:
        if not isinstance(cell, dict):
            continue
        meta = (cell.get("metadata") or {}).get("nbgrader") or {}
        kind = cell.get("cell_type")
        if meta.get("solution") and meta.get("grade_id") and kind in ("code", "markdown"):
            found.append((str(meta["grade_id"]), title, kind, _text(cell)))
        elif kind == "markdown":
            title = _heading(_text(cell)) or title
    return found


def collect_answers(
    *, course_dir: Path, assignment: str | None = None
) -> tuple[list[AnswerCell], list[str]]:
    """Every answer cell of ``submitted/``, and the files left out with the reason."""
    answers: list[AnswerCell] = []
    skipped: list[str] = []
    submitted = Path(course_dir) / "submitted"
    for learner_dir in sorted(p for p in submitted.glob("*") if p.is_dir()):
        if learner_dir.name.startswith("."):
            continue
        for assignment_dir in sorted(p for p in learner_dir.glob("*") if p.is_dir()):
            if assignment and assignment_dir.name != assignment:
                continue
            for nb in sorted(assignment_dir.glob("*.ipynb")):
                try:
                    cells = read_answer_cells(nb)
                except ValueError as exc:
                    skipped.append(f"{nb.relative_to(course_dir)} : {exc}")
                    continue
                answers += [
                    AnswerCell(
                        learner_dir.name, assignment_dir.name, nb.name, cell_id, title, kind, src
                    )
                    for cell_id, title, kind, src in cells
                ]
    return answers, skipped


def templates(*, course_dir: Path, assignment: str) -> dict[tuple[str, str], str]:
    """``(notebook, cell_id)`` → the released template of that answer cell."""
    found: dict[tuple[str, str], str] = {}
    for nb in sorted((Path(course_dir) / "release" / assignment).glob("*.ipynb")):
        try:
            cells = read_answer_cells(nb)
        except ValueError:
            continue
        for cell_id, _title, _kind, source in cells:
            found[(nb.name, cell_id)] = source
    return found

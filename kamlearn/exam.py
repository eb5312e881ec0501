"""What an exam notebook (a written certification épreuve) calls on the candidate's side.

* :func:`load_exam_data` reads the DATA handed out beside the notebook (CSV and JSON files
  under ``donnees/<famille>/``): the candidate gets data, never a generator or a seed.
* The answers are handed out by the workbook's own :func:`kamlearn.handout.hand_out` (the
  item's declared names, encoded by :mod:`kamlearn.wire`): it computes nothing and says
  nothing about right or wrong; the trusted side scores the data outside the kernel.
"""

from __future__ import annotations

import json
from pathlib import Path


class ExamData:
    """The data of one case family, as the exam notebook reads it (``cas.data[...]``)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.data: dict = {}
        for path in sorted(self.folder.glob("*.csv")):
            import pandas as pd

            self.data[path.stem] = pd.read_csv(path)
        values = self.folder / "valeurs.json"
        if values.exists():
            self.data.update(json.loads(values.read_text(encoding="utf-8")))

    def context_markdown(self) -> str:
        path = self.folder / "contexte.md"
        return path.read_text(encoding="utf-8") if path.exists() else ""

    def show_context(self) -> None:
        from IPython.display import Markdown, display

        display(Markdown(self.context_markdown()))


def load_exam_data(folder: str | Path) -> ExamData:
    """The data beside the exam notebook (``donnees/<famille>``)."""
    return ExamData(Path(folder))

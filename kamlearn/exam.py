"""What an exam notebook (a written certification épreuve) calls on the candidate's side.

* :func:`load_exam_data` reads the DATA handed out beside the notebook (CSV and JSON files
  under ``donnees/<famille>/``): the candidate gets data, never a generator or a seed.
* :func:`hand_out` publishes the answers an item declares, as JSON data in the cell's output
  (:data:`kamlearn.handout.MIME`, encoded by :mod:`kamlearn.wire`). It computes nothing and says nothing about right or wrong:
  the trusted side parses the output as data and scores it outside the kernel.
"""

from __future__ import annotations

import json
import math
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


def to_jsonable(value, depth: int = 0):
    """Numbers, text, lists, dicts, pandas Series and DataFrames as plain JSON data."""
    if depth > 6:
        return None
    try:
        import numpy as np
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is a dependency
        np = pd = None
    if pd is not None and isinstance(value, pd.DataFrame):
        return {"__frame__": json.loads(value.to_json(orient="split", force_ascii=False))}
    if pd is not None and isinstance(value, pd.Series):
        return {
            "__series__": [
                [to_jsonable(k, depth + 1), to_jsonable(v, depth + 1)] for k, v in value.items()
            ]
        }
    if np is not None and isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple | set):
        return [to_jsonable(v, depth + 1) for v in value]
    if isinstance(value, dict):
        return {str(k): to_jsonable(v, depth + 1) for k, v in value.items()}
    return None


def _public(ns: dict, skip) -> list[str]:
    """The candidate's own names: everything but private names, modules, functions and
    classes, the handed-out data (``skip``) and the loaded case."""
    import types

    return [
        name
        for name, value in ns.items()
        if not name.startswith("_")
        and name not in skip
        and name not in ("In", "Out", "cas")
        and not isinstance(value, types.ModuleType | types.FunctionType | type)
    ]


def hand_out(item: str, ns: dict, *, skip: tuple[str, ...] | list[str] = ()) -> None:
    """Publish the candidate's answers for ``item`` (every public name but ``skip``) in
    the workbook's wire format (:mod:`kamlearn.handout`), with a French note."""
    from IPython.display import display

    from kamlearn.handout import MIME, payload

    display(
        {
            MIME: payload(item, ns, _public(ns, set(skip))),
            "text/plain": f"Réponse enregistrée pour {item}.",
        },
        raw=True,
    )

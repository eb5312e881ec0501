"""Golden values of every case: its data (digests) and expected answers, for two learners.

Run ``python tests/_golden.py`` to rewrite ``tests/data/golden_cases.json`` on purpose
(after changing a case's storyline or numpy's pinned version), and review the diff: every
expected answer is written out in full, every data table as a digest of its values.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import sys
from importlib import metadata
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "data" / "golden_cases.json"
COHORT = "cohorte-golden"
LEARNERS = ("amartin", "bdurand")


def canonical(value):
    """A JSON-ready form of ``value``: floats to 10 significant digits, frames as rows."""
    import numpy as np
    import pandas as pd

    if isinstance(value, pd.DataFrame):
        return {
            "columns": [str(c) for c in value.columns],
            "index": canonical(list(value.index)),
            "rows": canonical(value.to_numpy().tolist()),
        }
    if isinstance(value, pd.Series):
        return {
            "name": str(value.name),
            "index": canonical(list(value.index)),
            "values": canonical(value.tolist()),
        }
    if isinstance(value, dict):
        return {str(k): canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple | np.ndarray):
        return [canonical(v) for v in value]
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        number = float(value)
        return repr(number) if not math.isfinite(number) else float(f"{number:.10g}")
    if isinstance(value, pd.Timestamp | dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"no canonical form for {type(value).__name__}: {value!r:.80}")


def digest(value) -> str:
    text = json.dumps(canonical(value), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def case_names() -> list[str]:
    import pkgutil

    import kamlearn.cases as package

    return sorted(
        m.name
        for m in pkgutil.iter_modules(package.__path__)
        if m.name[:1] == "c" and "_" in m.name
    )


def snapshot(case_name: str, learner: str) -> dict:
    from kamtrain.answers import load_trusted_case

    case = load_trusted_case(case_name, cohort=COHORT, learner=learner)
    return {
        "data": {key: digest(value) for key, value in sorted(case.data.items())},
        "expected": canonical(dict(sorted(case.expected.items()))),
    }


def build() -> dict:
    return {
        "numpy": metadata.version("numpy"),
        "cohort": COHORT,
        "cases": {
            name: {learner: snapshot(name, learner) for learner in LEARNERS}
            for name in case_names()
        },
    }


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    GOLDEN.write_text(
        json.dumps(build(), indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
    )
    print(f"wrote {GOLDEN}")

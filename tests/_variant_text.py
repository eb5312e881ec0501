"""Everything a learner of one variant reads, notebook by notebook.

A notebook shows its own text (markdown, code comments and strings), its case's context
(``case.context_markdown()``) and the data it displays: every string of every table, list
and dict of ``case.data``. The simulators' personas and scenarios are read in the
notebooks that play them. The storyline tests search these texts for the variant's
people, sites and for what must never be shown.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: The data files a case's notebook shows through its simulator or question bank.
CASE_DATA_FILES = {
    "c7_decouverte": ("personas/entretien/*.yml", "banks/*.yml"),
    "c13_negociation": ("personas/negociation/*.yml",),
    "c18_leadership": ("scenarios/leadership/*.yml",),
}


@cache
def notebooks() -> dict[str, tuple[str, str]]:
    """Notebook path (relative) -> (case name, the notebook's own text)."""
    out = {}
    for path in sorted((ROOT / "notebooks").glob("bloc*/*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells)
        found = re.search(r'load_case\("(\w+)"', text)
        if found:
            out[str(path.relative_to(ROOT))] = (found.group(1), text)
    return out


@cache
def data_file_text(case_name: str) -> str:
    import yaml

    files = sorted(p for g in CASE_DATA_FILES.get(case_name, ()) for p in (ROOT / "cases").glob(g))
    return "\n".join(
        s for p in files for s in strings(yaml.safe_load(p.read_text(encoding="utf-8")))
    )


def strings(obj) -> Iterator[str]:
    """Every string shown by ``obj``: table cells, column and index labels, dict keys."""
    import pandas as pd

    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, pd.DataFrame):
        yield from (str(c) for c in obj.columns)
        # one line per row: what a row says about a person stays in one sentence
        text = obj.select_dtypes(include=["object", "str"]).astype(str)
        yield from dict.fromkeys(" ; ".join(row) for row in text.itertuples(index=False))
    elif isinstance(obj, pd.Series):
        yield from (str(v) for v in obj.index)
        if obj.dtype == object:
            yield from (str(v) for v in obj.unique())
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield str(k)
            yield from strings(v)
    elif isinstance(obj, list | tuple | set | frozenset):
        for v in obj:
            yield from strings(v)


def case_of(name: str, cohort: str, learner: str):
    from kamlearn.cases import case_class
    from kamlearn.cases.identity import Identity

    return case_class(name)(Identity(cohort=cohort, learner=learner, source="grader"))


@dataclass
class Variant:
    """What one learner variant's notebooks show, read once for every storyline test."""

    #: notebook path -> all the text the learner reads in it
    texts: dict[str, str] = field(default_factory=dict)
    #: (case, company, table, column) -> the sites a column names
    sites: dict[tuple[str, str, str, str], set[str]] = field(default_factory=dict)
    #: case -> its context, in French
    contexts: dict[str, str] = field(default_factory=dict)
    #: (case, table) -> the tables the tests read
    tables: dict[tuple[str, str], object] = field(default_factory=dict)


#: The tables the storyline tests read whole.
TABLES = (("c15_projet_gantt", "taches"), ("c18_leadership", "equipe"))


def variant(cohort: str, learner: str) -> Variant:
    """Everything the learner ``(cohort, learner)`` reads, notebook by notebook."""
    out = Variant()
    for path, (name, own) in notebooks().items():
        case = case_of(name, cohort, learner)
        shown = "\n".join(strings(case.data))
        out.contexts[name] = case.context_markdown()
        out.texts[path] = "\n".join((own, out.contexts[name], shown, data_file_text(name)))
        for table, col, values in site_columns(case):
            out.sites[name, case.company_id, table, col] = values
        for case_name, table in TABLES:
            if case_name == name:
                out.tables[name, table] = case.data[table]
    return out


def site_columns(case) -> Iterator[tuple[str, str, set[str]]]:
    """(table, column, values) of every column of the case's data that names a site."""
    import pandas as pd

    for key, value in case.data.items():
        if isinstance(value, pd.DataFrame):
            for col in value.columns:
                if col == "site" or col.startswith("site_"):
                    yield key, col, {str(v) for v in value[col].unique()}

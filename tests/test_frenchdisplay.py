"""Tables and printed lines learners see are French (« 12 mars 2026 à 14 h 00 min 17 s »,
« 55,8 », « 1 607 h »), while the data they compute on keeps its floats and timestamps."""

from __future__ import annotations

import ast
import json

import _french_documents as fd
import pandas as pd
import pytest

from kamlearn.cases import load_case
from kamlearn.frenchdisplay import french_html
from kamtrain.paths import notebooks_dir

COHORT, LEARNER = "verification", "verif-01"


def _visible(html: str, where: str) -> list:
    return fd.visible_texts(html, where)


@pytest.mark.parametrize(
    ("case", "table"), [("c10_soutenance", "transcription"), ("c16_pilotage_crm", "crm")]
)
def test_tables_show_french_dates_and_numbers_without_changing_the_data(case, table):
    frame = load_case(case, cohort=COHORT, learner=LEARNER).data[table]
    before = frame.copy()
    html = french_html(frame)
    assert fd.format_errors(_visible(html, case)) == []
    assert "2026-" not in html and "2025-" not in html
    pd.testing.assert_frame_equal(frame, before)  # the display never touches the data
    dates = [c for c in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[c])]
    assert dates, "the table has dates to show"


def test_french_html_details():
    frame = pd.DataFrame(
        {
            "exercice": [2022, 2023],
            "ca_keur": [1234567, 2],
            "ratio": [0.955, 12.5],
            "debut": pd.to_datetime(["2026-03-12 14:00:17", "2026-03-12 14:01:00"]),
            "jour": pd.to_datetime(["2026-12-01", "2026-11-30"]),
        }
    )
    cells = fd.visible_lines(french_html(frame))
    assert "2022" in cells and "2\u202f022" not in cells, "a year takes no separator"
    assert "1\u202f234\u202f567" in cells and "0,955" in cells and "12,5" in cells
    assert "12 mars 2026 à 14 h 01 min 00 s" in cells, "one column, one time format"
    assert "1er décembre 2026" in cells
    series = french_html(pd.Series({"Lyon": -13.2}, name="nps"))
    assert "-13,2" in fd.visible_lines(series)


def test_booleans_show_as_typed_and_durations_in_french():
    """A learner filters on what the table shows: « Faux » would make them write
    ``== "Faux"`` (an empty table, no error); durations (C10's fin - debut) are French."""
    frame = pd.DataFrame(
        {
            "deja_equipe_concurrent": [True, False, True],
            "duree": pd.to_timedelta([17, 65, 2 * 3600 + 30], unit="s"),
        }
    )
    cells = fd.visible_lines(french_html(frame))
    assert cells.count("True") == 2 and cells.count("False") == 1
    assert "Vrai" not in cells and "Faux" not in cells
    assert {"17 s", "1 min 05 s", "2 h 00 min 30 s"} <= set(cells)
    assert not any("days" in c for c in cells)
    typed = ast.literal_eval(cells[cells.index("False")])  # what the learner types
    assert len(frame[frame["deja_equipe_concurrent"] == typed]) == 1


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (0, "0 s"),
        (17, "17 s"),
        (2.5, "2,5 s"),
        (65, "1 min 05 s"),
        (120, "2 min 00 s"),
        (86_400, "1 jour 0 h 00 min 00 s"),
        (3 * 86_400 + 4 * 3600, "3 jours 4 h 00 min 00 s"),
        (-5, "-5 s"),
    ],
)
def test_duration_fr(seconds, expected):
    from datetime import timedelta

    from kamlearn.frenchfmt import duration_fr

    assert duration_fr(timedelta(seconds=seconds)) == expected
    assert duration_fr(pd.Timedelta(seconds=seconds)) == expected


def _setup_cell(notebook: str) -> str:
    path = next(notebooks_dir().glob(f"*/{notebook}.ipynb"))
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return next("".join(c["source"]) for c in cells if "load_case(" in "".join(c["source"]))


@pytest.mark.parametrize(
    "notebook", ["c5_pilotage", "c10_soutenance", "c16_pilotage_crm", "c17_design_thinking"]
)
def test_a_notebooks_opening_cell_prints_and_shows_french(notebook, capsys):
    """The notebook's opening cell, run in an IPython shell as in Jupyter: what it prints
    and the table it shows are French."""
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        shell.user_ns.update(COHORT=COHORT, LEARNER_ID=LEARNER, display=lambda *a, **k: None)
        *body, last = _setup_cell(notebook).replace("%matplotlib inline", "").splitlines()
        shell.run_cell("\n".join(body), store_history=False).raise_error()
        printed = capsys.readouterr().out
        table = eval(last, shell.user_ns)  # the table the cell shows, as Jupyter shows it
        shown = shell.display_formatter.format(table)[0]["text/html"]
    finally:
        InteractiveShell.clear_instance()
    texts = _visible(shown, notebook) + [
        fd.Text(notebook, n, "", line) for n, line in enumerate(printed.splitlines(), 1)
    ]
    assert fd.format_errors(texts) == []
    if notebook == "c5_pilotage":
        assert "Seuils ABC (part cumulée du CA) : 80\u00a0% / 95\u00a0% / 100\u00a0%" in printed
        assert "ETP : 1\u202f607 h" in printed
    if notebook == "c17_design_thinking":
        assert "Pondérations : impact 50\u00a0%" in printed


def test_print_fr_writes_series_dicts_and_numbers_in_french(capsys):
    import numpy as np
    import pandas as pd
    from _french_documents import printed_format_errors

    from kamlearn.frenchdisplay import print_fr

    print_fr("TCAM (%) :", pd.Series({"Enerlogic": 27.1, "Nexalys": 0.9}), "marché :", 10.9)
    print_fr({"A – Tenir le prix": np.float64(60900.0), "B": 0.5}, [], ["T01", "T02"], 2024)
    print_fr(pd.Series([2021, 2024], index=["début", "fin"]), None)
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "TCAM (%) :",
        "Enerlogic : 27,1",
        "Nexalys : 0,9",
        "marché : 10,9",
        "A – Tenir le prix : 60\u202f900",
        "B : 0,5",
        "(aucun) T01, T02 2024",
        "début : 2021",
        "fin : 2024",
        "—",
    ]
    assert not printed_format_errors([(0, out)], "print_fr")


def test_the_printed_text_check_catches_python_formats():
    from _french_documents import printed_format_errors

    bad = {
        "Part : 0.8": "0.8",
        "Marge : 207619 €": "207619",
        "Marge : 207,619 €": "207,619",
        "Enerlogic    27.1\ndtype: float64": "dtype: float64",
        "{'A': np.float64(60900.0)}": "np.float64(",
        "['Lyon', 'Nantes'] Lyon": "['",
        "surcoût récupéré en inf ans": "inf",
    }
    for text, culprit in bad.items():
        errors = printed_format_errors([(3, text)], "x")
        assert errors and any(culprit in e for e in errors), (text, errors)
    good = "[c12.prix_plancher] 1,5 / 1,5 point(s)\nAnnée 2024 : T0123, `x = 0.8`, apprenant-0712"
    assert not printed_format_errors([(3, good)], "x")

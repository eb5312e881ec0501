"""French formatting helpers: one place for dates, numbers, amounts and percentages."""

from datetime import date, datetime

import pytest

from kamlearn.frenchfmt import date_fr, datetime_fr, money_fr, number_fr, percent_fr

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2026-11-30", "30 novembre 2026"),
        (date(2026, 12, 1), "1er décembre 2026"),
        (datetime(2027, 2, 14, 9, 5), "14 février 2027"),
        ("2027-08-03", "3 août 2027"),
    ],
)
def test_date_fr(value, expected):
    assert date_fr(value) == expected


def test_date_fr_rejects_a_non_iso_string_clearly():
    with pytest.raises(ValueError, match="30/11/2026.*ISO"):
        date_fr("30/11/2026")


def test_datetime_fr():
    assert datetime_fr(datetime(2026, 11, 30, 14, 5)) == "30 novembre 2026 à 14 h 05"
    assert datetime_fr("2026-11-30T08:40:00+00:00") == "30 novembre 2026 à 8 h 40"
    moment = datetime(2026, 3, 12, 14, 0, 17)
    assert datetime_fr(moment, seconds=True) == "12 mars 2026 à 14 h 00 min 17 s"


def test_numbers_money_percent():
    assert number_fr(207619) == f"207{NNBSP}619"
    assert number_fr(2.25, 2) == "2,25"
    assert number_fr(2.0, 2, trim=True) == "2"
    assert number_fr(1234567.891, 1) == f"1{NNBSP}234{NNBSP}567,9"
    assert number_fr(-0.001, 1) == "0,0"
    assert number_fr(None) == "—"
    assert money_fr(207619) == f"207{NNBSP}619{NBSP}€"
    assert money_fr(1234.5, 2) == f"1{NNBSP}234,50{NBSP}€"
    assert percent_fr(0.8) == f"80{NBSP}%"
    assert percent_fr(0.125, 1) == f"12,5{NBSP}%"
    assert percent_fr(None) == "—"


def test_kamlearn_frenchfmt_is_import_free():
    import ast
    from pathlib import Path

    import kamlearn.frenchfmt as mod

    tree = ast.parse(Path(mod.__file__).read_text(encoding="utf-8"))
    imported = {
        (n.module or "") if isinstance(n, ast.ImportFrom) else a.name
        for n in ast.walk(tree)
        if isinstance(n, ast.Import | ast.ImportFrom)
        for a in (n.names if isinstance(n, ast.Import) else [n])
    }
    assert not any(name.startswith("kamtrain") for name in imported)


def test_list_fr_joins_names_the_french_way():
    from kamlearn.frenchfmt import list_fr

    assert list_fr([]) == ""
    assert list_fr(["Antoine Garnier"]) == "Antoine Garnier"
    assert list_fr(["Antoine Garnier", "Nadia Roussel"]) == "Antoine Garnier et Nadia Roussel"
    assert list_fr(["A", "B", "C"]) == "A, B et C"

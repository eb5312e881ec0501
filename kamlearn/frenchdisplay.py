"""Tables shown to learners in French: « 1 607 », « 12,5 », « 12 mars 2026 à 14 h 00 »,
« 1 min 05 s ». Booleans stay ``True``/``False``, as a learner must type them to filter.

:func:`install` registers, in the running IPython kernel, an HTML display for pandas
DataFrames and Series that writes their numbers and dates with :mod:`kamlearn.frenchfmt`.
Only the display changes: the data a learner computes on keeps its floats and
timestamps, and ``print(df)`` or ``df.to_csv()`` are untouched. Outside IPython (tests,
the grader's checks) :func:`install` does nothing.

:func:`print_fr` is ``print`` for the notebooks' provided code: it writes numbers,
Series, dicts and lists the same French way (« Enerlogic : 27,1 », « 60 900 »).
"""

from __future__ import annotations

__all__ = ["french_html", "install", "print_fr", "text_fr"]

#: Decimals shown at most, as pandas shows them (trailing zeros dropped).
DIGITS = 6
#: Integers in this range in a column of integers are years, written without a separator.
YEARS = range(1900, 2101)


def _cell(value) -> str:
    """One value as a French reader expects it."""
    import numbers
    from datetime import date, datetime, timedelta

    import pandas as pd

    from kamlearn.frenchfmt import date_fr, datetime_fr, duration_fr, number_fr

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, datetime):  # pd.Timestamp is a datetime
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return date_fr(value)
        return datetime_fr(value, seconds=bool(value.second))
    if isinstance(value, date):
        return date_fr(value)
    if isinstance(value, timedelta):  # pd.Timedelta is a timedelta
        return duration_fr(value)
    if isinstance(value, bool):  # as the learner types it to filter: == True, ~col
        return str(value)
    if isinstance(value, numbers.Integral):
        return number_fr(int(value))
    if isinstance(value, numbers.Real):
        return number_fr(float(value), DIGITS, trim=True)
    return str(value)


def _column_formatter(series):
    """The formatter of one column: years stay « 2026 »; a column of dates shows its
    times, to the second, only if one of its values needs it; the rest goes through _cell."""
    import pandas as pd

    from kamlearn.frenchfmt import date_fr, datetime_fr

    values = series.dropna()
    if pd.api.types.is_integer_dtype(series.dtype) and values.isin(YEARS).all():
        return str
    if pd.api.types.is_datetime64_any_dtype(series.dtype) and len(values):
        if (values.dt.normalize() == values).all():
            return lambda v: "" if pd.isna(v) else date_fr(v)
        seconds = bool((values.dt.second != 0).any())
        return lambda v: "" if pd.isna(v) else datetime_fr(v, seconds=seconds)
    return _cell


def french_html(obj, max_rows: int | None = None) -> str:
    """The HTML table of a DataFrame or Series, with French numbers and dates."""
    import pandas as pd

    frame = obj.to_frame() if isinstance(obj, pd.Series) else obj
    if max_rows is None:
        max_rows = pd.get_option("display.max_rows")
    shown = frame
    if max_rows and len(frame) > max_rows:
        half = max_rows // 2
        shown = pd.concat([frame.head(half), frame.tail(half)])
    formatters = {i: _column_formatter(shown.iloc[:, i]) for i in range(shown.shape[1])}
    # one column at a time, by position (column names may repeat)
    body = pd.DataFrame(
        {i: shown.iloc[:, i].map(formatters[i]) for i in range(shown.shape[1])},
        index=shown.index,
    )
    body.columns = shown.columns
    if isinstance(body.index, pd.DatetimeIndex):
        body.index = [_cell(v) for v in body.index]
    html = body.to_html(border=1, escape=True, na_rep="")
    if shown is not frame:
        html += f"<p>{_cell(len(frame))} lignes × {_cell(frame.shape[1])} colonnes</p>"
    return html


def install() -> bool:
    """Show DataFrames and Series in French in this IPython kernel; False outside one."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None:
        return False
    import pandas as pd

    html = shell.display_formatter.formatters["text/html"]
    html.for_type(pd.DataFrame, french_html)
    html.for_type(pd.Series, french_html)
    return True


def _lines(pairs) -> str:
    """« label : value » lines, one per pair."""
    return "\n".join(f"{label} : {value}" for label, value in pairs) or "(vide)"


def text_fr(value) -> str:
    """``value`` as :func:`print_fr` writes it; never raises (a learner's odd value is
    written as Python would write it)."""
    import pandas as pd

    try:
        if isinstance(value, str):
            return value
        if value is None:
            return "—"
        if isinstance(value, pd.DataFrame):
            body = pd.DataFrame(
                {
                    i: value.iloc[:, i].map(_column_formatter(value.iloc[:, i]))
                    for i in range(value.shape[1])
                },
                index=value.index,
            )
            body.columns = value.columns
            return body.to_string()
        if isinstance(value, pd.Series):
            cell = _column_formatter(value)
            return _lines((label, cell(v)) for label, v in value.items())
        if isinstance(value, dict):
            return _lines((label, text_fr(v)) for label, v in value.items())
        if isinstance(value, (list, tuple, set, frozenset)):
            items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
            return ", ".join(text_fr(v) for v in items) if items else "(aucun)"
        if isinstance(value, int) and not isinstance(value, bool) and value in YEARS:
            return str(value)  # a year, as in a column of years
        return _cell(value)
    except Exception:  # noqa: BLE001 - showing a value must never stop the learner's cell
        return str(value)


def print_fr(*values, sep: str = " ") -> None:
    """``print`` with French numbers; a multi-line value (Series, dict) has lines of its own."""
    text, multiline = "", False
    for value in values:
        piece = text_fr(value)
        if text:
            text += "\n" if multiline or "\n" in piece else sep
        text += piece
        multiline = "\n" in piece
    print(text)

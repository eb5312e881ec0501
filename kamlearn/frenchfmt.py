"""French formatting of dates, numbers, amounts and percentages, in one place.

Every learner- and jury-facing text uses these helpers, so « 30 novembre 2026 »,
« 207 619 € » and « 80 % » are written the same way everywhere:

* thousands are separated by a narrow no-break space (U+202F), decimals by a comma;
* the unit (``€``, ``%``) follows a no-break space (U+00A0), so it never starts a line;
* the first day of a month is written « 1er ».

Pure functions of the standard library: importing this module costs nothing.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

__all__ = [
    "MONTHS_FR",
    "date_fr",
    "datetime_fr",
    "duration_fr",
    "list_fr",
    "money_fr",
    "number_fr",
    "percent_fr",
]

#: Month names, January first.
MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
THOUSANDS = "\u202f"
NBSP = "\u00a0"


def _as_date(value: date | datetime | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text).date() if "T" in text else date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{value}' is not an ISO date (YYYY-MM-DD).") from None


def date_fr(value: date | datetime | str) -> str:
    """``2026-11-30`` -> « 30 novembre 2026 »; ``2026-12-01`` -> « 1er décembre 2026 ».

    Accepts a :class:`date`, a :class:`datetime` or an ISO string.

    Raises:
        ValueError: the string is not an ISO date.
    """
    d = _as_date(value)
    day = "1er" if d.day == 1 else str(d.day)
    return f"{day} {MONTHS_FR[d.month - 1]} {d.year}"


def datetime_fr(value: datetime | str, *, seconds: bool = False) -> str:
    """« 30 novembre 2026 à 14 h 05 » (the time as given, no time-zone conversion);
    ``seconds=True``: « 12 mars 2026 à 14 h 00 min 17 s »."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if seconds:
        return f"{date_fr(moment)} à {moment.hour} h {moment.minute:02d} min {moment.second:02d} s"
    return f"{date_fr(moment)} à {moment.hour} h {moment.minute:02d}"


def duration_fr(value: timedelta) -> str:
    """A duration (``timedelta``, ``pd.Timedelta``): « 17 s », « 1 min 05 s »,
    « 2 h 00 min 30 s », « 3 jours 4 h 00 min 00 s », « -5 s »; tenths of a second kept
    (« 2,5 s »)."""
    total = value.total_seconds()
    sign, total = ("-", -total) if total < 0 else ("", total)
    days, rest = divmod(round(total, 3), 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, secs = divmod(rest, 60)
    parts = []
    if days:
        parts.append(f"{int(days)} jour{'s' if days >= 2 else ''}")
    if parts or hours:
        parts.append(f"{int(hours)} h")
    if parts or minutes:
        parts.append(f"{int(minutes):02d} min" if parts else f"{int(minutes)} min")
    text = number_fr(secs, 3, trim=True)
    if parts and secs < 10:
        text = "0" + text
    parts.append(f"{text} s")
    return sign + " ".join(parts)


def number_fr(value: float | int | None, digits: int = 0, *, trim: bool = False) -> str:
    """« 207 619 », « 2,25 »; ``trim=True`` drops trailing decimal zeros (« 2 » not « 2,00 »).

    ``None`` gives « — » (no value), so tables never show "None".
    """
    if value is None:
        return "—"
    text = f"{float(value):,.{digits}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", "-0." + "0" * digits):
        text = text[1:]
    return text.replace(",", THOUSANDS).replace(".", ",")


def money_fr(value: float | int | None, digits: int = 0) -> str:
    """« 207 619 € » (euros; ``digits=2`` for cents: « 1 234,50 € »)."""
    if value is None:
        return "—"
    return f"{number_fr(value, digits)}{NBSP}€"


def list_fr(items) -> str:
    """« A », « A et B », « A, B et C »: a French enumeration (no Oxford comma)."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} et {items[-1]}"


def percent_fr(ratio: float | None, digits: int = 0) -> str:
    """A ratio as a French percentage: 0.8 -> « 80 % », 0.125 with ``digits=1`` -> « 12,5 % »."""
    if ratio is None:
        return "—"
    return f"{number_fr(ratio * 100, digits)}{NBSP}%"

"""One jinja2 environment for every HTML document kamtrain writes."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def environment():
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("kamtrain", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["fr"] = format_fr
    env.filters["moment_fr"] = moment_fr
    env.filters["code_spans"] = code_spans
    env.filters["indicator"] = indicator
    return env


def indicator(criterion_level) -> str:
    """« C6.2 au niveau 0 : <what assessors observe at that level> » (rubrics/indicators.yml),
    for a (criterion, level) pair; the PV uses it to motivate a competency not acquired."""
    from kamlearn.referential.epreuves_loader import load_epreuves

    criterion, level = criterion_level
    text = load_epreuves().indicators(criterion)[int(level)]
    return f"{criterion} au niveau {level} : « {text} »"


def format_fr(value, digits: int = 1) -> str:
    """French number formatting (:func:`kamlearn.frenchfmt.number_fr`: decimal comma,
    narrow no-break space for thousands); a whole number drops its decimals (« 43 »)."""
    from kamlearn.frenchfmt import number_fr

    text = number_fr(value, digits)
    if digits and text.endswith("," + "0" * digits):
        text = text[: -(digits + 1)]
    return text


def moment_fr(stamp) -> str:
    """A timestamp as a French reader writes it: « 30 novembre 2026 à 14 h 05 (UTC) »;
    nbgrader's « 2026-11-30 14:05:12.123456 UTC » too. Text that is no date is kept."""
    from datetime import UTC, datetime

    from kamlearn.frenchfmt import datetime_fr

    text = str(stamp).strip()
    utc = text.endswith(" UTC")
    try:
        moment = datetime.fromisoformat(text.removesuffix(" UTC"))
    except ValueError:
        return text
    utc = utc or (moment.tzinfo is not None and moment.utcoffset() == UTC.utcoffset(None))
    return datetime_fr(moment) + (" (UTC)" if utc else "")


def code_spans(text: str):
    """Escape ``text`` and show its `backquoted` names as code, as in the notebooks."""
    import re

    from markupsafe import Markup, escape

    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(text))))


def render_template(name: str, **context) -> str:
    return environment().get_template(name).render(**context)

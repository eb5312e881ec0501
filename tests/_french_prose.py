"""French prose and where it is: :class:`Text`, telling French from identifiers and English,
stripping markdown and templates (helpers of tests/_french_text.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    """One piece of French text and where it is: ``file:line`` plus a detail (cell, key)."""

    path: str
    line: int
    where: str
    text: str

    @property
    def location(self) -> str:
        detail = f" ({self.where})" if self.where else ""
        return f"{self.path}:{self.line}{detail}"


# --- telling French prose from identifiers and English ----------------------------------

_FRENCH_WORDS = frozenset(
    [
        "le",
        "la",
        "les",
        "un",
        "une",
        "des",
        "du",
        "de",
        "au",
        "aux",
        "et",
        "est",
        "sont",
        "vous",
        "votre",
        "vos",
        "nous",
        "notre",
        "pour",
        "avec",
        "sur",
        "dans",
        "par",
        "pas",
        "ne",
        "qui",
        "que",
        "quel",
        "quelle",
        "ce",
        "cette",
        "ces",
        "son",
        "sa",
        "ses",
        "leur",
        "leurs",
        "il",
        "elle",
        "ils",
        "elles",
        "en",
        "à",
        "où",
        "ou",
        "mais",
        "donc",
        "plus",
        "moins",
        "entre",
        "sans",
        "selon",
        "chaque",
        "tout",
        "tous",
        "toutes",
        "été",
        "être",
        "avoir",
        "doit",
        "peut",
        "fait",
    ]
)
_ENGLISH_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "and",
        "in",
        "is",
        "are",
        "for",
        "with",
        "not",
        "on",
        "be",
        "by",
        "this",
        "that",
        "it",
        "as",
        "from",
        "or",
        "at",
        "which",
        "must",
        "should",
        "can",
        "cannot",
        "has",
        "have",
        "no",
        "when",
        "one",
        "its",
        "into",
        "than",
        "was",
        "were",
        "there",
        "their",
    ]
)
_FRENCH_COLON = re.compile(r"[A-Za-z] [:;!?](?:\s|$)")
_ACCENTED = re.compile(r"[àâäçéèêëîïôöûùüÿœæÀÂÇÉÈÊËÎÏÔÛÙÜŒ«»]")


def looks_french(text: str) -> bool:
    """True for French prose: more French than English function words, accents, or a
    space before « : » (French typography)."""
    words = [w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ]+", text)]
    fr = sum(w in _FRENCH_WORDS for w in words)
    en = sum(w in _ENGLISH_WORDS for w in words)
    if fr != en:
        return fr > en
    # a label such as « Feedback : » is French by its space before the colon
    return bool(_ACCENTED.search(text) or _FRENCH_COLON.search(text))


# --- markdown and templates -------------------------------------------------------------

_MARKDOWN_DROP = (
    re.compile(r"```.*?```", re.S),  # fenced code
    re.compile(r"=== (?:BEGIN|END) MARK SCHEME ==="),  # nbgrader's markers
    re.compile(r"`[^`\n]*(?:\n[^`\n]*)?`"),  # code spans (may wrap once): names, not prose
    re.compile(r"\$[^$\n]+\$"),  # formulas
    re.compile(r"<[^>\n]+>"),  # HTML tags
    re.compile(r"\]\([^)\s]*\)"),  # link targets
    re.compile(r"https?://\S+"),
)


def _blank(match: re.Match) -> str:
    """Replace a match by spaces, keeping its newlines so line numbers stay true."""
    return re.sub(r"[^\n]", " ", match.group(0))


def strip_markdown(text: str) -> str:
    for pattern in _MARKDOWN_DROP:
        text = pattern.sub(_blank, text)
    return text


_TEMPLATE_DROP = (
    re.compile(r"\{#.*?#\}", re.S),
    re.compile(r"\{%.*?%\}", re.S),
    re.compile(r"\{\{.*?\}\}", re.S),
    re.compile(r"<style.*?</style>", re.S),
    re.compile(r"\{% block style %\}.*?\{% endblock %\}", re.S),
    re.compile(r"<[^>]+>", re.S),
    re.compile(r"&[a-z]+;"),
)


def strip_template(text: str) -> str:
    # the style block of a child template is CSS even without <style>
    text = re.sub(r"\{% block style %\}.*?\{% endblock %\}", _blank, text, flags=re.S)
    for pattern in _TEMPLATE_DROP:
        text = pattern.sub(_blank, text)
    return text

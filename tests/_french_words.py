"""Words of French text: splitting, the project's word list, hunspell, typography
(helpers of tests/_french_text.py)."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from _french_prose import Text

WORDLIST = Path(__file__).resolve().parent / "data" / "wordlist-fr.txt"

# --- words ------------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿŒœÆæ][A-Za-zÀ-ÖØ-öø-ÿŒœÆæ0-9'’\-]*")
_ELISION = re.compile(r"^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)'", re.I)


_EMPHASIS = re.compile(r"\*\*([^*\n]+)\*\*|\*([^*\s][^*\n]*)\*")


def _unemphasise(match: re.Match) -> str:
    inner = match.group(1) if match.group(1) is not None else match.group(2)
    pad = (len(match.group(0)) - len(inner)) // 2
    return " " * pad + inner + " " * pad


def words(text: str) -> Iterator[str]:
    """The words of a text worth spell-checking: no codes, names with digits or underscores.

    A word followed by ``*`` outside emphasis is a matching stem (``préoccup*``), and a
    bracketed ending (``dépasse(nt)``) is not a word: both are skipped.
    """
    text = unicodedata.normalize("NFC", text).replace("’", "'")
    text = _EMPHASIS.sub(_unemphasise, text)
    for match in _WORD.finditer(text):
        start, end = match.span()
        word = match.group(0).strip("'-")
        # skip identifiers and paths: a_b, a.b, a/b, c6.nps
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if before == "(" and start > 1 and text[start - 2].isalpha():
            continue
        if text[max(0, start - 2) : start] == "--":
            continue  # a command-line option: --no-sandbox
        if before.isdigit():
            continue  # an ordinal or a unit glued to its number: « 1er », « 2e », « 5h »
        if after == "*":
            continue
        if (
            before in "_./\\@"
            or after in "_/\\@"
            or (after == "." and end + 1 < len(text) and text[end + 1].isalnum())
        ):
            continue
        if any(ch.isdigit() for ch in word) or len(word) < 2:
            continue
        yield word


def read_wordlist(path: Path = WORDLIST) -> dict[str, tuple[str, ...]]:
    """word -> the path patterns it is allowed in (empty: everywhere).

    One word a line; ``# ...`` comments; ``word  @rubrics/*.yml @cases/**`` limits a word
    to the files matching one of the patterns (a quotation kept verbatim, say).
    """
    found: dict[str, tuple[str, ...]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        word, *scopes = line.split()
        if any(not s.startswith("@") for s in scopes):
            raise ValueError(f"{path}:{n}: write scopes as @path/pattern, got {line!r}")
        if word in found:
            raise ValueError(f"{path}:{n}: « {word} » is listed twice")
        found[word] = tuple(s[1:] for s in scopes)
    return found


def in_scope(path: str, scopes: tuple[str, ...]) -> bool:
    from fnmatch import fnmatch

    return not scopes or any(fnmatch(path, pattern) for pattern in scopes)


def hunspell_available() -> str | None:
    """Why the French spell check cannot run here, or None when it can."""
    if shutil.which("hunspell") is None:
        return "hunspell is not installed (apt-get install hunspell hunspell-fr)"
    listing = subprocess.run(
        ["hunspell", "-D"], capture_output=True, text=True, input="", check=False
    )
    if "fr_FR" not in listing.stdout + listing.stderr:
        return "the French dictionary is not installed (apt-get install hunspell-fr)"
    return None


def hunspell_unknown(candidates: Iterable[str]) -> set[str]:
    """The words ``hunspell -d fr_FR`` does not know (one call for all of them).

    Each word goes on its own line and ``-L`` prints back the lines holding a misspelling,
    without computing suggestions (fast).
    """
    unique = sorted(set(candidates))
    if not unique:
        return set()
    result = subprocess.run(
        ["hunspell", "-d", "fr_FR", "-L"],
        input="".join(f"{w}\n" for w in unique),
        capture_output=True,
        text=True,
        check=True,
    )
    return set(result.stdout.splitlines()) & set(unique)


def unknown_words(
    texts: Iterable[Text], known: dict[str, tuple[str, ...]]
) -> dict[str, list[Text]]:
    """Words neither hunspell nor the word list knows, with the texts they appear in.

    A word list entry starting with a capital matches that spelling only; a lower-case
    entry also matches its capitalised form (at the start of a sentence).
    """

    def listed(word: str, path: str) -> bool:
        for form in (word, word[:1].lower() + word[1:]):
            if (
                form in known
                and (form == word or form[:1].islower())
                and in_scope(path, known[form])
            ):
                return True
        return False

    by_word: dict[str, list[Text]] = {}
    for text in texts:
        for word in words(text.text):
            if not listed(word, text.path):
                by_word.setdefault(word, []).append(text)
    unknown = hunspell_unknown(by_word)
    # an elided or hyphenated word is fine when each of its parts is known
    result: dict[str, list[Text]] = {}
    parts_of = {w: [p for p in re.split(r"[-']", _ELISION.sub("", w)) if p] for w in unknown}
    part_unknown = hunspell_unknown(p for parts in parts_of.values() for p in parts)
    for word in sorted(unknown):
        parts = parts_of[word]
        for text in by_word[word]:
            if parts == [word] or any(
                p in part_unknown and not listed(p, text.path) for p in parts
            ):
                result.setdefault(word, []).append(text)
    return result


# --- typography -------------------------------------------------------------------------

#: name -> (pattern, what to write instead). French typography as a trainer would sign it.
TYPOGRAPHY_RULES: dict[str, tuple[re.Pattern, str]] = {
    "space before a comma or full stop": (
        re.compile(r"[^\s{}] [,.](?=\s|$)"),
        "no space before « , » and « . »",
    ),
    "percent sign glued to its number": (
        re.compile(r"(?<![\d.{:])\d+(?:,\d+)?%"),
        "« 80 % » (no-break space before %), see kamlearn.frenchfmt.percent_fr",
    ),
    "Python's % format in French text": (
        re.compile(r"\{%\}"),
        "kamlearn.frenchfmt.percent_fr (Python writes « 80% »)",
    ),
    "Python's , format in French text": (
        re.compile(r"\{,\}"),
        "kamlearn.frenchfmt.number_fr or money_fr (Python writes « 207,619 »)",
    ),
    "Python's decimal point in French text": (
        re.compile(r"\{\.\}"),
        "kamlearn.frenchfmt.number_fr(x, 1) (Python writes « 12.5 », French « 12,5 »)",
    ),
    "English thousands separator in an amount": (
        re.compile(r"\b\d{1,3}(?:,\d{3})+\s?(?:€|k€|M€)"),
        "« 207 619 € », see kamlearn.frenchfmt.money_fr",
    ),
    "English decimal point before a unit": (
        re.compile(r"\b\d+\.\d+\s?(?:€|%|k€|M€|points?\b|jours\b|ans\b)"),
        "a decimal comma: « 12,5 % »",
    ),
    "doubled word": (
        re.compile(r"\b(?!nous\b|vous\b)([A-Za-zÀ-ÿ]{2,}) \1\b", re.I),
        "one of the two words",
    ),
    "no space before a high punctuation mark": (
        re.compile(r"[A-Za-zÀ-ÿ)»][:;!?](?=\s|$)"),
        "a space before « : », « ; », « ! » and « ? »",
    ),
    "« de d' »": (re.compile(r"\bde d'"), "« d' » alone (« la revue d'affaires »)"),
    "ZOPA in French text": (
        re.compile(r"\bZOPA\b", re.I),
        "ZAPO (zone d'accord possible), the referential's word",
    ),
}


def typography_errors(texts: Iterable[Text]) -> list[str]:
    found = []
    for text in texts:
        for name, (pattern, advice) in TYPOGRAPHY_RULES.items():
            for match in pattern.finditer(text.text):
                excerpt = text.text[max(0, match.start() - 30) : match.end() + 15].strip()
                found.append(f"{text.location}: {name} in « {excerpt} »; write {advice}")
    return found

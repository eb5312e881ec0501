"""Answers made comparable: code without names, whitespace or comments; text as shingles."""

from __future__ import annotations

import builtins
import io
import keyword
import re
import tokenize
import unicodedata

#: Kept as they are: renaming them would hide nothing and lose meaning.
_KEPT = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | frozenset(dir(builtins))
#: nbgrader's markers and the release's placeholders are not part of an answer.
_MARKERS = re.compile(r"^\s*#+\s*(BEGIN|END) (SOLUTION|HIDDEN TESTS)\s*$", re.MULTILINE)
CODE_SHINGLE = 5
NAME = "N"
TEXT_SHINGLE = 3


def code_tokens(source: str) -> list[str]:
    """The code's tokens, every name the learner chose replaced by the placeholder ``N``.

    One placeholder for all names (not ``v1``, ``v2`` … in order of appearance) so that
    adding a variable at the top does not renumber, and so disguise, the rest. Comments,
    blank lines, indentation and spacing vanish; keywords, builtins, attribute names
    (after a dot, e.g. ``groupby``), numbers, strings and operators stay. IPython lines
    (``%matplotlib``, ``!pip``) are dropped. Code that does not tokenize falls back to a
    plain split on words and symbols, with the same renaming.
    """
    text = _MARKERS.sub("", source)
    text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(("%", "!")))
    try:
        raw = [
            (tok.type, tok.string)
            for tok in tokenize.generate_tokens(io.StringIO(text + "\n").readline)
        ]
    except (tokenize.TokenError, IndentationError, SyntaxError):
        raw = [
            (tokenize.NAME if re.match(r"\w", t) and not t[0].isdigit() else tokenize.OP, t)
            for t in re.findall(r"\w+|[^\w\s]", text)
        ]
    out: list[str] = []
    previous = ""
    for kind, string in raw:
        if kind in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT,
                    tokenize.DEDENT, tokenize.ENDMARKER, tokenize.ENCODING):  # fmt: skip
            continue
        if kind == tokenize.NAME and string not in _KEPT and previous != ".":
            string = NAME
        out.append(string)
        previous = string
    return out


def text_words(source: str) -> list[str]:
    """The words of a written answer: lower case, accents and punctuation removed."""
    text = unicodedata.normalize("NFKD", source.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.findall(r"[a-z0-9]+", text)


def shingles(tokens: list[str], size: int) -> frozenset[tuple[str, ...]]:
    """Every run of ``size`` consecutive tokens (the whole list when it is shorter)."""
    if not tokens:
        return frozenset()
    if len(tokens) <= size:
        return frozenset({tuple(tokens)})
    return frozenset(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def answer_shingles(source: str, kind: str) -> frozenset[tuple[str, ...]]:
    """Shingles of one answer: normalised code tokens, or words of a written answer."""
    if kind == "code":
        return shingles(code_tokens(source), CODE_SHINGLE)
    return shingles(text_words(source), TEXT_SHINGLE)

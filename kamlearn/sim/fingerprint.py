"""Salted fingerprints of the simulators' hidden keyword lists.

A persona's keywords (the words that reveal a hidden need, lift an objection or count as
a faux pas) are what a learner must find by themselves. The learner's copy of a persona
therefore holds ``sha256(salt, kind, normalised tokens)`` fingerprints, never the words;
the engine fingerprints the phrases of the learner's own text and compares.

A keyword ``"budget*"`` (prefix) matches any word starting with « budget »; a keyword
without ``*`` matches whole words. Case, accents, apostrophes and hyphens are ignored
(« qu'entendez-vous » is the three tokens ``qu entendez vous``).

Limit, stated in the README: the salt is public and French has few words, so a
determined learner can recover a keyword by hashing a dictionary. Fingerprints keep the
answers out of sight (a file, ``help()``, an attribute), they are not encryption.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from kamlearn.sim.textmatch import normalize

#: Longest keyword phrase, in tokens.
MAX_WORDS = 6
#: Hex digits kept of each sha256 (64 bits: no accidental collision in practice).
DIGITS = 16
_TOKEN = re.compile(r"[a-z0-9]+")


def tokens(text: str) -> tuple[str, ...]:
    """The normalised tokens of ``text`` (lower case, no accents, no punctuation)."""
    return tuple(_TOKEN.findall(normalize(text)))


def _digest(salt: str, kind: str, toks: Iterable[str]) -> str:
    raw = f"{salt}\x1f{kind}\x1f{' '.join(toks)}".encode()
    return hashlib.sha256(raw).hexdigest()[:DIGITS]


def keyword_print(keyword: str, salt: str) -> str:
    """The fingerprint of one keyword (``*`` at the end marks a prefix)."""
    prefix = keyword.strip().endswith("*")
    toks = tokens(keyword.strip().rstrip("*"))
    if not toks or len(toks) > MAX_WORDS:
        raise ValueError(f"keyword {keyword!r} must have 1 to {MAX_WORDS} words")
    return _digest(salt, "*" if prefix else "=", toks)


@lru_cache(maxsize=512)
def text_prints(text: str, salt: str) -> dict[str, str]:
    """Fingerprint -> the learner's phrase, for every phrase of ``text`` a keyword could be.

    Cached: an engine asks the same text about several keyword lists. Do not mutate.
    """
    toks = tokens(text)
    out: dict[str, str] = {}
    for i in range(len(toks)):
        for n in range(1, min(MAX_WORDS, len(toks) - i) + 1):
            phrase = toks[i : i + n]
            out.setdefault(_digest(salt, "=", phrase), " ".join(phrase))
            head, last = phrase[:-1], phrase[-1]
            for cut in range(1, len(last) + 1):
                out.setdefault(_digest(salt, "*", (*head, last[:cut])), " ".join(phrase))
    return out


@dataclass(frozen=True)
class Keywords:
    """A keyword list known only by its fingerprints."""

    salt: str
    prints: tuple[str, ...]

    @classmethod
    def from_words(cls, words: Iterable[str], salt: str) -> Keywords:
        return cls(salt, tuple(keyword_print(w, salt) for w in words))

    def __len__(self) -> int:
        return len(self.prints)

    def __bool__(self) -> bool:
        return bool(self.prints)

    def found(self, text: str) -> tuple[str, ...]:
        """The learner's phrases that match a keyword, one per keyword matched."""
        seen = text_prints(text, self.salt)
        return tuple(seen[p] for p in self.prints if p in seen)

    def any(self, text: str) -> bool:
        return bool(self.found(text))

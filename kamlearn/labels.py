"""How a learner's label is compared: case, accents, hyphens and spaces do not count."""

from __future__ import annotations

import unicodedata
from typing import Any


def normalise_label(value: Any) -> str:
    text = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode()
    return " ".join(text.lower().replace("-", " ").split())

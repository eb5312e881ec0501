"""Name what the sandbox blocked, from the errors the learner's code raised.

Inside the jail, an attempt to escape fails with an ordinary Python error: a read-only
file system, a missing path, an absent module, an unreachable network, a resource
limit. Those errors are read from the executed notebook (before the graded cells'
outputs are replaced by their verdicts) and reported, each with its cell and message.
"""

from __future__ import annotations

import re

from kamtrain.grading.model import Problem

#: (label, pattern over "ename: evalue" or a stderr text), first match wins.
PATTERNS: tuple[tuple[str, re.Pattern], ...] = (
    (
        "import du côté formateur (kamtrain), absent du bac à sable",
        re.compile(r"No module named '?kamtrain\b"),
    ),
    ("écriture hors du dossier de la remise", re.compile(r"Read-only file system|Errno 30\b")),
    ("accès refusé", re.compile(r"PermissionError|Permission denied|Operation not permitted")),
    (
        "accès réseau",
        re.compile(
            r"Network is unreachable|Errno 101\b|name resolution|Name or service not known"
            r"|Connection refused|Errno 111\b"
        ),
    ),
    ("limite de mémoire", re.compile(r"MemoryError|Cannot allocate memory|Errno 12\b")),
    (
        "limite de processus",
        re.compile(r"Resource temporarily unavailable|Errno 11\b|can't start new thread"),
    ),
    ("limite de taille de fichier", re.compile(r"File too large|Errno 27\b")),
    (
        "chemin hors du bac à sable",
        re.compile(r"No such file or directory: '/(?!autograded/|home/candidat/)"),
    ),
)


def _texts(cell):
    for output in cell.get("outputs", []):
        kind = output.get("output_type")
        if kind == "error":
            yield f"{output.get('ename', '')}: {output.get('evalue', '')}"
        elif kind == "stream" and output.get("name") == "stderr":
            yield str(output.get("text", ""))[-2000:]


def blocked_attempts(nb, notebook: str) -> list[Problem]:
    """One problem per kind of blocked attempt, naming the first cell and its error."""
    found: dict[str, Problem] = {}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for text in _texts(cell):
            for label, pattern in PATTERNS:
                if label in found or not pattern.search(text):
                    continue
                from kamtrain.grading.score import printable

                line = printable(" ".join(text.split()))[:240]
                found[label] = Problem(
                    "sandbox_blocked",
                    f"Bloqué par le bac à sable ({label}), cellule {index + 1} : {line}",
                    notebook,
                )
                break
    return list(found.values())

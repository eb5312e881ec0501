"""Hand a graded item's answers out of the learner's kernel, as data.

At grading, each hidden test cell calls :func:`hand_out`: it encodes the answers the
item declares (``names``) as JSON-safe data (see :mod:`kamlearn.wire`) and publishes
them as one ``display_data`` output of MIME type :data:`MIME`. The kernel never
computes a verdict: the trusted grader (``kamtrain grade``, outside the sandbox) reads
that output, recomputes the expected values for the learner named by the submission
folder, scores the answers and replaces the cell's outputs with its verdict.

Run by plain ``nbgrader autograde`` instead, the cell fails closed: it writes a French
message to stderr, which nbgrader scores 0. It never gives full marks.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable

#: The MIME type of a hand-out output; the grader reads nothing else from a test cell.
MIME = "application/vnd.kamtrain.answers+json"
WIRE_VERSION = 1
#: Encoded answers larger than this are not handed out (the item then scores as missing).
MAX_BYTES = 2_000_000

FAIL_CLOSED_FR = (
    "Cette cellule est notée par `kamtrain grade`, qui calcule la note hors du noyau. "
    "Exécutée par nbgrader seul, elle vaut 0 : notez la cohorte avec `kamtrain grade`.\n"
)


def payload(item: str, ns: dict, names: Iterable[str]) -> dict:
    """The data handed out for ``item``: each declared name's encoded value, when defined."""
    from kamlearn.wire import encode

    answers, problems = {}, {}
    for name in names:
        if name not in ns:
            continue
        try:
            answers[name] = encode(ns[name])
        except Exception as exc:  # noqa: BLE001 - an odd object is reported, not fatal
            problems[name] = f"{type(exc).__name__}: {exc}"[:300]
    data = {"wire": WIRE_VERSION, "item": item, "answers": answers, "problems": problems}
    if len(json.dumps(data)) > MAX_BYTES:
        data = {
            "wire": WIRE_VERSION,
            "item": item,
            "answers": {},
            "problems": {"*": f"réponses trop volumineuses (plus de {MAX_BYTES} octets)"},
        }
    return data


#: What the candidate of a written exam sees under a hand-out cell they run.
RECORDED_FR = "Réponses enregistrées pour {item} : le jury les corrige après l'épreuve."


def hand_out(item: str, ns: dict, *, names: Iterable[str] = (), exam: bool = False) -> None:
    """Publish ``item``'s answers as data, then fail closed for plain nbgrader.

    ``exam=True`` (exam notebooks, which nbgrader never grades): the candidate runs the
    cell, so it says the answers were recorded instead.
    """
    from IPython.display import display

    data = {MIME: payload(item, ns, names)}
    if exam:
        data["text/plain"] = RECORDED_FR.format(item=item)
    display(data, raw=True)
    sys.stdout.flush()
    if exam:
        return
    sys.stderr.write(FAIL_CLOSED_FR)
    sys.stderr.flush()

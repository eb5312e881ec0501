"""Score an executed notebook on the trusted side, from the answers it handed out.

For every graded code cell, the item comes from the cell's source as restored by
nbgrader from the source version (never from what the kernel printed); the answers come
from the one hand-out output of that item in that cell (:mod:`kamlearn.handout`),
decoded as data; the expected values come from a case rebuilt here for the learner named
by the submission folder. The cell's outputs are then replaced by the verdict: the
French explanation on stdout and the points as the cell's result, which nbgrader's own
record step reads as partial credit. Nothing the learner's code printed survives in a
graded cell.
"""

from __future__ import annotations

import contextlib
import io
import re
import warnings
from dataclasses import dataclass

from kamlearn.handout import MIME, WIRE_VERSION

ITEM_CALL = re.compile(r"""hand_out\(\s*["']([a-z0-9]+\.[A-Za-z0-9_]+)["']""")
NOT_HANDED_OUT = (
    "Réponses non transmises : la cellule n'a pas été exécutée jusqu'au bout "
    "(erreur, délai dépassé ou noyau arrêté)."
)
NOT_KAMTRAIN_CELL = (
    "Cellule de test sans appel à `hand_out` : elle ne peut pas être notée hors du noyau "
    "(note 0). Régénérez le carnet avec kamtrain."
)


@dataclass(frozen=True)
class ItemVerdict:
    """The trusted verdict of one graded cell."""

    item: str
    grade_id: str
    cell_index: int
    earned: float
    max_points: float
    messages: tuple[str, ...]


@dataclass(frozen=True)
class Learner:
    """Who the submission belongs to, from the grader's records only."""

    cohort: str
    learner: str
    accommodations: tuple[str, ...] = ()


NAMES_ARG = re.compile(r"names=\[([^\]]*)\]")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Learner-made text without control characters (no terminal escape reaches a report)."""
    return CONTROL.sub("\ufffd", str(text))


def find_hand_out(outputs, item: str) -> dict | None:
    """The hand-out of ``item`` in a cell's outputs, or None when there is none or more
    than one (a hook of the learner's code could add one: no guessing which is real)."""
    found = [
        data
        for output in outputs
        if output.get("output_type") in ("display_data", "execute_result")
        and isinstance(data := output.get("data", {}).get(MIME), dict)
        and data.get("item") == item
        and data.get("wire") == WIRE_VERSION
    ]
    return found[0] if len(found) == 1 else None


def declared_names(source: str) -> set[str] | None:
    """The answer names a trusted test cell's source declares, or None (any name)."""
    match = NAMES_ARG.search(source)
    if not match:
        return None
    return set(re.findall(r"""["']([A-Za-z_][A-Za-z0-9_]*)["']""", match.group(1)))


def _errors(cell) -> list[str]:
    """The kernel-side reason a cell handed nothing out (an error it raised, if any)."""
    return [
        printable(f"{o.get('ename', '')} : {str(o.get('evalue', ''))[:200]}")
        for o in cell.get("outputs", [])
        if o.get("output_type") == "error"
    ][:1]


def answers_namespace(blob: dict, names: set[str] | None = None) -> tuple[dict, list[str]]:
    """Decode a hand-out's answers (only ``names``, when given) and its notes.

    The blob is the learner's data: anything malformed is a note, never an exception.
    """
    from kamtrain.grading.decode import decode

    ns, notes = {}, []
    answers = blob.get("answers", {})
    if not isinstance(answers, dict):
        return {}, ["Réponses transmises illisibles."]
    for name, raw in answers.items():
        if not isinstance(name, str) or (names is not None and name not in names):
            continue
        try:
            ns[name] = decode(raw)
        except Exception as exc:  # noqa: BLE001 - one unreadable answer scores as missing
            notes.append(printable(f"Réponse `{name}` illisible : {exc}")[:300])
    problems = blob.get("problems") or {}
    if isinstance(problems, dict):
        for name, problem in list(problems.items())[:20]:
            notes.append(printable(f"Réponse `{name}` non transmise : {problem}")[:300])
    else:
        notes.append("Liste des réponses non transmises illisible.")
    return ns, notes


class CaseCache:
    """Trusted cases of one learner, built once per notebook."""

    def __init__(self, who: Learner):
        self.who = who
        self._cases: dict[str, object] = {}

    def get(self, name: str):
        if name not in self._cases:
            from kamtrain.answers import load_trusted_case

            self._cases[name] = load_trusted_case(
                name,
                cohort=self.who.cohort,
                learner=self.who.learner,
                accommodations=self.who.accommodations,
            )
        return self._cases[name]


def evaluate(item: str, ns: dict, cases: CaseCache):
    """Run ``item``'s check on decoded answers; any failure is a 0 with its reason."""
    from kamtrain.checks.core import CheckResult
    from kamtrain.checks.registry import lookup

    sink = io.StringIO()
    with warnings.catch_warnings(), contextlib.redirect_stdout(sink):
        warnings.simplefilter("ignore")
        try:
            spec = lookup(item)
            return spec.function(ns, cases.get(spec.case))
        except Exception as exc:  # noqa: BLE001 - a learner's odd answer must not crash grading
            return CheckResult(
                item,
                0.0,
                (printable(f"Vérification impossible : {type(exc).__name__}: {exc}")[:300],),
            )


def verdict_outputs(verdict: ItemVerdict) -> list:
    from nbformat.v4 import new_output

    from kamlearn.frenchfmt import number_fr

    earned, max_points = (number_fr(x, 2, trim=True) for x in (verdict.earned, verdict.max_points))
    lines = [f"[{verdict.item}] {earned} / {max_points} point(s)"]
    lines += [f"  - {m}" for m in verdict.messages]
    return [
        new_output("stream", name="stdout", text="\n".join(lines) + "\n"),
        new_output(
            "execute_result",
            data={"text/plain": repr(float(verdict.earned))},
            execution_count=None,
        ),
    ]


def score_notebook(nb, *, who: Learner) -> list[ItemVerdict]:
    """Replace every graded code cell's outputs with its trusted verdict; return them."""
    from kamtrain.checks.core import CheckResult

    cases = CaseCache(who)
    verdicts = []
    for index, cell in enumerate(nb.cells):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type != "code" or not meta.get("grade") or meta.get("solution"):
            continue
        max_points = float(meta.get("points", 0) or 0)
        match = ITEM_CALL.search(cell.source)
        item = match.group(1) if match else str(meta.get("grade_id", "?"))
        blob = find_hand_out(cell.get("outputs", []), item) if match else None
        if not match:
            result = CheckResult(item, 0.0, (NOT_KAMTRAIN_CELL,))
            notes: list[str] = []
        elif blob is None:
            result = CheckResult(item, 0.0, (NOT_HANDED_OUT, *_errors(cell)))
            notes = []
        else:
            try:
                ns, notes = answers_namespace(blob, declared_names(cell.source))
            except Exception as exc:  # noqa: BLE001 - learner data must never stop the cohort
                ns, notes = {}, [f"Réponses transmises illisibles ({type(exc).__name__})."]
            result = evaluate(item, ns, cases)
        verdict = ItemVerdict(
            item=item,
            grade_id=str(meta.get("grade_id", "")),
            cell_index=index,
            earned=result.points(max_points),
            max_points=max_points,
            messages=tuple(result.messages) + tuple(notes),
        )
        cell.outputs = verdict_outputs(verdict)
        verdicts.append(verdict)
    return verdicts

"""Write ``kamtrain-selfcheck.json``: the self-checks' fingerprints, never a value.

For every learner of ``learners.csv`` and every item of an assignment's notebooks, the
trusted case gives the expected value; the file holds salted fingerprints of it (and of
common mistakes, each with its French hint) in the form :mod:`kamlearn.selfcheck` reads.
The salt is per learner and cohort, and public (it travels in the file): it makes the
fingerprints of two learners or two cohorts differ, so no table of fingerprints carries
over, and a regeneration that changes no answer rewrites the same file.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from kamlearn import selfcheck as sc

#: Item -> the expected key when it differs from the item's name.
ALIASES = {
    "c1.parts_de_marche": "parts_de_marche_2024",
    "c1.scores_potentiel": "scores",
    "c14.desc": "desc_tri",
}
#: Items answered by a simulator engine: item -> the learner's variable.
ENGINES = {
    "c7.entretien_simule": "entretien",
    "c8.pitch_chronometre": "chrono",
    "c13.accord": "negociation",
    "c13.position": "negociation",
    "c13.contreparties": "negociation",
    "c14.ecoute": "negociation",
    "c14.situations": "negociation",
}
_PERCENT = re.compile(r"(nps|taux|part|pct|tcam|csat)")
_ITEM = re.compile(r"""(?:selfcheck|grade|hand_out)\(\s*["']([a-z0-9]+\.[a-z0-9_]+)["']""")
FRACTION_HINT = (
    "Votre calcul semble exprimé en fraction (0,45) : donnez le résultat en points ou en "
    "pourcentage (45)."
)


def grid_for(values: Iterable[Any]) -> float | None:
    """The rounding grid of numeric answers: 1 for counts and amounts, else 0.1 or 0.01."""
    numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    if not numbers:
        return None
    if all(isinstance(v, int) for v in numbers) or min(abs(v) for v in numbers) >= 1000:
        return 1.0
    two = any(abs(round(v, 1) - v) > 1e-9 for v in numbers if abs(v) < 1000)
    return 0.01 if two else 0.1


def learner_salt(cohort: str, learner: str) -> str:
    return hashlib.sha256(f"kamtrain-selfcheck\x1f{cohort}\x1f{learner}".encode()).hexdigest()[:32]


def _print(salt: str, item: str, token: str) -> str:
    return sc.digest(salt, item, token)


def _mistakes_c6_nps(case) -> list[tuple[float, str]]:
    from kamlearn.conventions import nps
    from kamtrain.checks.c6 import BAND_MISTAKES

    scores = case.data["enquete"]["score_recommandation"]
    return [
        (nps(scores, promoters=promoters, detractors=detractors), hint)
        for promoters, detractors, _credit, hint in BAND_MISTAKES
    ]


def _mistakes_c11_van(case) -> list[tuple[float, str]]:
    from kamlearn.conventions import npv

    invest, flows = case.expected["investissement"], case.expected["flux_nets"]
    rate = case.hypothesis("taux_actualisation")
    at_t1 = -invest / (1 + rate) + npv(0.0, flows, rate)
    from_t0 = npv(invest, flows, rate, first=0)
    return [
        (
            at_t1,
            "L'investissement est payé aujourd'hui (t = 0) : il ne s'actualise pas. "
            "Seuls les flux des années 1 à 5 sont actualisés.",
        ),
        (
            from_t0,
            "Le premier flux arrive à la fin de l'année 1 : actualisez-le d'une année "
            "(division par 1 + taux), pas de zéro.",
        ),
    ]


#: Item -> the values of its common mistakes, each with a French hint.
MISTAKES: dict[str, Callable[[Any], list[tuple[float, str]]]] = {
    "c6.nps_global": _mistakes_c6_nps,
    "c11.van": _mistakes_c11_van,
}


def _scalar(item: str, value: Any, case, salt: str) -> dict:
    grid = grid_for([value])
    entry = {
        "type": "scalar",
        "grid": grid,
        "expected": _print(salt, item, sc.value_tokens(value, grid)[0]),
    }
    mistakes = []
    if grid is not None:
        for wrong, hint in MISTAKES.get(item, lambda _c: [])(case):
            token = sc.number_tokens(wrong, grid)[0]
            mistakes.append({"grid": grid, "hint": hint, "print": _print(salt, item, token)})
        if _PERCENT.search(item) and value:
            mistakes.append(
                {
                    "grid": grid / 100,
                    "hint": FRACTION_HINT,
                    "print": _print(salt, item, sc.number_tokens(value / 100, grid / 100)[0]),
                }
            )
    if mistakes:
        entry["mistakes"] = mistakes
    return entry


def _mapping(item: str, value: dict, salt: str) -> dict:
    flat = sc.flatten(sc.as_plain(value))
    grid = grid_for(flat.values())
    entry = {
        "type": "mapping",
        "grid": grid,
        "keys": {k: _print(salt, item, sc.value_tokens(v, grid)[0]) for k, v in flat.items()},
    }
    numbers = {k: v for k, v in flat.items() if isinstance(v, int | float) and v}
    if grid is not None and _PERCENT.search(item) and numbers:
        entry["mistakes"] = [
            {
                "grid": grid / 100,
                "hint": FRACTION_HINT,
                "keys": {
                    k: _print(salt, item, sc.number_tokens(v / 100, grid / 100)[0])
                    for k, v in numbers.items()
                },
            }
        ]
    return entry


def _sequence(item: str, value: list, salt: str) -> dict:
    grid = grid_for(value)
    return {
        "type": "sequence",
        "grid": grid,
        "length": len(value),
        "expected": _print(salt, item, sc.sequence_token(value, grid)),
        "same_elements": _print(salt, item, sc.set_token(value, grid)),
    }


def item_entry(item: str, case, salt: str) -> dict:
    """The self-check entry of ``item`` for the learner of the trusted ``case``."""
    name = item.partition(".")[2]
    if item in ENGINES:
        return {"type": "structure", "expect": "engine", "name": ENGINES[item]}
    if name.startswith("fig_"):
        return {"type": "structure", "expect": "figure", "name": name}
    key = ALIASES.get(item, name)
    if key not in case.expected:
        return {"type": "structure", "expect": None, "name": name}
    value = sc.as_plain(case.expected[key])
    if isinstance(value, dict) and value:
        entry = _mapping(item, value, salt)
    elif isinstance(value, list) and value and all(not isinstance(v, dict | list) for v in value):
        entry = _sequence(item, value, salt)
    elif isinstance(value, int | float | str | bool) or value is None:
        if isinstance(value, float) and math.isnan(value):  # NaN: nothing to compare
            return {"type": "structure", "expect": "number", "name": name}
        entry = _scalar(item, value, case, salt)
    else:
        return {"type": "structure", "expect": None, "name": name}
    entry["name"] = name
    return entry


def notebook_items(folder: Path) -> list[str]:
    """The item ids that the notebooks of ``folder`` check, in order, without repeats."""
    items: list[str] = []
    for path in sorted(folder.glob("*.ipynb")):
        for found in _ITEM.findall(path.read_text(encoding="utf-8")):
            if found not in items:
                items.append(found)
    return items


def build(
    *, cohort: str, learners: Iterable[tuple[str, tuple[str, ...]]], items: Iterable[str]
) -> dict:
    """The file's content: ``learners`` are (id, accommodations) pairs."""
    from kamtrain.answers import load_trusted_case
    from kamtrain.checks.registry import lookup

    items = list(items)
    out = {"schema_version": sc.SCHEMA_VERSION, "cohort": cohort, "learners": {}}
    for learner, accommodations in learners:
        salt = learner_salt(cohort, learner)
        cases: dict[str, Any] = {}
        entries = {}
        for item in items:
            spec = lookup(item)
            if spec.case not in cases:
                cases[spec.case] = load_trusted_case(
                    spec.case, cohort=cohort, learner=learner, accommodations=accommodations
                )
            entries[item] = item_entry(item, cases[spec.case], salt)
        out["learners"][learner] = {"salt": salt, "items": entries}
    return out


def write_selfcheck_file(*, course_dir: Path, assignment: str, cohort: str) -> Path:
    """Write ``release/<assignment>/kamtrain-selfcheck.json`` for every learner."""
    from kamtrain.cohort.learners import read_learners

    release = Path(course_dir) / "release" / assignment
    learners = [
        (lr.id, tuple(getattr(lr, "accommodations", ()) or ()))
        for lr in read_learners(Path(course_dir) / "learners.csv")
    ]
    content = build(cohort=cohort, learners=learners, items=notebook_items(release))
    path = release / sc.FILE_NAME
    path.write_text(json.dumps(content, ensure_ascii=False, indent=1), encoding="utf-8")
    return path

"""Self-checks that coach without holding the answers.

``kamtrain cohort generate`` writes ``kamtrain-selfcheck.json`` beside the released
notebooks: for every learner of the cohort and every item, salted fingerprints of the
expected value and of common mistakes (each with its French hint), never a value. Here
the learner's answer is normalised the same way (numbers rounded to the item's grid,
labels with :func:`kamlearn.labels.normalise_label`, mappings key by key), fingerprinted
and compared. Items that cannot be fingerprinted (figures, simulator runs) get a
structural check, and the verdict comes at grading.

A self-check is an oracle by design: it tells the learner whether an answer is right.
The fingerprints reveal nothing more than that oracle does (a learner could test
candidate values through it just as well), and the grade is computed on the trainer's
side, never from this file.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from pathlib import Path
from typing import Any

from kamlearn.labels import normalise_label

SCHEMA_VERSION = 1
FILE_NAME = "kamtrain-selfcheck.json"
DIGITS = 16


def digest(salt: str, item: str, token: str) -> str:
    """The fingerprint of one normalised answer ``token`` of ``item``."""
    raw = f"{salt}\x1f{item}\x1f{token}".encode()
    return hashlib.sha256(raw).hexdigest()[:DIGITS]


def as_plain(value: Any) -> Any:
    """numpy and pandas values as plain Python ones (Series -> dict, array -> list)."""
    if isinstance(value, bool | str | type(None)):
        return value
    if isinstance(value, int | float):
        return value
    item = getattr(value, "item", None)
    if callable(item) and getattr(value, "ndim", None) == 0:
        return item()
    if hasattr(value, "to_dict") and getattr(value, "ndim", 0) == 1:
        return {k: as_plain(v) for k, v in value.to_dict().items()}
    if isinstance(value, dict):
        return {k: as_plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple) or (hasattr(value, "tolist") and hasattr(value, "ndim")):
        seq = value.tolist() if hasattr(value, "tolist") else value
        return [as_plain(v) for v in seq]
    return value


def number_tokens(value: Any, grid: float) -> tuple[str, ...]:
    """Tokens of a number on ``grid``: its rounding and the two neighbours (rounding slips)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return ()
    k = round(value / grid)
    return tuple(f"n:{j}@{grid:g}" for j in (k, k - 1, k + 1))


def label_token(value: Any) -> str:
    return "l:" + normalise_label(value)


def flatten(mapping: dict, prefix: str = "") -> dict[str, Any]:
    """Nested mappings as one mapping with ``a/b`` keys (keys as normalised labels)."""
    out = {}
    for key, value in mapping.items():
        name = f"{prefix}{normalise_label(key)}"
        if isinstance(value, dict):
            out |= flatten(value, f"{name}/")
        else:
            out[name] = value
    return out


def value_tokens(value: Any, grid: float | None) -> tuple[str, ...]:
    """The tokens of a scalar answer: number tokens on the grid, else one label token."""
    if grid is not None and isinstance(value, int | float) and not isinstance(value, bool):
        if not math.isfinite(value):
            return (f"n:{float(value)}",)  # « never » (an unrecovered payback) is inf
        return number_tokens(float(value), grid)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return (label_token(value),)


def sequence_token(values: list, grid: float | None) -> str:
    return "s:" + "|".join(value_tokens(v, grid)[0] for v in values)


def set_token(values: list, grid: float | None) -> str:
    return "e:" + "|".join(sorted(value_tokens(v, grid)[0] for v in values))


# --- the learner's side ----------------------------------------------------------------


def _file(start: Path) -> Path | None:
    env = os.environ.get("KAMLEARN_SELFCHECK_FILE", "").strip()
    if env:
        return Path(env)
    for folder in (start, *start.parents[:2]):
        if (folder / FILE_NAME).is_file():
            return folder / FILE_NAME
    return None


def _entry(item: str, ns: dict) -> tuple[str, dict | None, str]:
    """(salt, entry, reason): the entry of ``item`` for this learner, or why there is none."""
    from kamlearn.cases.identity import IdentityError, resolve

    path = _file(Path.cwd())
    if path is None:
        return "", None, "auto-vérification indisponible (fichier de la cohorte absent)"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "", None, f"auto-vérification indisponible ({path.name} illisible)"
    if raw.get("schema_version") != SCHEMA_VERSION:
        return "", None, f"auto-vérification indisponible ({path.name} : version inattendue)"
    try:
        who = resolve(cohort=str(ns.get("COHORT", "")), learner=str(ns.get("LEARNER_ID", "")))
    except IdentityError as exc:
        return "", None, str(exc)
    if raw.get("cohort") != who.cohort:
        return "", None, "auto-vérification indisponible (carnet d'une autre cohorte)"
    learner = raw.get("learners", {}).get(who.learner)
    if learner is None:
        return "", None, f"auto-vérification indisponible (apprenant {who.learner} inconnu)"
    entry = learner.get("items", {}).get(item)
    return str(learner.get("salt", "")), entry, "" if entry else "question sans empreinte"


def check(item: str, value: Any, entry: dict, salt: str) -> tuple[str, list[str]]:
    """Verdict (``ok``, ``partial``, ``wrong``, ``later``) and French messages."""
    kind, grid = entry.get("type"), entry.get("grid")
    value = as_plain(value)

    def prints(tokens):
        return {digest(salt, item, t) for t in tokens}

    if kind == "structure":
        return _structure(value, entry)
    if kind == "scalar":
        mine = prints(value_tokens(value, grid))
        if entry["expected"] in mine:
            return "ok", ["Réponse correcte."]
        for mistake in entry.get("mistakes", ()):
            if mistake["print"] in prints(value_tokens(value, mistake.get("grid", grid))):
                return "wrong", [mistake["hint"]]
        return "wrong", [entry.get("hint", "Valeur différente de l'attendu : revoyez le calcul.")]
    if kind == "mapping":
        if not isinstance(value, dict):
            return "wrong", ["Réponse attendue : un dict (ou une Series) clé → valeur."]
        mine = flatten(value)
        want = entry["keys"]
        right = [
            k for k, p in want.items() if k in mine and p in prints(value_tokens(mine[k], grid))
        ]
        absent = [k for k in want if k not in mine]
        if len(right) == len(want):
            return "ok", [f"Les {len(want)} valeurs sont correctes."]
        messages = [f"{len(right)} valeur(s) correcte(s) sur {len(want)}."]
        if absent:
            messages.append(f"Clés manquantes : {', '.join(sorted(absent)[:8])}.")
        for mistake in entry.get("mistakes", ()):
            mgrid = mistake.get("grid", grid)
            hits = sum(
                1
                for k, p in mistake["keys"].items()
                if k in mine and p in prints(value_tokens(mine[k], mgrid))
            )
            if hits >= max(1, len(want) // 2):
                messages.append(mistake["hint"])
                break
        return ("partial" if right else "wrong"), messages
    if kind == "sequence":
        if isinstance(value, str) or not isinstance(value, list):
            return "wrong", ["Réponse attendue : une liste."]
        if digest(salt, item, sequence_token(value, grid)) == entry["expected"]:
            return "ok", ["Réponse correcte."]
        if digest(salt, item, set_token(value, grid)) == entry.get("same_elements"):
            return "partial", ["Les bons éléments, mais pas dans le bon ordre."]
        if len(value) != entry.get("length", len(value)):
            return "wrong", [f"La liste attendue compte {entry['length']} élément(s)."]
        return "wrong", ["Liste différente de l'attendu : revoyez la méthode."]
    return "later", ["Le résultat de cette question sera donné à la correction."]


def _structure(value: Any, entry: dict) -> tuple[str, list[str]]:
    later = "Le résultat sera donné à la correction."
    expect = entry.get("expect")
    if value is None:
        return "wrong", ["Variable absente : exécutez votre cellule de réponse."]
    if expect == "figure" and not hasattr(value, "axes"):
        return "wrong", ["Réponse attendue : une figure matplotlib (fig = plt.figure() ...)."]
    if expect == "engine" and not callable(getattr(value, "transcript", None)):
        return "wrong", ["Réponse attendue : le moteur du simulateur, avec ses coups joués."]
    if expect == "mapping" and not isinstance(value, dict):
        return "wrong", ["Réponse attendue : un dict (ou une Series) clé → valeur."]
    if expect == "sequence" and not isinstance(value, list):
        return "wrong", ["Réponse attendue : une liste."]
    if expect == "number" and (isinstance(value, bool) or not isinstance(value, int | float)):
        return "wrong", ["Réponse attendue : un nombre."]
    return "later", [f"Forme de la réponse correcte. {later}"]


def selfcheck(item: str, ns: dict) -> None:
    """Print a French verdict on ``item`` from the fingerprints, never a value."""
    salt, entry, reason = _entry(item, ns)
    if entry is None:
        print(f"ℹ️ [{item}] Pas d'auto-vérification ici : {reason}.")
        print("  - Le résultat sera donné à la correction.")
        return
    name = entry.get("name", item.partition(".")[2])
    if name not in ns:
        print(f"❌ La variable `{name}` n'est pas définie : exécutez votre cellule de réponse.")
        return
    try:
        verdict, messages = check(item, ns[name], entry, salt)
    except Exception as exc:  # noqa: BLE001 - an odd answer must not break the notebook
        verdict, messages = "wrong", [f"Réponse illisible : {type(exc).__name__}."]
    head = {
        "ok": "✅ Réponse correcte.",
        "partial": "🟡 Réponse partiellement correcte :",
        "wrong": "❌ Réponse à revoir :",
        "later": "ℹ️ Vérification de forme :",
    }[verdict]
    print(head)
    for message in messages if verdict != "ok" else messages[1:]:
        print(f"  - {message}")

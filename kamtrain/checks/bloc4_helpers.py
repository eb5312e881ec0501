"""Check helpers shared by the block 4 items (C15–C18): mappings, orders, sets, figures."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from kamtrain.checks.core import (
    MISSING,
    CheckResult,
    answer,
    as_mapping,
    as_number,
    close,
    missing_result,
    normalise_label,
)


@dataclass(frozen=True)
class Alternative:
    """A typical mistake: the values it produces and what to tell the learner.

    Attributes:
        values: key -> value computed with the mistake.
        fraction: credit given when the answer matches the mistake everywhere.
        message: French explanation, never revealing the expected values.
    """

    values: dict
    fraction: float
    message: str


def _lookup(mapping: dict, key) -> object:
    by_label = {normalise_label(k): v for k, v in mapping.items()}
    return by_label.get(normalise_label(key), MISSING)


def numeric_mapping_result(
    item: str,
    ns: dict,
    name: str,
    expected: dict,
    *,
    tol: float,
    what: str,
    alternatives: Sequence[Alternative] = (),
    scale_hint: float | None = None,
) -> CheckResult:
    """Grade a dict/Series of numbers key by key, with partial credit.

    Args:
        item: the item id.
        ns: the learner's namespace.
        name: the variable holding the answer.
        expected: key -> expected number.
        tol: absolute tolerance.
        what: French noun for one key (e.g. « manager »), used in messages.
        alternatives: typical mistakes recognised for a diagnostic message.
        scale_hint: when set, an answer equal to expected / scale_hint (e.g. a fraction
            instead of a percentage) earns half credit with an explicit message.
    """
    value = answer(ns, name)
    if value is MISSING:
        return missing_result(item, name)
    mapping = as_mapping(value)
    if mapping is None:
        return CheckResult(
            item, 0.0, (f"`{name}` doit être une Series pandas ou un dict {what} → valeur.",)
        )
    got = {key: as_number(_lookup(mapping, key)) for key in expected}
    absent = [k for k, v in got.items() if v is None]
    right = [k for k, v in got.items() if v is not None and close(v, expected[k], tol)]
    fraction = len(right) / len(expected)
    if fraction == 1.0:
        return CheckResult(item, 1.0, (f"Valeur correcte pour chaque {what}.",))
    messages = [f"{len(right)} {what}(s) sur {len(expected)} correct(s)."]
    if absent:
        messages.append(
            f"{what.capitalize()}(s) absent(s) ou non numérique(s) : "
            + ", ".join(map(str, absent))
            + "."
        )
    if scale_hint and all(
        v is not None and close(v * scale_hint, expected[k], tol) for k, v in got.items()
    ):
        return CheckResult(
            item,
            0.5,
            (
                "Les calculs sont justes mais l'unité ne l'est pas : exprimez le résultat en pourcentage.",
            ),
        )
    for alt in alternatives:
        hits = [
            k
            for k, v in got.items()
            if v is not None and k in alt.values and close(v, alt.values[k], tol)
        ]
        if len(hits) >= max(1, len(expected) // 2) and len(hits) > len(right):
            return CheckResult(
                item, round(max(fraction, alt.fraction), 4), (alt.message, *messages[1:])
            )
    if not absent:
        wrong = [k for k in expected if k not in right]
        messages.append("À revoir pour : " + ", ".join(map(str, wrong)) + ".")
    return CheckResult(item, round(fraction, 4), tuple(messages))


def label_mapping_result(
    item: str, ns: dict, name: str, expected: dict, *, what: str, allowed: Iterable[str]
) -> CheckResult:
    """Grade a classification key -> label, one share of credit per key."""
    value = answer(ns, name)
    if value is MISSING:
        return missing_result(item, name)
    mapping = as_mapping(value)
    if mapping is None:
        return CheckResult(
            item, 0.0, (f"`{name}` doit être une Series pandas ou un dict {what} → catégorie.",)
        )
    allowed_norm = {normalise_label(a) for a in allowed}
    got = {key: _lookup(mapping, key) for key in expected}
    unknown = sorted(
        {
            str(v)
            for v in got.values()
            if v is not MISSING and normalise_label(v) not in allowed_norm
        }
    )
    right = [
        k
        for k, v in got.items()
        if v is not MISSING and normalise_label(v) == normalise_label(expected[k])
    ]
    fraction = len(right) / len(expected)
    if fraction == 1.0:
        return CheckResult(item, 1.0, (f"Classement correct pour chaque {what}.",))
    messages = [f"{len(right)} {what}(s) sur {len(expected)} correctement classé(s)."]
    if unknown:
        messages.append(
            "Catégories inconnues : "
            + ", ".join(unknown)
            + " (valeurs permises : "
            + ", ".join(allowed)
            + ")."
        )
    missing = [k for k, v in got.items() if v is MISSING]
    if missing:
        messages.append(f"{what.capitalize()}(s) absent(s) : " + ", ".join(map(str, missing)) + ".")
    return CheckResult(item, round(fraction, 4), tuple(messages))


def order_result(item: str, ns: dict, name: str, expected: Sequence[str]) -> CheckResult:
    """Grade an ordering by the share of pairs in the right relative order."""
    value = answer(ns, name)
    if value is MISSING:
        return missing_result(item, name)
    if isinstance(value, (str, dict)) or not hasattr(value, "__iter__"):
        return CheckResult(
            item, 0.0, (f'`{name}` doit être une liste de codes, par exemple ["B", "A", ...].',)
        )
    got = [normalise_label(v) for v in list(value)]
    want = [normalise_label(v) for v in expected]
    if sorted(got) != sorted(want):
        extra = sorted(set(got) - set(want))
        lacking = sorted(set(want) - set(got))
        msg = ["La liste doit contenir chaque code une et une seule fois."]
        if lacking:
            msg.append("Codes manquants : " + ", ".join(c.upper() for c in lacking) + ".")
        if extra:
            msg.append("Codes inconnus : " + ", ".join(c.upper() for c in extra) + ".")
        return CheckResult(item, 0.0, tuple(msg))
    position = {code: i for i, code in enumerate(got)}
    pairs = [(a, b) for i, a in enumerate(want) for b in want[i + 1 :]]
    good = sum(position[a] < position[b] for a, b in pairs)
    fraction = good / len(pairs)
    if fraction == 1.0:
        return CheckResult(item, 1.0, ("Ordre correct.",))
    misplaced = sum(g != w for g, w in zip(got, want, strict=True))
    return CheckResult(
        item,
        round(fraction, 4),
        (f"Ordre partiellement correct : {misplaced} étape(s) mal placée(s).",),
    )


def set_result(
    item: str, ns: dict, name: str, expected: Iterable[str], *, what: str
) -> CheckResult:
    """Grade a set of labels with the Jaccard index (partial credit)."""
    value = answer(ns, name)
    if value is MISSING:
        return missing_result(item, name)
    if isinstance(value, str) or not hasattr(value, "__iter__"):
        return CheckResult(item, 0.0, (f"`{name}` doit être une liste de {what}s.",))
    got = {normalise_label(v) for v in value}
    want = {normalise_label(v) for v in expected}
    if got == want:
        return CheckResult(item, 1.0, (f"Liste de {what}s correcte.",))
    inter = len(got & want)
    fraction = inter / len(got | want) if got | want else 0.0
    messages = [f"{inter} {what}(s) sur {len(want)} attendu(s) trouvé(s)."]
    if got - want:
        messages.append(f"{len(got - want)} {what}(s) de votre liste ne devrai(en)t pas y figurer.")
    return CheckResult(item, round(fraction, 4), tuple(messages))


def number_result(
    item: str,
    ns: dict,
    name: str,
    expected: float,
    *,
    tol: float,
    unit: str,
    near: Callable[[float], tuple[float, str] | None] | None = None,
) -> CheckResult:
    """Grade one number; ``near`` may recognise a typical mistake -> (fraction, message)."""
    value = answer(ns, name)
    if value is MISSING:
        return missing_result(item, name)
    number = as_number(value)
    if number is None:
        return CheckResult(item, 0.0, (f"`{name}` doit être un nombre ({unit}).",))
    if close(number, expected, tol):
        return CheckResult(item, 1.0, ("Valeur correcte.",))
    if near is not None:
        diagnosis = near(number)
        if diagnosis is not None:
            return CheckResult(item, diagnosis[0], (diagnosis[1],))
    return CheckResult(item, 0.0, (f"Valeur incorrecte ({unit}) : reprenez le calcul pas à pas.",))


def figure_axes(item: str, ns: dict, name: str):
    """Return (axes, None) for a matplotlib figure in ``ns[name]``, or (None, CheckResult)."""
    fig = answer(ns, name)
    if fig is MISSING:
        return None, missing_result(item, name)
    axes = getattr(fig, "axes", None)
    if not axes:
        return None, CheckResult(
            item, 0.0, (f"`{name}` doit être une figure matplotlib (fig, ax = plt.subplots()).",)
        )
    return list(axes), None


def labels_score(ax) -> tuple[float, list[str]]:
    """Share of (title, axis labels) present on ``ax`` and French hints for what is missing."""
    hints = []
    got = 0
    if ax.get_title().strip():
        got += 1
    else:
        hints.append("Ajoutez un titre au graphique.")
    if ax.get_xlabel().strip() or ax.get_ylabel().strip():
        got += 1
    else:
        hints.append("Nommez les axes.")
    return got / 2, hints


def bars_match(ax, expected: Sequence[float], tol: float) -> bool:
    """True when the bars on ``ax`` (vertical or horizontal) show ``expected`` values."""
    want = sorted(float(v) for v in expected)
    for attr in ("get_height", "get_width"):
        got = sorted(float(getattr(p, attr)()) for p in ax.patches)
        if len(got) == len(want) and all(abs(a - b) <= tol for a, b in zip(got, want, strict=True)):
            return True
    return False

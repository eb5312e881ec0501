"""Generic check helpers shared by the block 1 check modules (c1 … c5, c6b).

Every helper returns a :class:`CheckResult` with partial credit and French messages that
say what is wrong without revealing the expected value. None of them raises on an odd
answer: they fall back to 0 with an explanation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

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


def _result(item: str, fraction: float, *messages: str) -> CheckResult:
    return CheckResult(item, round(min(max(float(fraction), 0.0), 1.0), 4), tuple(messages))


def check_scalar(
    ns,
    item: str,
    name: str,
    expected: float,
    *,
    tol: float,
    what: str,
    mistakes: Iterable[tuple[float, float, str]] = (),
    percent: bool = False,
) -> CheckResult:
    """A single number, with known mistakes recognised for partial credit.

    Args:
        expected: the right value.
        tol: absolute tolerance.
        what: French noun phrase naming the quantity (for messages).
        mistakes: ``(wrong_value, fraction, message)`` triples.
        percent: the answer is a percentage; a fraction (×100 off) earns half.
    """
    value = answer(ns, name)
    if value is MISSING:
        return missing_result(item, name)
    number = as_number(value)
    if number is None:
        return _result(item, 0.0, f"`{name}` doit être un nombre ({what}).")
    if close(number, expected, tol):
        return _result(item, 1.0, f"{what.capitalize()} : correct.")
    if percent and close(number * 100, expected, tol):
        return _result(
            item,
            0.5,
            "Calcul juste mais exprimé en fraction : donnez un pourcentage (ex. 12.5 pour 12,5 %).",
        )
    for wrong, fraction, message in mistakes:
        if close(number, wrong, tol):
            return _result(item, fraction, message)
    if expected and abs(number - expected) <= abs(expected) * 0.05:
        return _result(
            item,
            0.5,
            f"{what.capitalize()} : valeur proche mais inexacte (arrondis intermédiaires ou formule à revoir).",
        )
    return _result(
        item,
        0.0,
        f"{what.capitalize()} : valeur incorrecte, reprenez la formule donnée dans l'énoncé.",
    )


def _keyed(mapping: Mapping) -> dict:
    return {normalise_label(k): v for k, v in mapping.items()}


def check_number_map(
    ns,
    item: str,
    name: str,
    expected: Mapping,
    *,
    tol: float,
    what: str,
    percent: bool = False,
    mistakes: Iterable[tuple[Mapping, float, str]] = (),
) -> CheckResult:
    """A key → number mapping (dict or Series); credit is the share of keys right.

    ``mistakes`` holds ``(wrong_mapping, fraction, message)``: when every key matches a
    known wrong mapping, that fraction is earned with its message.
    """
    value = answer(ns, name)
    if value is MISSING:
        return missing_result(item, name)
    mapping = as_mapping(value)
    if mapping is None:
        return _result(item, 0.0, f"`{name}` doit être un dict ou une Series pandas ({what}).")
    got = _keyed(mapping)

    def share(reference: Mapping, factor: float = 1.0) -> tuple[float, list[str], list[str]]:
        wrong, absent = [], []
        for key, exp in reference.items():
            number = as_number(got.get(normalise_label(key)))
            if normalise_label(key) not in got:
                absent.append(str(key))
            elif number is None or not close(number * factor, exp, tol):
                wrong.append(str(key))
        return (len(reference) - len(wrong) - len(absent)) / len(reference), wrong, absent

    fraction, wrong, absent = share(expected)
    if fraction == 1.0:
        return _result(item, 1.0, f"{what.capitalize()} : tout est correct.")
    if percent and share(expected, 100.0)[0] == 1.0:
        return _result(
            item, 0.5, "Calculs justes mais exprimés en fraction : donnez des pourcentages."
        )
    for wrong_map, credit, message in mistakes:
        if share(wrong_map)[0] == 1.0:
            return _result(item, credit, message)
    messages = [
        f"{what.capitalize()} : {len(expected) - len(wrong) - len(absent)} valeur(s) correcte(s) sur {len(expected)}."
    ]
    if absent:
        messages.append(
            "Clés absentes de votre réponse : "
            + ", ".join(absent[:8])
            + ("…" if len(absent) > 8 else "")
            + "."
        )
    if wrong:
        messages.append(
            "À revoir : " + ", ".join(wrong[:8]) + ("…" if len(wrong) > 8 else "") + "."
        )
    return _result(item, fraction, *messages)


def check_label_map(
    ns, item: str, name: str, expected: Mapping[str, str], *, allowed: Iterable[str], what: str
) -> CheckResult:
    """A key → label classification; credit is the share of keys labelled right."""
    value = answer(ns, name)
    if value is MISSING:
        return missing_result(item, name)
    mapping = as_mapping(value)
    if mapping is None:
        return _result(item, 0.0, f"`{name}` doit être un dict (ou une Series) {what}.")
    got = _keyed(mapping)
    allowed_norm = {normalise_label(a) for a in allowed}
    right, unknown, absent = 0, [], 0
    for key, label in expected.items():
        given = got.get(normalise_label(key))
        if given is None:
            absent += 1
        elif normalise_label(given) == normalise_label(label):
            right += 1
        elif normalise_label(given) not in allowed_norm:
            unknown.append(str(given))
    fraction = right / len(expected)
    if fraction == 1.0:
        return _result(item, 1.0, "Classement entièrement correct.")
    messages = [f"{right} élément(s) bien classé(s) sur {len(expected)}."]
    if absent:
        messages.append(f"{absent} élément(s) non classé(s).")
    if unknown:
        messages.append(
            "Catégories inconnues : "
            + ", ".join(sorted(set(unknown))[:5])
            + ". Utilisez exactement : "
            + ", ".join(allowed)
            + "."
        )
    return _result(item, fraction, *messages)


def check_choice(
    ns,
    item: str,
    name: str,
    expected: str,
    *,
    near: Mapping[str, tuple[float, str]] = (),
    what: str,
) -> CheckResult:
    """One label among several; ``near`` maps plausible wrong answers to partial credit."""
    value = answer(ns, name)
    if value is MISSING:
        return missing_result(item, name)
    if normalise_label(value) == normalise_label(expected):
        return _result(item, 1.0, f"{what.capitalize()} : correct.")
    for label, (credit, message) in dict(near or {}).items():
        if normalise_label(value) == normalise_label(label):
            return _result(item, credit, message)
    return _result(
        item, 0.0, f"{what.capitalize()} : ce n'est pas la bonne réponse, revoyez vos calculs."
    )


def check_id_set(ns, item: str, name: str, expected: Iterable[str], *, what: str) -> CheckResult:
    """A set of identifiers; credit = Jaccard similarity (order ignored)."""
    value = answer(ns, name)
    if value is MISSING:
        return missing_result(item, name)
    if isinstance(value, str) or not hasattr(value, "__iter__"):
        return _result(item, 0.0, f"`{name}` doit être une liste d'identifiants ({what}).")
    got = {normalise_label(v) for v in value}
    exp = {normalise_label(v) for v in expected}
    if got == exp:
        return _result(item, 1.0, f"{what.capitalize()} : liste correcte.")
    inter = len(got & exp)
    messages = [f"{inter} identifiant(s) correct(s) sur {len(exp)} attendu(s)."]
    if len(got) != len(exp):
        messages.append(
            f"Votre liste compte {len(got)} élément(s) : vérifiez le nombre demandé et le filtre."
        )
    return _result(item, inter / len(got | exp) if got | exp else 0.0, *messages)


def _figure(ns, item: str, name: str):
    fig = answer(ns, name)
    if fig is MISSING:
        return None, missing_result(item, name)
    axes = getattr(fig, "axes", None)
    if not axes:
        return None, _result(
            item, 0.0, f"`{name}` doit être une figure matplotlib (fig, ax = plt.subplots())."
        )
    return fig, None


def _labels_score(ax) -> tuple[float, list[str]]:
    points, messages = 0.0, []
    if ax.get_title().strip() or (
        ax.figure._suptitle is not None and ax.figure._suptitle.get_text().strip()
    ):
        points += 0.2
    else:
        messages.append("Ajoutez un titre au graphique.")
    if ax.get_xlabel().strip() and ax.get_ylabel().strip():
        points += 0.2
    else:
        messages.append("Nommez les deux axes.")
    return points, messages


def _matches(values: list[float], expected: list[float], tol: float) -> bool:
    if len(values) != len(expected):
        return False
    return all(close(a, b, tol) for a, b in zip(sorted(values), sorted(expected), strict=True))


def check_bar_figure(
    ns, item: str, name: str, expected: Iterable[float], *, tol: float, what: str
) -> CheckResult:
    """A bar chart (vertical or horizontal) whose bars carry ``expected`` values (×1 or ×100)."""
    fig, error = _figure(ns, item, name)
    if error:
        return error
    ax = fig.axes[0]
    expected = [float(v) for v in expected]
    bars = [p for p in ax.patches if hasattr(p, "get_height")]
    heights = [float(p.get_height()) for p in bars]
    widths = [float(p.get_width()) for p in bars]
    points, messages = _labels_score(ax)
    candidates = (heights, widths, [h * 100 for h in heights], [w * 100 for w in widths])
    if any(_matches(c, expected, tol) for c in candidates):
        points += 0.6
        messages.insert(0, f"Les barres représentent bien {what}.")
    elif bars:
        points += 0.2
        messages.insert(0, f"Les barres ne correspondent pas à {what}.")
    else:
        messages.insert(0, "Aucune barre trouvée : utilisez ax.bar(...) ou ax.barh(...).")
    return _result(item, points, *messages)


def check_line_figure(
    ns, item: str, name: str, expected: Iterable[Iterable[float]], *, tol: float, what: str
) -> CheckResult:
    """A line chart: every expected series must appear as one line's y data (×1 or ×100)."""
    fig, error = _figure(ns, item, name)
    if error:
        return error
    ax = fig.axes[0]
    lines = [[float(y) for y in line.get_ydata()] for line in ax.get_lines()]
    expected = [[float(v) for v in series] for series in expected]
    found = 0
    for series in expected:
        for ys in lines:
            if len(ys) == len(series) and (
                all(close(a, b, tol) for a, b in zip(ys, series, strict=True))
                or all(close(a * 100, b, tol) for a, b in zip(ys, series, strict=True))
            ):
                found += 1
                break
    points, messages = _labels_score(ax)
    points += 0.6 * found / len(expected)
    if found == len(expected):
        messages.insert(0, f"Les courbes représentent bien {what}.")
    elif lines:
        messages.insert(
            0, f"{found} courbe(s) correcte(s) sur {len(expected)} attendue(s) pour {what}."
        )
    else:
        messages.insert(0, "Aucune courbe trouvée : utilisez ax.plot(...).")
    return _result(item, points, *messages)


def check_scatter_figure(ns, item: str, name: str, n_points: int, *, what: str) -> CheckResult:
    """A scatter plot with ``n_points`` points (one per row of the data)."""
    fig, error = _figure(ns, item, name)
    if error:
        return error
    ax = fig.axes[0]
    count = sum(len(c.get_offsets()) for c in ax.collections if hasattr(c, "get_offsets"))
    points, messages = _labels_score(ax)
    if count == n_points:
        points += 0.6
        messages.insert(0, f"Le nuage contient bien un point par {what}.")
    elif count:
        points += 0.2
        messages.insert(0, f"Le nuage devrait contenir un point par {what}.")
    else:
        messages.insert(0, "Aucun point trouvé : utilisez ax.scatter(x, y).")
    return _result(item, points, *messages)

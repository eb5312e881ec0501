"""Scoring helpers shared by the block 2 checks (C7–C10): classifications, sets,
amounts with typical mistakes, and bar charts.

Every helper returns a :class:`CheckResult` with partial credit and French messages that
say what is wrong without giving the expected value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from kamtrain.checks.core import (
    MISSING,
    CheckResult,
    answer,
    as_mapping,
    as_number,
    missing_result,
    normalise_label,
)


def classification(
    item: str,
    ns: dict,
    name: str,
    expected: Mapping[str, str],
    *,
    canon: Callable[[object], str | None],
    what: str,
) -> CheckResult:
    """Score a mapping id -> label: the share of ids labelled right.

    Args:
        canon: turns a learner's label into the canonical label, or None if unknown.
        what: the French name of the labels, e.g. « lettre MEDDIC ».
    """
    value = answer(ns, name)
    if value is MISSING:
        return missing_result(item, name)
    mapping = as_mapping(value)
    if mapping is None:
        return CheckResult(
            item,
            0.0,
            (f"`{name}` doit être un dictionnaire (ou une Series) identifiant → {what}.",),
        )
    given = {normalise_label(k): v for k, v in mapping.items()}
    right, wrong, absent, unknown = 0, [], [], []
    for key, label in expected.items():
        got = given.get(normalise_label(key), MISSING)
        if got is MISSING:
            absent.append(key)
            continue
        canonical = canon(got)
        if canonical is None:
            unknown.append(key)
        elif canonical == label:
            right += 1
        else:
            wrong.append(key)
    fraction = round(right / len(expected), 4) if expected else 0.0
    if right == len(expected):
        return CheckResult(item, 1.0, (f"Les {len(expected)} éléments sont correctement classés.",))
    messages = [f"{right} élément(s) sur {len(expected)} correctement classé(s)."]
    if absent:
        messages.append(
            f"{len(absent)} identifiant(s) absent(s) de votre réponse : "
            + ", ".join(absent[:8])
            + "."
        )
    if unknown:
        messages.append(f"{what.capitalize()} non reconnue pour : " + ", ".join(unknown[:8]) + ".")
    if wrong:
        messages.append("À revoir : " + ", ".join(wrong[:8]) + ".")
    return CheckResult(item, fraction, tuple(messages))


def label_set(
    item: str,
    ns: dict,
    name: str,
    expected: Iterable[str],
    *,
    canon: Callable[[object], str | None],
    what: str,
) -> CheckResult:
    """Score a list of labels against the expected set (Jaccard index)."""
    value = answer(ns, name)
    if value is MISSING:
        return missing_result(item, name)
    if isinstance(value, str) or not hasattr(value, "__iter__"):
        value = [value]
    given = {canon(v) for v in value}
    unknown = None in given
    given.discard(None)
    want = set(expected)
    union = given | want
    fraction = round(len(given & want) / len(union), 4) if union else 1.0
    if given == want and not unknown:
        return CheckResult(item, 1.0, (f"Liste des {what} correcte.",))
    messages = [f"{len(given & want)} {what} correct(s) sur {len(want)} attendu(s)."]
    if given - want:
        messages.append(f"Votre liste contient {len(given - want)} élément(s) en trop.")
    if want - given:
        messages.append(f"Il manque {len(want - given)} élément(s) à votre liste.")
    if unknown:
        messages.append(
            "Certaines valeurs ne sont pas reconnues : utilisez les codes indiqués dans l'énoncé."
        )
        fraction = round(fraction * 0.8, 4)
    return CheckResult(item, fraction, tuple(messages))


def amount(
    item: str,
    ns: dict,
    name: str,
    expected: float,
    *,
    rel_tol: float = 0.005,
    abs_tol: float = 0.01,
    mistakes: Iterable[tuple[float, float, str]] = (),
    unit: str = "",
    near_message: str = "Valeur proche mais inexacte : vérifiez vos arrondis et le périmètre.",
) -> CheckResult:
    """Score a number; ``mistakes`` are (value of a typical mistake, fraction, message)."""
    value = answer(ns, name)
    if value is MISSING:
        return missing_result(item, name)
    number = as_number(value)
    if number is None:
        return CheckResult(item, 0.0, (f"`{name}` doit être un nombre{unit}.",))

    def near(a: float, b: float, rel: float) -> bool:
        return abs(a - b) <= max(abs_tol, rel * abs(b))

    if near(number, expected, rel_tol):
        return CheckResult(item, 1.0, ("Valeur correcte.",))
    for wrong_value, fraction, message in mistakes:
        if near(number, wrong_value, rel_tol):
            return CheckResult(item, fraction, (message,))
    if near(number, expected, 0.05):
        return CheckResult(item, 0.5, (near_message,))
    return CheckResult(
        item, 0.0, ("Valeur incorrecte : reprenez la méthode de calcul décrite dans l'énoncé.",)
    )


def bar_figure(
    item: str,
    ns: dict,
    name: str,
    expected_heights: Iterable[float],
    *,
    rel_tol: float = 0.01,
    abs_tol: float = 0.01,
    what: str = "les valeurs demandées",
) -> CheckResult:
    """Score a matplotlib bar chart: bar heights (60 %), a title (20 %), axis labels (20 %)."""
    fig = answer(ns, name)
    if fig is MISSING:
        return missing_result(item, name)
    axes = getattr(fig, "axes", None)
    if not axes:
        return CheckResult(
            item, 0.0, (f"`{name}` doit être une figure matplotlib (fig, ax = plt.subplots()).",)
        )
    ax = axes[0]
    patches = [p for a in axes for p in a.patches if hasattr(p, "get_height")]
    want = sorted(abs(float(h)) for h in expected_heights)
    # Vertical bars carry their value in the height, horizontal bars in the width.
    vertical = sorted(abs(float(p.get_height())) for p in patches if p.get_height())
    horizontal = sorted(abs(float(p.get_width())) for p in patches if p.get_width())
    heights = horizontal if _matches(horizontal, want, rel_tol, abs_tol) else vertical
    points, messages = 0.0, []
    if _matches(heights, want, rel_tol, abs_tol):
        points += 0.6
        messages.append(f"Les barres représentent bien {what}.")
    elif heights:
        points += 0.2
        messages.append(
            f"Les barres ne correspondent pas à {what} ({len(heights)} barre(s) tracée(s))."
        )
    else:
        messages.append(
            "Aucune barre trouvée : utilisez ax.bar(...), ax.barh(...) ou Series.plot.bar(ax=ax)."
        )
    if ax.get_title().strip() or (getattr(fig, "_suptitle", None) is not None):
        points += 0.2
    else:
        messages.append("Ajoutez un titre au graphique.")
    if ax.get_xlabel().strip() and ax.get_ylabel().strip():
        points += 0.2
    else:
        messages.append("Nommez les deux axes.")
    return CheckResult(item, round(points, 4), tuple(messages))


def _matches(got: list[float], want: list[float], rel_tol: float, abs_tol: float) -> bool:
    return len(got) == len(want) and all(
        abs(h - w) <= max(abs_tol, rel_tol * abs(w)) for h, w in zip(got, want, strict=True)
    )

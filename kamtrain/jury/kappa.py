"""Cohen's kappa, plain and quadratic-weighted, with the Landis–Koch (1977) bands.

Pure functions over paired levels; no numpy needed for tables this small.
"""

from __future__ import annotations

from collections.abc import Sequence

from kamtrain.jury.models import KappaResult

#: (upper bound inclusive, English band, French band), read top-down; below 0 is "poor".
LANDIS_KOCH = (
    (0.20, "slight", "faible"),
    (0.40, "fair", "passable"),
    (0.60, "moderate", "modéré"),
    (0.80, "substantial", "substantiel"),
    (1.00, "almost perfect", "presque parfait"),
)
POOR = ("poor", "médiocre")
UNDEFINED = ("undefined", "non calculable")


def landis_koch(kappa: float | None) -> tuple[str, str]:
    """Return the (English, French) Landis–Koch band of a kappa value.

    Bands: < 0 poor, 0–0.20 slight, 0.21–0.40 fair, 0.41–0.60 moderate,
    0.61–0.80 substantial, 0.81–1 almost perfect.
    """
    if kappa is None:
        return UNDEFINED
    if kappa < 0:
        return POOR
    for upper, band, band_fr in LANDIS_KOCH:
        # Round so that 0.2049 reads as 0.20 (slight) as the printed figure suggests.
        if round(kappa, 2) <= upper:
            return band, band_fr
    return LANDIS_KOCH[-1][1:]


def confusion_table(
    ratings_a: Sequence[int], ratings_b: Sequence[int], categories: Sequence[int]
) -> list[list[int]]:
    """Counts ``table[i][j]`` of items rated ``categories[i]`` by A and ``categories[j]`` by B.

    Raises:
        ValueError: the sequences differ in length or hold a value outside ``categories``.
    """
    if len(ratings_a) != len(ratings_b):
        raise ValueError(f"paired ratings differ in length: {len(ratings_a)} vs {len(ratings_b)}")
    index = {c: i for i, c in enumerate(categories)}
    table = [[0] * len(categories) for _ in categories]
    for a, b in zip(ratings_a, ratings_b, strict=True):
        if a not in index or b not in index:
            raise ValueError(f"rating pair ({a}, {b}) outside categories {list(categories)}")
        table[index[a]][index[b]] += 1
    return table


def kappa_from_table(table: Sequence[Sequence[int]], *, weights: str | None = None) -> float | None:
    """Cohen's kappa of a square confusion table.

    Args:
        table: counts, rows rater A, columns rater B, categories in scale order.
        weights: ``None`` for plain kappa, ``"quadratic"`` for disagreement weights
            ``(i - j)² / (k - 1)²``.

    Returns:
        Kappa, or ``None`` when undefined (both raters used one and the same category).
    """
    k = len(table)
    n = sum(sum(row) for row in table)
    if n == 0 or k < 2:
        return None
    if weights not in (None, "quadratic"):
        raise ValueError(f"weights must be None or 'quadratic', got {weights!r}")

    def w(i: int, j: int) -> float:
        if weights is None:
            return 0.0 if i == j else 1.0
        return (i - j) ** 2 / (k - 1) ** 2

    rows = [sum(table[i]) / n for i in range(k)]
    cols = [sum(table[i][j] for i in range(k)) / n for j in range(k)]
    observed = sum(w(i, j) * table[i][j] / n for i in range(k) for j in range(k))
    expected = sum(w(i, j) * rows[i] * cols[j] for i in range(k) for j in range(k))
    if expected == 0:
        return None
    return 1.0 - observed / expected


def cohen_kappa(
    ratings_a: Sequence[int], ratings_b: Sequence[int], *, categories: Sequence[int]
) -> KappaResult:
    """Plain and quadratic-weighted kappa of two raters' paired levels, with their bands."""
    table = confusion_table(ratings_a, ratings_b, categories)
    n = len(ratings_a)
    observed = sum(table[i][i] for i in range(len(categories))) / n if n else 0.0
    plain = kappa_from_table(table)
    weighted = kappa_from_table(table, weights="quadratic")
    band, band_fr = landis_koch(plain)
    wband, wband_fr = landis_koch(weighted)
    return KappaResult(
        n=n,
        observed=observed,
        kappa=plain,
        weighted_kappa=weighted,
        band=band,
        band_fr=band_fr,
        weighted_band=wband,
        weighted_band_fr=wband_fr,
    )

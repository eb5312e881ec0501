"""Partial-credit graders shared by the check modules.

Each grader reads one answer from the learner's namespace and returns a
:class:`CheckResult` whose French messages say what is wrong without ever giving the
expected value. An odd answer earns 0 with an explanation, never an exception.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import NamedTuple

from kamtrain.checks.answers import listing, lookup, read_mapping, read_number, within
from kamtrain.checks.core import CheckResult, as_number

#: Within this share of the expected value, a number earns half credit (rounding slips).
NEAR_BAND = 0.05
#: Knock-on: the right method applied to the learner's own wrong earlier result earns this,
#: in every item and module that carries an error forward (C6's lowest site, C11's money).
KNOCK_ON_CREDIT = 0.75


class Mistake(NamedTuple):
    """A typical mistake: what it produces and what to tell the learner.

    Attributes:
        values: the number (or key → number mapping) the mistake produces.
        fraction: credit earned when the answer matches the mistake.
        message: French diagnosis, never revealing the expected value.
        tol, rel: the mistake's own absolute and relative tolerances (None: the item's).
    """

    values: object
    fraction: float
    message: str
    tol: float | None = None
    rel: float | None = None

    def matches(self, number: float | None, *, tol: float, rel: float) -> bool:
        """Whether ``number`` is this mistake's value, up to its tolerance (else ``tol``/``rel``)."""
        return within(
            number,
            self.values,
            tol=tol if self.tol is None else self.tol,
            rel=rel if self.rel is None else self.rel,
        )


def result(item: str, fraction: float, *messages: str) -> CheckResult:
    """A result with its fraction clamped to [0, 1] and rounded (scores stay stable)."""
    return CheckResult(item, round(min(max(float(fraction), 0.0), 1.0), 4), tuple(messages))


def score_number(
    item: str,
    ns: dict,
    name: str,
    expected: float,
    *,
    what: str = "",
    tol: float = 0.0,
    rel_tol: float = 0.0,
    percent: bool = False,
    mistakes: Iterable[Mistake | tuple[float, float, str]] = (),
    diagnose: Callable[[float], tuple[float, *tuple[str, ...]] | None] | None = None,
    near_band: float | None = NEAR_BAND,
    near_message: str = "Valeur proche mais inexacte : vérifiez vos arrondis et la formule.",
    correct_message: str = "Valeur correcte.",
    percent_message: str = (
        "Calcul juste mais exprimé en fraction : donnez un pourcentage (ex. 12.5 pour 12,5 %)."
    ),
    wrong_message: str = "Valeur incorrecte : reprenez la méthode de calcul décrite dans l'énoncé.",
) -> CheckResult:
    """One number, with typical mistakes recognised for partial credit.

    Args:
        what: French hint on the expected unit or quantity, e.g. « en euros ».
        tol: absolute tolerance; ``rel_tol`` is relative to ``expected`` (the larger wins).
        percent: the answer is a percentage; the same value as a fraction earns half.
        mistakes: :class:`Mistake` s (or ``(wrong value, fraction, message)`` triples).
            An answer that several of them explain (their values coincide in this
            learner's data) gets all their messages and the lowest of their credits.
        diagnose: a function of the answer returning ``(fraction, message, ...)`` for
            the mistake(s) it recognises, or None.
        near_band: answers within this share of ``expected`` earn half credit
            (None: no such credit).
        correct_message, percent_message, wrong_message: the French verdicts for a right
            answer, a right fraction where a percentage was asked, and an unrecognised one.
    """
    number, error = read_number(ns, item, name, what=what)
    if error:
        return error
    if within(number, expected, tol=tol, rel=rel_tol):
        return result(item, 1.0, correct_message)
    if percent and within(number * 100, expected, tol=tol, rel=rel_tol):
        return result(item, 0.5, percent_message)
    matched = [
        m for m in (Mistake(*m) for m in mistakes) if m.matches(number, tol=tol, rel=rel_tol)
    ]
    if matched:
        # two mistakes giving the same number in this learner's data cannot be told apart:
        # both hints, and the lower credit (never the luckier one)
        messages = list(dict.fromkeys(m.message for m in matched))
        return result(item, min(m.fraction for m in matched), *messages)
    if diagnose is not None and (diagnosis := diagnose(number)) is not None:
        return result(item, *diagnosis)
    if near_band is not None and within(number, expected, tol=tol, rel=near_band):
        return result(item, 0.5, near_message)
    return result(item, 0.0, wrong_message)


def score_each(
    item: str,
    ns: dict,
    name: str,
    expected: Mapping[str, float],
    *,
    shape: str,
    correct: str,
    wrong: str,
    absent: str,
    tol: float = 0.0,
    rel_tol: float = 0.0,
    mistakes: Callable[[str], Iterable[Mistake]] = lambda key: (),
    key_tol: Mapping[str, tuple[float, float]] | None = None,
) -> CheckResult:
    """A key → number mapping scored key by key, each key weighing the same.

    Each key gets its own verdict; a key's typical mistake earns its fraction of the key.

    Args:
        shape: French description of the pairs, e.g. « offre → TCO en euros ».
        correct, wrong, absent: French verdicts of a key, ``{key}`` standing for it.
        mistakes: the typical mistakes of a key (a function of the key), tried in order.
        key_tol: key → (absolute, relative) tolerance of the keys asked at another
            precision (a payback rounded to a tenth of a year among amounts in euros).
        A hint several keys share (a knock-on from an earlier item) is said once.
    """
    got, error = read_mapping(ns, item, name, shape=shape, numbers=True)
    if error:
        return error
    weight, credit, messages = 1 / len(expected), 0.0, []
    for key, want in expected.items():
        number = as_number(lookup(got, key))
        k_tol, k_rel = (key_tol or {}).get(key, (tol, rel_tol))
        if number is None:
            messages.append(absent.format(key=key))
        elif within(number, want, tol=k_tol, rel=k_rel):
            credit += weight
            messages.append(correct.format(key=key))
        elif hits := [m for m in mistakes(key) if m.matches(number, tol=k_tol, rel=k_rel)]:
            # mistakes that coincide in this learner's data: all their hints, the lower credit
            credit += weight * min(m.fraction for m in hits)
            messages.extend(dict.fromkeys(m.message for m in hits))
        else:
            messages.append(wrong.format(key=key))
    return result(item, credit, *dict.fromkeys(messages))


def score_item(score: Callable[..., CheckResult], item: str, ns: dict, case, **how) -> CheckResult:
    """Score the item ``"<prefix>.<name>"`` with ``score`` (one of this module's graders):
    the answer ``ns[name]`` against ``case.expected[name]``, as ``how`` says.

    ``score_item(score_set, "c18.membres_surcharges", ns, case, what="membres")`` is
    ``score_set("c18.membres_surcharges", ns, "membres_surcharges",
    case.expected["membres_surcharges"], what="membres")``.
    """
    name = item.partition(".")[2]
    return score(item, ns, name, case.expected[name], **how)


def number_item(item: str, ns: dict, case, **how) -> CheckResult:
    """:func:`score_item` with :func:`score_number`, the most common grader."""
    return score_item(score_number, item, ns, case, **how)


def map_item(item: str, ns: dict, case, **how) -> CheckResult:
    """:func:`score_item` with :func:`score_number_map`: a number per key."""
    return score_item(score_number_map, item, ns, case, **how)


#: A percentage per key (rate by model, by approach, by stage…) is right within 0.15 point:
#: rounding to one decimal.
PERCENT_TOL = 0.15


def percent_map_item(item: str, ns: dict, case, **how) -> CheckResult:
    """:func:`map_item` for a percentage per key, within :data:`PERCENT_TOL` point."""
    return map_item(item, ns, case, tol=PERCENT_TOL, percent=True, **how)


def score_number_map(
    item: str,
    ns: dict,
    name: str,
    expected: Mapping,
    *,
    tol: float,
    percent: bool = False,
    mistakes: Iterable[Mistake] = (),
    partial_mistakes: bool = False,
    shape: str = "clé → valeur",
) -> CheckResult:
    """A key → number mapping (dict or Series); credit is the share of keys right.

    Args:
        percent: the values are percentages; all of them given as fractions earn half.
        mistakes: typical mistakes as key → number mappings (:class:`Mistake` s, each
            within its own tolerance if it has one). One is recognised when the answer
            matches it on every key, and earns its fraction: the same for every learner,
            however many keys the mistake happens to leave right in their data. Mistakes
            that coincide on every key in this learner's data: all their hints, the lower
            credit (as :func:`score_number`).
        partial_mistakes: also recognise a mistake as soon as it explains at least half
            of the keys and more keys than are right (made on some keys only); credit is
            then the better of the mistake's fraction and the share of keys right.
        shape: French description of the pairs, e.g. « site → NPS ».
    """
    got, error = read_mapping(ns, item, name, shape=shape, numbers=True)
    if error:
        return error
    numbers = {key: as_number(lookup(got, key)) for key in expected}

    def matching(reference: Mapping, factor: float = 1.0, how: Mistake | None = None) -> list:
        k_tol = tol if how is None or how.tol is None else how.tol
        k_rel = 0.0 if how is None or how.rel is None else how.rel
        return [
            key
            for key, value in numbers.items()
            if key in reference
            and value is not None
            and within(value * factor, reference[key], tol=k_tol, rel=k_rel)
        ]

    right = matching(expected)
    fraction = len(right) / len(expected)
    if fraction == 1.0:
        return result(item, 1.0, "Toutes les valeurs sont correctes.")
    absent = [k for k, v in numbers.items() if v is None]
    wrong = [k for k in expected if k not in right and k not in absent]
    messages = [f"{len(right)} valeur(s) correcte(s) sur {len(expected)}."]
    if absent:
        messages.append("Clés absentes ou non numériques : " + listing(absent) + ".")
    if wrong:
        messages.append("À revoir : " + listing(wrong) + ".")
    if percent and len(matching(expected, 100.0)) == len(expected):
        return result(
            item,
            0.5,
            "Calculs justes mais exprimés en fraction : exprimez les résultats en pourcentage.",
        )
    found = [(m, matching(m.values, how=m)) for m in (Mistake(*m) for m in mistakes)]
    if whole := [m for m, hits in found if hits and len(hits) == len(m.values)]:
        # the whole mistake: its own credit, whatever keys it happens to leave right
        messages = list(dict.fromkeys(m.message for m in whole))
        return result(item, min(m.fraction for m in whole), *messages)
    for m, hits in found if partial_mistakes else ():
        if len(hits) >= max(1, len(expected) // 2) and len(hits) > len(right):
            return result(
                item, max(fraction, m.fraction), m.message, *messages[1:2] if absent else ()
            )
    return result(item, fraction, *messages)

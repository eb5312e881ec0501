"""Graders of labels, lists, choices and orderings shared by the check modules.

Like :mod:`kamtrain.checks.scoring` (numbers), each grader reads one answer from the
learner's namespace and returns a :class:`CheckResult` whose French messages say what is
wrong without giving the expected value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from kamtrain.checks.answers import is_listlike, listing, lookup, read_mapping
from kamtrain.checks.core import MISSING, CheckResult, answer, missing_result
from kamtrain.checks.core import normalise_label as norm
from kamtrain.checks.scoring import result


def score_labels(
    item: str,
    ns: dict,
    name: str,
    expected: Mapping[str, str],
    *,
    allowed: Sequence[str] = (),
    canon: Callable[[object], str | None] | None = None,
) -> CheckResult:
    """A key → label classification; credit is the share of keys labelled right.

    Args:
        allowed: the labels the exercise permits, quoted when an answer uses another.
        canon: turns a learner's label into the canonical one of ``expected`` (None
            when unknown); by default labels are compared once normalised.
    """
    got, error = read_mapping(ns, item, name, shape="identifiant → catégorie")
    if error:
        return error
    allowed_norm = {norm(a) for a in allowed}
    right, wrong, absent, unknown = 0, [], [], []
    for key, label in expected.items():
        given = lookup(got, key)
        if given is MISSING:
            absent.append(key)
            continue
        code = canon(given) if canon else norm(given)
        if code is None or (allowed_norm and norm(given) not in allowed_norm):
            unknown.append(str(given))
        if code is not None and code == (label if canon else norm(label)):
            right += 1
        else:
            wrong.append(key)
    if right == len(expected):
        return result(item, 1.0, "Classement entièrement correct.")
    messages = [f"{right} élément(s) sur {len(expected)} correctement classé(s)."]
    if absent:
        messages.append(f"{len(absent)} élément(s) non classé(s) : " + listing(absent) + ".")
    if unknown:
        hint = (
            "Utilisez exactement : " + ", ".join(allowed) + "."
            if allowed
            else "Utilisez les codes indiqués dans l'énoncé."
        )
        messages.append("Catégories inconnues : " + listing(sorted(set(unknown)), 5) + ". " + hint)
    if wrong:
        messages.append("À revoir : " + listing(wrong) + ".")
    return result(item, right / len(expected), *messages)


def score_set(
    item: str,
    ns: dict,
    name: str,
    expected: Iterable[str],
    *,
    what: str,
    canon: Callable[[object], str | None] | None = None,
) -> CheckResult:
    """A set of identifiers or codes; credit is the Jaccard index (order ignored).

    Args:
        what: French plural noun for the elements, e.g. « identifiants ».
        canon: turns a learner's code into a canonical one (None when unknown). With it,
            a single code is accepted as a list of one, and unknown codes cost 20 %.
    """
    value = answer(ns, name)
    if value is MISSING:
        return missing_result(item, name)
    if not is_listlike(value):
        if canon is None:
            return result(item, 0.0, f"`{name}` doit être une liste ({what}).")
        value = [value]
    given = {canon(v) if canon else norm(v) for v in value}
    unknown = None in given
    given.discard(None)
    want = set(expected) if canon else {norm(v) for v in expected}
    if given == want and not unknown:
        return result(item, 1.0, f"Liste des {what} correcte.")
    union = given | want
    fraction = len(given & want) / len(union) if union else 1.0
    messages = [f"{len(given & want)} élément(s) correct(s) sur {len(want)} attendu(s)."]
    if given - want:
        messages.append(f"Votre liste contient {len(given - want)} élément(s) en trop.")
    if want - given:
        messages.append(f"Il manque {len(want - given)} élément(s) à votre liste.")
    if unknown:
        messages.append(
            "Certaines valeurs ne sont pas reconnues : utilisez les codes indiqués dans l'énoncé."
        )
        fraction = round(fraction, 4) * 0.8
    return result(item, fraction, *messages)


def score_choice(
    item: str,
    ns: dict,
    name: str,
    expected: str,
    *,
    near: Mapping[str, tuple[float, str]] | None = None,
    canon: Callable[[object], str | None] | None = None,
    correct_message: str = "Réponse correcte.",
    wrong_message: str = "Ce n'est pas la bonne réponse : revoyez vos calculs.",
    unknown_message: str | None = None,
) -> CheckResult:
    """One label among several.

    Args:
        near: plausible wrong labels → (credit, message), tried in order.
        canon: turns a label into its canonical form, None when it is none of the
            exercise's (then ``unknown_message``, if any, is the verdict); by default
            labels are compared once normalised.
        correct_message, wrong_message: the French verdicts of a right and a wrong label.
    """
    value = answer(ns, name)
    if value is MISSING:
        return missing_result(item, name)
    key = canon or norm
    given = key(value)
    if given is not None and given == key(expected):
        return result(item, 1.0, correct_message)
    for label, (credit, message) in dict(near or {}).items():
        if given is not None and given == key(label):
            return result(item, credit, message)
    if given is None and unknown_message is not None:
        return result(item, 0.0, unknown_message)
    return result(item, 0.0, wrong_message)


def best_by_wrong_criterion(
    values: Mapping[str, float], credit: float, message: str, *, lowest: bool = False
) -> dict[str, tuple[float, str]]:
    """``near=`` of :func:`score_choice` when the typical mistake is ranking by another measure.

    The key with the highest value of ``values`` (``lowest=True``: the lowest) earns
    ``credit`` with ``message``. :func:`score_choice` tries the right answer first, so
    when the wrong measure happens to pick the right key the learner is right.
    """
    pick = min if lowest else max
    return {pick(values, key=values.get): (credit, message)}


def simulation_result(
    item: str, outcome, *, headline: str, weight: float, rest: float, skip: str, more=()
) -> CheckResult:
    """A practice simulator's outcome as an item's result.

    Credit is ``weight`` × the simulator's score plus ``rest`` (what the item earns besides);
    messages are « headline : N % », the simulator's French feedback except the lines
    starting with ``skip`` (the item says them its own way), then ``more``.
    """
    messages = [f"{headline} : {round(outcome.score * 100)} %."]
    messages += [m for m in outcome.feedback_fr if not m.startswith(skip)]
    return result(item, weight * outcome.score + rest, *messages, *more)


def score_order(item: str, ns: dict, name: str, expected: Sequence[str]) -> CheckResult:
    """An ordering; credit is the share of pairs in the right relative order."""
    value = answer(ns, name)
    if value is MISSING:
        return missing_result(item, name)
    if isinstance(value, dict) or not is_listlike(value):
        return result(
            item, 0.0, f'`{name}` doit être une liste de codes, par exemple ["B", "A", ...].'
        )
    got = [norm(v) for v in list(value)]
    want = [norm(v) for v in expected]
    if sorted(got) != sorted(want):
        messages = ["La liste doit contenir chaque code une et une seule fois."]
        if lacking := sorted(set(want) - set(got)):
            messages.append("Codes manquants : " + ", ".join(c.upper() for c in lacking) + ".")
        if extra := sorted(set(got) - set(want)):
            messages.append("Codes inconnus : " + ", ".join(c.upper() for c in extra) + ".")
        return result(item, 0.0, *messages)
    position = {code: i for i, code in enumerate(got)}
    pairs = [(a, b) for i, a in enumerate(want) for b in want[i + 1 :]]
    fraction = sum(position[a] < position[b] for a, b in pairs) / len(pairs)
    if fraction == 1.0:
        return result(item, 1.0, "Ordre correct.")
    misplaced = sum(g != w for g, w in zip(got, want, strict=True))
    return result(
        item, fraction, f"Ordre partiellement correct : {misplaced} étape(s) mal placée(s)."
    )

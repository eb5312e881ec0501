"""No message reveals the expected content of items with no expected value under their name.

Figures, simulator engines, free texts and answers stored under another name
(« parts_de_marche » checked against ``parts_de_marche_2024``) have no
``case.expected[<item name>]`` to look for, so their expected content is derived:

- what the check reads: every item is first run on a namespace of right answers with a
  recording ``case.expected`` and a recording namespace. The expected values it reads
  (``repartition_scores`` for the C6 figure, ``scores`` for C1's potential…) are its
  expected content, and every variable it reads is then handed in wrong, one at a time;
- what a simulator hides: the buyer's reservation price in the negotiation, the client's
  hidden needs in the discovery interview, the best reachable leadership score, the word
  count and duration of a pitch (the answers of ``nb_mots`` and ``duree_estimee_s``).

Wrong answers are those of tests/test_check_leaks.py (perturbed, classic mistakes, wrong
types, nothing) and, for a figure, figures drawing the perturbed content as bars, lines
and points, an empty figure, no figure. Engines are played badly (walk away, concede
everything, stop half-way). No message may print an expected number in any form
(« 207 619 », « 12,5 », « 12,5 % », rounded) or name an expected label the learner did
not write. Every item of every check module is covered by this file or by
test_check_leaks.py, none skipped (``test_every_item_is_covered_once``).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import pytest
from _leak_plays import PITCH, PLAYED, RIGHT, Reading, ReadingCase, applies, wrong_figures
from _leaks import (
    LEARNERS,
    leaks,
    messages_of,
    numbers,
    pattern_of,
    printed_forms,
    scaled,
    small_numbers,
    trusted_case,
    wrong_answers,
)
from test_check_leaks import own_name_items

from kamtrain.checks import registry

#: Items scored by public rules on the learner's own work, with nothing hidden to reveal:
#: the test checks that they read no expected value (id: item, then the reason).
FREE = {
    "c7.plan_questions": "questions-scored-by-the-simulator-recognisers",
    "c8.pitch_chronometre": "pitch-analysed-as-the-learner-timer-shows-it",
}
#: Items whose only expected content is a fact the learner reads in its own data: (reason
#: for the test id, a check that it is still so). Their figures are still checked above.
PUBLIC_CONTENT = {
    "c4.fig_grille": (
        "n-contacts-is-the-row-count-of-the-learners-org-chart",
        lambda case: case.expected["n_contacts"] == len(case.data["organigramme"]),
    ),
}


def _competencies() -> tuple[str, ...]:
    from kamlearn.cases.c16_pilotage_crm import COMPETENCIES

    return tuple(COMPETENCIES)


#: The public choices of a classification item: a message listing them all reveals nothing.
PUBLIC_CHOICES = {"c16.competence_prioritaire": _competencies}


def derived_items() -> list[str]:
    own = set(own_name_items())
    return [item for item in registry.all_items() if item not in own]


def _right_namespace(case) -> dict:
    ns = dict(case.expected)
    for name, right in RIGHT.items():
        try:
            ns[name] = right(case)
        except KeyError:
            continue  # another case's variable
    return ns


def _probe(item: str, case, ns: dict) -> tuple[list[str], list[str]]:
    """(variables read, expected keys read) when ``item`` is checked on ``ns``."""
    reading_ns, reading_case = Reading(ns), ReadingCase(case)
    messages_of(item, reading_case, reading_ns)
    return list(dict.fromkeys(reading_ns.read)), list(dict.fromkeys(reading_case.expected.read))


def _pairs(values) -> dict[str, float]:
    """Label -> number of the expected mappings (« Sy » -> 3): printed together, a leak."""
    out = {}
    for value in values:
        if isinstance(value, Mapping | pd.Series):
            for key, number in dict(value).items():
                if isinstance(key, str) and numbers(number) == [number]:
                    out[key] = float(number)
    return out


def _labels(values) -> list[str]:
    """Expected labels: strings of three characters or more inside the values."""
    out = []
    for value in values:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, Mapping | pd.Series):
            out += _labels(list(dict(value).values()))
        elif isinstance(value, list | tuple):
            out += _labels(value)
    return sorted({v for v in out if len(v.strip()) >= 3})


def _wrong_namespaces(item: str, case):
    """(namespace, expected values read, expected numbers, expected labels)."""
    import matplotlib.pyplot as plt

    right = _right_namespace(case)
    placeholder, ax = plt.subplots()
    ax.bar([0, 1], [1.0, 2.0])
    played = {name: play(case) for name, play in PLAYED.items() if applies(name, case)}
    probe_ns = {**right, **{n: plays[0][0] for n, plays in played.items()}}
    names, keys = _probe(item, case, {**probe_ns, item.partition(".")[2]: placeholder})
    names = [n for n in names if n in probe_ns or n.startswith("fig_")]
    if not any(n.startswith("fig_") for n in names):  # the check stopped at a figure placeholder
        names2, keys2 = _probe(item, case, probe_ns)
        names, keys = list(dict.fromkeys(names + names2)), list(dict.fromkeys(keys + keys2))
        names = [n for n in names if n in probe_ns]
    content = [case.expected[k] for k in keys]
    content += [right[n] for n in names if n in RIGHT and n in right]
    assert names, f"{item} reads none of the variables handed to it"
    for name in names:
        if name in played:
            wrong = [(v, numbers(content) + hidden, labels) for v, hidden, labels in played[name]]
            wrong += [(v, numbers(content), []) for v in (None, "moteur", 12.0)]
        elif name.startswith("fig_"):
            wrong = [(f, numbers(content), _labels(content)) for f in wrong_figures(content)]
        else:
            wrong = [(v, numbers(content), _labels(content)) for v in wrong_answers(right[name])]
        for value, expected_numbers, labels in wrong:
            # with the learner's other answers right, and as the learner's only answer
            yield {**probe_ns, name: value}, content, expected_numbers, labels
            if not name.startswith("fig_"):  # a figure's check reads the figure only
                yield {name: value}, content, expected_numbers, labels


@pytest.mark.parametrize("item", [i for i in derived_items() if i not in FREE])
def test_no_message_reveals_the_derived_expected_content(item):
    spec = registry.lookup(item)
    public = tuple(PUBLIC_CHOICES[item]()) if item in PUBLIC_CHOICES else ()
    found, looked_for = [], 0
    for learner in LEARNERS:
        case = trusted_case(spec.case, learner)
        for ns, expected_content, expected_numbers, labels in _wrong_namespaces(item, case):
            pattern = pattern_of(set().union(*(printed_forms(n) for n in expected_numbers)))
            smalls = small_numbers(expected_numbers)
            smalls = smalls if len({s.replace(",", ".") for s in smalls}) >= 3 else set()
            looked_for += bool(pattern or labels or smalls or _pairs(expected_content))
            # the learner's own words, in any of its answers, are no leak
            given = " ".join(str(v) for v in ns.values())
            messages = messages_of(item, case, ns)
            pairs = _pairs(expected_content)
            for leak in leaks(
                messages, pattern, labels, given, smalls=smalls, public=public, pairs=pairs
            ):
                found.append(f"{learner} {sorted(ns)!r:.80} = {given!r:.60}: {leak}")
    assert looked_for or item in PUBLIC_CONTENT, f"{item}: no expected content to look for"
    assert not found, f"{item} reveals its expected content:\n" + "\n".join(found[:8])


@pytest.mark.parametrize("item", [pytest.param(i, id=f"{i}-{why}") for i, why in FREE.items()])
def test_free_answers_read_no_expected_value(item):
    """Nothing hidden can leak from a check that reads no expected value; if one starts to,
    this fails and the item must move to the test above."""
    spec = registry.lookup(item)
    for learner in LEARNERS:
        case = trusted_case(spec.case, learner)
        right = _right_namespace(case)
        for name, play in PLAYED.items():
            if applies(name, case):
                right[name] = play(case)[0][0]
        right[item.partition(".")[2]] = ["Quels sont vos enjeux ?", "Comment mesurez-vous ?"]
        names, keys = _probe(item, case, right)
        assert names, f"{item} reads none of the variables handed to it"
        assert keys == [], f"{item} reads expected values {keys}: cover it as a derived item"


@pytest.mark.parametrize(
    "item", [pytest.param(i, id=f"{i}-{why}") for i, (why, _) in PUBLIC_CONTENT.items()]
)
def test_public_content_is_the_learners_own_data(item):
    """An item whose only expected content is a fact of the learner's own data."""
    _, public = PUBLIC_CONTENT[item]
    spec = registry.lookup(item)
    for learner in LEARNERS:
        assert public(trusted_case(spec.case, learner)), f"{item}: its content is not public"


def test_every_item_is_covered_once():
    own, derived = set(own_name_items()), set(derived_items())
    assert not own & derived
    assert own | derived == set(registry.all_items())
    for item in derived:  # the partition holds for the second learner too
        spec = registry.lookup(item)
        assert item.partition(".")[2] not in trusted_case(spec.case, LEARNERS[1]).expected


def test_right_answers_named_otherwise_score_full_marks():
    """RIGHT is the expected content: a check scores it 1 (else the test looks for the wrong thing)."""
    for item in (
        "c1.parts_de_marche",
        "c1.scores_potentiel",
        "c12.echanges",
        "c14.desc",
        "c8.nb_mots",
        "c8.duree_estimee_s",
    ):
        spec = registry.lookup(item)
        for learner in LEARNERS:
            case = trusted_case(spec.case, learner)
            result = spec.function({**_right_namespace(case), "pitch": PITCH}, case)
            assert result.fraction == 1.0, (item, learner, result.messages)
    spec = registry.lookup("c16.competence_prioritaire")
    case = trusted_case(spec.case, LEARNERS[0])
    assert spec.function(_right_namespace(case), case).fraction == 1.0


def test_figures_draw_the_content_perturbed():
    """The wrong figures carry the perturbed numbers (else the figure checks see nothing)."""
    figures = wrong_figures([{"a": 100.0, "b": 250.0}])
    assert [p.get_height() for p in figures[5].axes[0].patches] == pytest.approx([100.4, 251.0])
    assert [p.get_width() for p in figures[6].axes[0].patches] == pytest.approx([100.4, 251.0])
    assert figures[7].axes[0].patches[1].get_height() == pytest.approx(scaled(250.0, 0.98))

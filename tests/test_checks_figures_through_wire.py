"""A figure is graded the same live and through the wire, as the real grader reads it.

The same-credit figure tests grade live matplotlib objects, but at grading the learner's
kernel hands its answers out as data (:func:`kamlearn.handout.payload`, JSON), and the
trusted grader decodes them (:func:`kamtrain.grading.score.answers_namespace`) and scores
them (:func:`kamtrain.grading.score.evaluate`) on read-only stand-ins of the figure. Every
drawn figure mistake must earn there exactly the (fraction, messages) it earns live.
"""

from __future__ import annotations

import json

import matplotlib

matplotlib.use("Agg")
from _same_credit_cases import COHORT, LEARNERS, case_for, outcome
from _same_credit_figures_early import _c2_figure
from test_checks_same_credit_figures import FIGURE_MISTAKES, _grade_variant

from kamlearn.handout import payload
from kamtrain.checks import registry
from kamtrain.grading.score import CaseCache, Learner, answers_namespace, evaluate


def graded_through_the_wire(item: str, ns: dict, who: str):
    """``ns`` handed out by the kernel, sent as JSON and graded as ``kamtrain grade`` does."""
    blob = json.loads(json.dumps(payload(item, ns, list(ns))))
    decoded, notes = answers_namespace(blob, set(ns))
    assert not notes, f"{item}: {notes}"
    return evaluate(item, decoded, CaseCache(Learner(COHORT, who)))


def test_every_drawn_figure_mistake_earns_the_same_live_and_through_the_wire():
    """The quick tier: every drawn mistake (and the generic ones), two variants."""
    differ = []
    for item in sorted(FIGURE_MISTAKES):
        check = registry.lookup(item).function
        for who in LEARNERS[:2]:
            case = case_for(registry.lookup(item).case, who)

            def both(ns, item=item, check=check, case=case, who=who):
                return outcome(check(ns, case)), outcome(graded_through_the_wire(item, ns, who))

            for label, (live, wired) in _grade_variant(item, case, both).items():
                if live != wired:
                    differ.append(f"{item} [{who}] « {label} »: live {live} | graded {wired}")
    assert not differ, f"{len(differ)} live/graded differences:\n" + "\n".join(differ)


def test_years_as_text_keep_their_drawn_order_through_the_wire():
    """Years drawn backwards as text (« 2024 », « 2023 »…) are categories: the axis reads
    backwards, live and through the wire (which once read them back as numbers and sorted
    them). Not a same-credit mistake: a series that reads the same both ways is right."""
    for who in LEARNERS[:2]:
        case = case_for("c2_comptes", who)
        ns = {"fig_rentabilite": _c2_figure(case, backwards=True, as_text=True)}
        live = registry.lookup("c2.fig_rentabilite").function(ns, case)
        wired = graded_through_the_wire("c2.fig_rentabilite", ns, who)
        assert outcome(live) == outcome(wired), who

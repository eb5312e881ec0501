"""The stage of the relationship is stated per account, and no notebook contradicts it.

Issue 18 (audit): the Nexalys narrative at the top of every Nexalys notebook said « Avec vos
comptes clés, vous êtes passé au stade coopératif : … 2/3 … 1/3 », even in C5 (a territory
whose key accounts are to conquer) and for C15's conquering learners, whose expected answer
is that the 2/3 – 1/3 rule does not apply (`client_bureau: None`). Seed 002 sets that rule
for the cooperative stage with one key account. Over 200 variants, every context that says
the learner is at the cooperative stage says with which account (Aubrac, the storyline's),
and C15's context states the rule exactly when its expected answer applies it.
"""

from __future__ import annotations

import re

import pytest
from test_storyline import VARIANTS

from kamtrain.answers import load_trusted_case

#: A sentence telling the learner where they are in the relationship.
CLAIM = re.compile(r"vous êtes (?:passé )?au \**stade coopératif")
#: The cases whose company is not Aubrac but show Nexalys' narrative or a stage.
NOT_AUBRAC = (
    "c1_marche",
    "c3_international",
    "c5_pilotage",
    "c15_projet_gantt",
    "c16_pilotage_crm",
)


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+(?=[A-Z*É])|\n\n", text)


def _case(name, cohort, learner):
    from kamlearn.cases import case_class
    from kamlearn.cases.identity import Identity

    return case_class(name)(Identity(cohort=cohort, learner=learner, source="grader"))


def check_stage_claims(text: str, where) -> None:
    """Every « vous êtes au stade coopératif » names its account, Aubrac."""
    for sentence in _sentences(text):
        if CLAIM.search(sentence):
            assert "Aubrac" in sentence, (where, sentence)


def test_the_storyline_holds_the_cooperative_stage_with_aubrac():
    from kamlearn.cases.companies import load_company
    from kamlearn.cases.storyline import aubrac_renewal

    assert aubrac_renewal("cohorte-a", "apprenant-000").stage == "coopératif"
    narrative = load_company("nexalys").narrative.replace("\n", " ")
    check_stage_claims(narrative, "nexalys.yml")
    assert "à conquérir" in narrative and "ne vaut pas" in narrative


@pytest.mark.parametrize("cohort", ["cohorte-a", "cohorte-b"])
def test_no_notebook_contradicts_the_stage(cohort):
    phases = set()
    for c, learner in VARIANTS:
        if c != cohort:
            continue
        for name in NOT_AUBRAC:
            text = _case(name, c, learner).context_markdown()
            check_stage_claims(text, (learner, name))
        c5 = _case("c5_pilotage", c, learner)
        if c5.situation == "ouverture":
            assert "à conquérir" in c5.context_markdown(), learner
        c15 = load_trusted_case("c15_projet_gantt", cohort=c, learner=learner)
        context = _case("c15_projet_gantt", c, learner).context_markdown()
        rule = c15.expected["respect_repartition"]["client_bureau"]
        phases.add(c15.data["phase"])
        if rule is None:  # conquest: the 2/3 rule is stated as not applying
            assert "ne s'applique pas" in context and "vous visez 2/3" not in context, learner
        else:
            assert "vous visez 2/3" in context and "ne s'applique pas" not in context, learner
    assert phases == {"conquête", "fidélisation"}

"""Every notebook of a variant names the storyline's sites and people, and nothing else.

Issue 18 (« one storyline »): the C6 survey spread Aubrac contacts over six plants while
Nexalys equips four; C15's and C18's teams were roles, not people. Over 200 learner
variants, this test reads everything each notebook shows (its text, its case's context
and data, the simulators' files: ``_variant_text``) and checks it against the storyline:

* every site named is one of the storyline's, and Nexalys' equipment, contacts and survey
  at Aubrac are on the plants it equips;
* the people of C15's project and C18's team are the storyline's, with the same name and
  title everywhere;
* no health or disability data is shown about a named person.
"""

from __future__ import annotations

import re

import pytest
from _variant_text import variant
from test_no_health_data import CONDITIONS
from test_storyline import VARIANTS

from kamlearn.cases.storyline import BUYING_CENTRE
from kamlearn.cases.storyline_clients import CORTEXA_PEOPLE, DISTRIMAX_PEOPLE
from kamlearn.cases.storyline_team import NEXALYS_TEAM, ROLLOUT_TEAM, storyline_sites

#: Every named person of the storyline: full name -> title.
PEOPLE = {
    p.name: p.title for p in (*BUYING_CENTRE, *DISTRIMAX_PEOPLE, *CORTEXA_PEOPLE, *NEXALYS_TEAM)
}
#: The first word of every title (« directrice », « acheteur »…).
JOBS = {t.split()[0] for t in PEOPLE.values()}
#: Health or disability data: the conditions, and what would reveal one (in lower case:
#: « Santé » is also a client sector in C16).
HEALTH = (
    CONDITIONS,
    re.compile(r"\b(médica(l|le|ux|les)|santé|handicap\w*|soins?|hospitalis\w*|thérap\w*)\b"),
)


#: What says Nexalys works on a site: its name, its equipment, its contacts or surveys.
NEXALYS_THERE = re.compile(r"Nexalys|capteur|équip[ée]|répondant|enquête|contacts?\b", re.I)


def all_places() -> set[str]:
    from kamlearn.cases.companies import load_company

    return {
        s.removesuffix(" (siège)")
        for c in ("aubrac", "cortexa", "distrimax", "nexalys")
        for s in load_company(c).sites
    } | {c.site for c in NEXALYS_TEAM}


@pytest.fixture(scope="module")
def variants():
    return {v: variant(*v) for v in VARIANTS}


def test_every_site_in_every_notebook_is_the_storylines(variants):
    """The sites of the data are the storyline's sites of the notebook's company (and where
    the Nexalys team works); every place named anywhere is one of the storyline's."""
    places = all_places()
    for (cohort, learner), seen in variants.items():
        sites = storyline_sites(cohort, learner)
        known = {s for v in sites.values() for s in v}
        for (name, company, table, col), values in seen.sites.items():
            allowed = set(sites[company]) | set(sites["nexalys"])
            assert values <= allowed, (learner, name, table, col, values - allowed)
        others = re.compile("|".join(sites["aubrac_autres"]))
        for path, text in seen.texts.items():
            named = {p for p in places if re.search(rf"\b{re.escape(p)}\b", text)}
            assert named <= known, (learner, path, named - known)
            # Aubrac's other plants have no Nexalys equipment, contact or survey
            for sentence in re.split(r"(?<=[.!?»)])\s+|\n", text):
                if others.search(sentence):
                    assert not NEXALYS_THERE.search(sentence), (learner, path, sentence)


def test_the_aubrac_survey_is_on_the_equipped_plants(variants):
    """C6 and its dashboard survey the contacts of the plants Nexalys equips, all of them,
    and say so; Aubrac's other plants have no contact to survey."""
    for (cohort, learner), seen in variants.items():
        plants = storyline_sites(cohort, learner)["aubrac"]
        tables = {k: v for k, v in seen.sites.items() if k[0].startswith("c6")}
        assert len(tables) == 4, "C6's survey, C6b's survey, history and objectives"
        for key, values in tables.items():
            assert values == set(plants), (learner, key)
        context = seen.contexts["c6_satisfaction"]
        assert all(p in context for p in plants), learner
        assert f"{len(plants)} usines équipées" in context
        for plant in storyline_sites(cohort, learner)["aubrac_autres"]:
            assert plant not in context, (learner, plant)


def test_c15_and_c18_name_the_storylines_people(variants):
    """C15's task owners and C18's team are storyline people, with their storyline title;
    a storyline person named with a title in any notebook has that title."""
    for (_, learner), seen in variants.items():
        tasks = seen.tables["c15_projet_gantt", "taches"]
        owners = set(tasks["responsable"]) - {"vous (KAM)"}
        assert len(owners) >= 6, "the project names its people"
        for owner in owners:
            name, title = re.fullmatch(r"(.+) \((.+)\)", owner).groups()
            assert PEOPLE.get(name) == title, (learner, owner)
        team = seen.tables["c18_leadership", "equipe"]
        rows = list(zip(team["membre"], team["fonction"], team["site"], strict=True))
        assert rows == [(c.name, c.title, c.site) for c in ROLLOUT_TEAM], learner
        for path, text in seen.texts.items():
            for name, title in PEOPLE.items():
                for shown in re.findall(rf"{re.escape(name)} \(([^)]+)\)", text):
                    assert shown == title, (learner, path, name, shown)
                for shown in re.findall(rf"{re.escape(name)}, ([a-zé]+)", text):
                    if shown in JOBS:  # « Hélène Roux, directrice … »
                        assert shown == title.split()[0], (learner, path, name, shown)


def test_the_scenarios_first_names_are_the_storylines_colleagues():
    """The C18 scenarios call colleagues by first name: each is one storyline colleague
    (no one else of the notebook has it), with the role or site the storyline gives."""
    from _variant_text import data_file_text

    text = data_file_text("c18_leadership")
    shown = [*NEXALYS_TEAM, *CORTEXA_PEOPLE]
    firsts = [p.name.split()[0] for p in shown]
    for first, detail in re.findall(r"\b([A-ZÉ][a-zéèï]+) \(([^)]+)\)", text):
        assert firsts.count(first) == 1, first
        mate = next((c for c in NEXALYS_TEAM if c.first_name == first), None)
        assert mate is not None, f"{first} is no colleague of the storyline"
        assert detail in (mate.site, mate.title) or detail in mate.title, (first, detail)


def test_no_health_data_about_a_named_person_in_any_notebook(variants):
    """Issue 18: C18 showed « reconnu travailleur handicapé (RQTH) » and « malentendant »
    about team members. No sentence naming a storyline person (full or first name) says
    anything about health or disability, in any notebook of any variant."""
    full = re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(PEOPLE)) + r")\b")
    # C18's scenarios call the colleagues by their first name
    first = re.compile(r"\b(" + "|".join(c.first_name for c in NEXALYS_TEAM) + r")\b")
    for (_, learner), seen in variants.items():
        for path, text in seen.texts.items():
            assert not re.search(r"RQTH|malentendant", text, re.I), (learner, path)
            who = (full, first) if "c18" in path else (full,)
            for sentence in re.split(r"(?<=[.!?»])\s+|\n", text):
                if any(w.search(sentence) for w in who):
                    assert not any(h.search(sentence) for h in HEALTH), (learner, path, sentence)

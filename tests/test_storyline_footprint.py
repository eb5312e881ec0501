"""Aubrac's plants and subsidiaries are stated once, and every text agrees with them.

Issue 18 (audit): the narrative said « 6 usines en France » while C13's cultural profiles
met buyers of « la filiale allemande d'Aubrac (usine de Francfort) », of its
« division nord-américaine » and of « la coentreprise Aubrac–Tokai », and C2's SWOT said
« Aubrac construit une septième usine au Maroc ». The storyline now holds the footprint
(``kamlearn.cases.storyline``: French plants, subsidiaries abroad, the plant being built);
this test reads the notebooks, the simulators' personas and the contexts of 200 variants
and checks every plant count and every plant they name against it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_storyline import VARIANTS

from kamlearn.cases.storyline import (
    FRENCH_PLANTS_COUNT,
    PLANT_UNDER_CONSTRUCTION,
    SUBSIDIARIES,
    aubrac_renewal,
    footprint_markdown,
)

ROOT = Path(__file__).resolve().parent.parent
WORDS = {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8}
COUNT = re.compile(
    r"\b(\d+|" + "|".join(WORDS) + r")(?: des (\d+|" + "|".join(WORDS) + r"))? usines( \w+)?"
)
ORDINAL = re.compile(r"\b\w+ième usine", re.I)
PLANT_NAMED = re.compile(r"\busines? (?:de l'|d'|du |de )([A-ZÉ][\w-]+)")


def _number(word: str) -> int:
    return int(word) if word.isdigit() else WORDS[word]


def check_counts(text: str, where, *, equipped: int, unqualified: int = FRENCH_PLANTS_COUNT):
    """Every « N usines » of ``text`` is one of the storyline's counts."""
    others = FRENCH_PLANTS_COUNT - equipped
    abroad = {s.plants for s in SUBSIDIARIES}
    assert not ORDINAL.search(text), (where, ORDINAL.search(text).group(0))
    for m in COUNT.finditer(text):
        n, of, after = _number(m.group(1)), m.group(2), (m.group(3) or "").strip()
        if of:  # « 4 des 6 usines françaises »
            assert (n, _number(of)) == (equipped, FRENCH_PLANTS_COUNT), (where, m.group(0))
        elif after == "supplémentaires":
            assert n == others, (where, m.group(0))
        elif after == "équipées":
            assert n == equipped, (where, m.group(0))
        elif after in ("américaines",):
            assert n == next(s.plants for s in SUBSIDIARIES if s.country == "États-Unis")
        elif after == "en":  # « 6 usines en France », « (4 usines, États-Unis) » has no « en »
            assert n == FRENCH_PLANTS_COUNT, (where, m.group(0))
        else:
            assert n == unqualified or n in abroad, (where, m.group(0))


def check_plants_named(text: str, where) -> None:
    """Every « usine de X » is a French plant, a subsidiary's or the one being built."""
    from kamlearn.cases.companies import load_company

    known = {s.split()[-1] for s in load_company("aubrac").sites}  # « Le Mans » -> « Mans »
    known |= {s.plant for s in SUBSIDIARIES} | {PLANT_UNDER_CONSTRUCTION[0]}
    for plant in PLANT_NAMED.findall(text):
        if plant in ("Aubrac", "Nexalys"):  # « les usines d'Aubrac » names the owner
            continue
        assert plant in known, (where, plant)


def _own_texts() -> dict[str, str]:
    """The notebooks' own text and the simulators' persona files."""
    out = {}
    for path in sorted((ROOT / "notebooks").glob("bloc*/*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        out[path.name] = "\n".join("".join(c["source"]) for c in cells)
    for path in sorted((ROOT / "cases" / "personas").glob("*/*.yml")):
        out[f"{path.parent.name}/{path.name}"] = path.read_text(encoding="utf-8")
    return out


def test_the_footprint_is_stated_once_and_agrees_with_the_company():
    from kamlearn.cases.companies import load_company

    aubrac = load_company("aubrac")
    assert len(aubrac.sites) == FRENCH_PLANTS_COUNT
    assert f"{FRENCH_PLANTS_COUNT} usines en France" in aubrac.narrative
    text = footprint_markdown()
    for s in SUBSIDIARIES:
        assert s.country.split("-")[0].split()[-1] in aubrac.narrative.replace("\n", " ")
        assert s.name in text and s.person.buying_role == "acheteur"
    town, country, year = PLANT_UNDER_CONSTRUCTION
    assert f"en construction à {town} ({country})" in text and str(year) in text


def test_every_plant_count_in_the_notebooks_and_simulators_agrees():
    from kamlearn.cases.storyline import EQUIPPED_PLANTS

    for where, text in _own_texts().items():
        sub = next((s for s in SUBSIDIARIES if where.endswith(f"/{s.persona}.yml")), None)
        check_counts(
            text,
            where,
            equipped=len(EQUIPPED_PLANTS),
            unqualified=sub.plants if sub else FRENCH_PLANTS_COUNT,
        )
        check_plants_named(text, where)


def test_the_cultural_profiles_are_the_storylines_subsidiaries():
    """C13's German, American and Japanese buyers work for a subsidiary the storyline
    declares, under their storyline name and title."""
    from kamlearn.sim.personas import negotiation_persona

    for s in SUBSIDIARIES:
        description = negotiation_persona(s.persona).description_fr
        assert description.startswith(f"{s.person.name}, {s.person.title}"), s.persona
        assert s.name in description


@pytest.mark.parametrize("cohort", ["cohorte-a", "cohorte-b"])
def test_every_context_of_200_variants_agrees(cohort):
    from kamlearn.cases import case_class
    from kamlearn.cases.identity import Identity

    names = ("c2_comptes", "c6_satisfaction", "c7_decouverte", "c11_valeur_economique",
             "c12_zopa_concessions", "c13_negociation")  # fmt: skip
    for c, learner in VARIANTS:
        if c != cohort:
            continue
        equipped = aubrac_renewal(c, learner).plants_equipped
        for name in names:
            case = case_class(name)(Identity(cohort=c, learner=learner, source="grader"))
            text = case.context_markdown()
            if name == "c2_comptes":
                swot = list(case.data["swot"]["constat"])
                text += "\n" + "\n".join(swot)
                for built in (x for x in swot if PLANT_UNDER_CONSTRUCTION[1] in x):
                    assert str(PLANT_UNDER_CONSTRUCTION[2]) in built, learner
            check_counts(text, (learner, name), equipped=equipped)
            check_plants_named(text, (learner, name))

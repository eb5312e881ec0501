"""The simulators' hidden parameters are out of the learner's files, and replays are trusted."""

from __future__ import annotations

import re

import pytest
import yaml

from kamlearn.paths import cases_dir
from kamlearn.sim.fingerprint import Keywords
from kamlearn.sim.personas import (
    interview_personas,
    negotiation_personas,
    read_interview_persona,
    read_negotiation_persona,
)
from kamtrain.answers import load_trusted_case
from kamtrain.checks import c13
from kamtrain.simkeys import KEYWORD_FIELDS, regenerate, sources_dir


def _plain_keywords(source: dict, kind: str) -> set[str]:
    spec = KEYWORD_FIELDS[kind]
    words = {w for key in spec["lists"] for w in source.get(key, [])}
    words |= {w for key in spec["groups"] for group in source.get(key, []) for w in group}
    for key, fields in spec["items"].items():
        for item in source.get(key, []):
            words |= {w for f in fields for w in item.get(f, [])}
    return words


def test_learner_persona_copies_are_up_to_date_fingerprints():
    assert regenerate(check=True) == [], "run `python -m kamtrain.simkeys`"
    for source in sorted(sources_dir().glob("*/*.yml")):
        kind = source.parent.name
        text = (cases_dir() / "personas" / kind / source.name).read_text(encoding="utf-8")
        learner = yaml.safe_load(text)
        # No plain keyword field is left, at any depth.
        assert not re.search(r"^\s*-?\s*(\w*keywords|faux_pas):", text, flags=re.M), source.name
        hidden = _plain_keywords(yaml.safe_load(source.read_text(encoding="utf-8")), kind)
        assert hidden and learner["keyword_salt"]
        for word in hidden:
            # A keyword may also be an ordinary word of a public text (« valeur »), but it
            # is never listed: no YAML list item is a keyword.
            assert not re.search(rf"^\s*- {re.escape(word)}$", text, flags=re.M), word


@pytest.mark.parametrize("kind", ["negociation", "entretien"])
def test_fingerprinted_personas_react_like_the_plain_sources(kind):
    read = read_negotiation_persona if kind == "negociation" else read_interview_persona
    loaded = negotiation_personas() if kind == "negociation" else interview_personas()
    for source in sorted((sources_dir() / kind).glob("*.yml")):
        plain = read(source)  # plain words, fingerprinted with the same salt on load
        learner = loaded[source.stem]
        assert plain == learner, source.name
        words = _plain_keywords(yaml.safe_load(source.read_text(encoding="utf-8")), kind)
        items = learner.interests if kind == "negociation" else learner.items
        for item in items:
            assert isinstance(item.keywords, Keywords)
        sample = f"Parlons de {sorted(words)[0].rstrip('*')} aujourd'hui."
        assert any(k.any(sample) for k in _all_keyword_lists(learner))


def _all_keyword_lists(persona):
    lists = [getattr(persona, "avoid_keywords", None), getattr(persona, "faux_pas", None)]
    lists += list(getattr(persona, "adaptation_keywords", ()) or ())
    lists += list(getattr(persona, "style_keywords", ()) or ())
    for group in ("interests", "counterparts", "items"):
        lists += [x.keywords for x in getattr(persona, group, ())]
    lists += [o.rebuttal_keywords for o in getattr(persona, "objections", ())]
    return [k for k in lists if isinstance(k, Keywords)]


def test_each_practice_attempt_draws_its_own_hidden_values_and_replays_from_its_seed():
    case = load_trusted_case("c13_negociation", cohort="coh-hidden", learner="alice")
    attempts = [case.nouvelle_negociation() for _ in range(6)]
    assert len({a.seed for a in attempts}) == 6
    assert len({(a.buyer_max, a.objection_order) for a in attempts}) > 1
    again = case.nouvelle_negociation(seed=attempts[0].seed)
    assert (again.buyer_max, again.objection_order) == (
        attempts[0].buyer_max,
        attempts[0].objection_order,
    )


def test_a_forged_seed_or_forged_prices_do_not_score():
    from kamlearn.sim.negotiation import NegotiationEngine

    case = load_trusted_case("c13_negociation", cohort="coh-hidden", learner="alice")
    price = case.data["prix_catalogue"]
    # The transcript says the buyer pays the list price: the trusted engine ignores it.
    forged = NegotiationEngine(
        case.persona, 7, list_price=price, buyer_max=price, buyer_anchor=price
    )
    forged.offer(price)
    assert forged.result().deal
    assert c13.check_accord({"negociation": forged}, case).fraction == 0.0
    for bad_seed in (-1, 2**40, "7"):
        engine = case.nouvelle_negociation()
        engine.seed = bad_seed  # a seed outside the practice range cannot be replayed
        result = c13.check_accord({"negociation": engine}, case)
        assert result.fraction == 0.0 and "rejoue pas" in result.messages[0]

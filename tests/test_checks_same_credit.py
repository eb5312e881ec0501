"""Same mistake, same credit: every mistake hint of every check, over 50 learner variants.

The hints are found by introspection, so a new one is covered (or flagged) automatically:

* **declared mistakes**: the ``mistakes=`` and ``near=`` arguments each check hands to the
  shared scoring helpers (:mod:`kamtrain.checks.scoring`) are recorded while the check runs
  on the variant's right answers. Each recorded mistake *is* its own generator: its value is
  handed back as the learner's answer, and must earn exactly its declared credit and message.
* **hand-written hints**: every message a check module pairs with a partial credit
  (``CheckResult(item, 0.4, (msg,))``, ``Mistake``, ``best_by_wrong_criterion``,
  ``(credit, msg)`` tuples, ``points += 0.25`` next to ``messages.append(msg)``,
  ``max(points, 0.5)``), with or without ``kit.``, is read from the module's source. Each must be produced by a generator of ``HAND_GENERATORS`` below (the mistaken
  answer computed from the variant's data, as a learner would), or be listed in
  ``NOT_YET_GENERATED`` (a list that only shrinks). A hint with neither fails the test.

Figures are graded on drawn objects, so their mistakes are drawn: ``FIGURE_MISTAKES`` draws
each mistake the figure checks name (bars on the wrong scores, no title, no axis names,
percentages as fractions…) from the variant's data with matplotlib, and each must earn its
stated fraction and hint in every variant.

For every generator, the outcome (fraction, messages) must be one and the same over all the
variants where the mistake changes the answer (a mistake that gives the right value for some
variant, e.g. rounding a whole number, is skipped for that variant only).
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Callable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import pytest

from kamtrain.checks import registry, scoring

COHORT = "meme-erreur"
LEARNERS = [f"variante-{i:02d}" for i in range(50)]
CHECKS_DIR = Path(registry.__file__).resolve().parent
#: a generator must bite on at least this many of the 50 variants to count as covering a hint
MIN_VARIANTS = 5


# --- hints read from the check modules' source --------------------------------------------


def _credit(node, constants) -> float | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return None if isinstance(node.value, bool) else float(node.value)
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    return None


def _text(node, strings: dict | None = None) -> str | None:
    """A message literal; an f-string keeps its literal parts, fields become « \\0 »; a
    name is the message assigned to it (``strings``)."""
    if isinstance(node, ast.Name):
        return (strings or {}).get(node.id)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "\0" for v in node.values)
    return None


def _partial(value) -> bool:
    return value is not None and 0.0 < value < 1.0


def _constants(tree) -> dict[str, float]:
    out = {}
    for node in tree.body:
        if not isinstance(node, ast.Assign):
            continue
        for target in node.targets:
            pairs = (
                zip(target.elts, node.value.elts, strict=False)
                if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple)
                else [(target, node.value)]
            )
            for name, value in pairs:
                if isinstance(name, ast.Name) and (credit := _credit(value, {})) is not None:
                    out[name.id] = credit
    return out


def _appended(statement) -> str | None:
    """The message of ``messages.append(msg)`` / ``messages.insert(i, msg)``."""
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
        call = statement.value
        if isinstance(call.func, ast.Attribute) and call.func.attr in ("append", "insert"):
            return _text(call.args[-1]) if call.args else None
    return None


def _called(call: ast.Call) -> str:
    """The name a call calls: ``Mistake`` for ``Mistake(...)`` and ``kit.Mistake(...)``."""
    return getattr(call.func, "id", None) or getattr(call.func, "attr", "")


def _block_credit(statement, constants) -> bool:
    """``points += 0.25`` or ``points = max(points, 0.5)``."""
    if isinstance(statement, ast.AugAssign):
        return _partial(_credit(statement.value, constants))
    if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Call):
        call = statement.value
        return getattr(call.func, "id", "") == "max" and any(
            _partial(_credit(a, constants)) for a in call.args
        )
    return False


def _figure_functions(tree) -> set[str]:
    """Names of the functions ``ITEMS`` registers for figures (judged apart, not here)."""
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "ITEMS":
            return {
                v.id
                for k, v in zip(node.value.keys, node.value.values, strict=True)
                if isinstance(k, ast.Constant)
                and k.value.startswith("fig_")
                and isinstance(v, ast.Name)
            }
    return set()


#: a part of an item found right (« Auteur du monologue correct. ») is credit, not a hint
_RIGHT_PART = re.compile(r"^[^:]*\bcorrecte?s?\b[^:]*$")


@functools.cache
def source_hints(module: str) -> set[str]:
    """Every message the module pairs with a partial credit (see the module docstring)."""
    tree = ast.parse((CHECKS_DIR / f"{module}.py").read_text(encoding="utf-8"))
    constants = _constants(tree)
    strings = {
        n.targets[0].id: text
        for n in ast.walk(tree)
        if isinstance(n, ast.Assign)
        and isinstance(n.targets[0], ast.Name)
        and (text := _text(n.value)) is not None
    }
    figures = _figure_functions(tree)
    nodes = [
        n
        for top in tree.body
        if not (isinstance(top, ast.FunctionDef) and top.name in figures)
        for n in ast.walk(top)
    ]
    hints = set()
    for node in nodes:
        if (
            isinstance(node, ast.Call)
            and _called(node) in ("CheckResult", "result", "Mistake", "best_by_wrong_criterion")
            and len(node.args) >= 3
            and _partial(_credit(node.args[1], constants))
        ):
            message = node.args[2]
            if isinstance(message, ast.Tuple) and message.elts:
                message = message.elts[0]
            if (text := _text(message, strings)) is not None:
                hints.add(text)
        if isinstance(node, ast.Tuple):
            for credit, message in zip(node.elts, node.elts[1:], strict=False):
                if _partial(_credit(credit, constants)) and (text := _text(message, strings)):
                    hints.add(text)
        for field in ("body", "orelse"):
            block = getattr(node, field, None)
            if isinstance(block, list) and any(_block_credit(s, constants) for s in block):
                hints.update(t for s in block if (t := _appended(s)) is not None)
    return {h for h in hints if not _RIGHT_PART.match(h)}


def _hint_pattern(hint: str) -> re.Pattern:
    return re.compile("^" + ".*".join(re.escape(part) for part in hint.split("\0")) + "$", re.S)


# --- declared mistakes, recorded while the checks run ---------------------------------------


class Recorder:
    """Wraps the scoring helpers of the check modules and records what they are given."""

    HELPERS = ("score_number", "score_number_map", "score_choice", "score_each")

    def __init__(self):
        self.calls: list[dict] = []

    def wrap(self, helper: Callable) -> Callable:
        def recording(item, ns, name, expected, **kwargs):
            self.calls.append({"item": item, "name": name, "ns": ns, **kwargs})
            return helper(item, ns, name, expected, **kwargs)

        return recording


@pytest.fixture(scope="module")
def recorder():
    import importlib

    rec = Recorder()
    patch = pytest.MonkeyPatch()
    originals = {h: getattr(scoring, h) for h in Recorder.HELPERS}
    for helper, function in originals.items():  # helpers calling helpers (number_item)
        patch.setattr(scoring, helper, rec.wrap(function))
    modules = {registry.lookup(i).function.__module__ for i in registry.all_items()}
    for name in modules | {"kamtrain.checks.kit"}:  # the modules call kit.<helper>
        module = importlib.import_module(name)
        for helper, function in originals.items():
            if getattr(module, helper, None) is function:
                patch.setattr(module, helper, rec.wrap(function))
    yield rec
    patch.undo()


_CASES: dict[tuple[str, str], object] = {}


def case_for(case_name: str, learner: str):
    from kamtrain.answers import load_trusted_case

    key = (case_name, learner)
    if key not in _CASES:
        _CASES[key] = load_trusted_case(case_name, cohort=COHORT, learner=learner)
    return _CASES[key]


#: a pitch of 120 words (C8's items are computed from the learner's own text)
PITCH = " ".join(["Nexalys réduit vos arrêts de production de moitié dès la première année."] * 10)


def right_answers(case) -> dict:
    """The variant's expected answers, as the variables a right notebook defines."""
    ns = dict(case.expected)
    if case.name == "c8_pitch":
        ns.update(pitch=PITCH, nb_mots=len(PITCH.split()))
    return ns


def _declared(call) -> list[tuple[object, float, str]]:
    """(wrong answer, credit, message) of each mistake a helper call declares.

    For a mapping scored key by key (``score_each``), the mistake is made on one key, the
    others right: it earns its credit on that key's share.
    """
    if call.get("near"):
        return [(label, c, m) for label, (c, m) in call["near"].items()]
    mistakes = call.get("mistakes") or ()
    if callable(mistakes):
        expected = call["ns"].get(call["name"])
        out = []
        for key in expected:
            for values, credit, message, *_ in mistakes(key):
                share = (len(expected) - 1 + credit) / len(expected)
                out.append(({**expected, key: values}, share, message, key))
        return out
    return [tuple(m)[:3] for m in mistakes]


def _outcome(result) -> tuple[float, tuple[str, ...]]:
    return (result.fraction, result.messages)


ITEMS = [i for i in registry.all_items() if not i.partition(".")[2].startswith("fig_")]


@pytest.fixture(scope="module")
def declared_run(recorder):
    """Each declared mistake handed in as the answer, for every variant."""
    outcomes: dict[tuple[str, str], set] = {}
    bites: dict[tuple[str, str], int] = {}
    ambiguous: dict[tuple[str, str], int] = {}
    failures = []
    for item in ITEMS:
        spec = registry.lookup(item)
        for learner in LEARNERS:
            case = case_for(spec.case, learner)
            ns = right_answers(case)
            recorder.calls.clear()
            try:
                spec.function(ns, case)
            except Exception:  # noqa: BLE001 - items needing a simulator or a text are not helpers'
                continue
            for call in list(recorder.calls):
                if call["item"] != item:
                    continue
                for wrong, credit, message, *where in _declared(call):
                    wrong_ns = {**call["ns"], call["name"]: wrong}
                    got = spec.function(wrong_ns, case)
                    if got.fraction == 1.0:
                        continue  # for this variant the mistake changes nothing
                    key = (item, message, *where)
                    bites[key] = bites.get(key, 0) + 1
                    extra = len(got.messages) > (len(wrong) if where else 1)
                    if extra and message in got.messages:
                        # another mistake gives the same number in this variant: both
                        # hints, the lower credit (scoring.score_number); counted below
                        ambiguous[key] = ambiguous.get(key, 0) + 1
                        assert got.fraction <= round(credit, 4), (item, learner, got)
                        continue
                    # key by key (score_each), the other keys' verdicts name them: the
                    # mistake's own credit and message are what must not vary
                    seen = (got.fraction, message in got.messages) if where else _outcome(got)
                    outcomes.setdefault(key, set()).add(seen)
                    if got.fraction != round(credit, 4) or (
                        message not in got.messages if where else got.messages != (message,)
                    ):
                        failures.append(
                            f"{item} [{learner}] « {message[:50]}… » declared {credit}, "
                            f"earned {got.fraction}: {got.messages}"
                        )
    return failures, outcomes, bites, ambiguous


def test_declared_mistakes_earn_their_credit_for_every_variant(declared_run):
    """Each declared mistake, handed in as the answer, earns its credit and its message."""
    failures, outcomes, bites, ambiguous = declared_run
    by_item = {}
    for failure in failures:
        by_item.setdefault(failure.split(" [")[0], []).append(failure)
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(
        f"{len(v)}× {v[0]}" for v in by_item.values()
    )
    for key, seen in outcomes.items():
        assert len(seen) == 1, f"{key}: {seen}"
    for key, count in ambiguous.items():
        assert count <= len(LEARNERS) // 5, f"{key} is mistaken for another in {count} variants"
    assert len(bites) >= 40, f"too few declared mistakes found: {sorted(bites)}"


# --- generators of hand-written hints -------------------------------------------------------


def _c6_band(promoters, detractors):
    def generate(case):
        from kamlearn import conventions as conv

        scores = case.data["enquete"]["score_recommandation"]
        return {"nps_global": conv.nps(scores, promoters=promoters, detractors=detractors)}

    return generate


def _c6_rounded(case):
    expected = case.expected["nps_global"]
    return {"nps_global": float(round(expected))}


def _c6_lowest_mean(case):
    df = case.data["enquete"]
    return {"site_le_plus_faible": df.groupby("site")["score_recommandation"].mean().idxmin()}


def _npv(investment, flows, rate, start=1):
    return -investment + sum(f / (1 + rate) ** (start + i) for i, f in enumerate(flows))


def _c11(case):
    """The C11 amounts a learner computes along the way."""
    e = case.expected
    p = case.data["parc"]
    h = case.data["hypotheses"]
    offers = case.data["offres"]
    yearly = float(
        offers.loc[(offers["offre"] == "Nexalys") & (offers["nature"] == "annuel"), "montant_eur"]
        .astype(float)
        .sum()
    )
    downtime = float(
        (p["heures_arret_an"] * p["cout_heure_arret_eur"] * p["reduction_arret_attendue"]).sum()
    )
    hours = float(
        (p["heures_maintenance_corrective_an"] * p["reduction_maintenance_attendue"]).sum()
    )
    labour = hours * float(h["cout_horaire_technicien_eur"])
    return e, p, h, yearly, downtime, hours, labour


def _c11_flows_wrong(case):
    # gains over-estimated by 10 % would be t=0 discounting for a 10 % rate: 17 % under
    return [f * 0.83 for f in case.expected["flux_nets"]]


def _c11_ns(case, **answers):
    return {**right_answers(case), **answers}


def _c11_van_knock_on(case):
    e = case.expected
    rate = float(case.data["hypotheses"]["taux_actualisation"])
    own = _c11_flows_wrong(case)
    return _c11_ns(case, flux_nets=own, van=_npv(e["investissement"], own, rate))


def _c11_roi_knock_on(case):
    e, _, _, yearly, *_ = _c11(case)
    tco = e["tco"]["Nexalys"]
    own = _c11_flows_wrong(case)
    own_gains = sum(f + yearly for f in own)
    return _c11_ns(case, flux_nets=own, roi=(own_gains - tco) / tco * 100)


def _c11_flux(kind):
    def generate(case):
        e, _, _, yearly, downtime, _, labour = _c11(case)
        flows = list(e["flux_nets"])
        value = {
            "sans_montee": [downtime + labour - yearly] * len(flows),
            "bruts": [f + yearly for f in flows],
            "invest_annee_1": [flows[0] - e["investissement"], *flows[1:]],
        }[kind]
        return _c11_ns(case, flux_nets=value)

    return generate


def _c15_duree(kind):
    def generate(case):
        e = case.expected
        value = {"somme": e["duree_somme"], "un_jour": e["duree_totale"] + 1}[kind]
        return {"duree_totale": value}

    return generate


def _c15_share(name, kind):
    def generate(case):
        expected = case.expected[name]
        return {name: expected / 100 if kind == "fraction" else 100 - expected}

    return generate


def _c16_pipeline_all(case):
    return {"pipeline_clients_a": case.expected["pipeline_clients_a_tous"]}


def _c16_lowest_rate(case):
    rates = case.expected["taux_transformation"]
    return {"manager_prioritaire": min(rates, key=rates.get)}


def _c12_zapo_inverted(case):
    low, high = case.expected["zapo"]
    return {**right_answers(case), "zapo": (high, low)}


def _c10_fractions(case):
    return {
        "part_par_intervenant": {
            k: v / 100 for k, v in case.expected["part_par_intervenant"].items()
        }
    }


def _c18_overall(case):
    survey = case.data["climat"]
    means = survey.drop(columns=["id_repondant", "entite"]).groupby("site").mean()
    return {"site_le_plus_tendu": means.mean(axis=1).idxmin()}


def _c10_seconds(case):
    from kamtrain.checks import c10

    return {"part_par_intervenant": c10._seconds_by_speaker(case)}


def _c10_one_turn(case):
    e = case.expected
    return {
        "monologue_duree_s": e["plus_longue_intervention_s"],
        "monologue_auteur": e["monologue_auteur"],
    }


def _c8_words(kind):
    def generate(case):
        words = len(PITCH.split())
        count = {"approx": round(words * 0.95), "caracteres": len(PITCH)}[kind]
        return {"pitch": PITCH, "nb_mots": count}

    return generate


def _c15_inclusive(case):
    return {
        "planning": {t: (start, end - 1) for t, (start, end) in case.expected["planning"].items()}
    }


def _c15_critical_not_cheapest(case):
    e = case.expected
    options = set(case.data["options_acceleration"]["id"])
    other = [t for t in e["chemin_critique"] if t in options and t != e["tache_a_accelerer"]]
    return {"tache_a_accelerer": other[0]} if other else None


def _c15_hunting_with_internal(case):
    agenda = case.data["agenda"]
    hunting = float(agenda.loc[agenda["nature"] == "hunting", "duree_h"].sum())
    return {"part_hunting": round(100 * hunting / float(agenda["duree_h"].sum()), 1)}


def _c16_coherent(case):
    e = case.expected
    by_manager = e["competence_par_manager"]
    right = by_manager[e["manager_prioritaire"]]
    other = [m for m, c in by_manager.items() if c != right]
    if not other:
        return None
    return {
        **right_answers(case),
        "manager_prioritaire": other[0],
        "competence_prioritaire": by_manager[other[0]],
    }


def _c12_zapo_own_prices(case):
    low, high = (round(v * 1.1) for v in case.expected["zapo"])
    return {
        **right_answers(case),
        "prix_plancher": low,
        "prix_max_acheteur": high,
        "zapo": (low, high),
    }


def _c7_present(case):
    e = case.expected
    counts = e["effectifs_soncas"]
    other = [c for c, n in counts.items() if n >= 2 and c != e["motif_dominant"]]
    return {"motif_dominant": other[0]} if other else None


def _c13_played(play):
    """A negotiation played with a mistaken strategy, on an attempt seed of its own per
    variant; the check replays its moves on the trusted engine."""

    def generate(case):
        import zlib

        from kamlearn.sim.engine import ATTEMPT_SEEDS

        seed = zlib.crc32(case.identity.learner.encode()) % ATTEMPT_SEEDS
        engine = case.nouvelle_negociation(seed=seed)
        play(engine, case)
        return {"negociation": engine}

    return generate


def _c13_takes_the_budget(engine, case):
    """Accepts the buyer's opening budget at once (below the floor)."""
    engine.accept()


def _c13_list_price_then_accepts(engine, case):
    """Offers the list price, then accepts the counter-offer: never moves, never trades."""
    engine.offer(case.data["prix_catalogue"])
    if not engine.ended:
        engine.accept()


#: item -> {mistake: answers (a namespace) for one variant, or None when it cannot be made}
HAND_GENERATORS: dict[str, dict[str, Callable]] = {
    "c6.nps_global": {
        "promoteurs dès 8": _c6_band(range(8, 11), range(0, 7)),
        "promoteurs dès 7": _c6_band(range(7, 11), range(0, 7)),
        "détracteurs jusqu'à 7": _c6_band(range(9, 11), range(0, 8)),
        "détracteurs jusqu'à 5": _c6_band(range(9, 11), range(0, 6)),
        "arrondi à l'unité": _c6_rounded,
        "fraction": lambda case: {"nps_global": case.expected["nps_global"] / 100},
    },
    "c6.nps_par_site": {
        "fractions": lambda case: {
            "nps_par_site": {s: v / 100 for s, v in case.expected["nps_par_site"].items()}
        },
    },
    "c6.site_le_plus_faible": {"plus basse moyenne": _c6_lowest_mean},
    # C11's mistakes are declared (test above); the knock-on ones only exist once the
    # learner's own net flows are wrong, so they need their generator
    "c11.van": {"report de flux faux": _c11_van_knock_on},
    "c11.roi": {"report de flux faux": _c11_roi_knock_on},
    "c11.flux_nets": {
        "sans montée en charge": _c11_flux("sans_montee"),
        "flux bruts": _c11_flux("bruts"),
        "investissement en année 1": _c11_flux("invest_annee_1"),
    },
    "c15.duree_totale": {
        "somme des durées": _c15_duree("somme"),
        "un jour de plus": _c15_duree("un_jour"),
    },
    "c15.part_client": {
        "fraction": _c15_share("part_client", "fraction"),
        "complément": _c15_share("part_client", "complement"),
    },
    "c15.part_hunting": {
        "fraction": _c15_share("part_hunting", "fraction"),
        "complément": _c15_share("part_hunting", "complement"),
        "avec le temps interne": _c15_hunting_with_internal,
    },
    "c16.pipeline_clients_a": {"toutes les affaires": _c16_pipeline_all},
    "c16.manager_prioritaire": {"plus faible taux": _c16_lowest_rate},
    "c10.part_par_intervenant": {"fractions": _c10_fractions, "en secondes": _c10_seconds},
    "c18.site_le_plus_tendu": {"moyenne générale": _c18_overall},
    "c10.plus_long_monologue": {"une intervention isolée": _c10_one_turn},
    "c15.planning": {"fin incluse": _c15_inclusive},
    "c15.tache_a_accelerer": {"critique mais plus chère": _c15_critical_not_cheapest},
    "c16.competence_prioritaire": {"cohérente avec un autre manager": _c16_coherent},
    "c12.zapo": {"bornes inversées": _c12_zapo_inverted, "vos prix": _c12_zapo_own_prices},
    "c7.motif_dominant": {"motif présent": _c7_present},
    "c1.top10_comptes": {
        "avec les comptes équipés": lambda case: {
            "top10_comptes": list(case.expected["top10_avec_equipes"])
        }
    },
    "c8.nb_mots": {"compte approché": _c8_words("approx"), "caractères": _c8_words("caracteres")},
    "c13.accord": {"accepte le budget d'ouverture": _c13_played(_c13_takes_the_budget)},
    "c13.contreparties": {"prix catalogue puis accepte": _c13_played(_c13_list_price_then_accepts)},
}

#: Hints no generator produces yet, by module and start of message. Only shrinks: the test
#: fails when one of them is generated (remove it) or no longer exists.
NOT_YET_GENERATED: dict[str, tuple[str, ...]] = {}


def _ambiguous(result) -> bool:
    """Whether the result names several recognised mistakes (two hints of its module)."""
    patterns = [_hint_pattern(h) for h in source_hints(result.item.partition(".")[0])]
    return sum(any(p.match(m) for p in patterns) for m in result.messages) > 1


@pytest.fixture(scope="module")
def generated() -> dict[str, dict[str, set]]:
    """item -> mistake -> the outcomes its answers earned over the variants."""
    out: dict[str, dict[str, set]] = {}
    for item, mistakes in HAND_GENERATORS.items():
        spec = registry.lookup(item)
        for label, generate in mistakes.items():
            seen = out.setdefault(item, {}).setdefault(label, set())
            bites = ambiguous = 0
            for learner in LEARNERS:
                case = case_for(spec.case, learner)
                ns = generate(case)
                if ns is None:
                    continue
                got = spec.function(ns, case)
                if got.fraction < 1.0:
                    bites += 1
                    if _ambiguous(got):
                        ambiguous += 1  # two mistakes give this number here: both hints
                        continue
                    seen.add(_outcome(got))
            assert ambiguous <= len(LEARNERS) // 5, f"{item} « {label} »: {ambiguous} ambiguous"
            if bites < MIN_VARIANTS:
                seen.clear()  # too rare to vouch for the hint
    return out


def test_the_same_hand_made_mistake_earns_the_same_credit_and_hint(generated):
    for item, mistakes in generated.items():
        for label, seen in mistakes.items():
            if not seen:
                continue  # never bites: its hint counts as not generated (next test)
            assert len(seen) == 1, f"{item} « {label} » earns different credit or hints: {seen}"
            ((fraction, messages),) = seen
            assert fraction < 1 and messages, f"{item} « {label} »: {fraction} {messages}"


def test_every_partial_credit_hint_has_a_generator(generated, declared_run):
    """A hint of a check module that no generator reaches fails: add its generator."""
    produced = {
        m for outcomes in generated.values() for s in outcomes.values() for o in s for m in o[1]
    }
    # the declared mistakes are their own generators, when they bite often enough
    bites = declared_run[2]
    produced |= {key[1] for key, count in bites.items() if count >= MIN_VARIANTS}
    missing, stale = [], []
    # every module holding a check function (c11's competitor items live in c11_competitor)
    modules = sorted(
        {registry.lookup(i).function.__module__.rpartition(".")[2] for i in registry.all_items()}
    )
    assert set(registry.prefixes()) <= set(modules)
    for prefix in modules:
        pending = NOT_YET_GENERATED.get(prefix, ())
        for hint in sorted(source_hints(prefix)):
            pattern = _hint_pattern(hint)
            is_pending = any(hint.startswith(p) for p in pending)
            reached = any(pattern.match(m) for m in produced)
            if reached and is_pending:
                stale.append(f"{prefix}: « {hint[:60]} » is generated now: drop it from the list")
            if not reached and not is_pending:
                missing.append(f"{prefix}: « {hint[:70]} »")
        for p in pending:
            if not any(h.startswith(p) for h in source_hints(prefix)):
                stale.append(f"{prefix}: « {p} » no longer exists: drop it from the list")
    assert not missing, "hints without a generator of their mistake:\n" + "\n".join(missing)
    assert not stale, "\n".join(stale)


def test_the_source_reader_finds_partial_credit_hints():
    """The reader itself: a new hint in any of the shapes the modules use is found."""
    hints = source_hints("c11")
    assert any(h.startswith("Vous avez mis l'investissement dans la fonction VAN") for h in hints)
    assert any(h.startswith("Utilisez la convention du classeur") for h in hints)
    assert any(h.startswith("Vous avez compté les 8") for h in source_hints("c6"))
    assert any(h.startswith("\0 : il manque les pertes") for h in source_hints("c9"))
    assert any(h.startswith("Convention : une tâche") for h in source_hints("c15"))


# --- units, numbers typed as text, labels after the stated normalisation --------------------


def _numeric_items():
    out = []
    for item in ITEMS:
        spec = registry.lookup(item)
        case = case_for(spec.case, LEARNERS[0])
        value = case.expected.get(item.partition(".")[2])
        if isinstance(value, int | float) and not isinstance(value, bool):
            out.append((item, case, float(value)))
    return out


def test_a_number_typed_as_text_is_refused_with_a_message():
    """`"-13.2"` where a number is expected is not graded as -13.2: it is refused, and said."""
    items = _numeric_items()
    assert len(items) >= 15
    for item, case, value in items:
        name = item.partition(".")[2]
        ns = {**right_answers(case), name: str(value)}
        got = registry.lookup(item).function(ns, case)
        assert got.fraction == 0.0, (item, got)
        assert any("guillemets" in m or "nombre" in m for m in got.messages), (item, got)


def test_every_number_says_its_unit_when_it_is_not_one(recorder):
    """Each numeric item names its unit (« en euros », « en % »…) when the answer is no number."""
    unitless = []
    for item, case, _ in _numeric_items():
        name = item.partition(".")[2]
        got = registry.lookup(item).function({**right_answers(case), name: [1, 2]}, case)
        if not any(re.search(r"\(.+\)", m) for m in got.messages):
            unitless.append(f"{item}: {got.messages}")
    assert not unitless, "\n".join(unitless)


def test_labels_are_compared_after_the_stated_normalisation():
    """Every item answered by a label takes « valenciennes  » for « Valenciennes »."""
    seen = 0
    for item in ITEMS:
        spec = registry.lookup(item)
        case = case_for(spec.case, LEARNERS[0])
        name = item.partition(".")[2]
        value = case.expected.get(name)
        if not isinstance(value, str) or len(value) < 3:
            continue
        seen += 1
        sloppy = "  " + value.lower().replace("é", "e").replace("-", " ") + " "
        got = spec.function({**right_answers(case), name: sloppy}, case)
        assert got.fraction == 1.0, (item, sloppy, got)
    assert seen >= 5


# --- figures: the mistakes the figure checks name, drawn from each variant's data ----------

#: figures take longer to draw and grade: fewer variants
FIGURE_LEARNERS = LEARNERS[:20]


def _bars(kind, where, values, texts, *, title, labels):
    """A bar chart (``ax.bar`` or ``ax.barh``) with its title and axis names, if asked."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    getattr(ax, kind)(where, values)
    if title:
        ax.set_title(texts[0])
    if labels:
        ax.set_xlabel(texts[1])
        ax.set_ylabel(texts[2])
    return fig


def _c6_figure(case, *, shuffle=False, at_zero=False, title=True, labels=True):
    """C6's distribution as a learner draws it, with one mistake."""
    counts = {int(k): int(v) for k, v in case.expected["repartition_scores"].items() if v > 0}
    scores, heights = list(counts), list(counts.values())
    if shuffle:  # heights right, each bar on another score (sorted by height, then placed 0..)
        heights = sorted(heights)
        if heights == [counts[s] for s in scores]:
            heights = heights[::-1]
    if at_zero:  # everything drawn on the score 0
        scores, heights = [0], [sum(heights)]
    texts = ("Répartition des notes", "Note (0 à 10)", "Nombre de répondants")
    return _bars("bar", scores, heights, texts, title=title, labels=labels)


def _c1_figure(case, *, fractions=False, doubled=False, title=True, labels=True):
    """C1's market shares as a learner draws them, with one mistake."""
    parts = dict(case.expected["parts_de_marche_2024"])
    values = [v / 100 if fractions else v for v in parts.values()]
    if doubled:  # the right names, wrong values (all doubled)
        values = [2 * v for v in values]
    texts = ("Parts de marché 2024", "Part de marché (%)", "Acteur")
    return _bars("barh", list(parts), values, texts, title=title, labels=labels)


def _c13_figure(case, *, counters=True, offers=True, title=True, labels=True):
    """C13's price trajectory of a played negotiation (three offers, each lower), with the
    engine in the namespace as the check replays it."""
    import matplotlib.pyplot as plt

    engine = _c13_played(_c13_three_offers)(case)["negociation"]
    prices = {"learner": [], "counterpart": []}
    for move in engine.transcript().moves:
        if move.kind in ("offer", "anchor", "counter"):  # the prices each side stated
            prices[move.actor].append(move.data["price"])
    mine, theirs = prices["learner"], prices["counterpart"]
    fig, ax = plt.subplots()
    if offers:
        ax.plot(range(1, len(mine) + 1), mine, marker="o")
    if counters:
        ax.plot(range(1, len(theirs) + 1), theirs, marker="s")
    if title:
        ax.set_title("Trajectoire de la négociation")
    if labels:
        ax.set_xlabel("Tour")
        ax.set_ylabel("Prix (€)")
    return {"fig_trajectoire": fig, "negociation": engine}


def _c13_three_offers(engine, case):
    """List price, then two lower offers, then accepts the buyer's counter-offer."""
    price = case.data["prix_catalogue"]
    for share in (1.0, 0.95, 0.9):
        if engine.ended:
            return
        engine.offer(round(price * share, -2))
    if not engine.ended:
        engine.accept()


def _drawn(draw, **own: dict) -> dict[str, Callable]:
    """The right figure, the label mistakes every figure check names, and ``own`` mistakes
    (label -> keyword arguments of ``draw``)."""
    shared = {"juste": {}, "sans titre": {"title": False}, "sans noms d'axes": {"labels": False}}
    return {label: functools.partial(draw, **kw) for label, kw in {**shared, **own}.items()}


#: item -> (variable, {mistake: drawer(case) -> figure}); "juste" is the right figure
FIGURE_MISTAKES: dict[str, tuple[str, dict[str, Callable]]] = {
    "c6.fig_distribution": (
        "fig_distribution",
        _drawn(
            _c6_figure,
            **{
                "barres mélangées": {"shuffle": True},
                "tout sur la note 0": {"at_zero": True},
                "ni titre ni axes": {"title": False, "labels": False},
            },
        ),
    ),
    "c1.fig_parts": (
        "fig_parts",
        _drawn(
            _c1_figure,
            **{"parts en fractions": {"fractions": True}, "valeurs fausses": {"doubled": True}},
        ),
    ),
    "c13.fig_trajectoire": (
        "fig_trajectoire",
        _drawn(
            _c13_figure,
            **{"sans les contre-offres": {"counters": False}, "sans vos offres": {"offers": False}},
        ),
    ),
}

#: what each figure mistake must earn, the same for every variant: (fraction, start of a hint)
FIGURE_EXPECTED = {
    ("c6.fig_distribution", "juste"): (1.0, "Les barres représentent bien"),
    ("c6.fig_distribution", "barres mélangées"): (0.6, "Les hauteurs sont justes mais"),
    ("c6.fig_distribution", "tout sur la note 0"): (0.6, "Les barres ne correspondent pas"),
    ("c6.fig_distribution", "sans titre"): (0.8, "Ajoutez un titre"),
    ("c6.fig_distribution", "sans noms d'axes"): (0.8, "Nommez les deux axes"),
    ("c6.fig_distribution", "ni titre ni axes"): (0.6, "Ajoutez un titre"),
    ("c13.fig_trajectoire", "juste"): (1.0, "Trajectoire de la négociation correctement"),
    ("c13.fig_trajectoire", "sans les contre-offres"): (0.8, "Les contre-offres de l'acheteur"),
    ("c13.fig_trajectoire", "sans vos offres"): (0.6, "Vos offres successives ne sont pas"),
    ("c13.fig_trajectoire", "sans titre"): (0.8, "Ajoutez un titre"),
    ("c13.fig_trajectoire", "sans noms d'axes"): (0.8, "Nommez les deux axes"),
    ("c1.fig_parts", "juste"): (1.0, "Les barres représentent bien"),
    ("c1.fig_parts", "parts en fractions"): (1.0, "Les barres représentent bien"),
    ("c1.fig_parts", "valeurs fausses"): (0.6, "Les barres ne représentent pas"),
    ("c1.fig_parts", "sans titre"): (0.8, "Ajoutez un titre"),
    ("c1.fig_parts", "sans noms d'axes"): (0.8, "Nommez les deux axes"),
}


@pytest.mark.parametrize("item", sorted(FIGURE_MISTAKES))
def test_the_same_figure_mistake_earns_the_same_credit_and_hint(item):
    """Each named figure mistake, drawn from 20 variants' data, earns one (fraction, messages)."""
    import matplotlib.pyplot as plt

    spec = registry.lookup(item)
    name, mistakes = FIGURE_MISTAKES[item]
    for label, draw in mistakes.items():
        seen = set()
        for learner in FIGURE_LEARNERS:
            case = case_for(spec.case, learner)
            drawn = draw(case)
            ns = drawn if isinstance(drawn, dict) else {name: drawn}
            try:
                seen.add(_outcome(spec.function(ns, case)))
            finally:
                plt.close(ns[name])
        assert len(seen) == 1, f"{item} « {label} » earns different credit or hints: {seen}"
        ((fraction, messages),) = seen
        want, hint = FIGURE_EXPECTED[(item, label)]
        assert fraction == pytest.approx(want), f"{item} « {label} »: {fraction} {messages}"
        assert any(m.startswith(hint) for m in messages), f"{item} « {label} »: {messages}"

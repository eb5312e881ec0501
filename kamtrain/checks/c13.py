"""Checks of the negotiation notebook, C13 part: profiles, interests, DESC order, and the
outcome of the simulated negotiation (replayed on the learner's trusted engine)."""

from __future__ import annotations

from kamtrain.checks import kit

CASE = "c13_negociation"
#: Share of the ZOPA to capture for full credit on the deal's position.
POSITION_TARGET = 0.15


def check_classification(
    ns, case, item: str, name: str, key: str, allowed: tuple[str, ...]
) -> kit.CheckResult:
    """Score a dict ``id -> label`` against the case's key; share of right labels."""
    value = kit.answer(ns, name)
    if value is kit.MISSING:
        return kit.missing_result(item, name)
    mapping = kit.as_mapping(value)
    if mapping is None:
        return kit.CheckResult(
            item, 0.0, (f"`{name}` doit être un dict (ou une Series) identifiant → catégorie.",)
        )
    got = {str(k).strip().upper(): kit.normalise_label(v) for k, v in mapping.items()}
    expected = case.expected[key]
    wrong = [k for k, v in expected.items() if got.get(k) != kit.normalise_label(v)]
    good = len(expected) - len(wrong)
    if not wrong:
        return kit.CheckResult(item, 1.0, (f"Les {len(expected)} éléments sont bien classés.",))
    messages = [
        f"{good} élément(s) sur {len(expected)} bien classé(s). À revoir : {', '.join(sorted(wrong))}."
    ]
    unknown = sorted(
        {v for v in got.values() if v not in {kit.normalise_label(a) for a in allowed}}
    )
    if unknown:
        messages.append("Catégories possibles : " + ", ".join(allowed) + ".")
    return kit.CheckResult(item, round(good / len(expected), 4), tuple(messages))


def attempt_seed(transcript) -> int | None:
    """The practice attempt's seed, if the transcript carries a valid one."""
    from kamlearn.sim.engine import ATTEMPT_SEEDS

    seed = getattr(transcript, "seed", None)
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < ATTEMPT_SEEDS:
        return None
    return seed


def _answers(record) -> list[tuple]:
    """The buyer's moves of a transcript: kind and stated values."""
    return [(m.kind, m.data) for m in record.moves if m.actor == "counterpart"]


def replay(ns, case, item: str, name: str = "negociation"):
    """Replay the learner's moves on a trusted engine: (engine, None) or (None, error).

    The engine is rebuilt from this case's settings (persona, list price) and the
    attempt's seed only: the prices and hidden values the transcript states are ignored. A
    negotiation whose buyer answered otherwise than on this case (played on another case) is
    refused, whatever the two cases' data: it is not this case's negotiation.
    """
    from kamlearn.errors import KamtrainError

    engine = kit.answer(ns, name)
    if engine is kit.MISSING:
        return None, kit.missing_result(item, name)
    transcript = getattr(engine, "transcript", None)
    if not callable(transcript):
        return None, kit.CheckResult(
            item, 0.0, (f"`{name}` doit être le moteur rendu par cas.nouvelle_negociation().",)
        )
    try:
        record = transcript()
        seed = attempt_seed(record)
        if seed is None:
            raise TypeError("no valid attempt seed")
        trusted = case.nouvelle_negociation(seed=seed)
        for move in record.learner_moves():
            getattr(trusted, move.kind)(**move.data)
        if _answers(trusted.transcript()) != _answers(record):
            # played on another case (a colleague's, the example's): the buyer answered
            # otherwise, so what the learner saw and drew is not this case's negotiation
            raise TypeError("the buyer's answers differ on this case")
    except (KamtrainError, TypeError, AttributeError):
        return None, kit.CheckResult(
            item,
            0.0,
            (
                "Votre négociation ne se rejoue pas sur votre cas : utilisez cas.nouvelle_negociation().",
            ),
        )
    if not trusted.ended:
        return None, kit.CheckResult(
            item,
            0.0,
            ("La négociation n'est pas terminée : concluez (ou rompez) avant l'évaluation.",),
        )
    return trusted, None


def replay_result(ns, case, item: str):
    engine, error = replay(ns, case, item)
    return (None, error) if error else (engine.result(), None)


def check_profils(ns, case) -> kit.CheckResult:
    from kamlearn.cases.c13_negociation import PROFILE_LABELS

    return check_classification(
        ns, case, "c13.profils", "profils", "profils", tuple(PROFILE_LABELS)
    )


def check_interets(ns, case) -> kit.CheckResult:
    return check_classification(
        ns, case, "c13.interets", "interets", "interets", ("position", "interet")
    )


def check_desc_ordre(ns, case) -> kit.CheckResult:
    item = "c13.desc_ordre"
    value = kit.answer(ns, "desc_ordre")
    if value is kit.MISSING:
        return kit.missing_result(item, "desc_ordre")
    if isinstance(value, str):
        value = [c for c in value if c.isalpha()]
    try:
        got = [str(v).strip().upper() for v in value]
    except TypeError:
        return kit.CheckResult(
            item,
            0.0,
            ("`desc_ordre` doit être une liste d'identifiants, ex. ['C', 'A', 'D', 'B'].",),
        )
    expected = case.expected["desc_ordre"]
    if got == expected:
        return kit.CheckResult(
            item, 1.0, ("Ordre DESC correct : Décrire, Exprimer, Spécifier, Conséquences.",)
        )
    good = sum(a == b for a, b in zip(got, expected, strict=False))
    if len(got) != len(expected):
        return kit.CheckResult(
            item, 0.0, (f"Donnez les {len(expected)} phrases, chacune une fois.",)
        )
    return kit.CheckResult(
        item,
        round(good / len(expected), 4),
        (f"{good} phrase(s) sur {len(expected)} à la bonne place (D, E, S, C).",),
    )


def check_accord(ns, case) -> kit.CheckResult:
    item = "c13.accord"
    result, error = replay_result(ns, case, item)
    if error:
        return error
    if result.deal and result.price_position == "inside":
        return kit.CheckResult(item, 1.0, ("Accord conclu dans la ZAPO.",))
    if result.deal:
        return kit.CheckResult(
            item, 0.25, ("Accord conclu, mais sous votre prix plancher : il détruit votre marge.",)
        )
    if result.zopa is None:
        return kit.CheckResult(
            item, 1.0, ("Pas d'accord, et il n'existait pas de ZAPO : c'était la bonne décision.",)
        )
    return kit.CheckResult(item, 0.0, ("Pas d'accord alors qu'une ZAPO existait.",))


def check_position(ns, case) -> kit.CheckResult:
    item = "c13.position"
    result, error = replay_result(ns, case, item)
    if error:
        return error
    pos = result.position_in_zopa
    if pos is None:
        return kit.CheckResult(
            item, 0.0, ("Aucun accord dans la ZAPO : pas de position à évaluer.",)
        )
    if pos >= POSITION_TARGET:
        return kit.CheckResult(
            item,
            1.0,
            ("Vous avez défendu votre marge : l'accord n'est pas collé à votre plancher.",),
        )
    return kit.CheckResult(
        item,
        round(0.5 + 0.5 * pos / POSITION_TARGET, 4),
        ("Accord très proche de votre plancher : ancrez plus haut et concédez moins vite.",),
    )


def check_contreparties(ns, case) -> kit.CheckResult:
    item = "c13.contreparties"
    result, error = replay_result(ns, case, item)
    if error:
        return error
    if not result.concessions:
        return kit.CheckResult(
            item,
            0.5,
            (
                "Aucune concession : un accord sans aucun mouvement est rare, vérifiez votre scénario.",
            ),
        )
    ratio = result.concessions_traded_ratio or 0.0
    message = f"{result.concessions_traded} concession(s) sur {result.concessions} échangée(s) contre une contrepartie"
    if ratio < 1:
        message += (
            " : une baisse de prix est aussi une concession, demandez une contrepartie à chacune."
        )
    return kit.CheckResult(item, round(ratio, 4), (message + ("." if ratio >= 1 else ""),))


def check_fig_trajectoire(ns, case) -> kit.CheckResult:
    item = "c13.fig_trajectoire"
    axes, failure = kit.figure_axes(item, ns, "fig_trajectoire")
    if failure:
        return failure
    engine, error = replay(ns, case, item)
    if error:
        return error
    moves = engine.transcript().moves
    offers = [m.data["price"] for m in moves if m.actor == "learner" and m.kind == "offer"]
    counters = [
        m.data["price"]
        for m in moves
        if m.actor == "counterpart" and m.kind in ("anchor", "counter")
    ]
    ax = axes[0]
    lines = [[float(y) for y in line.get_ydata()] for line in ax.get_lines()]

    def drawn(values):
        return any(
            len(y) == len(values) and all(abs(a - b) < 1 for a, b in zip(y, values, strict=True))
            for y in lines
        )

    points, messages = 0.0, []
    if drawn(offers):
        points += 0.4
    else:
        messages.append("Vos offres successives ne sont pas tracées.")
    if drawn(counters):
        points += 0.2
    else:
        messages.append("Les contre-offres de l'acheteur (ancrage compris) ne sont pas tracées.")
    share, hints = kit.labels_score(ax)
    points += 0.4 * share
    messages.extend(hints)
    if points >= 1:
        messages.append("Trajectoire de la négociation correctement tracée.")
    return kit.CheckResult(item, round(points, 4), tuple(messages))


ITEMS = {
    "profils": check_profils,
    "interets": check_interets,
    "desc_ordre": check_desc_ordre,
    "accord": check_accord,
    "position": check_position,
    "contreparties": check_contreparties,
    "fig_trajectoire": check_fig_trajectoire,
}

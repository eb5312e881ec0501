"""Checks of the ZOPA and concessions exercise (C12)."""

from __future__ import annotations

from kamtrain.checks import kit

CASE = "c12_zopa_concessions"
QUADRANT_ALIASES = {
    "prioritaire": "prioritaire",
    "a conceder en priorite": "prioritaire",
    "appoint": "appoint",
    "monnaie d'appoint": "appoint",
    "reserve": "réserve",
    "a reserver": "réserve",
    "eviter": "éviter",
    "a eviter": "éviter",
}


def _price(name: str, ns, case, **how) -> kit.CheckResult:
    """The item ``name``: a price in euros, within 1 € or 0.1 %, no credit for « nearly »."""
    how = {"what": "en euros", "tol": 1.0, "rel_tol": 0.001, "near_band": None, **how}
    return kit.number_item(f"c12.{name}", ns, case, **how)


def check_prix_plancher(ns, case) -> kit.CheckResult:
    prix = case.data["prix"]
    cost, rate = prix["cout_complet_eur"], prix["taux_marque_minimal"]
    return _price(
        "prix_plancher",
        ns,
        case,
        mistakes=[
            kit.Mistake(
                cost * (1 + rate),
                0.5,
                "Vous avez appliqué un taux de marge (sur le coût) : le taux de marque se rapporte au prix de vente.",
            ),
            kit.Mistake(
                cost, 0.25, "Le coût complet ne suffit pas : la direction exige une marge minimale."
            ),
        ],
        correct_message="Prix plancher correct.",
        wrong_message="Prix plancher incorrect : quel prix laisse exactement le taux de marque minimal ?",
    )


def check_prix_max_acheteur(ns, case) -> kit.CheckResult:
    competitor = case.data["prix"]["offre_concurrente_eur"]
    all_switch = case.data["couts_de_changement"]["montant_annualise_eur"].sum()
    return _price(
        "prix_max_acheteur",
        ns,
        case,
        mistakes=[
            kit.Mistake(
                competitor + all_switch,
                0.6,
                "Seuls les coûts de changement supportés par le client s'ajoutent à son alternative.",
            ),
            kit.Mistake(
                competitor,
                0.4,
                "Changer de fournisseur coûte aussi au client : ajoutez ses coûts de changement.",
            ),
        ],
        correct_message="Prix de réservation de l'acheteur correct.",
        wrong_message=(
            "Prix maximal incorrect : partez de la meilleure alternative de l'acheteur (son MESORE / BATNA)."
        ),
    )


def _pair(value):
    if isinstance(value, dict):
        value = [value.get("bas", value.get("low")), value.get("haut", value.get("high"))]
    try:
        low, high = (kit.as_number(v) for v in value)
    except (TypeError, ValueError):
        return None
    return None if low is None or high is None else (low, high)


def check_zapo(ns, case) -> kit.CheckResult:
    item = "c12.zapo"
    value = kit.answer(ns, "zapo")
    if value is kit.MISSING:
        return kit.missing_result(item, "zapo")
    pair = _pair(value)
    if pair is None:
        return kit.result(
            item, 0.0, "`zapo` doit être un couple (borne basse, borne haute) en euros."
        )
    low, high = case.expected["zapo"]
    if kit.within(pair[1], low, tol=1.0, rel=0.001) and kit.within(
        pair[0], high, tol=1.0, rel=0.001
    ):
        return kit.result(item, 0.5, "Bornes inversées : la borne basse est votre plancher.")
    points, messages = 0.0, []
    for got, want, label in ((pair[0], low, "basse"), (pair[1], high, "haute")):
        if kit.within(got, want, tol=1.0, rel=0.001):
            points += 0.5
        else:
            messages.append(f"Borne {label} de la ZAPO incorrecte.")
    if points < 1:
        own = (kit.as_number(ns.get("prix_plancher")), kit.as_number(ns.get("prix_max_acheteur")))
        if own == pair:
            points = max(points, 0.5)
            messages.append(
                "La ZAPO est cohérente avec vos prix de réservation, mais ceux-ci sont à revoir."
            )
    else:
        messages.append("ZAPO correcte : de votre plancher au maximum de l'acheteur.")
    return kit.result(item, points, *messages)


def _patch_spans(ax):
    spans = []
    for patch in ax.patches:
        try:
            box = patch.get_path().get_extents(patch.get_patch_transform())
        except Exception:  # noqa: BLE001 - an exotic patch is simply not a span
            continue
        spans.append((float(box.x0), float(box.x1)))
    for collection in ax.collections:
        for path in collection.get_paths():
            box = path.get_extents()
            spans.append((float(box.x0), float(box.x1)))
    return spans


@kit.figure_check("c12.fig_zapo")
def check_fig_zapo(item: str, axes: list, case) -> kit.CheckResult:
    ax = axes[0]
    low, high = case.expected["zapo"]
    labels = kit.labels_score(ax, x_only=True, axis_hint="Nommez l'axe des prix.")
    if any(
        kit.within(a, low, tol=1.0, rel=0.002) and kit.within(b, high, tol=1.0, rel=0.002)
        for a, b in _patch_spans(ax)
    ):
        return kit.figure_result(item, 0.6, labels, "La zone colorée couvre bien la ZAPO.")
    return kit.figure_result(
        item,
        0.0,
        labels,
        "Aucune zone colorée ne couvre la ZAPO (`ax.axvspan(borne_basse, borne_haute)`).",
    )


def check_matrice(ns, case) -> kit.CheckResult:
    item = "c12.matrice"
    mapping, error = kit.read_mapping(ns, item, "matrice", shape="concession → quadrant")
    if error:
        return error
    got = {k: QUADRANT_ALIASES.get(kit.normalise_label(v)) for k, v in mapping.items()}
    expected = case.expected["matrice"]
    wrong = [c for c, q in expected.items() if got.get(kit.normalise_label(c)) != q]
    fraction = (len(expected) - len(wrong)) / len(expected)
    if not wrong:
        return kit.result(item, 1.0, "Matrice concessions / contreparties correcte.")
    messages = [f"{len(expected) - len(wrong)} concession(s) sur {len(expected)} bien classée(s)."]
    if any(v is None for v in got.values()):
        messages.append(
            "Quadrants possibles : prioritaire, appoint, réserve, éviter (accents facultatifs)."
        )
    messages.append("À revoir : " + " ; ".join(wrong) + ".")
    return kit.result(item, fraction, *messages)


def check_echanges(ns, case) -> kit.CheckResult:
    item = "c12.echanges"
    mapping, error = kit.read_mapping(ns, item, "echanges", shape="concession → contrepartie")
    if error:
        return error
    conc, cps = case.data["concessions"], case.data["contreparties"]
    cost = {
        kit.normalise_label(n): c
        for n, c in zip(conc["concession"], conc["cout_nexalys_eur"], strict=True)
    }
    cp_value = {
        kit.normalise_label(n): v
        for n, v in zip(cps["contrepartie"], cps["valeur_nexalys_eur"], strict=True)
    }
    given = {k: kit.normalise_label(v) for k, v in mapping.items()}
    required = case.expected["a_echanger"]
    used: dict[str, int] = {}
    for cp in given.values():
        used[cp] = used.get(cp, 0) + 1
    ok, messages = 0, []
    missing, unknown, too_small, reused = [], [], [], []
    for name in required:
        cp = given.get(kit.normalise_label(name))
        if cp is None:
            missing.append(name)
        elif cp not in cp_value:
            unknown.append(name)
        elif cp_value[cp] < cost[kit.normalise_label(name)]:
            too_small.append(name)
        elif used[cp] > 1:
            reused.append(name)
        else:
            ok += 1
    extra = [k for k in given if k in cost and k not in {kit.normalise_label(n) for n in required}]
    fraction = ok / len(required) if required else 1.0
    if extra:
        fraction = max(0.0, fraction - 0.1 * len(extra))
        messages.append(
            f"{len(extra)} concession(s) échangée(s) alors qu'elles ne sont pas à concéder."
        )
    messages.insert(0, f"{ok} échange(s) valable(s) sur {len(required)} concession(s) à échanger.")
    if missing:
        # Name only the concessions the learner listed in its own `a_echanger`: naming
        # the others would reveal the answer of c12.a_echanger.
        own = kit.answer(ns, "a_echanger")
        listed = (
            {kit.normalise_label(n) for n in own}
            if isinstance(own, list | tuple | set | frozenset)
            else set()
        )
        named = [n for n in missing if kit.normalise_label(n) in listed]
        messages.append(
            f"{len(missing)} concession(s) à concéder sans contrepartie"
            + (" : " + " ; ".join(named) + "." if named else ".")
        )
    if unknown:
        messages.append(
            "Contrepartie inconnue (recopiez le nom exact) pour : " + " ; ".join(unknown) + "."
        )
    if too_small:
        messages.append(
            "Contrepartie qui vaut moins que la concession pour : " + " ; ".join(too_small) + "."
        )
    if reused:
        messages.append(
            "Une même contrepartie ne paie qu'une concession : " + " ; ".join(reused) + "."
        )
    return kit.result(item, fraction, *messages)


def check_marges_scenarios(ns, case) -> kit.CheckResult:
    item = "c12.marges_scenarios"
    mapping, error = kit.read_mapping(
        ns,
        item,
        "marges_scenarios",
        shape="scénario → valeur nette du paquet en euros",
        numbers=True,
    )
    if error:
        return error
    got = {s: kit.as_number(kit.lookup(mapping, s)) for s in case.expected["marges_scenarios"]}
    expected = case.expected["marges_scenarios"]
    wrong = [s for s, m in expected.items() if not kit.within(got[s], m, tol=1.0, rel=0.001)]
    if not wrong:
        return kit.result(item, 1.0, "Valeur nette du paquet correcte pour chaque scénario.")
    messages = [
        f"{len(expected) - len(wrong)} scénario(s) sur {len(expected)} correct(s). À revoir : "
        + " ; ".join(wrong)
        + "."
    ]
    prices = dict(
        zip(case.data["scenarios"]["scenario"], case.data["scenarios"]["prix_eur"], strict=True)
    )
    cost = case.data["prix"]["cout_complet_eur"]
    if any(kit.within(got[s], prices[s] - cost, tol=1.0, rel=0.001) for s in wrong):
        messages.append(
            "La valeur nette d'un paquet intègre le coût des concessions et la valeur estimée des contreparties."
        )
    return kit.result(item, (len(expected) - len(wrong)) / len(expected), *messages)


def _scenario_label(value, names) -> str | None:
    text = kit.normalise_label(value)
    for name in names:
        if text == kit.normalise_label(name) or (
            len(text) == 1 and kit.normalise_label(name).startswith(text)
        ):
            return name
    return None


def check_scenario_retenu(ns, case) -> kit.CheckResult:
    margins, e = case.expected["marges_scenarios"], case.expected
    near = {
        s: (
            0.0,
            "Ce scénario accorde une concession sans sa contrepartie (aucune, ou une qui vaut "
            "moins qu'elle ne coûte) : c'est la règle d'or que vous venez d'appliquer "
            "(« si vous…, alors je… »). Écartez-le.",
        )
        for s in e.get("scenarios_sans_contrepartie", ())
    }
    for s in margins:
        near.setdefault(
            s,
            (
                0.25,
                "Ce scénario a la meilleure valeur nette, mais il sort de la ZAPO : l'une des "
                "deux parties ne peut pas l'accepter.",
            )
            if s not in e["scenarios_acceptables"] and margins[s] == max(margins.values())
            else (
                0.0,
                "Ce scénario sort de la ZAPO : l'une des deux parties ne peut pas l'accepter.",
            )
            if s not in e["scenarios_acceptables"]
            else (
                0.5,
                "Scénario acceptable, mais un autre scénario acceptable a une meilleure valeur nette du paquet.",
            ),
        )
    return kit.score_item(
        kit.score_choice,
        "c12.scenario_retenu",
        ns,
        case,
        canon=lambda value: _scenario_label(value, margins),
        near=near,
        correct_message="C'est le scénario acceptable par les deux parties qui a la meilleure valeur nette du paquet.",
        unknown_message="Scénario inconnu : recopiez le nom d'un scénario (ou sa lettre).",
    )


ITEMS = {
    "prix_plancher": check_prix_plancher,
    "prix_max_acheteur": check_prix_max_acheteur,
    "zapo": check_zapo,
    "fig_zapo": check_fig_zapo,
    "matrice": check_matrice,
    "echanges": check_echanges,
    "marges_scenarios": check_marges_scenarios,
    "scenario_retenu": check_scenario_retenu,
}

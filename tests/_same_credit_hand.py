"""Generators of the hand-written hints: each mistake computed from the variant's data, as a
learner would make it. ``HAND_GENERATORS``: item -> {mistake: answers (a namespace) for one
variant, or None when the mistake cannot be made for it}.
"""

from __future__ import annotations

from collections.abc import Callable

from _same_credit_cases import PITCH, right_answers


def _c6_band(promoters, detractors):
    def generate(case):
        from kamlearn import conventions as conv

        scores = case.data["enquete"]["score_recommandation"]
        return {"nps_global": conv.nps(scores, promoters=promoters, detractors=detractors)}

    return generate


def _c6_rounded(case):
    expected = case.expected["nps_global"]
    return {"nps_global": float(round(expected))}


def _c6_rounded_fraction(case):
    fraction = round(case.expected["nps_global"] / 100, 2)
    # 0.0 is also the NPS rounded to the unit: that mistake is the other one
    return {"nps_global": fraction} if fraction else None


def _c6_site_band(promoters, detractors, *, lowest: bool = False):
    """The NPS of each site with the wrong bands (``groupby`` then ``apply``, as a learner
    would); ``lowest``: and the lowest site picked from that wrong mapping (knock-on)."""

    def generate(case):
        from kamlearn import conventions as conv

        by_site = (
            case.data["enquete"]
            .groupby("site")["score_recommandation"]
            .apply(lambda s: conv.nps(s, promoters=promoters, detractors=detractors))
        )
        if lowest:
            return {"nps_par_site": by_site.to_dict(), "site_le_plus_faible": by_site.idxmin()}
        return {"nps_par_site": by_site.to_dict()}

    return generate


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


def c11_carried(case, gain: float, decimals: int = 1) -> dict:
    """Every C11 answer computed with the right method from the learner's own ``gain``
    (paybacks rounded to ``decimals``: a carried payback is credited at any such rounding)."""
    from kamlearn import conventions as conv

    e, _, h, yearly, *_ = _c11(case)
    rate, invest = float(h["taux_actualisation"]), e["investissement"]
    ramp, decote = float(h["montee_en_charge_annee_1"]), float(h["decote_scenario_pessimiste"])
    eff = float(h["efficacite_concurrent"])
    offers = case.data["offres"].groupby(["offre", "nature"])["montant_eur"].sum()
    invest_c, yearly_c = offers["Concurrent", "investissement"], offers["Concurrent", "annuel"]
    gains = [gain * (ramp if t == 0 else 1) for t in range(len(e["flux_nets"]))]
    flows = [g - yearly for g in gains]
    flows_c = [g * eff - yearly_c for g in gains]
    van, van_c = _npv(invest, flows, rate), _npv(invest_c, flows_c, rate)
    return _c11_ns(
        case,
        gain_annuel=gain,
        flux_nets=flows,
        van=van,
        roi=conv.roi_percent(sum(gains), e["tco"]["Nexalys"]),
        delai_recuperation=round(conv.payback_years(invest, flows), decimals),
        van_pessimiste=_npv(invest, [g * (1 - decote) - yearly for g in gains], rate),
        indicateurs_concurrent={
            "van": van_c,
            "roi": conv.roi_percent(eff * sum(gains), e["tco"]["Concurrent"]),
            "delai_recuperation": round(conv.payback_years(invest_c, flows_c), decimals),
        },
        comparaison_concurrent={
            "ecart_van": van - van_c,
            "delai_surcout": round(
                conv.payback_years(
                    invest - invest_c, [a - b for a, b in zip(flows, flows_c, strict=True)]
                ),
                decimals,
            ),
        },
    )


def _c11_gain_without_labour(case):
    return c11_carried(case, _c11(case)[4])


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


def _c15_hunting_without_internal(case):
    """The other definition: hunting over commercial time only (internal time left out)."""
    agenda = case.data["agenda"]
    commercial = agenda[agenda["nature"] != "interne"]
    hunting = float(commercial.loc[commercial["nature"] == "hunting", "duree_h"].sum())
    return {"part_hunting": round(100 * hunting / float(commercial["duree_h"].sum()), 1)}


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
        "fraction arrondie à deux décimales": _c6_rounded_fraction,
    },
    "c6.nps_par_site": {
        "fractions": lambda case: {
            "nps_par_site": {s: v / 100 for s, v in case.expected["nps_par_site"].items()}
        },
        "fractions arrondies à deux décimales": lambda case: {
            "nps_par_site": {s: round(v / 100, 2) for s, v in case.expected["nps_par_site"].items()}
        },
        "arrondis à l'unité": lambda case: {
            "nps_par_site": {s: float(round(v)) for s, v in case.expected["nps_par_site"].items()}
        },
        "promoteurs dès 8": _c6_site_band(range(8, 11), range(0, 7)),
        "promoteurs dès 7": _c6_site_band(range(7, 11), range(0, 7)),
        "détracteurs jusqu'à 7": _c6_site_band(range(9, 11), range(0, 8)),
        "détracteurs jusqu'à 5": _c6_site_band(range(9, 11), range(0, 6)),
    },
    "c6.site_le_plus_faible": {
        "plus basse moyenne": _c6_lowest_mean,
        # the lowest of the learner's own wrong NPS per site (where it is not the right site)
        "report des promoteurs dès 7": _c6_site_band(range(7, 11), range(0, 7), lowest=True),
        "report des détracteurs jusqu'à 5": _c6_site_band(range(9, 11), range(0, 6), lowest=True),
    },
    # C11's mistakes are declared (test above); the knock-on ones only exist once the
    # learner's own net flows are wrong, so they need their generator
    "c11.van": {
        "report de flux faux": _c11_van_knock_on,
        "report d'un gain faux": _c11_gain_without_labour,
    },
    "c11.roi": {
        "report de flux faux": _c11_roi_knock_on,
        "report d'un gain faux": _c11_gain_without_labour,
    },
    "c11.delai_recuperation": {"report d'un gain faux": _c11_gain_without_labour},
    "c11.van_pessimiste": {"report d'un gain faux": _c11_gain_without_labour},
    "c11.indicateurs_concurrent": {"report d'un gain faux": _c11_gain_without_labour},
    "c11.flux_nets": {
        "report d'un gain faux": _c11_gain_without_labour,
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
        "sans le temps interne": _c15_hunting_without_internal,
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

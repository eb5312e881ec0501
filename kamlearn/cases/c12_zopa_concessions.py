"""C12 – the ZOPA (ZAPO) of the Aubrac renewal, the concessions/counterparts matrix and
compromise scenarios.

The seller's floor comes from the full cost and the minimum markup rate (taux de
marque, margin over the selling price); the buyer's maximum from its alternative: the
competitor's price plus the switching costs the client would bear itself.
"""

from __future__ import annotations

from typing import Any

from kamlearn.cases.base import Case

#: Quadrant codes of the concessions matrix (cost to Nexalys × value to the client), as
#: learners read and type them (the checks also take them without accents).
QUADRANTS = {
    "prioritaire": "coût faible pour nous, forte valeur pour le client : à concéder en priorité, contre contrepartie",
    "appoint": "coût faible, faible valeur : monnaie d'appoint pour débloquer un détail",
    "réserve": "coût élevé, forte valeur : à réserver pour conclure, contre une contrepartie forte",
    "éviter": "coût élevé, faible valeur : à éviter",
}
#: (concession, cost range €, client value range €): ranges straddle the thresholds for
#: some lines so that the matrix differs between learners.
CONCESSIONS = (
    ("Délai de paiement porté à 60 jours", (1500, 3500), (9000, 14000)),
    ("Formation complémentaire des techniciens", (2500, 6500), (8500, 13000)),
    ("Tableau de bord personnalisé pour la direction", (1000, 3000), (3000, 7000)),
    ("Remise de 3 % sur l'abonnement", (7000, 8500), (7000, 8500)),
    ("Astreinte 24 h/24 et 7 j/7", (14000, 22000), (10000, 16000)),
    ("Gel des prix pendant 3 ans", (6000, 11000), (9000, 12500)),
    ("Visite trimestrielle d'un expert vibratoire", (3000, 7000), (4000, 7500)),
    ("Engagement de disponibilité avec pénalités (SLA)", (5500, 9000), (12000, 18000)),
    ("Capteurs de rechange en stock sur chaque site", (9000, 14000), (2500, 6000)),
    ("Accès anticipé aux nouvelles fonctions", (500, 2000), (1500, 5000)),
    ("Rapport RSE trimestriel (énergie économisée)", (1500, 4500), (6500, 10000)),
    ("Extension de garantie des capteurs à 5 ans", (8000, 13000), (4000, 9000)),
)
#: Counterparts Nexalys can ask for, with the range of their estimated yearly value for
#: Nexalys as a share of the renewal's list price. A firm 3-year commitment secures three
#: years of billing and spares a renewal; two more plants bring volume; an exclusivity or
#: the data for our algorithms have a lasting value; a 30 % deposit is worth its financing;
#: signing early, a testimonial or a pilot site open to prospects help sales a little; a
#: single contact or a seat at a committee are worth little (decoys).
COUNTERPART_SHARES = {
    "Engagement ferme sur 3 ans": (0.10, 0.12),
    "Extension à deux usines supplémentaires": (0.06, 0.08),
    "Exclusivité sur la supervision vibratoire": (0.05, 0.065),
    "Accès aux données de maintenance pour nos algorithmes": (0.035, 0.045),
    "Acompte de 30 % à la commande": (0.025, 0.035),
    "Site pilote ouvert aux visites de prospects": (0.02, 0.03),
    "Signature avant la fin du trimestre": (0.015, 0.025),
    "Référence client et témoignage vidéo": (0.015, 0.025),
    "Interlocuteur unique achats–maintenance": (0.003, 0.008),
    "Participation au comité technique annuel": (0.003, 0.008),
}
COUNTERPARTS = tuple(COUNTERPART_SHARES)
#: The counterpart that brings volume: scenario « C – Volume contre prix » trades it.
VOLUME_COUNTERPART = "Extension à deux usines supplémentaires"
SWITCHING = (
    ("Migration des historiques de mesures", "client", (6000, 10000)),
    ("Formation des équipes au nouvel outil", "client", (4000, 8000)),
    ("Double exploitation pendant la bascule", "client", (5000, 9000)),
    ("Installation des nouveaux capteurs", "concurrent", (8000, 14000)),
    ("Paramétrage de la plateforme concurrente", "concurrent", (3000, 6000)),
)


def quadrant(cost: float, value: float, cost_threshold: float, value_threshold: float) -> str:
    """Quadrant code of a concession; thresholds are inclusive on the high side."""
    high_cost, high_value = cost >= cost_threshold, value >= value_threshold
    if high_value:
        return "réserve" if high_cost else "prioritaire"
    return "éviter" if high_cost else "appoint"


def one_to_one_pairing(costs, values) -> list[tuple[float, float]] | None:
    """Pair each cost with its own value at least as large (the costliest first, with the
    smallest value that pays it), or None when no such pairing exists."""
    left = sorted(values)
    pairs = []
    for cost in sorted(costs, reverse=True):
        fit = next((v for v in left if v >= cost), None)
        if fit is None:
            return None
        left.remove(fit)
        pairs.append((cost, fit))
    return pairs


def _paying(concessions, counterparts, cost_of, value_of) -> list[str]:
    """A counterpart for each concession, worth at least what it costs (the rule of part 5):
    for each concession, the first of ``counterparts`` (in their order) that pays it."""
    left, paid = list(counterparts), {}
    for concession in sorted(concessions, key=cost_of.get, reverse=True):  # costliest first
        fit = next((c for c in left if value_of[c] >= cost_of[concession]), None)
        paid[concession] = fit or max(left, key=value_of.get)
        left.remove(paid[concession])
    return [paid[c] for c in concessions]


class ZopaConcessionsCase(Case):
    name = "c12_zopa_concessions"
    company_id = "aubrac"

    def generate(self) -> dict[str, Any]:
        import pandas as pd

        from kamlearn.cases.storyline import aubrac_renewal

        rng = self.rng("negociation")
        list_price = aubrac_renewal(self.identity.cohort, self.identity.learner).list_price
        cost = float(round(list_price * rng.uniform(0.58, 0.63), -2))
        markup = round(float(rng.uniform(0.15, 0.20)), 2)
        floor = cost / (1 - markup)
        rows = [(p, who, float(round(rng.uniform(*r), -2))) for p, who, r in SWITCHING]
        switching = pd.DataFrame(rows, columns=["poste", "supporte_par", "montant_annualise_eur"])
        client_switch = switching.loc[
            switching["supporte_par"] == "client", "montant_annualise_eur"
        ].sum()
        buyer_max = floor + list_price * rng.uniform(0.06, 0.11)
        competitor = float(round(buyer_max - client_switch, -2))
        prix = pd.Series(
            {
                "prix_catalogue_eur": list_price,
                "cout_complet_eur": cost,
                "taux_marque_minimal": markup,
                "offre_concurrente_eur": competitor,
                "ancrage_acheteur_eur": float(round(list_price * 0.62, -3)),
            },
            name="valeur",
        )
        cost_threshold = float(round(rng.uniform(5500, 6500), -2))
        value_threshold = float(round(rng.uniform(7500, 8500), -2))
        concessions = pd.DataFrame(
            [
                {
                    "concession": name,
                    "cout_nexalys_eur": float(round(rng.uniform(*c), -2)),
                    "valeur_client_eur": float(round(rng.uniform(*v), -2)),
                }
                for name, c, v in CONCESSIONS
            ]
        )
        codes = [
            quadrant(c, v, cost_threshold, value_threshold)
            for c, v in zip(
                concessions["cout_nexalys_eur"], concessions["valeur_client_eur"], strict=True
            )
        ]
        # Every counterpart is valued within its plausible range; the draw is repeated
        # (rarely) until each concession to trade can be paid by its own counterpart.
        to_trade = [
            c
            for c, q in zip(concessions["cout_nexalys_eur"], codes, strict=True)
            if q in ("prioritaire", "réserve")
        ]
        for _ in range(100):
            values = {
                name: float(round(list_price * rng.uniform(lo, hi), -2))
                for name, (lo, hi) in COUNTERPART_SHARES.items()
            }
            if one_to_one_pairing(to_trade, values.values()) is not None:
                break
        else:  # pragma: no cover - the shares cover the costliest concessions
            raise RuntimeError("no counterpart set pays every concession to trade")
        contreparties = (
            pd.DataFrame(
                {"contrepartie": list(values), "valeur_nexalys_eur": list(values.values())}
            )
            .sample(frac=1, random_state=int(rng.integers(1 << 30)))
            .reset_index(drop=True)
        )
        seuils = pd.Series(
            {"seuil_cout_eur": cost_threshold, "seuil_valeur_eur": value_threshold}, name="valeur"
        )
        scenarios = self._scenarios(rng, prix, floor, buyer_max, concessions, codes, contreparties)
        return {
            "prix": prix,
            "couts_de_changement": switching,
            "concessions": concessions,
            "seuils": seuils,
            "contreparties": contreparties,
            "scenarios": scenarios,
        }

    @staticmethod
    def _scenarios(rng, prix, floor, buyer_max, concessions, codes, contreparties):
        import pandas as pd

        by_code = {
            q: [n for n, c in zip(concessions["concession"], codes, strict=True) if c == q]
            for q in QUADRANTS
        }
        cheap = (by_code["appoint"] or by_code["prioritaire"])[0]
        prio = by_code["prioritaire"][:2] or by_code["appoint"][:1]
        gesture = by_code["prioritaire"] + by_code["appoint"]
        big = gesture[int(rng.integers(len(gesture)))] if gesture else cheap
        strong = (by_code["réserve"] or by_code["prioritaire"] or [cheap])[0]
        volume = VOLUME_COUNTERPART
        cps = [
            str(c) for c in rng.permutation(contreparties["contrepartie"].tolist()) if c != volume
        ]
        cost_of = dict(zip(concessions["concession"], concessions["cout_nexalys_eur"], strict=True))
        value_of = dict(
            zip(contreparties["contrepartie"], contreparties["valeur_nexalys_eur"], strict=True)
        )
        by_value = contreparties.sort_values("valeur_nexalys_eur", ascending=False)
        best_cp = next(str(c) for c in by_value["contrepartie"] if c != volume)
        list_price, gap = prix["prix_catalogue_eur"], buyer_max - floor
        # Every package but D respects the rule « no concession without a counterpart »;
        # D is the trap the notebook teaches to refuse, A and C sit outside the ZAPO.
        rows = [
            ("A – Tenir le prix", buyer_max + list_price * rng.uniform(0.01, 0.03), [], []),
            (
                "B – Paquet équilibré",
                floor + gap * rng.uniform(0.30, 0.55),
                prio,
                _paying(prio, cps, cost_of, value_of),
            ),
            (
                "C – Volume contre prix",
                floor - list_price * rng.uniform(0.01, 0.03),
                [cheap],
                [volume],
            ),
            ("D – Geste commercial", floor + gap * rng.uniform(0.60, 0.95), [big], []),
            (
                "E – Engagement contre service",
                floor + gap * rng.uniform(0.15, 0.60),
                [strong],
                [best_cp],
            ),
        ]
        return pd.DataFrame(
            [
                {
                    "scenario": s,
                    "prix_eur": float(round(p, -2)),
                    "concessions": " ; ".join(c),
                    "contreparties": " ; ".join(k),
                }
                for s, p, c, k in rows
            ]
        )

    def context_markdown(self) -> str:
        from kamlearn.cases.storyline import aubrac_renewal, storyline_markdown

        renewal = aubrac_renewal(self.identity.cohort, self.identity.learner)
        return (
            f"{self.company.narrative}\n\n{storyline_markdown(renewal)}\n\n"
            f"Vous préparez la négociation du renouvellement avec **{renewal.buyer.name}**, la nouvelle "
            f"{renewal.buyer.title}. Elle a ouvert la discussion en annonçant un budget très "
            "bas et une offre concurrente moins chère. Avant d'entrer en salle, vous voulez "
            "connaître votre **zone d'accord possible (ZAPO)**, préparer votre **matrice "
            "concessions / contreparties** et comparer quelques **scénarios de compromis**.\n\n"
            "Tous les montants sont annuels (contrat de service annuel, coûts de changement "
            "annualisés sur la durée du contrat)."
        )


CASE_CLASS = ZopaConcessionsCase

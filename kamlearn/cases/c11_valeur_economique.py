"""C11 – the economic value of the offer: gains, FTE, TCO, net flows, NPV, ROI, payback.

Half the learners work on the renewal at Groupe Aubrac Industries (an industrial client
that reasons in capital expenditure and depreciation), the other half on the roll-out at
Cortexa Services (a digital-services client that reasons in operating expenditure and
EBITDA). The client is drawn from the learner's seed.
"""

from __future__ import annotations

from typing import Any

from kamlearn.cases.base import Case
from kamlearn.cases.identity import Identity

OFFERS = ("Nexalys", "Concurrent")
#: Machine types per client: (name, downtime hours/year range, € per downtime hour range,
#: expected downtime reduction range).
MACHINES = {
    "aubrac": (
        ("Centre d'usinage 5 axes", (8, 22), (900, 1400), (0.30, 0.45)),
        ("Tour à commande numérique", (6, 18), (500, 900), (0.25, 0.40)),
        ("Presse hydraulique", (5, 16), (700, 1200), (0.20, 0.35)),
        ("Compresseur d'air", (4, 12), (250, 500), (0.35, 0.50)),
        ("Four de traitement thermique", (5, 14), (800, 1300), (0.20, 0.30)),
    ),
    "cortexa": (
        ("Groupe froid", (2, 7), (2000, 3500), (0.30, 0.45)),
        ("Onduleur", (1, 4), (3500, 6000), (0.20, 0.35)),
        ("Armoire de climatisation", (2, 8), (1500, 2500), (0.30, 0.45)),
        ("Groupe électrogène", (1, 3), (3000, 5000), (0.15, 0.30)),
        ("Tour de refroidissement", (2, 6), (1800, 3000), (0.25, 0.40)),
    ),
}
#: Cost lines of both offers: (poste, nature, Nexalys range, competitor range), in euros
#: per equipment (once for the investment lines, per year for the yearly lines).
COST_LINES = (
    ("Capteurs et installation", "investissement", (3300, 3700), (2500, 2800)),
    ("Intégration GMAO / supervision", "investissement", (300, 400), (200, 280)),
    ("Formation des équipes", "investissement", (120, 180), (60, 100)),
    ("Abonnement plateforme", "annuel", (480, 540), (420, 470)),
    ("Maintenance des capteurs", "annuel", (220, 280), (300, 480)),
)
#: At Aubrac, Nexalys is already installed: choosing the competitor means a switch the
#: client pays once (history migration, training on the new tool, double running), per
#: piece of equipment of the installed base; renewing Nexalys costs no switch.
SWITCH_LINE = ("Bascule depuis l'installation en place", "investissement", (150, 250))
#: The competitor each learner meets: (share of learners, share of Nexalys' expected
#: reductions its offer achieves, from its references, and its yearly sensor maintenance
#: per piece of equipment, €). A *challenger* (periodic readings, no vibration analysis) is
#: cheaper to buy but dearer to maintain and less effective: Nexalys wins on value and
#: payback, and nearly always on the TCO. A *strong* competitor (vibration analysis too, maintenance priced low to win
#: the account) is nearly as effective and cheaper to own: it wins on the TCO, often on
#: the payback and sometimes on the NPV, and the learner must weigh the criteria and argue
#: beyond the price (risk of the switch, references, the client's own criteria).
COMPETITOR_PROFILES = {
    "challenger": (0.65, (0.60, 0.80), (560, 680)),
    "fort": (0.35, (0.88, 0.97), (250, 330)),
}
ACCOUNTING_CONTEXT = {
    "aubrac": (
        "**Contexte comptable.** Aubrac raisonne en *investissements* (CAPEX) amortis sur 5 ans : "
        "la direction financière regarde la VAN au taux de 8 à 10 % et un délai de récupération "
        "inférieur à 3 ans. La nouvelle directrice des achats doit afficher 8 % d'économies sur les "
        "achats de services, et le renouvellement est mis en concurrence."
    ),
    "cortexa": (
        "**Contexte comptable.** Cortexa publie ses comptes en IFRS et pilote son EBITDA : elle "
        "préfère les charges d'exploitation (OPEX) récurrentes aux gros investissements, suit le "
        "coût par baie hébergée et doit justifier chaque dépense auprès d'un comité "
        "d'investissement à Bruxelles. Le déploiement sur tous ses centres de données est en jeu."
    ),
}


class EconomicValueCase(Case):
    name = "c11_valeur_economique"
    company_id = "aubrac"

    def __init__(self, identity: Identity):
        super().__init__(identity)
        # Shadows the class default: the client depends on the learner.
        self.company_id = ("aubrac", "cortexa")[int(self.rng("client").integers(2))]

    @property
    def competitor_profile(self) -> str:
        """« challenger » or « fort »: the competitor this learner meets (its own stream)."""
        strong = self.rng("concurrent").random() < COMPETITOR_PROFILES["fort"][0]
        return "fort" if strong else "challenger"

    def generate(self) -> dict[str, Any]:
        import pandas as pd

        rng = self.rng("parc")
        sites = list(self.company.sites)
        if self.company_id == "cortexa":
            from kamlearn.cases.storyline_clients import cortexa_facts

            sites = list(cortexa_facts(self.identity.cohort, self.identity.learner).rollout_sites)
        kinds = MACHINES[self.company_id]
        profile = {
            name: (hours, cost, red, float(rng.uniform(0.25, 0.45)))
            for name, hours, cost, red in kinds
        }
        renewal = None
        if self.company_id == "cortexa":
            n = cortexa_facts(self.identity.cohort, self.identity.learner).rollout_equipment
        else:
            from kamlearn.cases.storyline import aubrac_renewal

            renewal = aubrac_renewal(self.identity.cohort, self.identity.learner)
            n = renewal.equipment
            sites = list(renewal.plants)  # the installed base is on the equipped plants
        rows = []
        for i in range(n):
            kind = kinds[int(rng.integers(len(kinds)))][0]
            hours, cost, red, maint_red = profile[kind]
            rows.append(
                {
                    "id_equipement": f"EQ-{i + 1:04d}",
                    "site": sites[int(rng.integers(len(sites)))],
                    "type_equipement": kind,
                    "heures_arret_an": round(float(rng.uniform(*hours)), 1),
                    "cout_heure_arret_eur": int(round(float(rng.uniform(*cost)), -1)),
                    "reduction_arret_attendue": round(float(rng.uniform(*red)), 3),
                    "heures_maintenance_corrective_an": round(float(rng.uniform(8, 40)), 1),
                    "reduction_maintenance_attendue": round(maint_red, 3),
                }
            )
        parc = pd.DataFrame(rows)
        _, efficiency, maintenance = COMPETITOR_PROFILES[self.competitor_profile]
        offres_rows = []
        for poste, nature, ours, theirs in COST_LINES:
            if poste == "Maintenance des capteurs":
                theirs = maintenance
            for offer, bounds in zip(OFFERS, (ours, theirs), strict=True):
                unit = int(round(float(rng.uniform(*bounds)), 0))
                if (
                    renewal is not None
                    and offer == "Nexalys"
                    and poste in dict(renewal.unit_prices)
                ):
                    unit = dict(renewal.unit_prices)[poste]  # the renewal's own prices
                offres_rows.append(
                    {"offre": offer, "poste": poste, "nature": nature, "montant_eur": unit * n}
                )
        if renewal is not None:
            poste, nature, bounds = SWITCH_LINE
            unit = int(round(float(rng.uniform(*bounds)), 0))
            offres_rows += [
                {"offre": "Nexalys", "poste": poste, "nature": nature, "montant_eur": 0},
                {"offre": "Concurrent", "poste": poste, "nature": nature, "montant_eur": unit * n},
            ]
        offres = pd.DataFrame(offres_rows)
        hypotheses = pd.DataFrame(
            [
                {
                    "hypothese": "taux_actualisation",
                    "valeur": round(float(rng.uniform(0.08, 0.10)), 3),
                },
                {
                    "hypothese": "montee_en_charge_annee_1",
                    "valeur": round(float(rng.uniform(0.5, 0.7)), 2),
                },
                {"hypothese": "cout_horaire_technicien_eur", "valeur": int(rng.integers(48, 59))},
                {
                    "hypothese": "decote_scenario_pessimiste",
                    "valeur": round(float(rng.uniform(0.25, 0.40)), 2),
                },
                {
                    # share of the expected reductions the competitor's offer achieves
                    # (periodic readings, no vibration analysis: from its references)
                    "hypothese": "efficacite_concurrent",
                    "valeur": round(float(rng.uniform(*efficiency)), 2),
                },
            ]
        ).set_index("hypothese")["valeur"]
        return {"parc": parc, "offres": offres, "hypotheses": hypotheses}

    def context_markdown(self) -> str:
        n = len(self.data["parc"])
        if self.company_id == "aubrac":
            deal = (
                "Le contrat-cadre arrive à renouvellement et un concurrent propose une offre moins "
                "chère à l'achat. Vous préparez la proposition financière de renouvellement : "
                "mise à niveau des capteurs et nouveau contrat de service sur 5 ans. Le client a "
                "trois options : renouveler avec Nexalys, passer au concurrent (qui remplace les "
                "capteurs en place, et le client paie la bascule), ou le **statu quo** : ne pas "
                "renouveler et revenir à la maintenance corrective, avec les heures d'arrêt "
                "mesurées avant le premier contrat (celles du parc ci-dessous)."
            )
        else:
            from kamlearn.cases.storyline_clients import cortexa_facts, cortexa_markdown

            deal = (
                "Après le pilote réussi, vous proposez le déploiement de Nexalys sur les autres "
                "centres de données ; un concurrent a remis une offre moins chère à l'achat. "
                "Le client a trois options : Nexalys, le concurrent, ou le **statu quo** (rester "
                "en maintenance corrective sur ces centres).\n\n"
                + cortexa_markdown(cortexa_facts(self.identity.cohort, self.identity.learner))
            )
        return (
            f"{self.company.narrative}\n\n{deal}\n\n{ACCOUNTING_CONTEXT[self.company_id]}\n\n"
            f"Vous disposez du **parc de {n} équipements** concernés (heures d'arrêt, coût d'une "
            f"heure d'arrêt, heures de maintenance corrective, réductions attendues d'après le "
            f"pilote), du **détail des deux offres** (Nexalys et le concurrent) et des "
            f"**hypothèses** validées avec le contrôle de gestion du client."
        )


CASE_CLASS = EconomicValueCase

"""C11 – the economic value of the offer: gains, FTE, TCO, net flows, NPV, ROI, payback.

Half the learners work on the renewal at Groupe Aubrac Industries (an industrial client
that reasons in capital expenditure and depreciation), the other half on the roll-out at
Cortexa Services (a digital-services client that reasons in operating expenditure and
EBITDA). The client is drawn from the learner's seed.
"""

from __future__ import annotations

from typing import Any

from kamlearn import conventions as conv
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
    ("Maintenance des capteurs", "annuel", (220, 280), (650, 750)),
)
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


def npv(investment: float, flows, rate: float) -> float:
    """NPV with the workbook's convention: investment at t=0, flows from t=1."""
    start = conv.NPV_FIRST_FLOW_PERIOD
    return -investment + sum(f / (1 + rate) ** (start + i) for i, f in enumerate(flows))


def payback_years(investment: float, flows) -> float:
    """Years until the cumulative cash flow turns positive, interpolated within the year."""
    cumulative = -investment
    for year, flow in enumerate(flows, start=1):
        if flow > 0 and cumulative + flow >= 0:
            return year - 1 + (-cumulative) / flow
        cumulative += flow
    return float("inf")


class EconomicValueCase(Case):
    name = "c11_valeur_economique"
    company_id = "aubrac"

    def __init__(self, identity: Identity):
        super().__init__(identity)
        # Shadows the class default: the client depends on the learner.
        self.company_id = ("aubrac", "cortexa")[int(self.rng("client").integers(2))]

    def generate(self) -> dict[str, Any]:
        import pandas as pd

        rng = self.rng("parc")
        sites = list(self.company.sites)
        kinds = MACHINES[self.company_id]
        profile = {
            name: (hours, cost, red, float(rng.uniform(0.25, 0.45)))
            for name, hours, cost, red in kinds
        }
        n = int(rng.integers(180, 281))
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
        offres_rows = []
        for poste, nature, ours, theirs in COST_LINES:
            for offer, bounds in zip(OFFERS, (ours, theirs), strict=True):
                unit = int(round(float(rng.uniform(*bounds)), 0))
                offres_rows.append(
                    {"offre": offer, "poste": poste, "nature": nature, "montant_eur": unit * n}
                )
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
            ]
        ).set_index("hypothese")["valeur"]
        return {"parc": parc, "offres": offres, "hypotheses": hypotheses}

    # --- the answers --------------------------------------------------------------------

    def hypothesis(self, key: str) -> float:
        return float(self.data["hypotheses"][key])

    def costs(self, offer: str, nature: str, *, exclude: tuple[str, ...] = ()) -> float:
        df = self.data["offres"]
        mask = (df["offre"] == offer) & (df["nature"] == nature) & ~df["poste"].isin(exclude)
        return float(df.loc[mask, "montant_eur"].sum())

    def yearly_gain(self, factor: float = 1.0) -> float:
        """Full-rate yearly gain; ``factor`` scales the expected reductions."""
        p = self.data["parc"]
        downtime = (
            p["heures_arret_an"] * p["cout_heure_arret_eur"] * p["reduction_arret_attendue"]
        ).sum()
        labour = self.hours_saved() * self.hypothesis("cout_horaire_technicien_eur")
        return float((downtime + labour) * factor)

    def hours_saved(self) -> float:
        p = self.data["parc"]
        return float(
            (p["heures_maintenance_corrective_an"] * p["reduction_maintenance_attendue"]).sum()
        )

    def tco(
        self, offer: str, *, years: int = conv.TCO_YEARS, exclude: tuple[str, ...] = ()
    ) -> float:
        return self.costs(offer, "investissement", exclude=exclude) + years * self.costs(
            offer, "annuel", exclude=exclude
        )

    def net_flows(self, factor: float = 1.0, *, yearly_cost: float | None = None) -> list[float]:
        gain = self.yearly_gain(factor)
        ramp = self.hypothesis("montee_en_charge_annee_1")
        cost = self.costs("Nexalys", "annuel") if yearly_cost is None else yearly_cost
        return [gain * (ramp if t == 1 else 1.0) - cost for t in range(1, conv.TCO_YEARS + 1)]

    def compute_expected(self) -> dict[str, Any]:
        invest = self.costs("Nexalys", "investissement")
        flows = self.net_flows()
        rate = self.hypothesis("taux_actualisation")
        tco = {offer: self.tco(offer) for offer in OFFERS}
        gains_total = sum(f + self.costs("Nexalys", "annuel") for f in flows)
        cumulative = [-invest]
        for f in flows:
            cumulative.append(cumulative[-1] + f)
        return {
            "gain_annuel": self.yearly_gain(),
            "etp_liberes": self.hours_saved() / conv.FTE_HOURS_PER_YEAR,
            "tco": tco,
            "flux_nets": flows,
            "van": npv(invest, flows, rate),
            "roi": conv.roi_percent(gains_total, tco["Nexalys"]),
            "delai_recuperation": payback_years(invest, flows),
            "cumul": cumulative,
            "van_pessimiste": npv(
                invest, self.net_flows(1 - self.hypothesis("decote_scenario_pessimiste")), rate
            ),
            "investissement": invest,
        }

    def context_markdown(self) -> str:
        n = len(self.data["parc"])
        if self.company_id == "aubrac":
            deal = (
                "Le contrat-cadre arrive à renouvellement et un concurrent propose une offre moins "
                "chère à l'achat. Vous préparez la proposition financière de renouvellement : "
                "mise à niveau des capteurs et nouveau contrat de service sur 5 ans."
            )
        else:
            deal = (
                "Après le pilote réussi, vous proposez le déploiement de Nexalys sur les autres "
                "centres de données ; un concurrent a remis une offre moins chère à l'achat."
            )
        return (
            f"{self.company.narrative}\n\n{deal}\n\n{ACCOUNTING_CONTEXT[self.company_id]}\n\n"
            f"Vous disposez du **parc de {n} équipements** concernés (heures d'arrêt, coût d'une "
            f"heure d'arrêt, heures de maintenance corrective, réductions attendues d'après le "
            f"pilote), du **détail des deux offres** (Nexalys et le concurrent) et des "
            f"**hypothèses** validées avec le contrôle de gestion du client."
        )


CASE_CLASS = EconomicValueCase

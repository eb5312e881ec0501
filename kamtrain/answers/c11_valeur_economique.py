"""C11 answers: yearly gain, TCO, net flows, NPV, ROI and payback of the offer."""

from __future__ import annotations

from typing import Any

from kamlearn import conventions as conv
from kamlearn.cases.c11_valeur_economique import OFFERS
from kamtrain.answers import TrustedCase


class Trusted(TrustedCase):
    """The C11 case with the intermediate amounts its checks also read."""

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


def compute_expected(case) -> dict[str, Any]:
    invest = case.costs("Nexalys", "investissement")
    flows = case.net_flows()
    rate = case.hypothesis("taux_actualisation")
    tco = {offer: case.tco(offer) for offer in OFFERS}
    gains_total = sum(f + case.costs("Nexalys", "annuel") for f in flows)
    cumulative = [-invest]
    for f in flows:
        cumulative.append(cumulative[-1] + f)
    return {
        "gain_annuel": case.yearly_gain(),
        "etp_liberes": case.hours_saved() / conv.FTE_HOURS_PER_YEAR,
        "tco": tco,
        "flux_nets": flows,
        "van": conv.npv(invest, flows, rate),
        "roi": conv.roi_percent(gains_total, tco["Nexalys"]),
        "delai_recuperation": conv.payback_years(invest, flows),
        "cumul": cumulative,
        "van_pessimiste": conv.npv(
            invest, case.net_flows(1 - case.hypothesis("decote_scenario_pessimiste")), rate
        ),
        "investissement": invest,
        **competitor_expected(case, flows),
    }


def competitor_flows(case, *, efficiency: float | None = None, yearly_cost: float | None = None):
    """Net flows of the competitor's offer against the status quo: the gains it achieves
    (its efficiency × the expected reductions, same ramp-up) minus its yearly costs."""
    eff = case.hypothesis("efficacite_concurrent") if efficiency is None else efficiency
    cost = case.costs("Concurrent", "annuel") if yearly_cost is None else yearly_cost
    return case.net_flows(eff, yearly_cost=cost)


def competitor_expected(case, flows) -> dict[str, Any]:
    """The competitor's offer against the status quo, and Nexalys' against the competitor."""
    rate = case.hypothesis("taux_actualisation")
    invest = case.costs("Nexalys", "investissement")
    invest_c = case.costs("Concurrent", "investissement")
    flows_c = competitor_flows(case)
    van, van_c = conv.npv(invest, flows, rate), conv.npv(invest_c, flows_c, rate)
    gains_c = sum(f + case.costs("Concurrent", "annuel") for f in flows_c)
    return {
        "indicateurs_concurrent": {
            "van": van_c,
            "roi": conv.roi_percent(gains_c, case.tco("Concurrent")),
            "delai_recuperation": conv.payback_years(invest_c, flows_c),
        },
        "comparaison_concurrent": {
            "ecart_van": van - van_c,
            "delai_surcout": conv.payback_years(
                invest - invest_c, [a - b for a, b in zip(flows, flows_c, strict=True)]
            ),
        },
    }

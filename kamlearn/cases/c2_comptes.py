"""C2 – reading a key account's 3-year accounts, its business model and the ABP's SWOT."""

from __future__ import annotations

from typing import Any

from kamlearn import conventions as conv
from kamlearn.cases.base import Case
from kamlearn.cases.storyline import aubrac_renewal

YEARS = (2022, 2023, 2024)
SCENARIOS = {
    "dso": "Délai de paiement clients",
    "marge": "Rentabilité",
    "endettement": "Endettement",
}
SWOT_QUADRANTS = ("Forces", "Faiblesses", "Opportunités", "Menaces")
#: SWOT statements of the ABP (their quadrants live on the trainer side).
SWOT_STATEMENTS = (
    "Nexalys équipe 4 des 6 usines françaises d'Aubrac depuis 2019.",
    "Les alertes de Nexalys ont évité deux arrêts de ligne coûteux l'an dernier.",
    "La directrice maintenance groupe soutient activement Nexalys.",
    "Votre présence sur site (2/3 de votre temps) vous fait connaître tous les chefs d'atelier.",
    "Les factures de Nexalys sont régulièrement contestées par la comptabilité d'Aubrac.",
    "Nexalys n'a aucun contact avec la nouvelle directrice des achats groupe.",
    "Les fausses alertes de nuit agacent les équipes de production.",
    "Nexalys n'a aucune autre référence dans l'aéronautique.",
    "Aubrac s'est engagé à réduire de 30 % les émissions de ses usines d'ici 2030.",
    "Aubrac construit une usine au Maroc, qui ouvrira en 2027.",
    "Un avionneur client d'Aubrac double ses cadences de production.",
    "La CSRD oblige Aubrac à publier des indicateurs énergétiques fiables.",
    "La directrice des achats annonce une mise en concurrence au renouvellement.",
    "Voltena propose à Aubrac un abonnement tout compris moins cher.",
    "Le ralentissement du marché automobile pèse sur les volumes d'Aubrac.",
    "Aubrac envisage d'internaliser l'analyse des données de maintenance.",
)
N_STATEMENTS = 12


class AccountsCase(Case):
    name = "c2_comptes"
    company_id = "aubrac"

    def _scenario(self) -> str:
        return list(SCENARIOS)[int(self.rng("scenario").integers(len(SCENARIOS)))]

    def generate(self) -> dict[str, Any]:
        import pandas as pd

        rng = self.rng("comptes")
        scenario = self._scenario()
        ca_last = float(self.company.facts.get("chiffre_affaires_meur", 620)) * float(
            rng.uniform(0.95, 1.05)
        )
        growth = float(rng.uniform(0.01, 0.05))
        purchases = float(rng.uniform(0.46, 0.52))
        dso = float(rng.uniform(58, 68))
        gearing = float(rng.uniform(0.35, 0.55))
        export = float(rng.uniform(0.30, 0.45))  # aerospace and automotive customers abroad
        rows = []
        for k, year in enumerate(YEARS):
            ca = ca_last / (1 + growth) ** (len(YEARS) - 1 - k)
            drift = k / (len(YEARS) - 1)
            p = purchases + (0.05 * drift if scenario == "marge" else float(rng.normal(0, 0.003)))
            d = dso + (30 * drift if scenario == "dso" else float(rng.normal(0, 1.5)))
            extra = 0.75 * drift if scenario == "endettement" else 0.0
            g = gearing + (extra or float(rng.normal(0, 0.02)))
            x = round(export + float(rng.normal(0, 0.01)), 3)
            row = {
                "annee": year,
                "chiffre_affaires": ca,
                "achats_consommes": ca * p,
                "charges_externes": ca * float(rng.uniform(0.12, 0.14)),
                "impots_taxes": ca * 0.015,
                "charges_personnel": ca * float(rng.uniform(0.22, 0.24)),
                "dotations_amortissements": ca * 0.045,
                "immobilisations_nettes": ca * float(rng.uniform(0.55, 0.65)),
                "stocks": ca * float(rng.uniform(0.13, 0.17)),
                "part_ca_export": x,
                "creances_clients": conv.revenue_incl_vat(ca, x) * d / conv.DSO_DAYS_PER_YEAR,
                "autres_creances": ca * float(rng.uniform(0.015, 0.025)),
                # prepaid expenses (insurance, leases, service contracts): 1.2 % of revenue,
                # enough that keeping them in the quick ratio is a visible mistake
                "charges_constatees_avance": ca * 0.012,
                "dettes_fournisseurs": ca * float(rng.uniform(0.11, 0.13)),
                "dettes_fiscales_sociales": ca * float(rng.uniform(0.07, 0.08)),
            }
            equity = ca * float(rng.uniform(0.45, 0.5))
            debt = equity * g
            # the extra debt of the « endettement » story finances an acquisition (fixed
            # assets), not cash: the net gearing rises too
            row["immobilisations_nettes"] += equity * extra
            row.update(
                capitaux_propres=equity,
                dettes_financieres_lt=debt * 0.8,
                dettes_financieres_ct=debt * 0.2,
            )
            actif = sum(
                row[c]
                for c in (
                    "immobilisations_nettes",
                    "stocks",
                    "creances_clients",
                    "autres_creances",
                    "charges_constatees_avance",
                )
            )
            passif = sum(
                row[c]
                for c in (
                    "capitaux_propres",
                    "dettes_financieres_lt",
                    "dettes_financieres_ct",
                    "dettes_fournisseurs",
                    "dettes_fiscales_sociales",
                )
            )
            # Cash balances the sheet; a minimum cash keeps the accounts plausible.
            row["disponibilites"] = max(passif - actif, ca * 0.02)
            row["capitaux_propres"] += row["disponibilites"] - (passif - actif)
            rows.append({k2: (round(v, 1) if isinstance(v, float) else v) for k2, v in row.items()})
        comptes = pd.DataFrame(rows).set_index("annee")
        renewal = aubrac_renewal(self.identity.cohort, self.identity.learner)
        budget = renewal.addressable_budget / 1000
        relation = pd.DataFrame(
            {
                "annee": list(YEARS),
                "ca_nexalys_chez_aubrac_keur": [round(b / 1000) for b in renewal.billing_by_year],
                "budget_maintenance_surveillance_aubrac_keur": [
                    round(budget * float(rng.uniform(0.94, 0.98))),
                    round(budget * float(rng.uniform(0.97, 1.0))),
                    round(budget),
                ],
            }
        )
        order = self._swot_order()
        swot = pd.DataFrame(
            {
                "id": [f"A{i + 1:02d}" for i in range(N_STATEMENTS)],
                "constat": [SWOT_STATEMENTS[k] for k in order],
            }
        )
        return {"comptes": comptes, "relation": relation, "swot": swot}

    def _swot_order(self) -> list[int]:
        return [int(k) for k in self.rng("swot").permutation(len(SWOT_STATEMENTS))[:N_STATEMENTS]]

    def context_markdown(self) -> str:
        from kamlearn.cases.storyline import footprint_markdown, storyline_markdown

        renewal = aubrac_renewal(self.identity.cohort, self.identity.learner)
        return (
            f"{self.company.narrative}\n\n{storyline_markdown(renewal)} {footprint_markdown()}\n\n"
            "Avant le renouvellement, vous préparez la **revue de compte stratégique** d'Aubrac "
            "et la mise à jour de son *Account Business Plan* (ABP). Vous avez récupéré les "
            "comptes publiés du groupe sur trois exercices (en M€, au 31 décembre), le chiffre "
            "d'affaires que Nexalys réalise chez Aubrac et une estimation du budget annuel "
            "d'Aubrac en surveillance et maintenance prédictive des équipements, hors facture "
            "d'énergie (en k€)."
        )


CASE_CLASS = AccountsCase

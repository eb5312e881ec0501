"""C9 – the Distrimax tender: a MEDDIC deal review and a value proposition with its value.

The learner receives the information collected during the pre-sale (notes to classify
in MEDDIC, with one or two letters deliberately left empty) and the perimeter of the
tender (one row per store) to compute the value of the Nexalys offer against a
competitor's. Yearly values; installation costs are spread over
:data:`kamlearn.conventions.TCO_YEARS` years.
"""

from __future__ import annotations

from typing import Any

from kamlearn.cases.base import Case

#: MEDDIC letters, in order, with their French label.
MEDDIC = {
    "M": "Metrics (indicateurs de gain)",
    "E": "Economic buyer (décideur économique)",
    "DC": "Decision criteria (critères de décision)",
    "DP": "Decision process (processus de décision)",
    "I": "Identify pain (douleurs identifiées)",
    "C": "Champion (allié interne)",
}
#: The bank of collected information: (MEDDIC letter, note in French).
NOTES = (
    ("M", "Objectif RSE affiché : −30 % de consommation électrique des magasins d'ici 2030."),
    ("M", "Le contrôleur de gestion veut un retour sur investissement inférieur à 3 ans."),
    ("M", "La direction technique suit le nombre d'interventions froid par magasin et par mois."),
    ("M", "Cible interne : diviser par deux la casse de denrées liée aux pannes de froid."),
    ("E", "Le directeur financier groupe signe tous les engagements au-delà de 2 M€."),
    ("E", "Le budget relève de la directrice Énergie et RSE, membre du comité exécutif."),
    ("E", "Le directeur général arbitrera personnellement entre les deux finalistes."),
    ("DC", "Grille de notation de l'appel d'offres : 40 % prix, 35 % technique, 25 % RSE."),
    ("DC", "Compatibilité exigée avec les automates de froid Carel et Danfoss déjà installés."),
    (
        "DC",
        "Le cahier des charges impose un engagement de disponibilité de la plateforme de 99,5 %.",
    ),
    ("DC", "Une référence dans la grande distribution alimentaire est éliminatoire si absente."),
    ("DP", "Remise des offres dans six semaines, soutenance des deux finalistes un mois après."),
    ("DP", "Un pilote de trois mois sur dix magasins est prévu avant le déploiement national."),
    ("DP", "Le comité d'investissement se réunit le premier mardi de chaque trimestre."),
    ("DP", "Les achats indirects pilotent la consultation et consolident les notes des fonctions."),
    ("I", "Trois pannes de chambre froide l'été dernier ont coûté plus de 400 k€ de denrées."),
    ("I", "La facture d'électricité a augmenté de 38 % en deux ans malgré les plans d'économies."),
    ("I", "Les alarmes de froid arrivent la nuit sur des téléphones que personne ne consulte."),
    ("I", "Les magasins n'ont aucune visibilité sur leur consommation avant la facture mensuelle."),
    (
        "C",
        "Le responsable maintenance de la région Nord a testé nos capteurs et veut les généraliser.",
    ),
    ("C", "La cheffe de projet énergie nous a transmis en avance la grille de notation."),
    (
        "C",
        "Un directeur régional, ancien client de Nexalys, plaide pour notre solution en interne.",
    ),
)
SOURCES = (
    "Entretien de découverte",
    "Réunion avec les achats",
    "Visite de magasin",
    "Appel téléphonique",
    "Cahier des charges",
    "Déjeuner d'affaires",
)
FORMATS = ("Hypermarché", "Supermarché", "Proximité")


class AppelOffresCase(Case):
    name = "c9_appel_offres"
    company_id = "distrimax"

    def generate(self) -> dict[str, Any]:
        import pandas as pd

        rng = self.rng("revue")
        letters = list(MEDDIC)
        # One or two letters have nothing collected yet, so that "what is missing"
        # differs between learners.
        n_missing = int(rng.integers(1, 3))
        missing = sorted(
            (letters[int(i)] for i in rng.choice(len(letters), n_missing, replace=False)),
            key=letters.index,
        )
        pool = [i for i, (letter, _) in enumerate(NOTES) if letter not in missing]
        chosen = sorted(int(i) for i in rng.permutation(pool)[: min(len(pool), 14)])
        order = rng.permutation(len(chosen))
        rows = []
        for rank, k in enumerate(order):
            idx = chosen[int(k)]
            rows.append(
                {
                    "id_info": f"INF-{rank + 1:02d}",
                    "source": SOURCES[int(rng.integers(len(SOURCES)))],
                    "information": NOTES[idx][1],
                }
            )
        infos = pd.DataFrame(rows)

        from kamlearn.cases.storyline_clients import distrimax_facts

        facts = distrimax_facts(self.identity.cohort, self.identity.learner)
        rng = self.rng("perimetre")
        regions = [s for s in self.company.sites if s.startswith("Région")]
        n = facts.stores_in_first_lot
        stores = []
        for i in range(n):
            fmt = FORMATS[int(rng.choice(3, p=[0.25, 0.45, 0.30]))]
            base = {"Hypermarché": 3_200_000, "Supermarché": 1_100_000, "Proximité": 380_000}[fmt]
            stores.append(
                {
                    "id_magasin": f"DMX-{i + 1:03d}",
                    "region": regions[int(rng.integers(len(regions)))],
                    "format": fmt,
                    "conso_kwh_an": int(base * rng.uniform(0.75, 1.25)),
                    "part_froid": round(float(rng.uniform(0.40, 0.55)), 3),
                    "pertes_denrees_eur_an": int(base / 100 * rng.uniform(0.5, 1.6)),
                }
            )
        magasins = pd.DataFrame(stores)
        competitor = facts.competitor
        offres = pd.DataFrame(
            [
                {
                    "fournisseur": "Nexalys",
                    "economie_froid_pct": round(float(rng.uniform(14, 18)), 1),
                    "reduction_pertes_pct": round(float(rng.uniform(45, 60)), 0),
                    "abonnement_eur_magasin_an": int(rng.integers(24, 31)) * 100,
                    "installation_eur_magasin": int(rng.integers(60, 81)) * 100,
                },
                {
                    "fournisseur": competitor,
                    "economie_froid_pct": round(float(rng.uniform(9, 12)), 1),
                    "reduction_pertes_pct": round(float(rng.uniform(15, 25)), 0),
                    "abonnement_eur_magasin_an": int(rng.integers(17, 22)) * 100,
                    "installation_eur_magasin": int(rng.integers(40, 56)) * 100,
                },
            ]
        )
        prix = round(float(rng.uniform(0.15, 0.19)), 3)
        return {
            "infos": infos,
            "magasins": magasins,
            "offres": offres,
            "concurrent": competitor,
            "prix_kwh_eur": prix,
        }

    def context_markdown(self) -> str:
        n = len(self.data["magasins"])
        return (
            f"{self.company.narrative}\n\n"
            f"Distrimax a publié son appel d'offres « supervision énergétique et maintenance "
            f"prédictive du froid commercial ». Le premier lot porte sur **{n} magasins**. "
            f"Vous pilotez la réponse de Nexalys avec l'avant-vente, les services et la finance. "
            f"Votre principal concurrent est **{self.data['concurrent']}**, moins cher mais moins "
            f"performant. Avant de rédiger la proposition, vous faites la **revue d'affaires** "
            f"(MEDDIC) avec votre équipe et vous chiffrez la valeur de l'offre pour le client."
        )


CASE_CLASS = AppelOffresCase

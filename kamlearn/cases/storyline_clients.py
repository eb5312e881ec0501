"""Shared facts of the two other client accounts, one set per learner variant.

Like :func:`kamlearn.cases.storyline.aubrac_renewal` for Aubrac, every notebook that
mentions Distrimax (C4, C7, C9, C10) or Cortexa (C11, C15, C18) reads the company's
size, its people and the numbers that must agree from here:

* **Distrimax**, the account to conquer: its buying centre for the energy-supervision
  tender (the same people in the organisation chart, the discovery interview and the
  client jury), the stores of the tender's first lot and the main competitor;
* **Cortexa**, the account in roll-out: the pilot data centre, the data centres and the
  equipment of the roll-out (the C11 business case, the C15 project, the C18 team), and
  the people who sponsor and buy it.

The company's size (revenue, staff, stores or data centres) is the company file's
(``cases/companies/*.yml``). Pure and seeded by ``(cohort, learner)``; no expected answer
lives here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from kamlearn.cases.seeding import seed_for
from kamlearn.cases.storyline import Person

#: Distrimax's buying centre for the tender (C4 organisation chart, C7, C9, C10 jury).
DISTRIMAX_PEOPLE = (
    Person("Claire Lefèvre", "directrice Énergie et RSE", "décideur"),
    Person("Antoine Garnier", "directeur financier", "décideur"),
    Person("Nadia Roussel", "acheteuse indirecte", "acheteur"),
    Person("Paul Benali", "directeur technique", "prescripteur"),
    Person("Julie Moreau", "directrice d'exploitation des magasins", "utilisateur"),
)
#: Nexalys' competitors on the Distrimax tender.
DISTRIMAX_COMPETITORS = ("Voltaris", "Frigonet", "EnerSkan")

#: Cortexa's people on the roll-out (C11 business case, C15 project, C18 team).
CORTEXA_PEOPLE = (
    Person("Isabelle Renard", "directrice des opérations", "décideur"),
    Person("Pieter Claes", "acheteur principal, basé à Bruxelles", "acheteur"),
    Person("Karim Bensaïd", "directeur des centres de données", "prescripteur"),
    Person("Laura Costa", "responsable de la sécurité des systèmes d'information", "filtre"),
    Person("Olivier Dumas", "directeur des systèmes d'information", "filtre"),
    Person("Nathalie Fabre", "directrice des ressources humaines", "utilisateur"),
)
#: Cortexa's data centres: the pilot (client since 2022) and those of the roll-out.
CORTEXA_PILOT = "Nantes"
CORTEXA_ROLLOUT_SITES = (
    "Paris La Défense",
    "Lyon",
    "Marseille",
    "Bruxelles",
    "Casablanca",
    "Barcelone",
)


@dataclass(frozen=True)
class DistrimaxFacts:
    revenue_meur: float
    staff: int
    stores: int
    #: stores in the tender's first lot
    stores_in_first_lot: int
    competitor: str
    people: tuple[Person, ...] = DISTRIMAX_PEOPLE

    def person(self, name: str) -> Person:
        return next(p for p in self.people if p.name == name)


@dataclass(frozen=True)
class CortexaFacts:
    revenue_meur: float
    staff: int
    data_centres: int
    pilot_site: str
    rollout_sites: tuple[str, ...]
    #: pieces of equipment monitored by the roll-out (the C11 business case's parc)
    rollout_equipment: int
    people: tuple[Person, ...] = CORTEXA_PEOPLE

    def person(self, buying_role: str) -> Person:
        return next(p for p in self.people if p.buying_role == buying_role)


def _rng(cohort: str, learner: str, company: str):
    import numpy as np

    return np.random.default_rng(seed_for(cohort, learner, f"storyline/{company}"))


@cache
def distrimax_facts(cohort: str, learner: str) -> DistrimaxFacts:
    """Distrimax as every notebook of the learner variant ``(cohort, learner)`` tells it."""
    from kamlearn.cases.companies import load_company

    facts = load_company("distrimax").facts
    rng = _rng(cohort, learner, "distrimax")
    return DistrimaxFacts(
        revenue_meur=float(facts["chiffre_affaires_meur"]),
        staff=int(facts["effectif"]),
        stores=int(facts["magasins"]),
        stores_in_first_lot=int(rng.integers(140, 221)),
        competitor=DISTRIMAX_COMPETITORS[int(rng.integers(len(DISTRIMAX_COMPETITORS)))],
    )


@cache
def cortexa_facts(cohort: str, learner: str) -> CortexaFacts:
    """Cortexa as every notebook of the learner variant ``(cohort, learner)`` tells it."""
    from kamlearn.cases.companies import load_company

    facts = load_company("cortexa").facts
    rng = _rng(cohort, learner, "cortexa")
    return CortexaFacts(
        revenue_meur=float(facts["chiffre_affaires_meur"]),
        staff=int(facts["effectif"]),
        data_centres=int(facts["centres_de_donnees"]),
        pilot_site=CORTEXA_PILOT,
        rollout_sites=CORTEXA_ROLLOUT_SITES,
        rollout_equipment=int(rng.integers(180, 281)),
    )


def cortexa_markdown(facts: CortexaFacts) -> str:
    """The roll-out in figures, in French, as every Cortexa notebook shows it."""
    from kamlearn.frenchfmt import list_fr

    decider, buyer = facts.person("décideur"), facts.person("acheteur")
    return (
        f"**Le déploiement en chiffres.** Après le pilote du centre de données de "
        f"{facts.pilot_site}, le déploiement porte sur **{facts.rollout_equipment} équipements** "
        f"des centres de {list_fr(list(facts.rollout_sites))}. Il est porté par "
        f"{decider.name}, {decider.title} ; {buyer.name}, {buyer.title}, conduit les achats."
    )

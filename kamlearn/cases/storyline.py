"""One storyline per learner variant: the Aubrac renewal every notebook describes.

C2 (the accounts and the share of wallet), C11 (the business case of the renewal), C12 (the
ZAPO and the concessions) and C13 (the negotiation) all read the sizes of the relationship
from :func:`aubrac_renewal`, so that they tell the same story at sizes that agree:

* the **installed base**: equipment monitored by Nexalys on the equipped plants;
* the **contract value**: what the current framework contract bills a year, and the
  **list price** of its renewal (the same service lines, per piece of equipment, as the
  C11 offer; the renewal adds the upgrade and an indexation);
* the **share of wallet**: Nexalys' billing over Aubrac's yearly budget for monitoring and
  predictive-maintenance services (the energy bill is not part of it);
* the **buying centre**: who decides, who buys, who prescribes, who uses;
* the **relationship stage**: the cooperative stage of the seeds (2/3 of the account
  manager's time with the client, an Account Business Plan per key account).

Pure and seeded by ``(cohort, learner)``; no expected answer lives here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from kamlearn.cases.seeding import seed_for

#: Nexalys' yearly price per monitored piece of equipment (€), by service line: the same
#: lines as the C11 offer (platform subscription, sensor maintenance).
SERVICE_LINES = (("Abonnement plateforme", (480, 540)), ("Maintenance des capteurs", (220, 280)))


#: The four Aubrac plants Nexalys equips (Le Mans, whose director uses the platform, among
#: them); « two more plants » in C12 are the other two, Valenciennes and Mulhouse.
EQUIPPED_PLANTS = ("Clermont-Ferrand", "Saint-Étienne", "Le Mans", "Toulouse")
#: Aubrac's two other plants: no Nexalys equipment, contacts or survey there.
OTHER_PLANTS = ("Valenciennes", "Mulhouse")


@dataclass(frozen=True)
class Person:
    name: str
    title: str
    #: role in the buying centre: décideur, acheteur, prescripteur, utilisateur, filtre
    buying_role: str


#: Aubrac's buying centre for the renewal (the same people in every notebook).
BUYING_CENTRE = (
    Person("Hélène Roux", "directrice générale déléguée aux opérations", "décideur"),
    Person("Claire Vasseur", "directrice des achats groupe", "acheteur"),
    Person("Sophie Marchand", "directrice maintenance groupe", "prescripteur"),
    Person("Marc Delorme", "acheteur technique, direction maintenance", "acheteur"),
    Person("Thomas Keller", "directeur des systèmes d'information", "filtre"),
    Person("Philippe Garnier", "directeur de l'usine du Mans", "utilisateur"),
)


#: Who the learner meets in each C13 negotiation persona: people of the one buying centre
#: (C12 and C13 then name the same negotiator: the group purchasing director leads the
#: renewal; the technical buyer holds its technical session).
PERSONA_PEOPLE = {"directeur_achats": "Claire Vasseur", "acheteur_technique": "Marc Delorme"}


def buying_centre_person(name: str) -> Person:
    """The buying-centre person called ``name``."""
    return next(p for p in BUYING_CENTRE if p.name == name)


@dataclass(frozen=True)
class Subsidiary:
    """An Aubrac subsidiary abroad: outside the framework contract (its plants are not
    among the French plants the renewal covers), met in C13's cultural profiles."""

    #: how the notebooks call it, as in « la filiale allemande d'Aubrac »
    name: str
    country: str
    #: how many plants it runs, and where one of them is
    plants: int
    plant: str
    #: the person C13's cultural profile meets there (simulator id -> person)
    persona: str
    person: Person


#: Aubrac's footprint, stated once: six plants in France (the company file's sites, the
#: contract's scope), three entities abroad, and one plant being built.
FRENCH_PLANTS_COUNT = 6
SUBSIDIARIES = (
    Subsidiary(
        "filiale allemande", "Allemagne", 1, "Francfort", "allemand",
        Person("Jürgen Hartmann", "responsable des achats de la filiale allemande", "acheteur"),
    ),
    Subsidiary(
        "division nord-américaine", "États-Unis", 4, "Ohio", "americain",
        Person("Jennifer Cole", "vice-présidente achats de la division nord-américaine", "acheteur"),
    ),
    Subsidiary(
        "coentreprise Aubrac–Tokai", "Japon", 1, "Nagoya", "japonais",
        Person("Kenji Watanabe", "directeur des achats de la coentreprise Aubrac–Tokai", "acheteur"),
    ),
)  # fmt: skip
#: The plant Aubrac is building (C2's SWOT): not in service, outside the contract.
PLANT_UNDER_CONSTRUCTION = ("Tanger", "Maroc", 2027)


def footprint_markdown() -> str:
    """Aubrac's plants and subsidiaries, in French, as the notebooks state them."""
    from kamlearn.frenchfmt import list_fr

    town, country, year = PLANT_UNDER_CONSTRUCTION
    abroad = list_fr(
        [
            f"sa {s.name} ({s.plants if s.plants > 1 else 'une'} usine{'s' if s.plants > 1 else ''}, "
            f"{s.country})"
            for s in SUBSIDIARIES
        ]
    )
    return (
        f"Aubrac compte {FRENCH_PLANTS_COUNT} usines en France, le périmètre du contrat-cadre. "
        f"Hors de ce périmètre : {abroad} ; une usine est en construction à {town} "
        f"({country}), pour une mise en service en {year}."
    )


@dataclass(frozen=True)
class Renewal:
    """The Aubrac renewal for one learner variant (amounts in euros a year unless noted)."""

    #: pieces of equipment monitored by Nexalys (the installed base)
    equipment: int
    #: the plants equipped, out of Aubrac's six (the installed base is there)
    plants: tuple[str, ...]
    #: yearly price per piece of equipment, by service line, in the renewal offer
    unit_prices: tuple[tuple[str, int], ...]
    #: yearly list price of the renewal: equipment × the unit prices
    list_price: float
    #: yearly billing of the current contract, over the three years of the C2 accounts
    billing_by_year: tuple[float, float, float]
    #: Aubrac's yearly budget for monitoring and predictive maintenance (addressable)
    addressable_budget: float
    #: Aubrac's plants Nexalys does not equip (the « two more plants » of C12)
    other_plants: tuple[str, ...] = OTHER_PLANTS
    #: the buying centre
    people: tuple[Person, ...] = BUYING_CENTRE
    #: the seeds' relationship stage
    stage: str = "coopératif"
    #: months until the framework contract ends
    months_to_renewal: int = 14

    @property
    def plants_equipped(self) -> int:
        return len(self.plants)

    @property
    def share_of_wallet(self) -> float:
        """Last year's billing over the addressable budget, as a ratio."""
        return self.billing_by_year[-1] / self.addressable_budget

    def person(self, buying_role: str) -> Person:
        return next(p for p in self.people if p.buying_role == buying_role)

    @property
    def buyer(self) -> Person:
        """Who leads the negotiation: the group purchasing director."""
        return next(p for p in self.people if p.name == "Claire Vasseur")


@cache
def aubrac_renewal(cohort: str, learner: str) -> Renewal:
    """The Aubrac renewal of the learner variant ``(cohort, learner)``."""
    import numpy as np

    rng = np.random.default_rng(seed_for(cohort, learner, "storyline/aubrac"))
    equipment = int(rng.integers(300, 361))
    unit_prices = tuple(
        (line, int(round(float(rng.uniform(*bounds))))) for line, bounds in SERVICE_LINES
    )
    list_price = float(equipment * sum(p for _, p in unit_prices))
    # the current contract: the same base before the upgrade, a little cheaper
    current = list_price / float(rng.uniform(1.04, 1.08))
    growth = float(rng.uniform(0.02, 0.05))
    billing = tuple(
        float(round(current / (1 + growth) ** (2 - k) * float(rng.uniform(0.98, 1.02)), -3))
        for k in range(3)
    )
    addressable = float(round(billing[-1] / float(rng.uniform(0.18, 0.30)), -4))
    return Renewal(
        equipment=equipment,
        plants=EQUIPPED_PLANTS,
        unit_prices=unit_prices,
        list_price=list_price,
        billing_by_year=billing,
        addressable_budget=addressable,
    )


def storyline_markdown(renewal: Renewal) -> str:
    """The shared facts, in French, as every Aubrac notebook shows them."""
    from kamlearn.frenchfmt import list_fr, money_fr, percent_fr

    buyer = renewal.buyer
    decider = renewal.person("décideur")
    return (
        f"**Le renouvellement en chiffres.** Nexalys surveille **{renewal.equipment} "
        f"équipements** sur {renewal.plants_equipped} des 6 usines d'Aubrac "
        f"({list_fr(renewal.plants)}). Le contrat-cadre "
        f"actuel a facturé {money_fr(renewal.billing_by_year[-1])} l'an dernier, soit "
        f"{percent_fr(renewal.share_of_wallet)} du budget annuel d'Aubrac en surveillance et "
        f"maintenance prédictive ({money_fr(renewal.addressable_budget)}). L'offre de "
        f"renouvellement est au prix catalogue de **{money_fr(renewal.list_price)} par an**. "
        f"La négociation est menée par {buyer.name}, {buyer.title} ; la décision finale "
        f"revient à {decider.name}, {decider.title}. Vous êtes au **stade {renewal.stage}** "
        "de la relation."
    )

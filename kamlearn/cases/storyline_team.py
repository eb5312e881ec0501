"""The account manager's internal team, by name, and where the storyline's companies work.

Issue 18: C15's project teams and C18's team table were roles (« Nexalys – Services »,
« Julien »), not people. The Nexalys people the learner works with are named here once,
with their title and where they are based, and every notebook reads them from here:

* the **roll-out team** of the Cortexa deployment (C18's team table and its scenario
  « Une équipe diverse à mobiliser », C15's project tasks);
* the **bid team** of the Aubrac renewal (C18's scenario « Appel d'offres sous tension »);
* the other colleagues C15's project names (pre-sales, logistics).

C15's tasks are owned by these people and by Cortexa's
(:data:`kamlearn.cases.storyline_clients.CORTEXA_PEOPLE`). What a member's table shows is
what the organisation provides (hours, no travel), never a health condition or a
disability status: that is the person's to disclose, not the manager's (C18 ethics).

:func:`storyline_sites` lists the places the notebooks of a variant may name: Aubrac's
plants (those Nexalys equips apart), Cortexa's data centres, Distrimax's regions, Nexalys'
offices and where its people are based.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Colleague:
    """One Nexalys colleague of the account manager."""

    name: str
    title: str
    #: where the colleague works (a Nexalys office, or the Cortexa site they are posted to)
    site: str
    language: str = "français"
    weekly_hours: int = 35
    travels: bool = True
    skills: tuple[str, ...] = ()
    #: what the organisation provides or what to know to work together (shown in C18)
    note: str = ""

    @property
    def first_name(self) -> str:
        return self.name.split()[0]


#: The Cortexa roll-out team (C18's table, in this order; C15's « Nexalys – Services »).
ROLLOUT_TEAM = (
    Colleague("Julien Perrin", "ingénieur paramétrage", "Lyon", "français", 28, False,
              ("paramétrage", "data"), "aménagement de poste : 28 h par semaine, pas de déplacement"),
    Colleague("Giulia Rossi", "ingénieure de déploiement", "Milan", "italien", 35, True,
              ("installation", "formation"), "travaille en anglais et en italien"),
    Colleague("Stefan Becker", "chef de projet déploiement", "Francfort", "allemand", 35, True,
              ("installation", "gestion de projet"), "travaille en anglais"),
    Colleague("Amina El Idrissi", "consultante formation et données", "Casablanca", "français",
              35, True, ("formation", "data", "paramétrage"), "arrivée il y a un mois"),
    Colleague("Lucas Girard", "technicien d'installation", "Lyon", "français", 35, True,
              ("installation", "paramétrage")),
    Colleague("Sofia Navarro", "consultante formation", "Barcelone", "espagnol", 28, True,
              ("formation", "gestion de projet"), "temps partiel à 80 %"),
    Colleague("Marc Janssens", "chef de projet technique", "Bruxelles", "néerlandais", 35, True,
              ("data", "gestion de projet", "installation"), "travaille en français et en anglais"),
)  # fmt: skip

#: The Aubrac renewal's bid team (C18's scenario « Appel d'offres sous tension »).
BID_TEAM = (
    Colleague("Yassine Haddad", "ingénieur avant-vente", "Lyon"),
    Colleague("Élodie Marchal", "contrôleuse de gestion", "Lyon"),
    Colleague("Léa Fontaine", "chargée d'affaires junior", "Paris"),
    Colleague("Paul Mercier", "juriste", "Lyon"),
)

#: Other colleagues C15's project names.
SUPPORT = (Colleague("Bastien Lemaire", "responsable logistique", "Lyon"),)

NEXALYS_TEAM = ROLLOUT_TEAM + BID_TEAM + SUPPORT

#: Who leads each team of C15's project: Nexalys' teams by a colleague, Cortexa's by the
#: person of its buying centre in charge (names from CORTEXA_PEOPLE). The account manager
#: (« Nexalys – KAM ») is the learner.
PROJECT_LEADS = {
    "Nexalys – KAM": None,
    "Nexalys – Services": "Stefan Becker",
    "Nexalys – Avant-vente": "Yassine Haddad",
    "Nexalys – Logistique": "Bastien Lemaire",
    "Cortexa – Opérations": "Isabelle Renard",
    "Cortexa – RSSI": "Laura Costa",
    "Cortexa – DSI": "Olivier Dumas",
    "Cortexa – RH": "Nathalie Fabre",
}


def colleague(name: str) -> Colleague:
    return next(c for c in NEXALYS_TEAM if c.name == name)


def project_lead(team: str) -> str:
    """« Name (title) » of who leads ``team`` in C15's project, or « vous » for the KAM."""
    from kamlearn.cases.storyline_clients import CORTEXA_PEOPLE

    name = PROJECT_LEADS[team]
    if name is None:
        return "vous (KAM)"
    people = {p.name: p.title for p in CORTEXA_PEOPLE} | {c.name: c.title for c in NEXALYS_TEAM}
    return f"{name} ({people[name]})"


def storyline_sites(cohort: str, learner: str) -> dict[str, tuple[str, ...]]:
    """Where each company of the variant's storyline works: the only places a notebook
    names.

    ``aubrac``: the plants Nexalys equips (its equipment, contacts and surveys are there);
    ``aubrac_autres``: Aubrac's other plants; ``cortexa``: the pilot and the data centres
    of the roll-out; ``distrimax``: its head office and regions; ``nexalys``: its offices
    and where the account manager's colleagues are based (some are posted at Cortexa).
    """
    from kamlearn.cases.companies import load_company
    from kamlearn.cases.storyline import aubrac_renewal
    from kamlearn.cases.storyline_clients import cortexa_facts

    renewal = aubrac_renewal(cohort, learner)
    cortexa = cortexa_facts(cohort, learner)
    offices = tuple(s.removesuffix(" (siège)") for s in load_company("nexalys").sites)
    return {
        "aubrac": renewal.plants,
        "aubrac_autres": renewal.other_plants,
        "cortexa": (cortexa.pilot_site, *cortexa.rollout_sites),
        "distrimax": tuple(load_company("distrimax").sites),
        "nexalys": tuple(dict.fromkeys(offices + tuple(c.site for c in NEXALYS_TEAM))),
    }

"""C4 – mapping a prospect's buying centre and planning a social-selling approach."""

from __future__ import annotations

from typing import Any

from kamlearn.cases.base import Case

ROLES = ("Décideur", "Prescripteur", "Utilisateur", "Acheteur", "Influenceur", "Filtre")
QUADRANTS = ("Gérer étroitement", "Satisfaire", "Informer", "Surveiller")
#: role -> (job titles, descriptions from the account team's notes)
ROLE_BANK = {
    "Décideur": (
        (
            "Directeur de la transformation",
            "Directeur général adjoint",
            "Directrice des opérations",
        ),
        ("Signe les investissements de plus de 500 k€.", "Arbitre le budget final du projet."),
    ),
    "Prescripteur": (
        ("Responsable énergie", "Ingénieur froid commercial", "Chef de projet GTB"),
        (
            "Rédige le cahier des charges technique de l'appel d'offres.",
            "Définit les spécifications que les offres doivent respecter.",
        ),
    ),
    "Utilisateur": (
        (
            "Directeur de magasin",
            "Technicien de maintenance",
            "Responsable d'exploitation régional",
        ),
        (
            "Utilisera la plateforme de supervision au quotidien.",
            "Reçoit les alertes des vitrines réfrigérées.",
        ),
    ),
    "Acheteur": (
        ("Acheteuse famille énergie", "Directeur des achats indirects", "Acheteur projets"),
        (
            "Conduit la négociation commerciale et les conditions de paiement.",
            "Pilote la consultation et compare les prix des fournisseurs.",
        ),
    ),
    "Influenceur": (
        ("Directrice RSE", "Contrôleur de gestion", "Consultant énergie externe"),
        (
            "Donne un avis écouté sans voix formelle dans la décision.",
            "Est consulté sur l'impact des offres, sans rôle officiel dans le choix.",
        ),
    ),
    "Filtre": (
        ("Assistante de direction", "Responsable référencement fournisseurs", "Standard du siège"),
        (
            "Contrôle l'accès aux agendas de la direction.",
            "Décide quels fournisseurs peuvent déposer un dossier.",
        ),
    ),
}
ROLE_MIX = (3, 5, 9, 3, 5, 3)
FIRST = (
    "Claire",
    "Thomas",
    "Nadia",
    "Julien",
    "Sophie",
    "Karim",
    "Élodie",
    "Marc",
    "Inès",
    "Paul",
    "Camille",
    "Hugo",
    "Léa",
    "Yanis",
    "Chloé",
    "Antoine",
    "Sarah",
    "Mehdi",
    "Laura",
    "Vincent",
)
LAST = (
    "Martin",
    "Bernard",
    "Dubois",
    "Moreau",
    "Laurent",
    "Simon",
    "Michel",
    "Lefèvre",
    "Garcia",
    "Roux",
    "Fontaine",
    "Chevalier",
    "Bonnet",
    "Mercier",
    "Blanc",
    "Guérin",
    "Faure",
    "Rousseau",
)
APPROACHES = (
    "Invitation sans message",
    "Message personnalisé",
    "Recommandation d'un contact commun",
    "Commentaire d'une publication puis message",
)
N_TO_QUALIFY = 12
#: The roles of the organisation chart for the storyline's buying roles.
ROLE_OF_BUYING_ROLE = {
    "décideur": "Décideur",
    "acheteur": "Acheteur",
    "prescripteur": "Prescripteur",
    "utilisateur": "Utilisateur",
    "filtre": "Filtre",
}


class BuyingCentreCase(Case):
    name = "c4_decideurs"
    company_id = "distrimax"

    def _roles(self) -> list[str]:
        rng = self.rng("roles")
        extra = [ROLES[int(k)] for k in rng.integers(0, len(ROLES), int(rng.integers(0, 9)))]
        roles = [r for r, n in zip(ROLES, ROLE_MIX, strict=True) for _ in range(n)] + extra
        return [roles[int(k)] for k in rng.permutation(len(roles))]

    def generate(self) -> dict[str, Any]:
        import pandas as pd

        rng = self.rng("organigramme")
        power_base = {
            "Décideur": 5,
            "Prescripteur": 3.5,
            "Utilisateur": 2,
            "Acheteur": 4,
            "Influenceur": 3,
            "Filtre": 2,
        }
        rows = []
        for i, role in enumerate(self._roles()):
            titles, notes = ROLE_BANK[role]
            rows.append(
                {
                    "id_contact": f"DMX-{i + 1:02d}",
                    "nom": f"{FIRST[int(rng.integers(len(FIRST)))]} {LAST[int(rng.integers(len(LAST)))]}",
                    "fonction": titles[int(rng.integers(len(titles)))],
                    "site": self.company.sites[int(rng.integers(len(self.company.sites)))],
                    "note_equipe": notes[int(rng.integers(len(notes)))],
                    "pouvoir": int(
                        min(5, max(1, round(power_base[role] + float(rng.normal(0, 0.8)))))
                    ),
                    "interet": int(rng.integers(1, 6)),
                    "attitude": int(rng.integers(-2, 3)),
                    "actif_linkedin": bool(rng.random() < 0.6),
                    "_role": role,
                }
            )
        self._name_the_buying_centre(rows)
        organigramme = pd.DataFrame(rows)
        a_qualifier = sorted(
            organigramme.sample(N_TO_QUALIFY, random_state=int(rng.integers(1 << 31)))["id_contact"]
        )

        rng = self.rng("campagne")
        rates = {
            a: (float(rng.uniform(lo, hi)), float(rng.uniform(0.2, 0.5)))
            for a, lo, hi in zip(
                APPROACHES, (0.15, 0.3, 0.45, 0.35), (0.3, 0.5, 0.7, 0.6), strict=True
            )
        }
        n = int(rng.integers(140, 221))
        camp = []
        for i in range(n):
            approach = APPROACHES[int(rng.integers(len(APPROACHES)))]
            accept, meet = rates[approach]
            accepted = bool(rng.random() < accept)
            replied = accepted and bool(rng.random() < 0.6)
            camp.append(
                {
                    "id_envoi": f"LI-{i + 1:03d}",
                    "approche": approach,
                    "acceptee": accepted,
                    "reponse": replied,
                    "rdv_obtenu": replied and bool(rng.random() < meet),
                }
            )
        return {
            "organigramme": organigramme,
            "a_qualifier": a_qualifier,
            "campagne": pd.DataFrame(camp),
        }

    def _facts(self):
        from kamlearn.cases.storyline_clients import distrimax_facts

        return distrimax_facts(self.identity.cohort, self.identity.learner)

    @staticmethod
    def _name_the_buying_centre(rows: list[dict]) -> None:
        """The storyline's people (kamlearn.cases.storyline_clients) take the first contacts of
        their role, at the head office; nobody else bears their names."""
        from kamlearn.cases.storyline_clients import DISTRIMAX_PEOPLE

        named = {p.name for p in DISTRIMAX_PEOPLE}
        taken: set[int] = set()
        roles = [ROLE_OF_BUYING_ROLE[p.buying_role] for p in DISTRIMAX_PEOPLE]
        for person, role in zip(DISTRIMAX_PEOPLE, roles, strict=True):
            i = next(k for k, r in enumerate(rows) if r["_role"] == role and k not in taken)
            taken.add(i)
            rows[i]["nom"] = person.name
            rows[i]["fonction"] = person.title[:1].upper() + person.title[1:]
            rows[i]["site"] = "Siège Rungis"
        for k, row in enumerate(rows):
            if k not in taken and row["nom"] in named:
                first, last = row["nom"].split(" ", 1)
                row["nom"] = f"{first} {LAST[(LAST.index(last) + 1) % len(LAST)]}"
            del row["_role"]

    def context_markdown(self) -> str:
        return (
            f"{self.company.narrative}\n\n"
            f"Distrimax prépare un appel d'offres sur la supervision énergétique de ses magasins ; "
            f"le premier lot portera sur {self._facts().stores_in_first_lot} magasins. "
            f"Votre équipe a reconstitué un **organigramme de {len(self.data['organigramme'])} "
            "contacts** concernés par le projet (fonction, notes de l'équipe sur leur rôle, pouvoir "
            "et intérêt estimés de 1 à 5, attitude envers Nexalys de −2 à +2, présence active sur "
            "LinkedIn). Vous avez aussi le journal de votre dernière campagne de *social selling* "
            f"sur LinkedIn auprès de prospects de la grande distribution ({len(self.data['campagne'])} "
            "envois)."
        )


CASE_CLASS = BuyingCentreCase

"""C13–C14 – conducting the Aubrac renewal negotiation: buyer profiles and cultures,
interests vs positions, DESC, CRAC, active listening, and the negotiation simulator.

Each learner meets one buyer persona (procurement director or technical buyer) and
prepares for one cultural profile. The simulator is seeded from the learner, and the
checks replay the learner's moves on an engine built here, never on the learner's own.
"""

from __future__ import annotations

from typing import Any

from kamlearn.cases.base import Case

PERSONAS = ("directeur_achats", "acheteur_technique")
CULTURES = ("allemand", "americain", "japonais", "francais")
PROFILE_LABELS = {
    "directeur_achats": "directrice des achats",
    "acheteur_technique": "acheteur technique",
    "allemand": "culture allemande",
    "americain": "culture américaine",
    "japonais": "culture japonaise",
    "francais": "culture française",
}
#: Buyer behaviours -> profile.
PROFILE_BANK = (
    (
        "Annonce d'emblée trois offres concurrentes et un objectif d'économies chiffré.",
        "directeur_achats",
    ),
    (
        "Ancre son budget très bas et demande une remise avant toute discussion de contenu.",
        "directeur_achats",
    ),
    (
        "Pilote le panel fournisseurs et raisonne en pourcentage de baisse des achats.",
        "directeur_achats",
    ),
    (
        "Exige de voir la fiche technique des capteurs et les protocoles de test.",
        "acheteur_technique",
    ),
    (
        "Compare les offres sur le coût total de possession, intégration GMAO comprise.",
        "acheteur_technique",
    ),
    (
        "Veut vérifier la compatibilité avec des machines de plus de vingt ans.",
        "acheteur_technique",
    ),
    ("Passe l'offre en revue point par point, dans l'ordre du cahier des charges.", "allemand"),
    (
        "Attend une décomposition du prix poste par poste et ne tolère pas un chiffre qui change.",
        "allemand",
    ),
    (
        "Veut conclure vite, parle « deal » et résultats trimestriels, tutoie dès la première réunion.",
        "americain",
    ),
    (
        "Fait relire chaque clause par un juriste et demande la loi applicable et le tribunal compétent.",
        "americain",
    ),
    (
        "Décide par consensus après plusieurs réunions ; un « c'est difficile » signifie souvent non.",
        "japonais",
    ),
    (
        "Accorde une grande importance à la relation, aux cartes de visite et au silence.",
        "japonais",
    ),
    (
        "Apprécie le débat d'idées et la joute argumentée avant d'entrer dans les chiffres.",
        "francais",
    ),
    (
        "Fait remonter la décision finale au directeur général, au sommet de la hiérarchie.",
        "francais",
    ),
)
#: Buyer statements -> "position" (what they demand) or "interet" (why they demand it).
INTEREST_BANK = (
    ("Je veux 15 % de remise, sinon je signe avec votre concurrent.", "position"),
    ("Nous paierons à 60 jours, c'est à prendre ou à laisser.", "position"),
    ("Le contrat doit être d'un an maximum.", "position"),
    ("Je refuse toute hausse de prix pendant la durée du contrat.", "position"),
    ("Retirez la formation de votre offre, nous n'en voulons pas.", "position"),
    ("Je n'accepterai pas de frais d'intégration.", "position"),
    ("La direction générale m'a fixé 8 % d'économies sur les achats de services.", "interet"),
    ("Un arrêt de ligne à Toulouse nous coûte plus cher que votre contrat.", "interet"),
    ("Je dois pouvoir justifier chaque dépense devant le comité d'investissement.", "interet"),
    ("Mes techniciens doivent savoir interpréter les alertes eux-mêmes.", "interet"),
    (
        "Je ne veux pas dépendre d'un seul fournisseur si votre entreprise change de stratégie.",
        "interet",
    ),
    ("Notre trésorerie est tendue jusqu'à la fin de l'exercice.", "interet"),
)
#: Sentences of objection answers -> CRAC step.
CRAC_BANK = (
    ("Qu'est-ce qui vous fait dire que notre offre est trop chère ?", "creuser"),
    ("Par rapport à quelle offre faites-vous cette comparaison ?", "creuser"),
    ("Sur quels postes voyez-vous l'écart le plus important ?", "creuser"),
    ("Pouvez-vous préciser ce que vous entendez par « intégration lourde » ?", "creuser"),
    (
        "Si je comprends bien, c'est le prix d'achat qui vous préoccupe, pas le service.",
        "reformuler",
    ),
    (
        "Autrement dit, vous craignez que vos équipes n'aient pas le temps de s'y former.",
        "reformuler",
    ),
    (
        "Vous me dites donc que la compatibilité avec vos anciennes machines est décisive.",
        "reformuler",
    ),
    (
        "En d'autres termes, vous avez besoin de garanties sur le délai d'intervention.",
        "reformuler",
    ),
    (
        "Sur 5 ans, notre coût total de possession est inférieur car la maintenance est incluse.",
        "argumenter",
    ),
    ("Sur le site pilote, les arrêts non planifiés ont baissé d'un tiers en un an.", "argumenter"),
    ("Notre connecteur GMAO est déjà en service chez deux clients de votre secteur.", "argumenter"),
    ("Nous nous engageons sur un délai d'intervention de 4 heures, avec pénalités.", "argumenter"),
    ("Cela répond-il à votre préoccupation sur le prix ?", "controler"),
    ("Êtes-vous d'accord pour que nous passions au point suivant ?", "controler"),
    ("Ai-je levé votre doute sur la compatibilité ?", "controler"),
    ("Cette garantie vous semble-t-elle suffisante ?", "controler"),
)
#: Sentences of assertive answers to a provocation -> DESC step. Four sets, one per
#: provocation, each in D, E, S, C order.
DESC_SETS = (
    (
        "Vous venez de qualifier notre dernière année de service de médiocre.",
        "Je suis surpris, car nos indicateurs de disponibilité montrent l'inverse sur cinq sites.",
        "Je vous propose de regarder ensemble le rapport de service, site par site.",
        "Ainsi, nous pourrons corriger ce qui doit l'être sur la base de faits partagés.",
    ),
    (
        "Vous nous demandez 15 % de baisse, sinon vous arrêtez la discussion.",
        "Cela me gêne de négocier sous ultimatum, car nous perdons de vue vos objectifs.",
        "Je souhaite que nous revenions à vos priorités : économies, continuité et engagements.",
        "De cette façon, nous construirons une offre qui tienne vos 8 % sans dégrader le service.",
    ),
    (
        "Vous dites que nos commerciaux promettent ce que nos techniciens ne savent pas tenir.",
        "Je regrette cette impression, elle m'inquiète pour la suite de notre relation.",
        "Je vous propose d'inscrire chaque engagement technique dans le contrat, avec un indicateur.",
        "Ainsi, vous pourrez vérifier chaque promesse, et nous en répondrons.",
    ),
    (
        "Vous affirmez que nous changeons nos chiffres à chaque échange.",
        "Je suis étonné, car seul le périmètre a évolué à votre demande.",
        "Je propose de figer aujourd'hui un tableau de prix par poste, daté et signé.",
        "De cette manière, nous aurons une base stable pour décider.",
    ),
)
DESC_STEPS = ("decrire", "exprimer", "specifier", "consequences")
#: Questions -> "ouverte", "fermee", "orientee" (leading) or "reformulation".
QUESTION_BANK = (
    ("Comment mesurez-vous aujourd'hui la disponibilité de vos lignes ?", "ouverte"),
    ("Quels critères pèseront le plus dans votre décision ?", "ouverte"),
    ("Pourquoi la direction générale a-t-elle fixé cet objectif d'économies ?", "ouverte"),
    ("Qu'attendez-vous de votre prestataire de maintenance d'ici trois ans ?", "ouverte"),
    ("Avez-vous déjà un budget validé ?", "fermee"),
    ("Le contrat actuel se termine-t-il en juin ?", "fermee"),
    ("Êtes-vous le seul décideur ?", "fermee"),
    ("Vous êtes d'accord que la qualité a un prix, n'est-ce pas ?", "orientee"),
    ("Ne pensez-vous pas qu'un concurrent moins cher sera moins fiable ?", "orientee"),
    ("Vous conviendrez que notre pilote a été un succès ?", "orientee"),
    ("Si je comprends bien, la continuité de production passe avant le prix ?", "reformulation"),
    ("Autrement dit, vous avez besoin d'engagements mesurables avant de signer ?", "reformulation"),
)


class NegotiationCase(Case):
    name = "c13_negociation"
    company_id = "aubrac"

    def generate(self) -> dict[str, Any]:
        import pandas as pd

        rng = self.rng("negociation")
        persona = PERSONAS[int(rng.integers(len(PERSONAS)))]
        culture = CULTURES[int(rng.integers(len(CULTURES)))]
        list_price = float(round(rng.uniform(240_000, 290_000), -3))

        def sample(bank, k):
            picks = sorted(rng.choice(len(bank), size=k, replace=False).tolist())
            return pd.DataFrame(
                [{"id": f"{chr(65 + i)}", "texte": bank[j][0]} for i, j in enumerate(picks)]
            ), {f"{chr(65 + i)}": bank[j][1] for i, j in enumerate(picks)}

        profils, profils_key = sample(PROFILE_BANK, 8)
        interets, interets_key = sample(INTEREST_BANK, 8)
        crac, crac_key = sample(CRAC_BANK, 8)
        questions, questions_key = sample(QUESTION_BANK, 8)
        desc_set = DESC_SETS[int(rng.integers(len(DESC_SETS)))]
        order = rng.permutation(4).tolist()
        desc_melange = pd.DataFrame(
            [{"id": chr(65 + i), "texte": desc_set[j]} for i, j in enumerate(order)]
        )
        desc_key = {chr(65 + i): DESC_STEPS[j] for i, j in enumerate(order)}
        other = [s for s in DESC_SETS if s is not desc_set]
        desc_rows = [(text, DESC_STEPS[k]) for s in other for k, text in enumerate(s)]
        desc_tri, desc_tri_key = sample(tuple(desc_rows), 8)
        data = {
            "persona": persona,
            "culture": culture,
            "prix_catalogue": list_price,
            "profils": profils,
            "interets": interets,
            "crac": crac,
            "desc_melange": desc_melange,
            "desc_tri": desc_tri,
            "questions": questions,
        }
        # Kept off ``data`` so that the answers are not displayed with the exercise data.
        self._keys = {
            "profils": profils_key,
            "interets": interets_key,
            "crac": crac_key,
            "desc_ordre": [
                k for k, _ in sorted(desc_key.items(), key=lambda kv: DESC_STEPS.index(kv[1]))
            ],
            "desc_tri": desc_tri_key,
            "questions": questions_key,
        }
        return data

    @property
    def persona(self) -> str:
        return self.data["persona"]

    def engine_seed(self) -> int:
        return int(self.seed % (2**31))

    def nouvelle_negociation(self, **kwargs):
        """A fresh negotiation engine for this learner (same seed, same prices)."""
        from kamlearn.sim.negotiation import NegotiationEngine

        return NegotiationEngine(
            self.persona, self.engine_seed(), list_price=self.data["prix_catalogue"], **kwargs
        )

    def simulateur(self, **kwargs):
        """The practice widget over the same engine settings."""
        from kamlearn.widgets.negotiation_front import NegotiationFront

        return NegotiationFront(
            self.persona, self.engine_seed(), list_price=self.data["prix_catalogue"], **kwargs
        )

    def compute_expected(self) -> dict[str, Any]:
        _ = self.data  # generating the data sets the keys
        return dict(self._keys)

    def context_markdown(self) -> str:
        from kamlearn.sim.personas import negotiation_persona

        buyer = negotiation_persona(self.persona)
        culture = negotiation_persona(self.data["culture"])
        price = f"{self.data['prix_catalogue']:,.0f}".replace(",", "\u202f")
        return (
            f"{self.company.narrative}\n\n"
            f"**Votre interlocuteur pour le renouvellement : {buyer.label_fr}.** {buyer.description_fr}\n\n"
            f"**Profil culturel à préparer : {culture.label_fr}.** {culture.description_fr}\n\n"
            f"Prix catalogue du contrat annuel : **{price} €**. "
            "Votre prix plancher et votre coût vous seront rappelés par le simulateur."
        )


CASE_CLASS = NegotiationCase

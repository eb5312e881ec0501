"""C13–C14 – conducting the Aubrac renewal negotiation: buyer profiles and cultures,
interests vs positions, DESC, CRAC, active listening, and the negotiation simulator.

Each learner meets one buyer persona (procurement director or technical buyer) and
prepares for one cultural profile. Every practice negotiation draws its hidden values
(the buyer's maximum, the order of its objections) from a fresh seed recorded in its
transcript; the trainer's side rebuilds that engine from the seed and this case's own
settings (never the transcript's) and replays the learner's moves on it.
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
#: Buyer behaviours to classify by profile (the key lives on the trainer side).
PROFILE_BANK = (
    "Annonce d'emblée trois offres concurrentes et un objectif d'économies chiffré.",
    "Ancre son budget très bas et demande une remise avant toute discussion de contenu.",
    "Pilote le panel fournisseurs et raisonne en pourcentage de baisse des achats.",
    "Exige de voir la fiche technique des capteurs et les protocoles de test.",
    "Compare les offres sur le coût total de possession, intégration GMAO comprise.",
    "Veut vérifier la compatibilité avec des machines de plus de vingt ans.",
    "Passe l'offre en revue point par point, dans l'ordre du cahier des charges.",
    "Attend une décomposition du prix poste par poste et ne tolère pas un chiffre qui change.",
    "Veut conclure vite, parle « deal » et résultats trimestriels, tutoie dès la première réunion.",
    "Fait relire chaque clause par un juriste et demande la loi applicable et le tribunal compétent.",
    "Décide par consensus après plusieurs réunions ; un « c'est difficile » signifie souvent non.",
    "Accorde une grande importance à la relation, aux cartes de visite et au silence.",
    "Apprécie le débat d'idées et la joute argumentée avant d'entrer dans les chiffres.",
    "Fait remonter la décision finale au directeur général, au sommet de la hiérarchie.",
)
#: Buyer statements to classify as "position" or "interet" (key on the trainer side).
INTEREST_BANK = (
    "Je veux 15 % de remise, sinon je signe avec votre concurrent.",
    "Nous paierons à 60 jours, c'est à prendre ou à laisser.",
    "Le contrat doit être d'un an maximum.",
    "Je refuse toute hausse de prix pendant la durée du contrat.",
    "Retirez la formation de votre offre, nous n'en voulons pas.",
    "Je n'accepterai pas de frais d'intégration.",
    "La direction générale m'a fixé 8 % d'économies sur les achats de services.",
    "Un arrêt de ligne à Toulouse nous coûte plus cher que votre contrat.",
    "Je dois pouvoir justifier chaque dépense devant le comité d'investissement.",
    "Mes techniciens doivent savoir interpréter les alertes eux-mêmes.",
    "Je ne veux pas dépendre d'un seul fournisseur si votre entreprise change de stratégie.",
    "Notre trésorerie est tendue jusqu'à la fin de l'exercice.",
)
#: Sentences of objection answers to classify by CRAC step (key on the trainer side).
CRAC_BANK = (
    "Qu'est-ce qui vous fait dire que notre offre est trop chère ?",
    "Par rapport à quelle offre faites-vous cette comparaison ?",
    "Sur quels postes voyez-vous l'écart le plus important ?",
    "Pouvez-vous préciser ce que vous entendez par « intégration lourde » ?",
    "Si je comprends bien, c'est le prix d'achat qui vous préoccupe, pas le service.",
    "Autrement dit, vous craignez que vos équipes n'aient pas le temps de s'y former.",
    "Vous me dites donc que la compatibilité avec vos anciennes machines est décisive.",
    "En d'autres termes, vous avez besoin de garanties sur le délai d'intervention.",
    "Sur 5 ans, notre coût total de possession est inférieur car la maintenance est incluse.",
    "Sur le site pilote, les arrêts non planifiés ont baissé d'un tiers en un an.",
    "Notre connecteur GMAO est déjà en service chez deux clients de votre secteur.",
    "Nous nous engageons sur un délai d'intervention de 4 heures, avec pénalités.",
    "Cela répond-il à votre préoccupation sur le prix ?",
    "Êtes-vous d'accord pour que nous passions au point suivant ?",
    "Ai-je levé votre doute sur la compatibilité ?",
    "Cette garantie vous semble-t-elle suffisante ?",
)
#: Sentences of assertive answers to a provocation: four sets, one per provocation,
#: stored out of order (the D, E, S, C key lives on the trainer side).
DESC_SETS = (
    (
        "Je vous propose de regarder ensemble le rapport de service, site par site.",
        "Vous venez de qualifier notre dernière année de service de médiocre.",
        "Ainsi, nous pourrons corriger ce qui doit l'être sur la base de faits partagés.",
        "Je suis surpris, car nos indicateurs de disponibilité montrent l'inverse sur cinq sites.",
    ),
    (
        "Je souhaite que nous revenions à vos priorités : économies, continuité et engagements.",
        "Vous nous demandez 15 % de baisse, sinon vous arrêtez la discussion.",
        "De cette façon, nous construirons une offre qui tienne vos 8 % sans dégrader le service.",
        "Cela me gêne de négocier sous ultimatum, car nous perdons de vue vos objectifs.",
    ),
    (
        "Je vous propose d'inscrire chaque engagement technique dans le contrat, avec un indicateur.",
        "Vous dites que nos commerciaux promettent ce que nos techniciens ne savent pas tenir.",
        "Ainsi, vous pourrez vérifier chaque promesse, et nous en répondrons.",
        "Je regrette cette impression, elle m'inquiète pour la suite de notre relation.",
    ),
    (
        "Je propose de figer aujourd'hui un tableau de prix par poste, daté et signé.",
        "Vous affirmez que nous changeons nos chiffres à chaque échange.",
        "De cette manière, nous aurons une base stable pour décider.",
        "Je suis étonné, car seul le périmètre a évolué à votre demande.",
    ),
)
DESC_STEPS = ("decrire", "exprimer", "specifier", "consequences")
#: Questions to classify as "ouverte", "fermee", "orientee" or "reformulation" (key on
#: the trainer side).
QUESTION_BANK = (
    "Comment mesurez-vous aujourd'hui la disponibilité de vos lignes ?",
    "Quels critères pèseront le plus dans votre décision ?",
    "Pourquoi la direction générale a-t-elle fixé cet objectif d'économies ?",
    "Qu'attendez-vous de votre prestataire de maintenance d'ici trois ans ?",
    "Avez-vous déjà un budget validé ?",
    "Le contrat actuel se termine-t-il en juin ?",
    "Êtes-vous le seul décideur ?",
    "Vous êtes d'accord que la qualité a un prix, n'est-ce pas ?",
    "Ne pensez-vous pas qu'un concurrent moins cher sera moins fiable ?",
    "Vous conviendrez que notre pilote a été un succès ?",
    "Si je comprends bien, la continuité de production passe avant le prix ?",
    "Autrement dit, vous avez besoin d'engagements mesurables avant de signer ?",
)


class NegotiationCase(Case):
    name = "c13_negociation"
    company_id = "aubrac"

    def generate(self) -> dict[str, Any]:
        import pandas as pd

        rng = self.rng("negociation")
        persona = PERSONAS[int(rng.integers(len(PERSONAS)))]
        culture = CULTURES[int(rng.integers(len(CULTURES)))]
        from kamlearn.cases.storyline import aubrac_renewal

        list_price = aubrac_renewal(self.identity.cohort, self.identity.learner).list_price

        def sample(bank, k):
            picks = sorted(rng.choice(len(bank), size=k, replace=False).tolist())
            return pd.DataFrame(
                [{"id": f"{chr(65 + i)}", "texte": bank[j]} for i, j in enumerate(picks)]
            )

        profils = sample(PROFILE_BANK, 8)
        interets = sample(INTEREST_BANK, 8)
        crac = sample(CRAC_BANK, 8)
        questions = sample(QUESTION_BANK, 8)
        desc_set = DESC_SETS[int(rng.integers(len(DESC_SETS)))]
        order = rng.permutation(4).tolist()
        desc_melange = pd.DataFrame(
            [{"id": chr(65 + i), "texte": desc_set[j]} for i, j in enumerate(order)]
        )
        other = [s for s in DESC_SETS if s is not desc_set]
        desc_tri = sample(tuple(text for s in other for text in s), 8)
        return {
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

    @property
    def persona(self) -> str:
        return self.data["persona"]

    def nouvelle_negociation(self, *, seed: int | None = None, **kwargs):
        """A new practice negotiation with this learner's buyer and list price.

        Each call is a new attempt: its hidden values come from a fresh seed (or
        ``seed``, to replay an attempt), recorded in the attempt's transcript.
        """
        from kamlearn.sim.engine import new_attempt_seed
        from kamlearn.sim.negotiation import NegotiationEngine

        seed = new_attempt_seed() if seed is None else seed
        return NegotiationEngine(
            self.persona, seed, list_price=self.data["prix_catalogue"], **kwargs
        )

    def context_markdown(self) -> str:
        from kamlearn.cases.storyline import (
            PERSONA_PEOPLE,
            aubrac_renewal,
            buying_centre_person,
            footprint_markdown,
        )
        from kamlearn.frenchfmt import money_fr
        from kamlearn.sim.personas import negotiation_persona

        buyer = negotiation_persona(self.persona)
        culture = negotiation_persona(self.data["culture"])
        lead = aubrac_renewal(self.identity.cohort, self.identity.learner).buyer
        met = buying_centre_person(PERSONA_PEOPLE[self.persona])
        if met == lead:
            who = f"**Votre interlocuteur pour le renouvellement : {met.name}, {met.title}**, qui mène la négociation."
        else:
            who = (
                f"La négociation du renouvellement est menée par {lead.name}, {lead.title} ; "
                f"la séance technique que vous préparez ici se tient avec **{met.name}, {met.title}**."
            )
        return (
            f"{self.company.narrative}\n\n{footprint_markdown()}\n\n"
            f"{who} {buyer.description_fr}\n\n"
            f"**Profil culturel à préparer : {culture.label_fr}.** {culture.description_fr}\n\n"
            f"Prix catalogue du contrat annuel : **{money_fr(self.data['prix_catalogue'])}**. "
            "Votre prix plancher et votre coût vous seront rappelés par le simulateur."
        )


CASE_CLASS = NegotiationCase

"""C13–C14 answers: the keys of the classification exercises of the negotiation notebook.

The learner side ships the sentences only; their labels live here.
"""

from __future__ import annotations

from typing import Any

from kamlearn.cases.c13_negociation import DESC_STEPS

PROFILE_OF = {
    "Annonce d'emblée trois offres concurrentes et un objectif d'économies chiffré.": "directeur_achats",
    "Ancre son budget très bas et demande une remise avant toute discussion de contenu.": "directeur_achats",
    "Pilote le panel fournisseurs et raisonne en pourcentage de baisse des achats.": "directeur_achats",
    "Exige de voir la fiche technique des capteurs et les protocoles de test.": "acheteur_technique",
    "Compare les offres sur le coût total de possession, intégration GMAO comprise.": "acheteur_technique",
    "Veut vérifier la compatibilité avec des machines de plus de vingt ans.": "acheteur_technique",
    "Passe l'offre en revue point par point, dans l'ordre du cahier des charges.": "allemand",
    "Attend une décomposition du prix poste par poste et ne tolère pas un chiffre qui change.": "allemand",
    "Veut conclure vite, parle « deal » et résultats trimestriels, tutoie dès la première réunion.": "americain",
    "Fait relire chaque clause par un juriste et demande la loi applicable et le tribunal compétent.": "americain",
    "Décide par consensus après plusieurs réunions ; un « c'est difficile » signifie souvent non.": "japonais",
    "Accorde une grande importance à la relation, aux cartes de visite et au silence.": "japonais",
    "Apprécie le débat d'idées et la joute argumentée avant d'entrer dans les chiffres.": "francais",
    "Fait remonter la décision finale au directeur général, au sommet de la hiérarchie.": "francais",
}

INTEREST_OF = {
    "Je veux 15 % de remise, sinon je signe avec votre concurrent.": "position",
    "Nous paierons à 60 jours, c'est à prendre ou à laisser.": "position",
    "Le contrat doit être d'un an maximum.": "position",
    "Je refuse toute hausse de prix pendant la durée du contrat.": "position",
    "Retirez la formation de votre offre, nous n'en voulons pas.": "position",
    "Je n'accepterai pas de frais d'intégration.": "position",
    "La direction générale m'a fixé 8 % d'économies sur les achats de services.": "interet",
    "Un arrêt de ligne à Toulouse nous coûte plus cher que votre contrat.": "interet",
    "Je dois pouvoir justifier chaque dépense devant le comité d'investissement.": "interet",
    "Mes techniciens doivent savoir interpréter les alertes eux-mêmes.": "interet",
    "Je ne veux pas dépendre d'un seul fournisseur si votre entreprise change de stratégie.": "interet",
    "Notre trésorerie est tendue jusqu'à la fin de l'exercice.": "interet",
}

CRAC_STEP_OF = {
    "Qu'est-ce qui vous fait dire que notre offre est trop chère ?": "creuser",
    "Par rapport à quelle offre faites-vous cette comparaison ?": "creuser",
    "Sur quels postes voyez-vous l'écart le plus important ?": "creuser",
    "Pouvez-vous préciser ce que vous entendez par « intégration lourde » ?": "creuser",
    "Si je comprends bien, c'est le prix d'achat qui vous préoccupe, pas le service.": "reformuler",
    "Autrement dit, vous craignez que vos équipes n'aient pas le temps de s'y former.": "reformuler",
    "Vous me dites donc que la compatibilité avec vos anciennes machines est décisive.": "reformuler",
    "En d'autres termes, vous avez besoin de garanties sur le délai d'intervention.": "reformuler",
    "Sur 5 ans, notre coût total de possession est inférieur car la maintenance est incluse.": "argumenter",
    "Sur le site pilote, les arrêts non planifiés ont baissé d'un tiers en un an.": "argumenter",
    "Notre connecteur GMAO est déjà en service chez deux clients de votre secteur.": "argumenter",
    "Nous nous engageons sur un délai d'intervention de 4 heures, avec pénalités.": "argumenter",
    "Cela répond-il à votre préoccupation sur le prix ?": "controler",
    "Êtes-vous d'accord pour que nous passions au point suivant ?": "controler",
    "Ai-je levé votre doute sur la compatibilité ?": "controler",
    "Cette garantie vous semble-t-elle suffisante ?": "controler",
}

QUESTION_TYPE_OF = {
    "Comment mesurez-vous aujourd'hui la disponibilité de vos lignes ?": "ouverte",
    "Quels critères pèseront le plus dans votre décision ?": "ouverte",
    "Pourquoi la direction générale a-t-elle fixé cet objectif d'économies ?": "ouverte",
    "Qu'attendez-vous de votre prestataire de maintenance d'ici trois ans ?": "ouverte",
    "Avez-vous déjà un budget validé ?": "fermee",
    "Le contrat actuel se termine-t-il en juin ?": "fermee",
    "Êtes-vous le seul décideur ?": "fermee",
    "Vous êtes d'accord que la qualité a un prix, n'est-ce pas ?": "orientee",
    "Ne pensez-vous pas qu'un concurrent moins cher sera moins fiable ?": "orientee",
    "Vous conviendrez que notre pilote a été un succès ?": "orientee",
    "Si je comprends bien, la continuité de production passe avant le prix ?": "reformulation",
    "Autrement dit, vous avez besoin d'engagements mesurables avant de signer ?": "reformulation",
}

DESC_STEP_OF = {
    "Vous venez de qualifier notre dernière année de service de médiocre.": "decrire",
    "Je suis surpris, car nos indicateurs de disponibilité montrent l'inverse sur cinq sites.": "exprimer",
    "Je vous propose de regarder ensemble le rapport de service, site par site.": "specifier",
    "Ainsi, nous pourrons corriger ce qui doit l'être sur la base de faits partagés.": "consequences",
    "Vous nous demandez 15 % de baisse, sinon vous arrêtez la discussion.": "decrire",
    "Cela me gêne de négocier sous ultimatum, car nous perdons de vue vos objectifs.": "exprimer",
    "Je souhaite que nous revenions à vos priorités : économies, continuité et engagements.": "specifier",
    "De cette façon, nous construirons une offre qui tienne vos 8 % sans dégrader le service.": "consequences",
    "Vous dites que nos commerciaux promettent ce que nos techniciens ne savent pas tenir.": "decrire",
    "Je regrette cette impression, elle m'inquiète pour la suite de notre relation.": "exprimer",
    "Je vous propose d'inscrire chaque engagement technique dans le contrat, avec un indicateur.": "specifier",
    "Ainsi, vous pourrez vérifier chaque promesse, et nous en répondrons.": "consequences",
    "Vous affirmez que nous changeons nos chiffres à chaque échange.": "decrire",
    "Je suis étonné, car seul le périmètre a évolué à votre demande.": "exprimer",
    "Je propose de figer aujourd'hui un tableau de prix par poste, daté et signé.": "specifier",
    "De cette manière, nous aurons une base stable pour décider.": "consequences",
}


def _key(df, labels: dict) -> dict[str, str]:
    return {i: labels[text] for i, text in zip(df["id"], df["texte"], strict=True)}


def compute_expected(case) -> dict[str, Any]:
    d = case.data
    melange = _key(d["desc_melange"], DESC_STEP_OF)
    return {
        "profils": _key(d["profils"], PROFILE_OF),
        "interets": _key(d["interets"], INTEREST_OF),
        "crac": _key(d["crac"], CRAC_STEP_OF),
        "desc_ordre": sorted(melange, key=lambda k: DESC_STEPS.index(melange[k])),
        "desc_tri": _key(d["desc_tri"], DESC_STEP_OF),
        "questions": _key(d["questions"], QUESTION_TYPE_OF),
    }

"""C7 – a discovery interview: a transcript to analyse (SPIN questions, SONCAS motives),
then the interview simulator with a seeded persona.

Each learner gets a contact at Distrimax or Aubrac, twelve questions (three of each SPIN
type) and twelve answers; one buying motive is dominant (three answers), none of the
others appears more than twice.
"""

from __future__ import annotations

from typing import Any

from kamlearn.cases.base import Case

SPIN_LABELS = {"S": "Situation", "P": "Problème", "I": "Implication", "N": "Need-payoff"}
SONCAS_LABELS = {
    "S": "Sécurité",
    "O": "Orgueil",
    "N": "Nouveauté",
    "C": "Confort",
    "A": "Argent",
    "Sy": "Sympathie",
}
QUESTIONS = {
    "S": (
        "Comment le suivi de la consommation d'énergie est-il organisé aujourd'hui chez {client} ?",
        "Combien de personnes interviennent sur la maintenance des équipements de vos sites ?",
        "Quels outils utilisez-vous actuellement pour suivre les interventions ?",
        "Qui participe à la décision quand vous choisissez un nouveau prestataire ?",
        "Depuis combien de temps travaillez-vous avec votre prestataire actuel ?",
    ),
    "P": (
        "Quelles difficultés rencontrez-vous avec vos installations actuelles ?",
        "Qu'est-ce qui vous insatisfait dans le dispositif de maintenance d'aujourd'hui ?",
        "Quels sont les principaux irritants remontés par vos équipes de terrain ?",
        "Où se situent les pannes les plus fréquentes sur vos sites ?",
        "Qu'est-ce qui freine aujourd'hui vos projets d'économies d'énergie ?",
    ),
    "I": (
        "Quelles conséquences ces pannes ont-elles sur votre chiffre d'affaires ?",
        "Que se passe-t-il pour vos objectifs RSE si rien ne change d'ici deux ans ?",
        "Combien vous coûte une journée d'arrêt, en pertes et en heures supplémentaires ?",
        "Quel impact ces alertes non traitées ont-elles sur la motivation de vos équipes ?",
        "Quels risques cette situation fait-elle peser sur vos relations avec vos clients ?",
    ),
    "N": (
        "Si vous pouviez anticiper chaque panne, qu'est-ce que cela vous apporterait ?",
        "Quelle valeur aurait pour vous une vision consolidée de tous vos sites ?",
        "En quoi une baisse de 15 % de la facture d'énergie vous aiderait-elle ?",
        "Qu'est-ce qu'une solution idéale changerait pour vos équipes ?",
        "Quel bénéfice attendriez-vous d'un interlocuteur unique pour tous vos sites ?",
    ),
}
ANSWERS = {
    "S": (
        "Avant tout, je ne veux plus revivre une panne générale : il me faut une solution fiable et garantie.",
        "Nous avons besoin d'engagements contractuels solides et d'un plan de secours testé.",
        "La conformité réglementaire est non négociable : nos audits ne doivent plus rien relever.",
    ),
    "O": (
        "Nous voulons être cités en exemple dans le secteur : le premier groupe à atteindre ses objectifs.",
        "Notre directeur général aime présenter des projets phares à la presse professionnelle.",
        "Je veux pouvoir montrer au comité exécutif que mon service est à la pointe.",
    ),
    "N": (
        "L'intelligence artificielle appliquée à la maintenance nous intéresse beaucoup.",
        "Nous cherchons des technologies que nos concurrents n'utilisent pas encore.",
        "Une application mobile moderne pour nos techniciens serait une vraie nouveauté chez nous.",
    ),
    "C": (
        "Je veux un seul interlocuteur et surtout pas un projet de plus à piloter moi-même.",
        "Il faut que ce soit simple : mes équipes n'ont pas le temps d'apprendre un nouvel outil.",
        "L'idéal serait que tout soit géré pour nous, de l'installation au support.",
    ),
    "A": (
        "Le retour sur investissement doit être inférieur à trois ans, sinon le dossier ne passera pas.",
        "Nos budgets ont été réduits de 10 % : chaque euro dépensé doit être justifié.",
        "Ce qui compte, c'est la baisse de la facture d'électricité dès la première année.",
    ),
    "Sy": (
        "J'ai apprécié que vous preniez le temps de venir voir nos équipes sur le terrain.",
        "Nous travaillons avec des partenaires en qui nous avons confiance, pas seulement avec des fournisseurs.",
        "Votre collègue de l'avant-vente a laissé un excellent souvenir à mon équipe.",
    ),
}
CONTACTS = {
    "distrimax": (
        ("Claire Lefèvre", "directrice Énergie et RSE"),
        ("Paul Benali", "directeur technique"),
        ("Julie Moreau", "directrice d'exploitation des magasins"),
    ),
    "aubrac": (
        ("Hélène Vidal", "directrice maintenance groupe"),
        ("Thomas Keller", "DSI groupe, formé en Allemagne"),
        ("Sandrine Faure", "directrice du site de Saint-Étienne"),
    ),
}
#: Simulator personas (cases/personas/entretien/) the learner practises with.
SIM_PERSONAS = ("directrice_maintenance", "dsi")


class DecouverteCase(Case):
    name = "c7_decouverte"
    company_id = "distrimax"

    def generate(self) -> dict[str, Any]:
        import pandas as pd

        rng = self.rng("transcription")
        company = ("distrimax", "aubrac")[int(rng.integers(2))]
        contact, fonction = CONTACTS[company][int(rng.integers(3))]
        client = {"distrimax": "Distrimax", "aubrac": "Aubrac"}[company]
        questions = []
        for letter in SPIN_LABELS:
            picks = rng.choice(len(QUESTIONS[letter]), 3, replace=False)
            questions += [(letter, QUESTIONS[letter][int(i)].format(client=client)) for i in picks]
        # Mostly in SPIN order, but real interviews wander: sort on a noisy rank.
        order = list(SPIN_LABELS)
        keys = [order.index(letter) + float(rng.normal(0, 0.9)) for letter, _ in questions]
        questions = [questions[int(i)] for i in sorted(range(len(questions)), key=keys.__getitem__)]
        motives = list(SONCAS_LABELS)
        dominant = motives[int(rng.integers(len(motives)))]
        answers = [(dominant, text) for text in ANSWERS[dominant]]
        others = [
            (m, text) for m in motives if m != dominant for text in rng.permutation(ANSWERS[m])[:2]
        ]
        answers += [others[int(i)] for i in rng.choice(len(others), 9, replace=False)]
        answers = [answers[int(i)] for i in rng.permutation(len(answers))]
        rows = []
        for k, ((_, q), (_, a)) in enumerate(zip(questions, answers, strict=True)):
            rows.append({"id": f"Q{k + 1:02d}", "locuteur": "Vous", "texte": str(q)})
            rows.append({"id": f"R{k + 1:02d}", "locuteur": contact, "texte": str(a)})
        seed = int(rng.integers(0, 2**31 - 1))
        persona = SIM_PERSONAS[int(rng.integers(len(SIM_PERSONAS)))]
        return {
            "transcription": pd.DataFrame(rows),
            "entreprise": company,
            "contact": contact,
            "fonction_contact": fonction,
            "persona_simulateur": persona,
            "graine_simulateur": seed,
        }

    def context_markdown(self) -> str:
        from kamlearn.cases.companies import load_company

        d = self.data
        company = load_company(d["entreprise"])
        client = company.name
        return (
            f"{company.narrative}\n\n"
            f"Vous avez mené un premier entretien de découverte chez **{client}** avec "
            f"**{d['contact']}**, {d['fonction_contact']}. La transcription de vos questions et "
            f"de ses réponses est dans `transcription`. Vous l'analysez, puis vous préparez et "
            f"menez un second entretien, cette fois avec un interlocuteur du Groupe Aubrac, dans le simulateur d'entretien."
        )


CASE_CLASS = DecouverteCase

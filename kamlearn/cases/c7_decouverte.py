"""C7 – a discovery interview: a transcript to analyse (SPIN questions, SONCAS motives),
then the interview simulator with a seeded persona.

Each learner gets a contact at Distrimax or Aubrac, twelve questions (three of each SPIN
type), each followed by the contact's answer to that very question; one buying motive is
dominant (three answers), none of the others appears more than twice.
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
#: The question bank: per SPIN type, (question, {SONCAS motive: an answer to that very
#: question in which the motive shows}). Each motive answers two questions of each type,
#: so that any dominant motive can be drawn with any set of questions.
BANK = {
    "S": (
        (
            "Comment le suivi de la consommation d'énergie est-il organisé aujourd'hui chez {client} ?",
            {
                "A": "Chaque site relève ses compteurs une fois par mois et nous découvrons les dérives sur la facture : c'est de l'argent perdu que je veux récupérer.",
                "O": "Un tableur par site, consolidé à la main une fois par an : j'aimerais présenter au comité exécutif un suivi digne d'un groupe de notre rang.",
                "N": "Nous relevons encore les compteurs à la main ; des compteurs connectés avec une analyse automatique, ce serait une première chez nous.",
            },
        ),
        (
            "Combien de personnes interviennent sur la maintenance des équipements de vos sites ?",
            {
                "S": "Une quarantaine de techniciens en tout ; avec si peu de monde pour autant de sites, je dois avoir la certitude qu'aucune alarme critique ne passe inaperçue.",
                "C": "Une trentaine de techniciens pour tous nos sites : ils sont déjà débordés et n'ont pas le temps d'apprendre un nouvel outil.",
                "A": "Vingt-cinq techniciens internes et deux prestataires ; chaque heure supplémentaire payée pèse sur un budget déjà réduit de 10 %.",
            },
        ),
        (
            "Quels outils utilisez-vous actuellement pour suivre les interventions ?",
            {
                "N": "Une GMAO vieille de quinze ans et des bons papier ; une application mobile moderne pour nos techniciens serait une vraie nouveauté.",
                "C": "Une GMAO et des tableurs qui ne se parlent pas : je voudrais un seul outil, sans double saisie, qui fasse le travail à notre place.",
                "Sy": "La GMAO qu'un partenaire de longue date nous a installée : il connaît nos équipes et nous répond toujours, c'est ce que j'apprécie.",
            },
        ),
        (
            "Depuis combien de temps travaillez-vous avec votre prestataire actuel ?",
            {
                "Sy": "Depuis huit ans : c'est une relation de confiance, ses équipes connaissent les nôtres par leur prénom.",
                "S": "Depuis six ans ; nous ne changerons que pour des engagements contractuels plus solides, avec des pénalités en cas de panne.",
                "O": "Depuis cinq ans, mais il ne nous a jamais proposé un projet dont nous puissions être fiers devant la profession.",
            },
        ),
    ),
    "P": (
        (
            "Quelles difficultés rencontrez-vous avec vos installations actuelles ?",
            {
                "S": "Deux pannes générales l'an dernier, sans alerte préalable : je ne veux plus revivre cela, il me faut une solution fiable et garantie.",
                "N": "Aucune de nos installations n'est connectée, nous n'exploitons aucune donnée, alors que nos concurrents commencent à le faire.",
                "C": "Chaque site a ses propres équipements et ses propres contrats : tout coordonner moi-même me prend un temps fou.",
            },
        ),
        (
            "Qu'est-ce qui vous insatisfait dans le dispositif de maintenance d'aujourd'hui ?",
            {
                "Sy": "Le prestataire ne vient jamais sur le terrain : mes équipes ont l'impression de parler à un fournisseur, pas à un partenaire.",
                "A": "Il nous coûte de plus en plus cher sans que les pannes diminuent : chaque euro dépensé doit être justifié.",
                "S": "Les interventions ne sont pas tracées et nos auditeurs ont relevé des écarts : la conformité réglementaire est non négociable.",
            },
        ),
        (
            "Quels sont les principaux irritants remontés par vos équipes de terrain ?",
            {
                "C": "Trop d'alertes, des outils compliqués, des doubles saisies : mes techniciens veulent que ce soit simple.",
                "O": "Ils ont le sentiment de travailler avec des méthodes dépassées, alors qu'ils veulent être l'équipe citée en exemple dans le groupe.",
                "Sy": "Ils regrettent le technicien du prestataire qui venait les voir chaque mois : ce contact humain leur manque.",
            },
        ),
        (
            "Qu'est-ce qui freine aujourd'hui vos projets d'économies d'énergie ?",
            {
                "A": "Le budget : le retour sur investissement doit être inférieur à trois ans, sinon le dossier ne passera pas.",
                "N": "Nous n'avons pas les outils : sans capteurs ni analyse des données, nous ne savons même pas où agir.",
                "O": "Aucun projet n'a encore été assez ambitieux pour la direction générale, qui veut un projet phare à présenter à la presse professionnelle.",
            },
        ),
    ),
    "I": (
        (
            "Quelles conséquences ces pannes ont-elles sur votre chiffre d'affaires ?",
            {
                "A": "Une journée d'arrêt, c'est plusieurs dizaines de milliers d'euros de chiffre d'affaires perdus : c'est ce chiffre-là que je veux faire baisser.",
                "S": "Des livraisons en retard et des pénalités ; ce que je veux avant tout, c'est la garantie que cela ne se reproduira pas.",
                "O": "Des ventes perdues, mais surtout notre réputation : nous avons toujours été cités en exemple dans le secteur.",
            },
        ),
        (
            "Que se passe-t-il pour vos objectifs RSE si rien ne change d'ici deux ans ?",
            {
                "O": "Nous avons annoncé nos objectifs publiquement : être le premier groupe du secteur à les atteindre, c'est une question de fierté.",
                "N": "Nous serons en retard ; il nous faut des technologies que nos concurrents n'utilisent pas encore pour rattraper le temps perdu.",
                "A": "Nous paierons l'énergie plus cher, et nos banques regardent désormais ces objectifs avant de nous prêter.",
            },
        ),
        (
            "Quel impact ces alertes non traitées ont-elles sur la motivation de vos équipes ?",
            {
                "C": "Ils sont épuisés de trier des alertes à la main : ils veulent qu'on leur simplifie le travail, pas qu'on leur en ajoute.",
                "Sy": "L'ambiance s'en ressent : ils ont besoin d'un partenaire qui vienne les écouter sur le terrain.",
                "N": "Les plus jeunes s'ennuient et parlent de partir : des outils d'intelligence artificielle appliqués à la maintenance les remotiveraient.",
            },
        ),
        (
            "Quels risques cette situation fait-elle peser sur vos relations avec vos clients ?",
            {
                "S": "Un client a menacé de nous retirer sa qualification fournisseur : il nous faut des engagements de disponibilité et un plan de secours testé.",
                "Sy": "Nos clients nous font confiance depuis des années ; je tiens à ces relations, comme je tiens à travailler avec des gens que j'apprécie.",
                "C": "À chaque incident, je dois appeler moi-même les clients un par un ; je veux que quelqu'un s'en charge pour moi.",
            },
        ),
    ),
    "N": (
        (
            "Si vous pouviez anticiper chaque panne, qu'est-ce que cela vous apporterait ?",
            {
                "S": "La tranquillité : ne plus craindre une panne générale en pleine saison, avec une disponibilité garantie par contrat.",
                "A": "Des économies immédiates : moins d'heures supplémentaires, moins de pièces commandées en urgence, un budget enfin tenu.",
                "C": "Des journées plus simples : des interventions planifiées à l'avance au lieu de courir après les urgences.",
            },
        ),
        (
            "Quelle valeur aurait pour vous une vision consolidée de tous vos sites ?",
            {
                "O": "Je pourrais enfin montrer au comité exécutif un tableau de bord qui prouve que mon service est à la pointe.",
                "N": "Comparer les sites en temps réel, personne ne le fait encore dans notre secteur : ce serait une vraie nouveauté.",
                "A": "Je verrais tout de suite quels sites dépensent trop, et je pourrais justifier chaque euro auprès de la direction financière.",
            },
        ),
        (
            "Qu'est-ce qu'une solution idéale changerait pour vos équipes ?",
            {
                "C": "L'idéal serait que tout soit géré pour eux, de l'installation au support, sans un projet de plus à piloter.",
                "N": "Une application mobile moderne avec des diagnostics automatiques : ils auraient enfin des outils de leur temps.",
                "Sy": "Qu'ils aient en face d'eux des gens qui les connaissent et viennent les voir, pas un centre d'appels anonyme.",
            },
        ),
        (
            "Quel bénéfice attendriez-vous d'un interlocuteur unique pour tous vos sites ?",
            {
                "Sy": "Une vraie relation : quelqu'un qui connaît notre histoire et en qui nous avons confiance, pas seulement un fournisseur.",
                "S": "Un seul responsable, donc un seul engagement : en cas de problème, je sais qui est garant du résultat.",
                "O": "Nous serions le premier groupe du secteur à confier tous ses sites à un seul partenaire : un beau projet à montrer.",
            },
        ),
    ),
}
#: Questions per SPIN type in a transcript, and answers of the dominant motive.
QUESTIONS_PER_TYPE = 3
DOMINANT_COUNT = 3
#: Questions that point back to something already said (« ces pannes »): what must come
#: before them in the interview, as (SPIN types of an earlier question, or a pattern of an
#: earlier question or answer).
ANTECEDENTS = {
    "Quelles conséquences ces pannes ont-elles sur votre chiffre d'affaires ?": (
        (),
        r"\bpannes?\b",
    ),
    "Quel impact ces alertes non traitées ont-elles sur la motivation de vos équipes ?": (
        (),
        r"\balertes\b|\balarmes?\b",
    ),
    "Quels risques cette situation fait-elle peser sur vos relations avec vos clients ?": (
        ("P",),
        None,
    ),
}


def antecedent_said(question: str, earlier) -> bool:
    """Whether what ``question`` points back to is among the ``earlier`` (type, question,
    answer) of the interview (always true for a question that points back to nothing)."""
    import re

    if question not in ANTECEDENTS:
        return True
    letters, pattern = ANTECEDENTS[question]
    return any(
        letter in letters or (pattern and re.search(pattern, f"{q} {a}", re.I))
        for letter, q, a in earlier
    )


def respect_antecedents(pairs: list) -> list | None:
    """``pairs`` (type, question, answer) in their order, each question that points back
    moved right after its antecedent; None when one has no antecedent at all."""
    out: list = []
    waiting: list = []
    for pair in pairs:
        if antecedent_said(pair[1], out):
            out.append(pair)
        else:
            waiting.append(pair)
        for held in list(waiting):
            if antecedent_said(held[1], out):
                waiting.remove(held)
                out.append(held)
    return None if waiting else out


def answer_motive(text: str) -> str:
    """The SONCAS motive of an answer of the bank (KeyError when it is not one)."""
    for questions in BANK.values():
        for _, answers in questions:
            for motive, answer in answers.items():
                if answer == text:
                    return motive
    raise KeyError(text)


def question_type(text: str, client: str) -> str:
    """The SPIN type of a question of the bank, as worded for ``client``."""
    for letter, questions in BANK.items():
        if any(q.format(client=client) == text for q, _ in questions):
            return letter
    raise KeyError(text)


def _assign_motives(rng, options: list[tuple[str, ...]], dominant: str) -> list[str] | None:
    """One motive per question, from its options: the dominant one exactly
    :data:`DOMINANT_COUNT` times, every other at most ``DOMINANT_COUNT - 1`` times."""
    counts: dict[str, int] = {}
    chosen: list[str] = []

    def fits(motive: str) -> bool:
        cap = DOMINANT_COUNT if motive == dominant else DOMINANT_COUNT - 1
        return counts.get(motive, 0) < cap

    def place(k: int) -> bool:
        if k == len(options):
            return counts.get(dominant, 0) == DOMINANT_COUNT
        for motive in rng.permutation(options[k]):
            motive = str(motive)
            if fits(motive):
                counts[motive] = counts.get(motive, 0) + 1
                chosen.append(motive)
                if place(k + 1):
                    return True
                counts[motive] -= 1
                chosen.pop()
        return False

    return chosen if place(0) else None


#: Who the learner met: people of the shared storylines (kamlearn.cases.storyline_clients and
#: kamlearn.cases.storyline), by name.
CONTACT_NAMES = {
    "distrimax": ("Claire Lefèvre", "Paul Benali", "Julie Moreau"),
    "aubrac": ("Sophie Marchand", "Thomas Keller", "Philippe Garnier"),
}


def _contact(company: str, name: str) -> tuple[str, str]:
    from kamlearn.cases.storyline import BUYING_CENTRE
    from kamlearn.cases.storyline_clients import DISTRIMAX_PEOPLE

    people = DISTRIMAX_PEOPLE if company == "distrimax" else BUYING_CENTRE
    person = next(p for p in people if p.name == name)
    return person.name, person.title


#: Simulator personas (cases/personas/entretien/) the learner practises with.
SIM_PERSONAS = ("directrice_maintenance", "dsi")


class DecouverteCase(Case):
    name = "c7_decouverte"
    company_id = "distrimax"

    def generate(self) -> dict[str, Any]:
        import pandas as pd

        rng = self.rng("transcription")
        company = ("distrimax", "aubrac")[int(rng.integers(2))]
        contact, fonction = _contact(company, CONTACT_NAMES[company][int(rng.integers(3))])
        client = {"distrimax": "Distrimax", "aubrac": "Aubrac"}[company]
        motives = list(SONCAS_LABELS)
        dominant = motives[int(rng.integers(len(motives)))]
        for _ in range(200):
            picks = [
                (letter, int(i))
                for letter in SPIN_LABELS
                for i in rng.choice(len(BANK[letter]), QUESTIONS_PER_TYPE, replace=False)
            ]
            options = [tuple(BANK[letter][i][1]) for letter, i in picks]
            assigned = _assign_motives(rng, options, dominant)
            if assigned is None:
                continue
            pairs = [
                (letter, BANK[letter][i][0].format(client=client), BANK[letter][i][1][motive])
                for (letter, i), motive in zip(picks, assigned, strict=True)
            ]
            # Mostly in SPIN order, but real interviews wander: sort on a noisy rank, then
            # ask « ces pannes » only once a breakdown has been mentioned.
            order = list(SPIN_LABELS)
            keys = [order.index(letter) + float(rng.normal(0, 0.9)) for letter, _, _ in pairs]
            pairs = respect_antecedents(
                [pairs[int(i)] for i in sorted(range(len(pairs)), key=keys.__getitem__)]
            )
            if pairs is not None:
                break
        else:  # pragma: no cover - every motive answers two questions of each type
            raise RuntimeError("no coherent transcript with a single dominant motive")
        rows = []
        for k, (_, q, a) in enumerate(pairs):
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

"""What a learner types in place of each blank of the « bloc 0 » onboarding notebook."""

from __future__ import annotations

#: The line with a blank → what replaces it, in the order of the exercises.
ANSWERS = {
    "prix_remise = ___": "prix_remise = prix_annuel * (1 - 0.05)",
    "moyenne_recommandation = ___": (
        'moyenne_recommandation = enquete["score_recommandation"].mean()'
    ),
    "detracteurs = ___": 'detracteurs = enquete[enquete["score_recommandation"] <= 6]',
    "nb_detracteurs = ___": "nb_detracteurs = len(detracteurs)",
    "moyenne_par_site = ___": (
        'moyenne_par_site = enquete.groupby("site")["score_recommandation"].mean()'
    ),
    "site_moyenne_la_plus_basse = ___": "site_moyenne_la_plus_basse = moyenne_par_site.idxmin()",
    "site_nps_le_plus_bas = ___": "site_nps_le_plus_bas = nps_entrainement.idxmin()",
    "___": "\n".join(
        (
            "ax.bar(moyenne_par_site.index, moyenne_par_site.values)",
            'ax.set_title("Recommandation par site")',
            'ax.set_xlabel("Site")',
            'ax.set_ylabel("Note moyenne")',
        )
    ),
}


def answered(source: str) -> str:
    """``source`` (an exercise cell) with each blank line replaced by its answer."""
    return "\n".join(ANSWERS.get(line.strip(), line) for line in source.split("\n"))


def answers_in(source: str) -> str:
    """What the learner writes in ``source`` (an exercise cell): its blanks' answers only."""
    return "\n".join(
        ANSWERS[line.strip()] for line in source.split("\n") if line.strip() in ANSWERS
    )

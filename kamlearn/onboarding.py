"""The « bloc 0 » practice data: one survey shared by every learner, never a graded case.

Bloc 0 teaches Jupyter and pandas before any graded notebook, so its data must not be a
learner's own graded data. :func:`kamlearn.cases.load_case` cannot give that: it resolves
the learner from the server's environment (``KAMTRAIN_COHORT``, ``JUPYTERHUB_USER``, see
:mod:`kamlearn.cases.identity`), whatever the notebook asks for. This module builds a fixed
survey with no identity at all: the same rows for every learner, on every server.

The survey is built so that the site with the lowest *mean* recommendation score is not the
site with the lowest *NPS* (a site split between fans and very unhappy contacts against a
lukewarm one): bloc 0 shows it, because C6 asks for the most fragile site by NPS and the
lowest mean is its most frequent wrong answer.
"""

from __future__ import annotations

#: Respondents per recommendation score (0–10), site by site.
SCORES_BY_SITE: dict[str, dict[int, int]] = {
    "Annecy": {10: 4, 9: 5, 8: 4, 7: 2, 6: 1},
    # Lukewarm: hardly anyone very unhappy, but many 6s (detractors) and no promoter.
    "Brest": {8: 2, 7: 6, 6: 6, 5: 2},
    # Split: fans and very unhappy contacts; the lowest mean, not the lowest NPS.
    "Colmar": {10: 6, 9: 2, 3: 2, 2: 4, 1: 2},
    "Dijon": {10: 3, 9: 6, 8: 4, 7: 2, 5: 1},
}
FUNCTIONS = ("Maintenance", "Production", "Achats", "Direction de site")


def practice_survey():
    """The practice survey: one row per respondent (``id_contact``, ``site``, ``fonction``,
    ``score_recommandation``), sites interleaved so that ``head()`` shows several."""
    import pandas as pd

    queues = {site: _alternate(counts) for site, counts in SCORES_BY_SITE.items()}
    rows = []
    for rank in range(max(len(q) for q in queues.values())):
        for site, queue in queues.items():
            if rank < len(queue):
                i = len(rows)
                rows.append(
                    {
                        "id_contact": f"ENT-{i + 1:03d}",
                        "site": site,
                        "fonction": FUNCTIONS[(i // len(queues)) % len(FUNCTIONS)],
                        "score_recommandation": queue[rank],
                    }
                )
    return pd.DataFrame(rows)


def _alternate(counts: dict[int, int]) -> list[int]:
    """The scores of ``counts``, highest and lowest in turn (each score as often as counted)."""
    ordered = [score for score, n in sorted(counts.items(), reverse=True) for _ in range(n)]
    return [ordered[-1 - k // 2] if k % 2 else ordered[k // 2] for k in range(len(ordered))]


def practice_nps_by_site():
    """NPS of each site of :func:`practice_survey`, in points (the C6 convention)."""
    from kamlearn import conventions

    survey = practice_survey()
    return survey.groupby("site")["score_recommandation"].apply(conventions.nps)

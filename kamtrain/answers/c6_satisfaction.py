"""C6 answers: NPS overall, by site and by function, score distribution."""

from __future__ import annotations

from typing import Any

from kamlearn import conventions as conv


def compute_expected(case) -> dict[str, Any]:
    df = case.data["enquete"]
    by_site = {
        site: conv.nps(group["score_recommandation"])
        for site, group in df.groupby("site", sort=True)
    }
    by_function = {
        f: conv.nps(group["score_recommandation"]) for f, group in df.groupby("fonction", sort=True)
    }
    worst = min(by_site, key=by_site.get)
    categories = df["score_recommandation"].map(conv.nps_category)
    return {
        "nps_global": conv.nps(df["score_recommandation"]),
        "nps_par_site": by_site,
        "nps_par_fonction": by_function,
        "site_le_plus_faible": worst,
        "repartition_scores": df["score_recommandation"]
        .value_counts()
        .reindex(range(0, 11), fill_value=0)
        .to_dict(),
        "effectifs_categories": categories.value_counts().to_dict(),
        "n_repondants": len(df),
    }

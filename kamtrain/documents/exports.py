"""CSV exports of a jury session: decisions, criterion levels, agreement."""

from __future__ import annotations

import csv
import io

from kamtrain.documents.jury_data import JuryData, decided_levels


def _csv(header: list[str], rows: list[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def decisions_csv(data: JuryData) -> str:
    """One row per candidate × block × competency (kept blocks: one row, empty competency)."""
    rows = []
    for cand in data.candidates:
        d = data.decision(cand.id)
        for b in d.blocks:
            comps = b.competencies or (None,)
            for comp in comps:
                rows.append(
                    [
                        cand.display,
                        data.session.name,
                        b.block,
                        "oui" if b.validated else "non",
                        b.kept_from or "",
                        "" if comp is None else comp.competency,
                        "" if comp is None else ("oui" if comp.acquired else "non"),
                        "" if comp is None or comp.mean is None else f"{comp.mean:.2f}",
                        "oui" if d.awarded else "non",
                        " ".join(comp.reasons if comp else b.reasons),
                    ]
                )
    header = [
        "candidat", "session", "bloc", "bloc_valide", "conserve_de", "competence",
        "competence_acquise", "moyenne", "certification", "motifs",
    ]  # fmt: skip
    return _csv(header, rows)


def levels_csv(data: JuryData) -> str:
    rows = []
    for cand in data.candidates:
        for crit, level in sorted(decided_levels(data, cand.id).items()):
            final = data.level(cand.id, crit)
            source = "autograde" if final is None else final.source
            rows.append([cand.display, crit, level, source])
    return _csv(["candidat", "critere", "niveau", "origine"], rows)


def agreement_csv(data: JuryData) -> str:
    rows = [
        [
            r.assessor_a,
            r.assessor_b,
            r.scope,
            r.result.n,
            f"{r.result.observed:.3f}",
            "" if r.result.kappa is None else f"{r.result.kappa:.3f}",
            r.result.band_fr,
            "" if r.result.weighted_kappa is None else f"{r.result.weighted_kappa:.3f}",
            r.result.weighted_band_fr,
        ]
        for r in data.agreement
    ]
    header = [
        "evaluateur_a", "evaluateur_b", "perimetre", "n", "accord_observe", "kappa",
        "bande_kappa", "kappa_pondere_quadratique", "bande_kappa_pondere",
    ]  # fmt: skip
    return _csv(header, rows)


#: Columns of the results declared to the certifier.
RESULTS_HEADER = [
    "identifiant", "nom", "prenom", "blocs_valides", "blocs_conserves", "decision",
    "session", "date_session",
]  # fmt: skip


def results_csv(data: JuryData) -> str:
    """Results for the certifier: one row per candidate, ``;``-separated, for French
    spreadsheets (written with a BOM by :func:`write_results_csv`). Not for anonymous mode."""
    from kamtrain.documents.pv import result_fr

    if data.anonymous:
        raise ValueError("the certifier's results CSV names candidates: not in anonymous mode")
    day = "/".join(reversed(data.session.date.split("-")))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(RESULTS_HEADER)
    for cand in data.candidates:
        d = data.decision(cand.id)
        writer.writerow(
            [
                cand.id,
                cand.last_name,
                cand.first_name,
                ",".join(str(b) for b in d.validated_blocks),
                ",".join(str(b.block) for b in d.blocks if b.kept_from),
                result_fr(d),
                data.session.name,
                day,
            ]
        )
    for cand in data.absent:
        writer.writerow(
            [cand.id, cand.last_name, cand.first_name, "", "", "Absent", data.session.name, day]
        )
    return buffer.getvalue()

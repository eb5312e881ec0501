"""Write every document of a jury session into one folder.

A closed session's PV is written once, with its seal: writing it again is refused (a
correction opens a new, linked session). An open session gives a draft PV
(``projet_proces_verbal``), marked as such and without a seal, which may be rewritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kamlearn.errors import ClosedSessionError


@dataclass(frozen=True)
class WrittenDocuments:
    folder: Path
    pv_html: Path
    #: None when written without PDFs (``pdf=False``).
    pv_pdf: Path | None
    dashboard_html: Path
    result_sheets: tuple[Path, ...]
    csv_files: tuple[Path, ...]
    attestations: tuple[Path, ...] = ()
    results_csv: Path | None = None


def _write_once(path: Path, text: str) -> Path:
    with path.open("x", encoding="utf-8") as handle:
        handle.write(text)
    return path


def write_documents(
    *,
    course_dir: Path,
    out: Path | None = None,
    session: str | None = None,
    anonymous: bool = False,
    allow_autograde: bool = False,
    pdf_sheets: bool = True,
    pdf: bool = True,
) -> WrittenDocuments:
    """Decide the session and write the PV (HTML+PDF), result sheets, attestations,
    dashboard and CSVs.

    Args:
        course_dir: the cohort folder.
        out: target folder; default ``<course_dir>/reports/jury/<session>``.
        session: jury session name (latest by default).
        anonymous: show candidate codes instead of names (no attestation, no results CSV).
        allow_autograde: see :func:`kamtrain.jury.outcome.decide`.
        pdf_sheets: also write each result sheet and attestation as PDF.
        pdf: write PDFs at all (False: HTML and CSV only, e.g. without the ``pdf`` extra).

    Raises:
        MissingGradesError: the session cannot be decided yet.
        ClosedSessionError: the closed session's PV was already written.
    """
    from kamtrain.documents import exports
    from kamtrain.documents.attestation import needs_attestation, render_attestation
    from kamtrain.documents.dashboard import render_dashboard
    from kamtrain.documents.jury_data import gather
    from kamtrain.documents.pdf import write_pdf
    from kamtrain.documents.pv import render_pv
    from kamtrain.documents.result_sheet import render_result_sheet

    data = gather(
        course_dir=course_dir, session=session, anonymous=anonymous, allow_autograde=allow_autograde
    )
    folder = Path(out) if out else Path(course_dir) / "reports" / "jury" / data.session.name
    folder.mkdir(parents=True, exist_ok=True)
    suffix = "_anonyme" if anonymous else ""
    stem = f"proces_verbal{suffix}" if data.session.closed else f"projet_proces_verbal{suffix}"
    pv_html = folder / f"{stem}.html"
    pv_pdf = folder / f"{stem}.pdf"
    pv_text = render_pv(data)
    if data.session.closed:
        if pv_pdf.exists() or pv_html.exists():
            raise ClosedSessionError(
                f"Session {data.session.name} is closed and its PV already exists ({pv_pdf}); "
                "a sealed PV is never rewritten. To correct the session, open a new one with "
                f"`kamtrain jury session create DIR --corrects {data.session.name} ...`."
            )
        _write_once(pv_html, pv_text)
    else:
        pv_html.write_text(pv_text, encoding="utf-8")
    if pdf:
        write_pdf(pv_text, pv_pdf)
    else:
        pv_pdf = None
    dashboard = folder / f"tableau_de_bord{suffix}.html"
    dashboard.write_text(render_dashboard(data), encoding="utf-8")
    sheets, attestations = [], []
    sheet_dir = folder / "releves"
    sheet_dir.mkdir(exist_ok=True)
    for cand in data.candidates:
        html = render_result_sheet(data, cand.id)
        name = cand.code if anonymous else cand.id
        path = sheet_dir / f"releve_{name}.html"
        path.write_text(html, encoding="utf-8")
        sheets.append(path)
        if pdf and pdf_sheets:
            sheets.append(write_pdf(html, path.with_suffix(".pdf")))
        if not anonymous and needs_attestation(data, cand.id):
            att_dir = folder / "attestations"
            att_dir.mkdir(exist_ok=True)
            att = att_dir / f"attestation_blocs_{cand.id}.html"
            text = render_attestation(data, cand.id)
            att.write_text(text, encoding="utf-8")
            attestations.append(att)
            if pdf and pdf_sheets:
                attestations.append(write_pdf(text, att.with_suffix(".pdf")))
    csv_files = []
    for name, text in (
        ("decisions", exports.decisions_csv(data)),
        ("niveaux", exports.levels_csv(data)),
        ("accord", exports.agreement_csv(data)),
    ):
        path = folder / f"{name}{suffix}.csv"
        path.write_text(text, encoding="utf-8")
        csv_files.append(path)
    results = None
    if not anonymous:
        results = folder / "resultats_certificateur.csv"
        # UTF-8 with a BOM and ";": what French spreadsheets open without an import dialog.
        results.write_text(exports.results_csv(data), encoding="utf-8-sig", newline="")
        csv_files.append(results)
    return WrittenDocuments(
        folder, pv_html, pv_pdf, dashboard, tuple(sheets), tuple(csv_files), tuple(attestations),
        results,
    )  # fmt: skip

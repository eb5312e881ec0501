"""Write every document of a jury session into one folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class WrittenDocuments:
    folder: Path
    pv_html: Path
    #: None when written without PDFs (``pdf=False``).
    pv_pdf: Path | None
    dashboard_html: Path
    result_sheets: tuple[Path, ...]
    csv_files: tuple[Path, ...]


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
    """Decide the session and write the PV (HTML+PDF), result sheets, dashboard and CSVs.

    Args:
        course_dir: the cohort folder.
        out: target folder; default ``<course_dir>/reports/jury/<session>``.
        session: jury session name (latest by default).
        anonymous: show candidate codes instead of names.
        allow_autograde: see :func:`kamtrain.jury.outcome.decide`.
        pdf_sheets: also write each result sheet as PDF.
        pdf: write PDFs at all (False: HTML and CSV only, e.g. without the ``pdf`` extra).

    Raises:
        MissingGradesError: the session cannot be decided yet.
    """
    from kamtrain.documents import exports
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
    pv_html_text = render_pv(data)
    pv_html = folder / f"proces_verbal{suffix}.html"
    pv_html.write_text(pv_html_text, encoding="utf-8")
    pv_pdf = write_pdf(pv_html_text, folder / f"proces_verbal{suffix}.pdf") if pdf else None
    dashboard = folder / f"tableau_de_bord{suffix}.html"
    dashboard.write_text(render_dashboard(data), encoding="utf-8")
    sheets = []
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
    csv_files = []
    for name, text in (
        ("decisions", exports.decisions_csv(data)),
        ("niveaux", exports.levels_csv(data)),
        ("accord", exports.agreement_csv(data)),
    ):
        path = folder / f"{name}{suffix}.csv"
        path.write_text(text, encoding="utf-8")
        csv_files.append(path)
    return WrittenDocuments(folder, pv_html, pv_pdf, dashboard, tuple(sheets), tuple(csv_files))

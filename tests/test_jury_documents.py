"""Jury documents: procès-verbal (HTML and PDF), result sheets, dashboard, CSV exports."""

from __future__ import annotations

import csv
import io

import pytest
from jury_support import fill, make_cohort
from pypdf import PdfReader

from kamtrain.documents.jury_documents import write_documents
from kamtrain.jury import api
from kamtrain.jury.anonymity import candidate_codes


@pytest.fixture(scope="module")
def decided(tmp_path_factory):
    course = make_cohort(tmp_path_factory.mktemp("docs"))
    api.create_session(
        course_dir=course,
        name="S1",
        session_date="2026-06-30",
        members=("Claire Dubois", "Marc Lefèvre"),
    )
    for learner in ("alice", "bruno"):
        fill(
            course,
            assessor="Claire Dubois",
            learner=learner,
            session="S1",
            overrides={"C6.2": 0} if learner == "bruno" else {"C9.1": 3},
        )
        fill(
            course,
            assessor="Marc Lefèvre",
            learner=learner,
            session="S1",
            overrides={"C6.2": 0} if learner == "bruno" else {"C9.1": 2},
        )
    api.reconcile(
        course_dir=course, learner="alice", criterion="C9.1", level=2,
        reason="Argumentation solide mais chiffrage incomplet", by="Claire Dubois",
    )  # fmt: skip
    api.register_vae(
        course_dir=course, learner="bruno", evidence="livret_bruno.pdf", by="Claire Dubois"
    )
    return course


def test_pv_html_and_pdf(decided, tmp_path):
    written = write_documents(course_dir=decided, out=tmp_path / "docs", pdf_sheets=False)
    html = written.pv_html.read_text(encoding="utf-8")
    for expected in (
        "Procès-verbal du jury de certification",
        "Manager commercial client grands comptes",
        "Alice Martin",
        "Bruno Durand",
        "Non validé",
        "Certification obtenue",
        "Argumentation solide mais chiffrage incomplet",
        "tiers-temps",
        "multipliées par 1,33",
        "livret_bruno.pdf",
        "presque parfait",
        "Pas de compensation",
    ):
        assert expected in html, expected
    assert "chloe" not in html and "Chloé" not in html  # not graded, not decided
    pdf = written.pv_pdf.read_bytes()
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF") and len(pdf) > 5000
    # The text read back from the PDF file itself.
    text = " ".join(page.extract_text() for page in PdfReader(written.pv_pdf).pages)
    text = " ".join(text.split())
    assert "Procès-verbal du jury de certification" in text
    assert "Bruno Durand" in text and "Non obtenue" in text and "Obtenue" in text
    assert "presque parfait" in text and "tiers-temps" in text


def test_result_sheet_dashboard_and_csv(decided, tmp_path):
    written = write_documents(course_dir=decided, out=tmp_path / "docs")
    sheet = next(p for p in written.result_sheets if p.name == "releve_bruno.html")
    html = sheet.read_text(encoding="utf-8")
    assert "Relevé de résultats" in html and "Certification non obtenue" in html
    assert 'src="data:image/png;base64,' in html  # radar of the 18 competencies
    assert "Commentaire de Claire Dubois sur C6.2" in html
    assert "C6 – non acquise" in html and "0 – Non acquis" in html
    assert "Parcours VAE" in html
    assert any(p.name == "releve_bruno.pdf" for p in written.result_sheets)
    dashboard = written.dashboard_html.read_text(encoding="utf-8")
    assert "Taux de validation par bloc" in dashboard and "Carte de chaleur" in dashboard
    assert "50 %" in dashboard  # C6's block: 1 of 2 candidates
    decisions = list(
        csv.DictReader(io.StringIO((written.folder / "decisions.csv").read_text(encoding="utf-8")))
    )
    c6 = [r for r in decisions if r["competence"] == "C6"]
    assert {r["candidat"]: r["competence_acquise"] for r in c6} == {
        "Alice Martin": "oui",
        "Bruno Durand": "non",
    }
    agreement = list(
        csv.DictReader(io.StringIO((written.folder / "accord.csv").read_text(encoding="utf-8")))
    )
    assert agreement[0]["perimetre"] == "all" and agreement[0]["evaluateur_a"] == "Claire Dubois"


def test_anonymous_documents_show_codes_only(decided, tmp_path):
    written = write_documents(
        course_dir=decided, out=tmp_path / "anon", anonymous=True, pdf_sheets=False
    )
    codes = candidate_codes("promo-test", ["alice", "bruno", "chloe"])
    for path in (
        written.pv_html,
        written.dashboard_html,
        *written.result_sheets,
        *written.csv_files,
    ):
        text = path.read_text(encoding="utf-8")
        for name in ("Alice", "Martin", "Durand", "alice", "bruno"):
            assert name not in text, (path.name, name)
    pv = written.pv_html.read_text(encoding="utf-8")
    assert codes["alice"] in pv and codes["bruno"] in pv and "Mode anonyme" in pv
    assert {p.name for p in written.result_sheets} == {
        f"releve_{codes['alice']}.html",
        f"releve_{codes['bruno']}.html",
    }

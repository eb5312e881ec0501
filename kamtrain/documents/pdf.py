"""HTML → PDF with weasyprint: the PDF is the very HTML the browser shows."""

from __future__ import annotations

from pathlib import Path


def available() -> bool:
    """Whether PDFs can be written (weasyprint, the ``pdf`` extra, is installed)."""
    import importlib.util

    return importlib.util.find_spec("weasyprint") is not None


def write_pdf(html: str, path: Path, *, base_url: Path | None = None) -> Path:
    """Render ``html`` to ``path`` (PDF) and return the path."""
    try:
        from weasyprint import HTML
    except ImportError:
        from kamlearn.errors import MissingExtraError

        raise MissingExtraError("PDF jury documents", "pdf", "weasyprint") from None

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    HTML(string=html, base_url=str(base_url or path.parent)).write_pdf(path)
    return path

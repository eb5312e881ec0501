"""HTML → PDF with weasyprint: the PDF is the very HTML the browser shows."""

from __future__ import annotations

from pathlib import Path


def write_pdf(html: str, path: Path, *, base_url: Path | None = None) -> Path:
    """Render ``html`` to ``path`` (PDF) and return the path."""
    from weasyprint import HTML

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    HTML(string=html, base_url=str(base_url or path.parent)).write_pdf(path)
    return path


def html_text(html: str) -> str:
    """The text weasyprint lays out on the pages (its own extraction, for tests and checks)."""
    from weasyprint import HTML

    document = HTML(string=html).render()
    parts: list[str] = []

    def walk(box) -> None:
        text = getattr(box, "text", None)
        if isinstance(text, str):
            parts.append(text)
        for child in getattr(box, "children", ()) or ():
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return " ".join(parts)

"""Text renderings of the referential: table, JSON, CSV and Markdown.

Pure functions from blocks (as returned by :meth:`Referential.select`) to ``str``. The texts
shown are the referential's French wording; table and Markdown headings are French too.
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from collections.abc import Callable, Sequence

from kamlearn.referential.models import Activity, Block, Competency, Criterion, Modality

FORMATS = ("table", "json", "csv", "md")

CSV_COLUMNS = (
    "block_id",
    "block_title",
    "competency_id",
    "competency_title",
    "modality_kind",
    "modality_setting",
    "oral",
    "written",
    "test_id",
    "criterion_id",
    "criterion_text",
)

_WIDTH = 100


# --- dictionaries (JSON and other consumers) -------------------------------------------------


def modality_to_dict(m: Modality) -> dict:
    return {
        "kind": m.kind,
        "kind_label": m.kind_label,
        "setting": m.setting,
        "oral": m.oral,
        "written": m.written,
        "individual_assessment": m.individual_assessment,
        "label": m.label,
        "description": m.description,
        "test_id": m.test_id,
        "competencies_tested_together": list(m.competencies_tested_together),
    }


def criterion_to_dict(k: Criterion) -> dict:
    return {"id": k.id, "text": k.text}


def competency_to_dict(c: Competency) -> dict:
    return {
        "id": c.id,
        "title": c.title,
        "modality": modality_to_dict(c.modality),
        "criteria": [criterion_to_dict(k) for k in c.criteria],
        "number": c.number,
        "block_id": c.block_id,
        "activity_id": c.activity_id,
        "criteria_intro": c.criteria_intro,
    }


def activity_to_dict(a: Activity) -> dict:
    return {
        "id": a.id,
        "title": a.title,
        "label": a.label,
        "tasks": list(a.tasks),
        "competency_ids": list(a.competency_ids),
    }


def block_to_dict(b: Block) -> dict:
    return {
        "id": b.id,
        "title": b.title,
        "competencies": [competency_to_dict(c) for c in b.competencies],
        "activities": [activity_to_dict(a) for a in b.activities],
    }


# --- renderers -------------------------------------------------------------------------------


def render_json(blocks: Sequence[Block]) -> str:
    """One JSON document ``{"blocks": [...]}`` (UTF-8 text, not ASCII-escaped)."""
    doc = {"blocks": [block_to_dict(b) for b in blocks]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def render_csv(blocks: Sequence[Block]) -> str:
    """One row per criterion, columns :data:`CSV_COLUMNS`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for b in blocks:
        for c in b.competencies:
            m = c.modality
            for k in c.criteria:
                writer.writerow(
                    [
                        b.id,
                        b.title,
                        c.id,
                        c.title,
                        m.kind,
                        m.setting,
                        str(m.oral).lower(),
                        str(m.written).lower(),
                        m.test_id,
                        k.id,
                        k.text,
                    ]
                )
    return out.getvalue()


def modality_summary(m: Modality) -> str:
    """French one-line summary: type, setting, oral/written, assessment, test."""
    mode = {(True, True): "oral et écrit", (True, False): "oral", (False, True): "écrit"}.get(
        (m.oral, m.written), "—"
    )
    assessment = "évaluation individuelle" if m.individual_assessment else "évaluation collective"
    text = f"{m.kind_label} · {m.setting_label} · {mode} · {assessment} · épreuve {m.test_id}"
    if m.shared:
        text += f" (commune à {', '.join(m.competencies_tested_together)})"
    return text


def _wrap(text: str, indent: str, first: str | None = None) -> list[str]:
    return textwrap.wrap(
        text,
        width=_WIDTH,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first or indent]


def render_table(blocks: Sequence[Block]) -> str:
    """Readable aligned text: blocks, activities, competencies, then their criteria."""
    lines: list[str] = []
    for b in blocks:
        heading = f"Bloc {b.id} : {b.title}"
        lines += [heading, "=" * len(heading)]
        for a in b.activities:
            lines.append(f"Activité {a.id} : {a.label or a.title}")
            if a.tasks:
                lines += _wrap("Tâches : " + " ; ".join(a.tasks), "    ", "  ")
            lines.append("")
            for c in (c for c in b.competencies if c.activity_id == a.id):
                lines += _render_competency_table(c)
    return "\n".join(lines).rstrip("\n") + "\n"


def _render_competency_table(c: Competency) -> list[str]:
    id_width = max(len(k.id) for k in c.criteria)
    pad = " " * 4
    lines = _wrap(c.title, " " * 6, f"{c.id:<6}")
    lines += _wrap(modality_summary(c.modality), pad + " " * 12, f"{pad}Modalité  : ")
    lines += _wrap(f"« {c.modality.label} »", pad + " " * 12, pad + " " * 12)
    lines.append(f"{pad}Critères  :" + (f" {c.criteria_intro}" if c.criteria_intro else ""))
    for k in c.criteria:
        first = f"{pad}  {k.id:<{id_width}}  "
        lines += _wrap(k.text, " " * len(first), first)
    lines.append("")
    return lines


def render_markdown(blocks: Sequence[Block]) -> str:
    """Markdown: a heading per block, activity and competency; criteria as a bullet list."""
    out: list[str] = []
    for b in blocks:
        out += [f"# Bloc {b.id} : {b.title}", ""]
        for a in b.activities:
            out += [f"## Activité {a.id} : {a.label or a.title}", ""]
            out += [f"- {t}" for t in a.tasks] + [""]
            for c in (c for c in b.competencies if c.activity_id == a.id):
                m = c.modality
                out += [
                    f"### {c.id}. {c.title}",
                    "",
                    f"**Modalité :** {modality_summary(m)}  ",
                    f"*{m.label}*",
                    "",
                    m.description,
                    "",
                ]
                if c.criteria_intro:
                    out += [f"**Critères d'évaluation** – {c.criteria_intro}", ""]
                else:
                    out += ["**Critères d'évaluation**", ""]
                out += [f"- **{k.id}** {k.text}" for k in c.criteria] + [""]
    return "\n".join(out).rstrip("\n") + "\n"


RENDERERS: dict[str, Callable[[Sequence[Block]], str]] = {
    "table": render_table,
    "json": render_json,
    "csv": render_csv,
    "md": render_markdown,
}


def render(blocks: Sequence[Block], *, fmt: str = "table") -> str:
    """Render blocks in one of :data:`FORMATS`.

    Raises:
        ValueError: unknown format (the CLI restricts choices, so this is a programming error).
    """
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}") from None
    return renderer(blocks)

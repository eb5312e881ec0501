"""Learner- and jury-facing French text of the project, with where each piece comes from.

The spell-check test (``test_french_text.py``) reads every text a learner or a jury member
sees: the notebooks (markdown, comments and string literals of code cells), the data files
(``rubrics/*.yml``, ``cases/**/*.yml``), the French string literals of the Python modules
that write messages (checks, cases, simulators, feedback, jury documents) and the HTML
templates. Each piece is a :class:`Text` naming its file and line, so a failure says where
to fix it. Words are checked with Debian's ``hunspell-fr`` (classical spelling) and the
project's word list ``tests/data/wordlist-fr.txt``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from _french_code import notebook_texts, python_texts
from _french_prose import Text, looks_french, strip_markdown, strip_template
from _french_words import (
    _ELISION,
    WORDLIST,
    hunspell_available,
    in_scope,
    read_wordlist,
    typography_errors,
    unknown_words,
    words,
)

__all__ = [
    "WORDLIST",
    "_ELISION",
    "Text",
    "hunspell_available",
    "in_scope",
    "looks_french",
    "project_texts",
    "python_texts",
    "read_wordlist",
    "typography_errors",
    "unknown_words",
    "words",
]

ROOT = Path(__file__).resolve().parent.parent

#: Folders and files whose text learners or the jury read.
NOTEBOOK_GLOBS = ("notebooks/**/*.ipynb",)
YAML_GLOBS = (
    "rubrics/*.yml",
    "cases/**/*.yml",
    "kamtrain/epreuves/*.yml",
    "kamtrain/simkeys/**/*.yml",
)
TEMPLATE_GLOBS = ("kamtrain/templates/*.j2",)
MARKDOWN_GLOBS = ("docs/formateur/*.md",)
PYTHON_GLOBS = (
    "kamtrain/checks/*.py",
    "kamlearn/cases/*.py",
    "kamlearn/sim/*.py",
    "kamlearn/widgets/*.py",
    "kamlearn/*.py",
    "kamtrain/widgets/*.py",
    "kamtrain/feedback/*.py",
    "kamtrain/documents/*.py",
    "kamtrain/reporting/*.py",
    "kamtrain/progress/*.py",
    "kamtrain/jury/*.py",
    "kamtrain/epreuves/*.py",
    "kamtrain/grading/*.py",
    "kamtrain/nbgrader_adapter/*.py",
    "kamtrain/*.py",
    "kamlearn/referential/*.py",
)


# --- YAML: every string value, with its line --------------------------------------------


#: YAML keys whose values are codes or matching stems, never shown as prose.
YAML_CODE_KEYS = frozenset(
    {
        "id",
        "next",
        "category",
        "form",
        "spin",
        "kind",
        "setting",
        "test_id",
        "schema_version",
        "phase",
        "extends",
        "formats",
        "format",
        "seed_modality",
        "exam_families",
        "by",
    }
)


def yaml_texts(path: Path, rel: str) -> Iterator[Text]:
    import yaml

    root = yaml.compose(path.read_text(encoding="utf-8"))

    def walk(node, key: str) -> Iterator[Text]:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                yield from walk(v, k.value)
        elif isinstance(node, yaml.SequenceNode):
            for v in node.value:
                yield from walk(v, key)
        elif isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str"):
            if key in YAML_CODE_KEYS or key.endswith("keywords"):
                return
            value = node.value
            if not value.strip() or (" " not in value.strip() and "_" in value):
                return
            block = node.style in ("|", ">")
            first = node.start_mark.line + 1 + (1 if block else 0)
            for n, line in enumerate(strip_markdown(value).splitlines()):
                if line.strip():
                    yield Text(rel, first + (n if block else 0), key, line)

    if root is not None:
        yield from walk(root, "")


def template_texts(path: Path, rel: str) -> Iterator[Text]:
    text = strip_template(path.read_text(encoding="utf-8"))
    for n, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield Text(rel, n, "", line)


def project_texts(root: Path = ROOT) -> list[Text]:
    """Every learner- and jury-facing French text of the project."""
    out: list[Text] = []

    def files(globs: Iterable[str]) -> list[Path]:
        return sorted(
            {p for g in globs for p in root.glob(g) if ".ipynb_checkpoints" not in p.parts}
        )

    for path in files(NOTEBOOK_GLOBS):
        out.extend(notebook_texts(path, str(path.relative_to(root))))
    for path in files(YAML_GLOBS):
        out.extend(yaml_texts(path, str(path.relative_to(root))))
    for path in files(MARKDOWN_GLOBS):
        rel = str(path.relative_to(root))
        text = strip_markdown(path.read_text(encoding="utf-8"))
        out.extend(Text(rel, n, "", line) for n, line in enumerate(text.splitlines(), 1) if line)
    for path in files(TEMPLATE_GLOBS):
        out.extend(template_texts(path, str(path.relative_to(root))))
    for path in files(PYTHON_GLOBS):
        out.extend(python_texts(path, str(path.relative_to(root))))
    return out

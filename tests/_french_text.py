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

import ast
import io
import json
import re
import shutil
import subprocess
import tokenize
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDLIST = ROOT / "tests" / "data" / "wordlist-fr.txt"

#: Folders and files whose text learners or the jury read.
NOTEBOOK_GLOBS = ("notebooks/**/*.ipynb",)
YAML_GLOBS = ("rubrics/*.yml", "cases/**/*.yml")
TEMPLATE_GLOBS = ("kamtrain/templates/*.j2",)
MARKDOWN_GLOBS = ("docs/formateur/*.md",)
PYTHON_GLOBS = (
    "kamtrain/checks/*.py",
    "kamlearn/cases/*.py",
    "kamlearn/sim/*.py",
    "kamlearn/widgets/*.py",
    "kamlearn/workbook.py",
    "kamtrain/widgets/*.py",
    "kamtrain/feedback/*.py",
    "kamtrain/documents/*.py",
    "kamtrain/reporting/*.py",
    "kamtrain/progress/*.py",
    "kamtrain/jury/*.py",
    "kamtrain/*.py",
    "kamlearn/referential/*.py",
)


@dataclass(frozen=True)
class Text:
    """One piece of French text and where it is: ``file:line`` plus a detail (cell, key)."""

    path: str
    line: int
    where: str
    text: str

    @property
    def location(self) -> str:
        detail = f" ({self.where})" if self.where else ""
        return f"{self.path}:{self.line}{detail}"


# --- telling French prose from identifiers and English ----------------------------------

_FRENCH_WORDS = frozenset(
    [
        "le",
        "la",
        "les",
        "un",
        "une",
        "des",
        "du",
        "de",
        "au",
        "aux",
        "et",
        "est",
        "sont",
        "vous",
        "votre",
        "vos",
        "nous",
        "notre",
        "pour",
        "avec",
        "sur",
        "dans",
        "par",
        "pas",
        "ne",
        "qui",
        "que",
        "quel",
        "quelle",
        "ce",
        "cette",
        "ces",
        "son",
        "sa",
        "ses",
        "leur",
        "leurs",
        "il",
        "elle",
        "ils",
        "elles",
        "en",
        "à",
        "où",
        "ou",
        "mais",
        "donc",
        "plus",
        "moins",
        "entre",
        "sans",
        "selon",
        "chaque",
        "tout",
        "tous",
        "toutes",
        "été",
        "être",
        "avoir",
        "doit",
        "peut",
        "fait",
    ]
)
_ENGLISH_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "and",
        "in",
        "is",
        "are",
        "for",
        "with",
        "not",
        "on",
        "be",
        "by",
        "this",
        "that",
        "it",
        "as",
        "from",
        "or",
        "at",
        "which",
        "must",
        "should",
        "can",
        "cannot",
        "has",
        "have",
        "no",
        "when",
        "one",
        "its",
        "into",
        "than",
        "was",
        "were",
        "there",
        "their",
    ]
)
_ACCENTED = re.compile(r"[àâäçéèêëîïôöûùüÿœæÀÂÇÉÈÊËÎÏÔÛÙÜŒ«»]")


def looks_french(text: str) -> bool:
    """True for French prose: more French than English function words, or accents."""
    words = [w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ]+", text)]
    fr = sum(w in _FRENCH_WORDS for w in words)
    en = sum(w in _ENGLISH_WORDS for w in words)
    if fr != en:
        return fr > en
    return bool(_ACCENTED.search(text))


# --- markdown and templates -------------------------------------------------------------

_MARKDOWN_DROP = (
    re.compile(r"```.*?```", re.S),  # fenced code
    re.compile(r"=== (?:BEGIN|END) MARK SCHEME ==="),  # nbgrader's markers
    re.compile(r"`[^`\n]*(?:\n[^`\n]*)?`"),  # code spans (may wrap once): names, not prose
    re.compile(r"\$[^$\n]+\$"),  # formulas
    re.compile(r"<[^>\n]+>"),  # HTML tags
    re.compile(r"\]\([^)\s]*\)"),  # link targets
    re.compile(r"https?://\S+"),
)


def _blank(match: re.Match) -> str:
    """Replace a match by spaces, keeping its newlines so line numbers stay true."""
    return re.sub(r"[^\n]", " ", match.group(0))


def strip_markdown(text: str) -> str:
    for pattern in _MARKDOWN_DROP:
        text = pattern.sub(_blank, text)
    return text


_TEMPLATE_DROP = (
    re.compile(r"\{#.*?#\}", re.S),
    re.compile(r"\{%.*?%\}", re.S),
    re.compile(r"\{\{.*?\}\}", re.S),
    re.compile(r"<style.*?</style>", re.S),
    re.compile(r"\{% block style %\}.*?\{% endblock %\}", re.S),
    re.compile(r"<[^>]+>", re.S),
    re.compile(r"&[a-z]+;"),
)


def strip_template(text: str) -> str:
    # the style block of a child template is CSS even without <style>
    text = re.sub(r"\{% block style %\}.*?\{% endblock %\}", _blank, text, flags=re.S)
    for pattern in _TEMPLATE_DROP:
        text = pattern.sub(_blank, text)
    return text


# --- Python: French string literals and comments -----------------------------------------


def _docstring_nodes(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                ids.add(id(body[0].value))
    return ids


def python_strings(source: str) -> Iterator[tuple[int, str]]:
    """(line, text) of every string literal except docstrings, f-string parts included."""
    tree = ast.parse(source)
    docstrings = _docstring_nodes(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts = [
                v.value if isinstance(v, ast.Constant) else " "
                for v in node.values
                if isinstance(v, ast.Constant | ast.FormattedValue)
            ]
            yield node.lineno, "".join(parts)
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        ):
            yield node.lineno, node.value


def _fstring_constants(tree: ast.AST) -> set[int]:
    """ids of the constant parts of f-strings (yielded with their f-string, not alone)."""
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            ids.update(id(v) for v in node.values)
    return ids


def _placeholder(value: ast.expr) -> str:
    """An f-string part as text; a placeholder shows the format it would apply.

    Python's ``%`` and ``,`` formats write « 80% » and « 207,619 »: they show as
    ``{%}`` and ``{,}`` so the typography rules can name them.
    """
    if isinstance(value, ast.Constant):
        return str(value.value)
    spec = ast.unparse(value.format_spec) if getattr(value, "format_spec", None) else ""
    if "%" in spec:
        return " {%} "
    if "," in spec:
        return " {,} "
    return " {} "


def _format_marker(match: re.Match) -> str:
    inner = match.group(0)[1:-1]
    spec = inner.rpartition(":")[2] if ":" in inner and "(" not in inner.rpartition(":")[2] else ""
    spec += "}"
    return " {%} " if spec.endswith("%}") else " {,} " if "," in spec else " {} "


def _is_code(text: str) -> bool:
    """A string holding Python code (a notebook cell written by kamtrain)."""
    if "\n" not in text:
        try:
            tree = ast.parse(text, mode="eval")
        except SyntaxError:
            return False
        return isinstance(tree.body, ast.Call)
    try:
        tree = ast.parse(text)
    except SyntaxError:
        # a code template with placeholders ({course_dir!r}) does not parse
        return bool(
            re.search(r"^(?:from \S+ import |import \w|def \w|[\w.]+\(|\w+ = )", text, re.M)
        )
    return any(
        not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)) for n in tree.body
    )


def python_texts(path: Path, rel: str) -> Iterator[Text]:
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    skip = _docstring_nodes(tree) | _fstring_constants(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(_placeholder(v) for v in node.values)
        elif (
            isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
        ):
            text = node.value
        else:
            continue
        if _is_code(text):
            for line, kind, inner in code_cell_texts(text):
                yield Text(rel, node.lineno + line - 1, kind, strip_markdown(inner))
            continue
        if not text.strip() or (" " not in text.strip() and text == text.lower()):
            continue  # a key, a code, a column name or a matching stem
        if "\\b" in text or "(?" in text:
            continue  # a regular expression
        if looks_french(text):
            yield Text(rel, node.lineno, "", strip_markdown(text))


_MAGIC = re.compile(r"^\s*[%!].*$", re.M)


def code_cell_texts(source: str) -> Iterator[tuple[int, str, str]]:
    """(line, kind, text) of the French comments and string literals of a code cell."""
    source = _MAGIC.sub(lambda m: "", source)
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return
    for tok in tokens:
        if tok.type == tokenize.COMMENT:
            text = tok.string.lstrip("#").strip()
            if text.startswith(("BEGIN", "END")):
                continue
            if looks_french(text):
                yield tok.start[0], "commentaire", strip_markdown(text)
        elif tok.type == tokenize.STRING or tok.type == getattr(tokenize, "FSTRING_START", -1):
            try:
                value = ast.literal_eval(tok.string)
            except (ValueError, SyntaxError):
                # an f-string: its literal parts, placeholders as « {} »
                body = re.sub(
                    r"^[rbfuRBFU]*(\"\"\"|\'\'\'|\"|\')|(\"\"\"|\'\'\'|\"|\')$", "", tok.string
                )
                value = re.sub(r"\{[^}]*\}", _format_marker, body)
            if isinstance(value, str) and looks_french(value):
                yield tok.start[0], "chaîne", strip_markdown(value)


def notebook_texts(path: Path, rel: str) -> Iterator[Text]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    for index, cell in enumerate(nb["cells"]):
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        cell_id = cell.get("id", "")
        where = f"cellule {index}" + (f", id {cell_id}" if cell_id else "")
        if cell["cell_type"] == "markdown":
            for n, line in enumerate(strip_markdown(source).splitlines(), start=1):
                if line.strip():
                    yield Text(rel, n, where, line)
        elif cell["cell_type"] == "code":
            if "BEGIN HIDDEN TESTS" in source:
                source = source.split("### BEGIN HIDDEN TESTS")[0]
            for line, kind, text in code_cell_texts(source):
                yield Text(rel, line, f"{where}, {kind}", text)


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


# --- words ------------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿŒœÆæ][A-Za-zÀ-ÖØ-öø-ÿŒœÆæ0-9'’\-]*")
_ELISION = re.compile(r"^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)'", re.I)


_EMPHASIS = re.compile(r"\*\*([^*\n]+)\*\*|\*([^*\s][^*\n]*)\*")


def _unemphasise(match: re.Match) -> str:
    inner = match.group(1) if match.group(1) is not None else match.group(2)
    pad = (len(match.group(0)) - len(inner)) // 2
    return " " * pad + inner + " " * pad


def words(text: str) -> Iterator[str]:
    """The words of a text worth spell-checking: no codes, names with digits or underscores.

    A word followed by ``*`` outside emphasis is a matching stem (``préoccup*``), and a
    bracketed ending (``dépasse(nt)``) is not a word: both are skipped.
    """
    text = unicodedata.normalize("NFC", text).replace("’", "'")
    text = _EMPHASIS.sub(_unemphasise, text)
    for match in _WORD.finditer(text):
        start, end = match.span()
        word = match.group(0).strip("'-")
        # skip identifiers and paths: a_b, a.b, a/b, c6.nps
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if before == "(" and start > 1 and text[start - 2].isalpha():
            continue
        if after == "*":
            continue
        if (
            before in "_./\\@"
            or after in "_/\\@"
            or (after == "." and end + 1 < len(text) and text[end + 1].isalnum())
        ):
            continue
        if any(ch.isdigit() for ch in word) or len(word) < 2:
            continue
        yield word


def read_wordlist(path: Path = WORDLIST) -> dict[str, tuple[str, ...]]:
    """word -> the path patterns it is allowed in (empty: everywhere).

    One word a line; ``# ...`` comments; ``word  @rubrics/*.yml @cases/**`` limits a word
    to the files matching one of the patterns (a quotation kept verbatim, say).
    """
    found: dict[str, tuple[str, ...]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        word, *scopes = line.split()
        if any(not s.startswith("@") for s in scopes):
            raise ValueError(f"{path}:{n}: write scopes as @path/pattern, got {line!r}")
        if word in found:
            raise ValueError(f"{path}:{n}: « {word} » is listed twice")
        found[word] = tuple(s[1:] for s in scopes)
    return found


def in_scope(path: str, scopes: tuple[str, ...]) -> bool:
    from fnmatch import fnmatch

    return not scopes or any(fnmatch(path, pattern) for pattern in scopes)


def hunspell_available() -> str | None:
    """Why the French spell check cannot run here, or None when it can."""
    if shutil.which("hunspell") is None:
        return "hunspell is not installed (apt-get install hunspell hunspell-fr)"
    listing = subprocess.run(
        ["hunspell", "-D"], capture_output=True, text=True, input="", check=False
    )
    if "fr_FR" not in listing.stdout + listing.stderr:
        return "the French dictionary is not installed (apt-get install hunspell-fr)"
    return None


def hunspell_unknown(candidates: Iterable[str]) -> set[str]:
    """The words ``hunspell -d fr_FR`` does not know (one call for all of them).

    Each word goes on its own line and ``-L`` prints back the lines holding a misspelling,
    without computing suggestions (fast).
    """
    unique = sorted(set(candidates))
    if not unique:
        return set()
    result = subprocess.run(
        ["hunspell", "-d", "fr_FR", "-L"],
        input="".join(f"{w}\n" for w in unique),
        capture_output=True,
        text=True,
        check=True,
    )
    return set(result.stdout.splitlines()) & set(unique)


def unknown_words(
    texts: Iterable[Text], known: dict[str, tuple[str, ...]]
) -> dict[str, list[Text]]:
    """Words neither hunspell nor the word list knows, with the texts they appear in.

    A word list entry starting with a capital matches that spelling only; a lower-case
    entry also matches its capitalised form (at the start of a sentence).
    """

    def listed(word: str, path: str) -> bool:
        for form in (word, word[:1].lower() + word[1:]):
            if (
                form in known
                and (form == word or form[:1].islower())
                and in_scope(path, known[form])
            ):
                return True
        return False

    by_word: dict[str, list[Text]] = {}
    for text in texts:
        for word in words(text.text):
            if not listed(word, text.path):
                by_word.setdefault(word, []).append(text)
    unknown = hunspell_unknown(by_word)
    # an elided or hyphenated word is fine when each of its parts is known
    result: dict[str, list[Text]] = {}
    parts_of = {w: [p for p in re.split(r"[-']", _ELISION.sub("", w)) if p] for w in unknown}
    part_unknown = hunspell_unknown(p for parts in parts_of.values() for p in parts)
    for word in sorted(unknown):
        parts = parts_of[word]
        for text in by_word[word]:
            if parts == [word] or any(
                p in part_unknown and not listed(p, text.path) for p in parts
            ):
                result.setdefault(word, []).append(text)
    return result


# --- typography -------------------------------------------------------------------------

#: name -> (pattern, what to write instead). French typography as a trainer would sign it.
TYPOGRAPHY_RULES: dict[str, tuple[re.Pattern, str]] = {
    "space before a comma or full stop": (
        re.compile(r"[^\s{}] [,.](?=\s|$)"),
        "no space before « , » and « . »",
    ),
    "percent sign glued to its number": (
        re.compile(r"(?<![\d.{:])\d+(?:,\d+)?%"),
        "« 80 % » (no-break space before %), see kamlearn.frenchfmt.percent_fr",
    ),
    "Python's % format in French text": (
        re.compile(r"\{%\}"),
        "kamlearn.frenchfmt.percent_fr (Python writes « 80% »)",
    ),
    "Python's , format in French text": (
        re.compile(r"\{,\}"),
        "kamlearn.frenchfmt.number_fr or money_fr (Python writes « 207,619 »)",
    ),
    "English thousands separator in an amount": (
        re.compile(r"\b\d{1,3}(?:,\d{3})+\s?(?:€|k€|M€)"),
        "« 207 619 € », see kamlearn.frenchfmt.money_fr",
    ),
    "English decimal point before a unit": (
        re.compile(r"\b\d+\.\d+\s?(?:€|%|k€|M€|points?\b|jours\b|ans\b)"),
        "a decimal comma: « 12,5 % »",
    ),
    "doubled word": (
        re.compile(r"\b(?!nous\b|vous\b)([A-Za-zÀ-ÿ]{2,}) \1\b", re.I),
        "one of the two words",
    ),
    "no space before a high punctuation mark": (
        re.compile(r"[A-Za-zÀ-ÿ)»][:;!?](?=\s|$)"),
        "a space before « : », « ; », « ! » and « ? »",
    ),
    "« de d' »": (re.compile(r"\bde d'"), "« d' » alone (« la revue d'affaires »)"),
    "ZOPA in French text": (
        re.compile(r"\bZOPA\b"),
        "ZAPO (zone d'accord possible), the referential's word",
    ),
}


def typography_errors(texts: Iterable[Text]) -> list[str]:
    found = []
    for text in texts:
        for name, (pattern, advice) in TYPOGRAPHY_RULES.items():
            for match in pattern.finditer(text.text):
                excerpt = text.text[max(0, match.start() - 30) : match.end() + 15].strip()
                found.append(f"{text.location}: {name} in « {excerpt} »; write {advice}")
    return found

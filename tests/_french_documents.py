"""The visible text of the HTML documents kamtrain writes, and the French number and date
formats it must use (helpers of the document tests: test_demo_run, test_trainer_progress).

What a reader sees is the text outside ``<code>``, ``<pre>``, ``<style>`` and
``<script>``: code, item ids and a learner's own answer are shown as code and are not
prose. In the prose, dates are written « 1er décembre 2026 », numbers « 207 619 » and
« 12,5 » (:mod:`kamlearn.frenchfmt`): an ISO date or an English number is an error. The
one allowance is a section number at the start of a heading (« 4.2 Les parties notées »).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from _french_prose import Text

#: Template -> the documents the demo writes with it (paths under the demo's folder).
DEMO_DOCUMENTS = {
    "feedback.html.j2": "feedback/*/*/kamtrain-retour.html",
    "report_criteria.html.j2": "reports/criteres.html",
    "similarity.html.j2": "reports/similarite.html",
    "jury_pv.html.j2": "reports/jury/*/proces_verbal.html",
    "jury_dashboard.html.j2": "reports/jury/*/tableau_de_bord.html",
    "jury_result_sheet.html.j2": "reports/jury/*/releves/*.html",
    "jury_attestation.html.j2": "reports/jury/*/attestations/*.html",
    "epreuve_brief.html.j2": "epreuves/*/kit/consignes-*.html",
    "epreuve_observer.html.j2": "epreuves/*/kit/observation-*.html",
    "epreuve_order.html.j2": "epreuves/*/kit/ordre-de-passage.html",
    "epreuve_role.html.j2": "epreuves/*/kit/role-*.html",
}
#: Templates rendered by other tests: the base layout, the trainer's progress page.
OTHER_TEMPLATES = {"base.html.j2": None, "progress.html.j2": "tests/test_trainer_progress.py"}


class _Visible(HTMLParser):
    HIDDEN = frozenset({"code", "pre", "style", "script"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            if not self.depth:
                self.parts.append(" {} ")  # code stands in the sentence as a placeholder
            self.depth += 1
        elif tag in ("br", "p", "li", "tr", "td", "th", "h1", "h2", "h3", "div"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def visible_lines(html: str) -> list[str]:
    parser = _Visible()
    parser.feed(html)
    text = "".join(parser.parts)
    # no-break spaces are kept: « 1 607 » and « 80 % » are checked as written
    return [
        re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.splitlines() if line.strip()
    ]


def visible_texts(html: str, where: str) -> list[Text]:
    """The lines of a rendered document, as texts of ``rendered/<where>`` (the word list
    scopes a name found only in generated data with ``@rendered/...``)."""
    return [
        Text(f"rendered/{where}", n, "", line)
        for n, line in enumerate(visible_lines(html), start=1)
    ]


#: name -> pattern of what a French reader must not see in prose.
FORMAT_RULES = {
    "ISO date (write « 1er décembre 2026 », kamlearn.frenchfmt.date_fr)": re.compile(
        r"\b\d{4}-\d{2}-\d{2}\b"
    ),
    "English thousands separator (write « 207 619 », number_fr)": re.compile(
        r"\b[1-9]\d{0,2}(?:,\d{3})+(?![\d,])"
    ),
    "English decimal point (write « 12,5 », number_fr)": re.compile(r"\b\d+\.\d+\b"),
}
_SECTION_NUMBER = re.compile(r"^\d+(?:\.\d+)+ (?=[A-ZÀ-Ý])")


def format_errors(texts: list[Text]) -> list[str]:
    found = []
    for text in texts:
        line = _SECTION_NUMBER.sub("", text.text)
        for name, pattern in FORMAT_RULES.items():
            for match in pattern.finditer(line):
                found.append(f"{text.location}: {name}: « {line[:120]} » ({match.group(0)})")
    return found


#: What a notebook's provided code must not print either (kamlearn.frenchdisplay.print_fr
#: writes Series, dicts and numbers the French way): a number of four digits or more with
#: no thousands space (« 207619 € »; years 1900-2100 and ids such as « T0123 » are allowed),
#: and Python's own repr of pandas or numpy values.
PRINTED_RULES = {
    "number without thousands space (write « 207 619 », number_fr)": re.compile(
        r"(?<![\w\-/.,\u202f])\d{4,}(?![\w\-])"
    ),
    "Python repr of a value (print it with print_fr)": re.compile(
        r"dtype: \w+|\bnp\.\w+\(|\[\s*'|\{\s*'"
    ),
    "Python value in prose (« inf », « None », « True »…)": re.compile(
        r"\b(?:inf|nan|NaN|None|True|False)\b"
    ),
}
_YEARS = range(1900, 2101)
_CODE = re.compile(r"`[^`]*`")


def printed_format_errors(printed, where: str) -> list[str]:
    """Format errors in the stdout lines of a notebook run: (cell index, text) pairs."""
    found = []
    for index, text in printed:
        for line in text.splitlines():
            prose = _CODE.sub("", line)
            rules = {**FORMAT_RULES, **PRINTED_RULES}.items()
            for name, pattern in rules:
                for match in pattern.finditer(prose):
                    if match.group(0).isdigit() and int(match.group(0)) in _YEARS:
                        continue
                    found.append(
                        f"{where} cell {index}: {name}: « {line[:120]} » ({match.group(0)})"
                    )
    return found

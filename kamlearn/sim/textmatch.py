"""French keyword matching for the simulators: accent-insensitive and explainable.

Learners type free text; the engines recognise techniques (CRAC, DESC, SPIN, open or
leading questions...) by marker phrases. Matching is deliberately simple so that the
feedback can say *which* words were recognised.

A keyword matches at the start of a word and, unless it ends with ``*``, at the end of
a word too: ``"tel"`` matches « tel » but not « téléphone », ``"budget*"`` matches
« budgets ». Case, accents and typographic apostrophes are ignored.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")


def normalize(text: str) -> str:
    """Lower-case ``text``, strip accents, unify apostrophes and spaces."""
    text = str(text).replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae")
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'")
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", stripped.lower()).strip()


@lru_cache(maxsize=4096)
def _pattern(keyword: str) -> re.Pattern:
    prefix = keyword.endswith("*")
    body = normalize(keyword.rstrip("*"))
    escaped = re.escape(body).replace(r"\ ", r"\s+")
    tail = "" if prefix else r"(?![a-z0-9])"
    return re.compile(r"(?<![a-z0-9])" + escaped + tail)


def find_keywords(text: str, keywords) -> tuple[str, ...]:
    """Return the keywords (as given) that occur in ``text``, in the keywords' order.

    For a fingerprinted list (:class:`kamlearn.sim.fingerprint.Keywords`), the learner's
    own phrases that matched, one per keyword.
    """
    if hasattr(keywords, "found"):
        return keywords.found(text)
    norm = normalize(text)
    return tuple(k for k in keywords if _pattern(k).search(norm))


def has_any(text: str, keywords) -> bool:
    if hasattr(keywords, "found"):
        return bool(keywords.found(text))
    norm = normalize(text)
    return any(_pattern(k).search(norm) for k in keywords)


def words(text: str) -> tuple[str, ...]:
    """Return the words of ``text`` (normalised; « aujourd'hui » is one word)."""
    return tuple(_WORD.findall(normalize(text)))


def sentences(text: str) -> tuple[str, ...]:
    parts = re.split(r"(?<=[.!?…])\s+|\n+", str(text).strip())
    return tuple(p for p in (s.strip() for s in parts) if words(p))


# --- Techniques --------------------------------------------------------------------------

#: CRAC, to handle an objection: Creuser, Reformuler, Argumenter, Contrôler.
CRAC = {
    "creuser": (
        "pourquoi",
        "qu'entendez-vous",
        "c'est-à-dire",
        "précisez",
        "pouvez-vous préciser",
        "en quoi",
        "qu'est-ce qui vous",
        "sur quoi",
        "par rapport à quoi",
        "quel*",
        "comment",
    ),
    "reformuler": (
        "si je comprends bien",
        "si je vous comprends bien",
        "autrement dit",
        "vous voulez dire",
        "vous me dites",
        "si je reformule",
        "en d'autres termes",
        "ce qui vous préoccupe",
        "vous craignez",
        "je comprends que",
        "je comprends votre",
        "si je résume",
    ),
    "argumenter": (
        "parce que",
        "car",
        "grâce à",
        "notre solution",
        "nous garantissons",
        "cela vous permet*",
        "ce qui vous permet*",
        "retour sur investissement",
        "coût total",
        "tco",
        "économi*",
        "concrètement",
        "par exemple",
        "preuve*",
        "cas client",
        "référence*",
        "résultat*",
    ),
    "controler": (
        "cela répond",
        "est-ce que cela",
        "êtes-vous d'accord",
        "qu'en pensez-vous",
        "cela vous convient",
        "cela vous rassure",
        "ai-je répondu",
        "cela lève",
        "sommes-nous d'accord",
        "est-ce que ça",
        "cela vous semble",
    ),
}

#: DESC, to be assertive: Décrire, Exprimer, Spécifier, Conséquences.
DESC = {
    "decrire": (
        "vous avez dit",
        "vous dites",
        "vous venez de",
        "lorsque vous",
        "quand vous",
        "vous affirmez",
        "vous évoquez",
        "je constate",
        "les faits",
        "vous comparez",
    ),
    "exprimer": (
        "je ressens",
        "je suis surpris*",
        "cela me gêne",
        "je regrette",
        "je suis déçu*",
        "cela m'inquiète",
        "j'ai le sentiment",
        "cela me pose problème",
        "je suis préoccupé*",
        "je suis étonné*",
        "cela me dérange",
    ),
    "specifier": (
        "je vous propose",
        "je propose",
        "je souhaite",
        "je vous demande",
        "revenons",
        "recentrons",
        "concentrons-nous",
        "restons sur",
        "pourrions-nous",
        "je préférerais",
        "parlons",
    ),
    "consequences": (
        "ainsi",
        "cela nous permettra",
        "de cette façon",
        "nous pourrons",
        "afin de",
        "pour que",
        "ce qui permettra",
        "nous aurons",
        "dans ce cas",
        "de cette manière",
    ),
}

#: Words that show a loss of emotional control in a negotiation.
OUTBURSTS = (
    "ridicule",
    "n'importe quoi",
    "inacceptable",
    "vous plaisantez",
    "scandaleux",
    "honteux",
    "absurde",
    "vous vous moquez",
    "c'est du vol",
    "jamais de la vie",
    "insultant",
    "grotesque",
)

_OPEN_STARTS = (
    "comment",
    "pourquoi",
    "quel*",
    "qu'est-ce",
    "que",
    "qu'*",
    "en quoi",
    "dans quelle mesure",
    "de quel*",
    "à quel*",
    "sur quel*",
    "combien",
    "qui",
    "où",
    "racontez",
    "décrivez",
    "expliquez",
    "parlez-moi",
    "dites-moi",
    "selon vous",
    "d'après vous",
    "si vous pouviez",
)
_DESCRIPTIVE = ("décrire", "expliquer", "raconter", "détailler", "préciser", "parler de")
LEADING = (
    "n'est-ce pas",
    "ne pensez-vous pas",
    "ne trouvez-vous pas",
    "vous êtes d'accord que",
    "vous conviendrez",
    "forcément",
    "j'imagine que",
    "bien sûr que",
    "vous ne croyez pas",
    "vous serez d'accord",
    "il est évident que",
    "vous ne pensez pas",
)
REFORMULATIONS = CRAC["reformuler"]


def question_form(text: str) -> str:
    """Classify a question as ``"leading"``, ``"open"`` or ``"closed"``."""
    if has_any(text, LEADING):
        return "leading"
    norm = normalize(text)
    # Reformulations open many questions ("Si je comprends bien, comment..."): look at
    # the start of each clause, not only the first word.
    clauses = [c.strip() for c in re.split(r"[,:;]", norm) if c.strip()]
    for clause in clauses:
        if any(_pattern(k).match(clause) for k in _OPEN_STARTS):
            return "open"
    if has_any(text, _DESCRIPTIVE):
        return "open"
    return "closed"


#: SPIN markers, most specific type first: a question mentioning both a consequence and
#: the current situation is an Implication question.
SPIN_MARKERS = {
    "N": (
        "si vous pouviez",
        "vous apporterait",
        "apporterait",
        "bénéfice*",
        "gain*",
        "utile",
        "idéal*",
        "aiderait",
        "permettrait",
        "valeur",
        "qu'attendez-vous",
        "souhaiteriez",
        "changerait",
        "à quoi ressembl*",
    ),
    "I": (
        "conséquence*",
        "impact*",
        "que se passe-t-il",
        "entraîn*",
        "si rien ne change",
        "répercussion*",
        "risque*",
        "coûte*",
        "perte*",
        "effet*",
        "pénalit*",
    ),
    "P": (
        "problème*",
        "difficult*",
        "insatisf*",
        "frein*",
        "panne*",
        "irritant*",
        "inquièt*",
        "préoccup*",
        "point* faible*",
        "défi*",
        "souci*",
        "ne fonctionne pas",
        "gêne*",
        "manque*",
        "pas satisfait*",
    ),
    "S": (
        "actuellement",
        "aujourd'hui",
        "organis*",
        "processus",
        "équipe*",
        "utilisez",
        "parc",
        "outil*",
        "qui décide",
        "qui intervient",
        "décid*",
        "combien",
        "budget*",
        "calendrier",
        "fonctionne*",
        "contrat*",
    ),
}
SPIN_TYPES = ("S", "P", "I", "N")
SPIN_LABELS_FR = {"S": "Situation", "P": "Problème", "I": "Implication", "N": "Need-payoff"}


def spin_type(text: str) -> str:
    """Return the SPIN type of a free question (``"S"`` when nothing more specific)."""
    for kind in ("N", "I", "P", "S"):
        if has_any(text, SPIN_MARKERS[kind]):
            return kind
    return "S"


def technique_steps(text: str, technique: dict) -> tuple[str, ...]:
    """Return the steps of ``technique`` (CRAC or DESC) recognised in ``text``."""
    found = [step for step, markers in technique.items() if has_any(text, markers)]
    if technique is CRAC and "creuser" not in found and "?" in str(text):
        found.insert(0, "creuser")
    return tuple(found)


def shouting(text: str) -> bool:
    """Capitals on a long word, or repeated exclamation marks."""
    raw = str(text)
    return "!!" in raw or bool(re.search(r"\b[A-ZÀ-Ý]{5,}\b", raw))
